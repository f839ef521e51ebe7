import type { EventHandler } from "../conversations/conductor";
import { RetryableConflictError } from "../conversations/conductor";
import type { JsonValue } from "../engine/types";
import { textOf } from "../engine/values";
import type { Keyring } from "../privacy/keyring";
import { placeOf } from "../reports/parsers";
import { questionTickets } from "../storage/schema";

/** Associated data of the sealed question, so its ciphertext cannot move to another column. */
export const questionAad = "question_tickets.question";

function topicIds(value: JsonValue | undefined): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    item && typeof item === "object" && !Array.isArray(item) && typeof item.id === "string"
      ? [item.id]
      : [],
  );
}

/** Stores a question ticket in the conductor's transaction. */
export function createQuestionHandlers(deps: { keyring: Keyring }): Record<string, EventHandler> {
  return {
    async question_submitted(tx, event, context) {
      const vars = event.vars;
      const language = vars.questionLanguage === "en" || vars.questionLanguage === "id";
      const [created] = await tx
        .insert(questionTickets)
        .values({
          ticketCode: String(event.params.questionCode),
          contactId: context.contactId,
          channel: context.channel,
          language: language ? String(vars.questionLanguage) : context.language,
          questionSealed: deps.keyring.seal(textOf(vars.question), questionAad),
          suggestedTopics: topicIds(vars.candidates),
          regionCode: placeOf(vars.questionPlace)?.code ?? null,
          status: "open",
          createdAt: context.now,
        })
        .onConflictDoNothing({ target: questionTickets.ticketCode })
        .returning({ id: questionTickets.id });
      if (!created) throw new RetryableConflictError("question ticket code collision");
      return undefined;
    },
  };
}
