import { sql } from "drizzle-orm";
import {
  bigserial,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { staff } from "./staff";

/** "open" waits for staff (new, or the asker answered), "answered" after a reply, "closed". */
export const questionStatuses = ["open", "answered", "closed"] as const;
export type QuestionStatus = (typeof questionStatuses)[number];

/**
 * A question ticket ("Tanya petugas"): a question the knowledge base could not answer, for
 * Bawaslu officers to answer through the bot. The question is sealed; what staff filter by
 * (status, language, channel, region named in it, dates) is not.
 */
export const questionTickets = pgTable(
  "question_tickets",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    ticketCode: text("ticket_code").notNull(),
    /** Null once the person erased their data (their questions are deleted then). */
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    channel: text("channel").notNull(),
    /** The language to answer in. */
    language: text("language").notNull(),
    questionSealed: text("question_sealed").notNull(),
    /** Topics the bot offered before the person chose to ask an officer (context for staff). */
    suggestedTopics: jsonb("suggested_topics").$type<string[]>().notNull(),
    /** A Kemendagri code the question named, if any. */
    regionCode: text("region_code"),
    status: text("status").$type<QuestionStatus>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** When staff last replied (the answered list is ordered by it). */
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("question_tickets_code_idx").on(t.ticketCode),
    index("question_tickets_contact_idx").on(t.contactId),
    index("question_tickets_status_idx").on(t.status, t.createdAt),
  ],
);

/**
 * A question's timeline: staff replies, the asker's answers, and closing (with an optional
 * note). What people wrote (`bodySealed`) is sealed; the kind, who and when are not.
 */
export const questionEvents = pgTable(
  "question_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    questionId: uuid("question_id")
      .notNull()
      .references(() => questionTickets.id, { onDelete: "cascade" }),
    /** "reply" | "asker_message" | "closed". */
    kind: text("kind").notNull(),
    /** Null for the asker's own messages. */
    staffId: uuid("staff_id").references(() => staff.id, { onDelete: "set null" }),
    bodySealed: text("body_sealed"),
    /** Non-sensitive details (`sealedAs` for a reply written before timelines existed). */
    meta: jsonb("meta").$type<Record<string, string>>(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("question_events_question_idx").on(t.questionId, t.id)],
);
