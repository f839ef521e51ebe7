import type { FlowDefinition } from "../src/engine/types";

/**
 * Text that is no command: a question about the rules (answered from the knowledge base), a
 * violation told in one message (the report flow starts with what it already says), or
 * neither (the fallback offers reporting, asking an officer, or browsing the topics).
 */
export const understandFlow: FlowDefinition = {
  id: "understand",
  specVersion: 1,
  start: "read",
  nodes: {
    read: { type: "act", action: "understand_text", next: "route" },
    route: {
      type: "branch",
      cases: [
        { var: "intent", equals: "report", next: "to_report" },
        { var: "intent", equals: "answer", next: "answer" },
        { var: "intent", equals: "unsure", next: "unsure" },
        { var: "intent", equals: "browse", next: "browse" },
        { var: "firstMessage", equals: true, next: "welcome" },
      ],
      otherwise: "not_found",
    },
    to_report: {
      type: "goto",
      flow: "report",
      carry: ["prefilled", "category", "place", "happenedOn", "story"],
    },
    answer: { type: "act", action: "answer_topic", next: "answered" },
    answered: { type: "end" },
    unsure: {
      type: "choose",
      prompt: ["ask:unsure"],
      choicesFrom: { var: "candidates", save: "topic", next: "answer" },
      choices: [
        { id: "report", label: "ask:choice.report", next: "report" },
        { id: "ask_staff", label: "ask:choice.ask_staff", next: "ask_staff" },
      ],
      freeText: true,
    },
    not_found: {
      type: "choose",
      prompt: ["ask:not_found"],
      choices: [
        { id: "report", label: "ask:choice.report", next: "report" },
        { id: "ask_staff", label: "ask:choice.ask_staff", next: "ask_staff" },
        { id: "browse", label: "ask:choice.browse", next: "browse" },
        { id: "menu", label: "ask:choice.menu", next: "menu" },
      ],
      freeText: true,
    },
    report: { type: "goto", flow: "report" },
    // The ticket keeps what was understood: its language, the place named, the topics offered.
    ask_staff: {
      type: "goto",
      flow: "question",
      carry: ["text", "questionLanguage", "questionPlace", "candidates"],
    },
    browse: { type: "goto", flow: "learn" },
    welcome: { type: "goto", flow: "welcome" },
    menu: { type: "goto", flow: "menu" },
  },
};
