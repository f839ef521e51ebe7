import { randomBytes } from "node:crypto";
import type { FlowAction, InputParser } from "../engine/runtime";
import { hasWords } from "../engine/text";
import type { EngineEvent } from "../engine/types";
import { textOf } from "../engine/values";
import { generateTicketCode, type RandomBytes } from "../reports/ticket-code";

/** Question tickets have their own prefix, so a code says what it is ("TNY" = tanya). */
export const questionTicketPrefix = "TNY";

/** Whether a canonical ticket code is a question's (`TNY-…`) rather than a report's. */
export function isQuestionTicket(code: string): boolean {
  return code.startsWith(`${questionTicketPrefix}-`);
}
/** Longer than any real question; a longer text is more likely a report or a paste. */
export const maxQuestionLength = 1000;

/** The `question` parser: some words, not too long. */
export function createQuestionParsers(): Record<string, InputParser> {
  return {
    question(text) {
      const trimmed = text.trim();
      if (!hasWords(trimmed)) return { ok: false, error: "common:need_text" };
      if (trimmed.length > maxQuestionLength) {
        return {
          ok: false,
          error: { key: "ask:question_too_long", params: { max: String(maxQuestionLength) } },
        };
      }
      return { ok: true, value: trimmed };
    },
  };
}

export function createQuestionActions(
  deps: { random?: RandomBytes } = {},
): Record<string, FlowAction> {
  const random = deps.random ?? randomBytes;
  const parse = createQuestionParsers().question as InputParser;
  return {
    /** The text typed before "Tanya petugas" becomes the question, when it is one. */
    take_question(_params, context) {
      const parsed = parse(textOf(context.vars.text) || textOf(context.vars.argument), context);
      if (parsed.ok === true) return { vars: { question: parsed.value } };
      return parsed.ok === false ? { say: [parsed.error] } : {};
    },

    submit_question(_params, { vars, now }) {
      const questionCode = generateTicketCode(questionTicketPrefix, random);
      const event: EngineEvent = {
        type: "action",
        name: "question_submitted",
        params: { questionCode, submittedAt: now.toISOString() },
        vars: { ...vars },
      };
      return { vars: { questionCode }, events: [event] };
    },
  };
}
