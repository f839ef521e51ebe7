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
        { id: "report", label: "menu:report", next: "report", words: ["lapor", "report"] },
        { id: "status", label: "menu:status", next: "status", words: ["cek", "status"] },
        { id: "help", label: "menu:help", next: "help", words: ["cara", "how"] },
        { id: "privacy", label: "menu:privacy", next: "privacy" },
        {
          id: "language",
          label: "menu:language",
          next: "language",
          words: ["bahasa indonesia", "indonesia", "english", "inggris"],
        },
        { id: "learn", label: "menu:learn", next: "learn", words: ["info", "tanya"] },
        {
          id: "subscribe",
          label: "subscribe:menu_label",
          next: "subscribe",
          words: ["langganan", "imbauan", "subscribe"],
        },
      ],
      // A question typed here is answered, not refused as "not a choice".
      freeText: true,
    },
    report: { type: "goto", flow: "report" },
    status: { type: "goto", flow: "status" },
    learn: { type: "goto", flow: "learn" },
    subscribe: { type: "goto", flow: "subscribe" },
    help: { type: "say", say: ["common:help"], next: "choose" },
    privacy: { type: "goto", flow: "privacy" },
    language: { type: "goto", flow: "language" },
  },
};
