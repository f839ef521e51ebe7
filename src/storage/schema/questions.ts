import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";

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
    /** "open" until an officer answers (staff-console issue), then "answered" or "closed". */
    status: text("status").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    /** The officer's answer, sealed (sent to the person through the bot). */
    answerSealed: text("answer_sealed"),
    answeredBy: uuid("answered_by"),
  },
  (t) => [
    uniqueIndex("question_tickets_code_idx").on(t.ticketCode),
    index("question_tickets_contact_idx").on(t.contactId),
    index("question_tickets_status_idx").on(t.status, t.createdAt),
  ],
);
