import { asc, eq, inArray } from "drizzle-orm";
import type { Keyring } from "../privacy/keyring";
import { maskPhonesInText } from "../privacy/phone";
import type { DbOrTx } from "../storage/database";
import { questionEvents, staff } from "../storage/schema";

/** Associated data of a sealed timeline text, so its ciphertext cannot move to another column. */
export const questionEventAad = "question_events.body";

/** The only other sealing a timeline text may carry (an answer from before timelines existed). */
const legacyAnswerAad = "question_tickets.answer";

export type QuestionEventKind = "reply" | "asker_message" | "closed";

export interface QuestionTimelineEntry {
  id: number;
  at: Date;
  kind: QuestionEventKind;
  /** Null for the asker's own messages. */
  staffName: string | null;
  /** Mobile numbers typed in it are masked: staff never see them in full. */
  text: string | null;
}

/** The timelines of these questions, oldest entry first, keyed by question id. */
export async function loadQuestionTimelines(
  db: DbOrTx,
  keyring: Keyring,
  questionIds: string[],
): Promise<Map<string, QuestionTimelineEntry[]>> {
  const timelines = new Map<string, QuestionTimelineEntry[]>(questionIds.map((id) => [id, []]));
  if (questionIds.length === 0) return timelines;
  const rows = await db
    .select({
      id: questionEvents.id,
      questionId: questionEvents.questionId,
      at: questionEvents.at,
      kind: questionEvents.kind,
      staffName: staff.name,
      bodySealed: questionEvents.bodySealed,
      meta: questionEvents.meta,
    })
    .from(questionEvents)
    .leftJoin(staff, eq(staff.id, questionEvents.staffId))
    .where(inArray(questionEvents.questionId, questionIds))
    .orderBy(asc(questionEvents.id));
  for (const row of rows) {
    const aad = row.meta?.sealedAs === legacyAnswerAad ? legacyAnswerAad : questionEventAad;
    timelines.get(row.questionId)?.push({
      id: row.id,
      at: row.at,
      kind: row.kind as QuestionEventKind,
      staffName: row.staffName,
      text: row.bodySealed ? maskPhonesInText(keyring.openText(row.bodySealed, aad)) : null,
    });
  }
  return timelines;
}
