import type { EventHandler } from "../conversations/conductor";
import { RetryableConflictError } from "../conversations/conductor";
import type { JsonValue } from "../engine/types";
import type { Keyring } from "../privacy/keyring";
import { questionTickets } from "../storage/schema";

/** Associated data of the sealed question, so its ciphertext cannot move to another column. */
export const questionAad = "question_tickets.question";

const str = (value: JsonValue | undefined): string => (typeof value === "string" ? value : "");

function topicIds(value: JsonValue | undefined): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    item && typeof item === "object" && !Array.isArray(item) && typeof item.id === "string"
      ? [item.id]
      : [],
  );
}

function regionCode(value: JsonValue | undefined): string | null {
  return value &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    typeof value.code === "string"
    ? value.code
    : null;
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
          questionSealed: deps.keyring.seal(str(vars.question), questionAad),
          suggestedTopics: topicIds(vars.candidates),
          regionCode: regionCode(vars.questionPlace),
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
