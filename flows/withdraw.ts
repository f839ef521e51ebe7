import type { FlowDefinition } from "../src/engine/types";

/** `cabut laporan <kode>`: the reporter withdraws; staff see the stage `dicabut`. */
export const withdrawFlow: FlowDefinition = {
  id: "withdraw",
  specVersion: 1,
  start: "has_code",
  nodes: {
    has_code: {
      type: "branch",
      cases: [{ var: "argument", next: "confirm" }],
      otherwise: "ask_code",
    },
    ask_code: { type: "ask", prompt: ["withdraw:ask_code"], save: "argument", next: "confirm" },
    confirm: {
      type: "choose",
      prompt: [{ key: "withdraw:confirm", params: { code: "$argument" } }],
      choices: [
        { id: "yes", label: "withdraw:yes", next: "withdraw" },
        { id: "no", label: "withdraw:no", next: "kept" },
      ],
    },
    withdraw: {
      type: "act",
      action: "emit",
      params: { event: "withdraw_requested" },
      next: "done",
    },
    kept: { type: "end", say: ["withdraw:kept"] },
    done: { type: "end" },
  },
};
