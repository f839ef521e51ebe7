import { eq } from "drizzle-orm";
import type { EventContext } from "../conversations/conductor";
import type { Say } from "../engine/types";
import type { Keyring } from "../privacy/keyring";
import type { Tx } from "../storage/database";
import { questionEvents, questionTickets } from "../storage/schema";
import { questionEventAad } from "./timeline";

/**
 * The asker's answer to an officer about question `code` (from the `officer_reply` flow, in the
 * conductor's transaction): it joins the question's timeline, sealed, and the question waits
 * for staff again. Only the conversation that asked may answer (questions have no PIN); a
 * closed question takes nothing more.
 */
export async function recordAskerAnswer(
  tx: Tx,
  keyring: Keyring,
  code: string,
  answer: string,
  context: EventContext,
): Promise<Say[]> {
  const [question] = await tx
    .select({
      id: questionTickets.id,
      contactId: questionTickets.contactId,
      status: questionTickets.status,
    })
    .from(questionTickets)
    .where(eq(questionTickets.ticketCode, code))
    .for("update");
  if (!question || question.contactId !== context.contactId) return ["officer:question_not_found"];
  if (question.status === "closed") return [{ key: "officer:question_closed", params: { code } }];
  const text = answer.trim();
  if (!text) return ["common:need_text"];
  await tx.insert(questionEvents).values({
    questionId: question.id,
    kind: "asker_message",
    staffId: null,
    bodySealed: keyring.seal(text, questionEventAad),
    at: context.now,
  });
  if (question.status !== "open") {
    await tx
      .update(questionTickets)
      .set({ status: "open" })
      .where(eq(questionTickets.id, question.id));
  }
  return [{ key: "officer:answer_sent_question", params: { code } }];
}
