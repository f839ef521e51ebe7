import type { FlowDefinition } from "../src/engine/types";

export const languageFlow: FlowDefinition = {
  id: "language",
  specVersion: 1,
  start: "choose",
  nodes: {
    choose: {
      type: "choose",
      prompt: ["language:prompt"],
      save: "language",
      choices: [
        { id: "id", label: "language:indonesian", next: "apply", words: ["indo", "id"] },
        { id: "en", label: "language:english", next: "apply", words: ["en", "inggris"] },
      ],
    },
    apply: { type: "act", action: "set_language", params: { from: "language" }, next: "done" },
    done: { type: "say", say: ["common:language_set"], next: "menu" },
    menu: { type: "goto", flow: "menu" },
  },
};
