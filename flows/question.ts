import type { FlowDefinition } from "../src/engine/types";

/**
 * "Tanya petugas": a question the knowledge base could not answer becomes a question ticket
 * that Bawaslu officers answer through the bot. A question typed just before is offered as is.
 */
export const questionFlow: FlowDefinition = {
  id: "question",
  specVersion: 1,
  start: "has_text",
  nodes: {
    has_text: {
      type: "branch",
      cases: [
        { var: "text", next: "check_text" },
        { var: "argument", next: "check_text" },
      ],
      otherwise: "write",
    },
    check_text: { type: "act", action: "take_question", next: "take_checked" },
    take_checked: {
      type: "branch",
      cases: [{ var: "question", next: "confirm" }],
      otherwise: "write",
    },
    confirm: {
      type: "choose",
      prompt: [{ key: "ask:question_confirm", params: { question: "$question" } }],
      choices: [
        { id: "send", label: "ask:question_send", next: "submit", words: ["kirim", "send", "ya"] },
        { id: "rewrite", label: "ask:question_rewrite", next: "write" },
      ],
    },
    write: {
      type: "ask",
      prompt: ["ask:question_ask"],
      save: "question",
      parser: "question",
      next: "submit",
    },
    submit: { type: "act", action: "submit_question", next: "done" },
    done: {
      type: "end",
      say: [{ key: "ask:question_received", params: { code: "$questionCode" } }],
    },
  },
};
