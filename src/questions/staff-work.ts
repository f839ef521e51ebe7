import { and, asc, count, desc, eq, isNull, lt, or, type SQL } from "drizzle-orm";
import {
  type Actor,
  type Audit,
  cleanText,
  requireActing,
  textLimits,
  type Via,
} from "../casework/acting";
import { leaveAnsweringState } from "../casework/answering-state";
import { CaseworkError } from "../casework/errors";
import {
  type EnterAnswering,
  type Recipient,
  reportRecipients,
  writeNotice,
  writeOfficerMessage,
} from "../casework/notify";
import { decodeCursor, encodeCursor } from "../casework/queue";
import { regionScopeCondition } from "../casework/scope";
import type { Translator } from "../i18n/translator";
import type { Keyring } from "../privacy/keyring";
import { maskPhonesInText } from "../privacy/phone";
import type { AppDatabase, Tx } from "../storage/database";
import { contacts, type QuestionStatus, questionEvents, questionTickets } from "../storage/schema";
import { questionAad } from "./handlers";
import { loadQuestionTimelines, type QuestionTimelineEntry, questionEventAad } from "./timeline";

export interface QuestionCaseworkDeps {
  database: AppDatabase;
  keyring: Keyring;
  translator: Translator;
  clock: () => Date;
  enterAnswering?: EnterAnswering | undefined;
  audit: Audit;
  /** Nudges the outbox sender for these contacts after a commit. */
  afterCommit: (contactIds: string[]) => Promise<void>;
}

export interface QuestionSummary {
  ticket: string;
  status: QuestionStatus;
  regionCode: string | null;
  channel: string;
  language: string;
  createdAt: Date;
  /** When staff last replied. */
  answeredAt: Date | null;
}

export interface QuestionDetail extends QuestionSummary {
  /** What the asker typed, mobile numbers masked. */
  question: string;
  suggestedTopics: string[];
  /** Whether the bot can still reach the asker (not after they erased their data). */
  reachable: boolean;
  timeline: QuestionTimelineEntry[];
}

type QuestionRow = typeof questionTickets.$inferSelect;

/** Questions in a staff member's area, and those that name no place (any officer may answer). */
export function questionScope(actor: Actor): SQL | undefined {
  const scoped = regionScopeCondition(actor, questionTickets.regionCode);
  return scoped ? (or(scoped, isNull(questionTickets.regionCode)) as SQL) : undefined;
}

const summaryOf = (row: QuestionRow): QuestionSummary => ({
  ticket: row.ticketCode,
  status: row.status,
  regionCode: row.regionCode,
  channel: row.channel,
  language: row.language,
  createdAt: row.createdAt,
  answeredAt: row.answeredAt,
});

/**
 * Staff work on question tickets ("Tanya petugas"), like on reports: every read is scoped,
 * replies reach the asker through the bot as many times as needed, closing is recorded, and
 * every change is audited.
 */
