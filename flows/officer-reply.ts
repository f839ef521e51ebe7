import type { FlowDefinition } from "../src/engine/types";

/** The flow a conversation is in while it answers a Bawaslu officer. */
export const officerReplyFlowId = "officer_reply";

/**
 * "Menjawab petugas": the person's next message (text, or a photo or file with or without a
 * caption) is their answer to an officer about report `ticket`, and joins the report's
 * timeline. Staff put an idle conversation here when they reply (`Engine.enterFlow` with
 * `ticket`, saying nothing: the officer's message is the prompt); the person enters it with
 * `balas <kode> [PIN]`. Whether the report is theirs is checked when the answer is stored (the
 * `reporter_answered` handler), and someone else's code gets the same "not found" as `cek`.
 * `menu` / `batal` leave it like any flow.
 */
export const officerReplyFlow: FlowDefinition = {
  id: officerReplyFlowId,
  specVersion: 1,
  start: "has_ticket",
  nodes: {
    has_ticket: {
      type: "branch",
      cases: [
        { var: "ticket", next: "answer" },
        { var: "argument", next: "read_code" },
      ],
      otherwise: "ask_code",
    },
    ask_code: {
      type: "ask",
      prompt: ["officer:ask_code"],
      save: "argument",
      help: "status:help",
      next: "read_code",
    },
    read_code: { type: "act", action: "read_reply_code", next: "has_code" },
    has_code: {
      type: "branch",
      cases: [{ var: "ticket", next: "answer" }],
      otherwise: "not_found",
    },
    not_found: { type: "end", say: ["status:not_found"] },
    answer: {
      type: "ask",
      prompt: [{ key: "officer:ask_answer", params: { code: "$ticket" } }],
      save: "answer",
      media: { files: "answerFiles" },
      help: { key: "officer:help", params: { code: "$ticket" } },
      next: "send",
    },
    send: { type: "act", action: "emit", params: { event: "reporter_answered" }, next: "done" },
    done: { type: "end" },
  },
};
