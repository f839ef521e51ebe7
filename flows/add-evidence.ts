import type { FlowDefinition } from "../src/engine/types";

/** `tambah bukti <kode>`: more files or links for a report already sent. */
export const addEvidenceFlow: FlowDefinition = {
  id: "add_evidence",
  specVersion: 1,
  start: "has_code",
  nodes: {
    has_code: {
      type: "branch",
      cases: [{ var: "argument", next: "collect" }],
      otherwise: "ask_code",
    },
    ask_code: { type: "ask", prompt: ["evidence:ask_code"], save: "argument", next: "collect" },
    collect: {
      type: "collect",
      prompt: ["evidence:ask"],
      save: "evidence",
      received: {
        key: "report:evidence_received",
        params: { files: "$evidenceFiles", links: "$evidence.length" },
      },
      hint: "report:evidence_hint",
      next: "attach",
    },
    attach: { type: "act", action: "emit", params: { event: "evidence_added" }, next: "done" },
    done: { type: "end" },
  },
};