export function createQuestionCasework(deps: QuestionCaseworkDeps) {
  const { database, keyring, translator, clock, audit } = deps;
  const db = database.db;

  async function detailsOf(rows: QuestionRow[]): Promise<QuestionDetail[]> {
    const timelines = await loadQuestionTimelines(
      db,
      keyring,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({
      ...summaryOf(row),
      question: maskPhonesInText(keyring.openText(row.questionSealed, questionAad)),
      suggestedTopics: row.suggestedTopics,
      reachable: row.contactId !== null,
      timeline: timelines.get(row.id) ?? [],
    }));
  }

  const scoped = (actor: Actor, ...conditions: (SQL | undefined)[]) =>
    and(questionScope(actor), ...conditions);

  /** Locks the asker's contact row, then the question (the conductor's order). */
  async function lockQuestion(tx: Tx, actor: Actor, ticket: string): Promise<QuestionRow> {
    const match = scoped(actor, eq(questionTickets.ticketCode, ticket));
    const [peek] = await tx
      .select({ contactId: questionTickets.contactId })
      .from(questionTickets)
      .where(match);
    if (!peek) throw new CaseworkError("not_found");
    if (peek.contactId) {
      await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(eq(contacts.id, peek.contactId))
        .for("update");
    }
    const [question] = await tx.select().from(questionTickets).where(match).for("update");
    if (!question) throw new CaseworkError("not_found");
    return question;
  }

  /** The asker, on their channel, in the language they asked in. */
  async function askerOf(tx: Tx, question: QuestionRow): Promise<Recipient | undefined> {
    if (!question.contactId) return undefined;
    const [recipient] = await reportRecipients(tx, {
      contactId: question.contactId,
      relayerContactId: null,
    });
    return recipient && { ...recipient, language: question.language === "en" ? "en" : "id" };
  }

  return {
    /** How many question tickets in scope wait for staff (for the queue page). */
    async openQuestionCount(actor: Actor): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(questionTickets)
        .where(scoped(actor, eq(questionTickets.status, "open")));
      return row?.n ?? 0;
    },

    /** One page of the question tickets in scope, newest first. */
    async listQuestions(
      actor: Actor,
      options: { status?: QuestionStatus | undefined; cursor?: string; limit?: number } = {},
    ): Promise<{ items: QuestionSummary[]; nextCursor?: string }> {
      const limit = options.limit ?? 50;
      const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
      const rows = await db
        .select()
        .from(questionTickets)
        .where(
          scoped(
            actor,
            options.status ? eq(questionTickets.status, options.status) : undefined,
            cursor
              ? or(
                  lt(questionTickets.createdAt, cursor.createdAt),
                  and(
                    eq(questionTickets.createdAt, cursor.createdAt),
                    lt(questionTickets.id, cursor.id),
                  ),
                )
              : undefined,
          ),
        )
        .orderBy(desc(questionTickets.createdAt), desc(questionTickets.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(summaryOf),
        ...(rows.length > limit && last ? { nextCursor: encodeCursor(last) } : {}),
      };
    },

    /** One question in scope with its timeline; undefined outside scope. */
    async questionDetail(actor: Actor, ticket: string): Promise<QuestionDetail | undefined> {
      const rows = await db
        .select()
        .from(questionTickets)
        .where(scoped(actor, eq(questionTickets.ticketCode, ticket)));
      return (await detailsOf(rows))[0];
    },

    /**
     * The console's page: every question waiting for staff (oldest first), then those answered
     * (latest reply first), then the latest closed ones, each with its timeline.
     */
    async questions(actor: Actor): Promise<QuestionDetail[]> {
      const select = (status: QuestionStatus, order: SQL, limit: number) =>
        db
          .select()
          .from(questionTickets)
          .where(scoped(actor, eq(questionTickets.status, status)))
          .orderBy(order)
          .limit(limit);
      return detailsOf([
        ...(await select("open", asc(questionTickets.createdAt), 200)),
        ...(await select("answered", desc(questionTickets.answeredAt), 100)),
        ...(await select("closed", desc(questionTickets.createdAt), 20)),
      ]);
    },

    /**
     * A reply to the asker through the bot ("Petugas Bawaslu: …", with the TNY code), as often as
     * needed; it moves an idle asker into answering it, as for reports.
     */
    async answerQuestion(actor: Actor, ticket: string, text: unknown, via: Via) {
      requireActing(actor);
      const reply = cleanText(text, textLimits.reply);
      const notified = await db.transaction(async (tx) => {
        const question = await lockQuestion(tx, actor, ticket);
        if (question.status === "closed") throw new CaseworkError("question_closed");
        const recipient = await askerOf(tx, question);
        if (!recipient) throw new CaseworkError("no_recipient");
        const now = clock();
        await tx
          .update(questionTickets)
          .set({ status: "answered", answeredAt: now })
          .where(eq(questionTickets.id, question.id));
        await tx.insert(questionEvents).values({
          questionId: question.id,
          kind: "reply",
          staffId: actor.id,
          bodySealed: keyring.seal(reply, questionEventAad),
          at: now,
        });
        await writeOfficerMessage(
          tx,
          deps,
          recipient,
          { kind: "question", ticket: question.ticketCode, text: reply },
          now,
        );
        await audit(tx, actor, via, "question_answered", question.ticketCode);
        return [recipient.contactId];
      });
      await deps.afterCommit(notified);
    },

    /**
     * Closes a question, with an optional note that the asker is told with it; their
     * conversation stops waiting for an answer about it.
     */
    async closeQuestion(actor: Actor, ticket: string, note: unknown, via: Via) {
      requireActing(actor);
      const written =
        note === undefined || note === null || (typeof note === "string" && note.trim() === "")
          ? undefined
          : cleanText(note, textLimits.note);
      const notified = await db.transaction(async (tx) => {
        const question = await lockQuestion(tx, actor, ticket);
        if (question.status === "closed") throw new CaseworkError("question_closed");
        const now = clock();
        await tx
          .update(questionTickets)
          .set({ status: "closed" })
          .where(eq(questionTickets.id, question.id));
        await tx.insert(questionEvents).values({
          questionId: question.id,
          kind: "closed",
          staffId: actor.id,
          bodySealed: written ? keyring.seal(written, questionEventAad) : null,
          at: now,
        });
        await audit(tx, actor, via, "question_closed", question.ticketCode, {
          detail: { from: question.status },
        });
        const recipient = await askerOf(tx, question);
        if (!recipient) return [];
        await leaveAnsweringState(tx, keyring, recipient.contactId, question.ticketCode, now);
        await writeNotice(
          tx,
          keyring,
          translator,
          recipient,
          {
            key: "casework:question_closed",
            params: {
              code: question.ticketCode,
              detail: written ? { key: "casework:detail.note", params: { text: written } } : "",
            },
          },
          now,
        );
        return [recipient.contactId];
      });
      await deps.afterCommit(notified);
    },
  };
}
