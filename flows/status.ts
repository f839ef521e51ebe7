import type { FlowDefinition } from "../src/engine/types";

/** `cek <kode> [PIN]`: the stage of a report, for its reporter (or anyone with the PIN). */
export const statusFlow: FlowDefinition = {
  id: "status",
  specVersion: 1,
  start: "has_code",
  nodes: {
    has_code: {
      type: "branch",
      cases: [{ var: "argument", next: "lookup" }],
      otherwise: "ask_code",
    },
    ask_code: {
      type: "ask",
      prompt: ["status:ask_code"],
      save: "argument",
      help: "status:help",
      next: "lookup",
    },
    lookup: { type: "act", action: "emit", params: { event: "status_requested" }, next: "done" },
    done: { type: "end" },
  },
};
