import type { FlowDefinition } from "../src/engine/types";

/** `hapus data saya`: erase identity and history; reports stay, anonymised (said first). */
export const eraseFlow: FlowDefinition = {
  id: "erase",
  specVersion: 1,
  start: "confirm",
  nodes: {
    confirm: {
      type: "choose",
      prompt: ["erase:explain"],
      choices: [
        { id: "yes", label: "erase:yes", next: "erase" },
        { id: "no", label: "erase:no", next: "kept" },
      ],
    },
    erase: { type: "act", action: "emit", params: { event: "erase_requested" }, next: "done" },
    kept: { type: "end", say: ["erase:kept"] },
    done: { type: "end" },
  },
};
