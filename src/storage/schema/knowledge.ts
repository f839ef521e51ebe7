import { sql } from "drizzle-orm";
import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Voter-education answers, one row per topic and language, seeded from
 * locales/{id,en}/knowledge.json at start. Staff edit them (staff-console issue); an edited row
 * (`edited_at` set) is never overwritten by a later seed.
 */
export const knowledgeArticles = pgTable(
  "knowledge_articles",
  {
    topicId: text("topic_id").notNull(),
    language: text("language").notNull(),
    title: text("title").notNull(),
    answer: text("answer").notNull(),
    /** When staff last changed it; null = still the shipped text. */
    editedAt: timestamp("edited_at", { withTimezone: true }),
    editedBy: uuid("edited_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.language] })],
);
