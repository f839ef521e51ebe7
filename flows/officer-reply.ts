import type { FlowDefinition } from "../src/engine/types";

/** The flow a conversation is in while it answers a Bawaslu officer. */
export const officerReplyFlowId = "officer_reply";

/**
 * "Menjawab petugas": the person's next message is their answer to an officer about `ticket`,
 * a report (text, or a photo or file with or without a caption) or a question ticket (text),
 * and joins that ticket's timeline. Staff put an idle conversation here when they reply
 * (`Engine.enterFlow` with `ticket`, saying nothing: the officer's message is the prompt); the
 * person enters it with `balas <kode> [PIN]`. Whether the ticket is theirs is checked when the
 * answer is stored (the `reporter_answered` handler), and someone else's code gets "not found".
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
        { var: "ticket", next: "kind" },
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
      cases: [{ var: "ticket", next: "kind" }],
      otherwise: "not_found",
    },
    not_found: { type: "end", say: ["status:not_found"] },
    kind: { type: "act", action: "reply_ticket_kind", next: "which" },
    which: {
      type: "branch",
      cases: [{ var: "ticketKind", equals: "question", next: "answer_question" }],
      otherwise: "answer",
    },
    answer: {
      type: "ask",
      prompt: [{ key: "officer:ask_answer", params: { code: "$ticket" } }],
      save: "answer",
      media: { files: "answerFiles" },
      help: { key: "officer:help", params: { code: "$ticket" } },
      next: "send",
    },
    answer_question: {
      type: "ask",
      prompt: [{ key: "officer:ask_answer_question", params: { code: "$ticket" } }],
      save: "answer",
      help: { key: "officer:help_question", params: { code: "$ticket" } },
      next: "send",
    },
    send: { type: "act", action: "emit", params: { event: "reporter_answered" }, next: "done" },
    done: { type: "end" },
  },
};
