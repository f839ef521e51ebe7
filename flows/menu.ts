import type { FlowDefinition } from "../src/engine/types";

/** The main menu. Each capability adds its entry here when it is built, not before. */
export const menuFlow: FlowDefinition = {
  id: "menu",
  specVersion: 1,
  start: "choose",
  nodes: {
    choose: {
      type: "choose",
      prompt: ["menu:prompt"],
      choices: [
        { id: "help", label: "menu:help", next: "help", words: ["cara", "how"] },
        { id: "language", label: "menu:language", next: "language" },
      ],
    },
    help: { type: "say", say: ["common:help"], next: "choose" },
    language: { type: "goto", flow: "language" },
  },
};
