import { sql } from "drizzle-orm";
import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

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

/**
 * The election calendar as the bot uses it: seeded from `src/knowledge/calendar-data.ts` (dates
 * from facts.md), editable by staff in the console. An edited row (`edited_at` set) is never
 * overwritten by a later seed; a removed row (`removed_at`) is kept for the record.
 */
export const calendarEvents = pgTable("calendar_events", {
  id: text("id").primaryKey(),
  /** e.g. `pilkada_2024`; a new election staff add (e.g. `pilkada_2029`) names itself below. */
  election: text("election").notNull(),
  /** The election's name for people, when it is not one the locales know. */
  electionNameId: text("election_name_id"),
  electionNameEn: text("election_name_en"),
  kind: text("kind").notNull(),
  /** WIB days, `YYYY-MM-DD`, `end` inclusive. */
  startsOn: text("starts_on").notNull(),
  endsOn: text("ends_on").notNull(),
  /** "national" | "province" | "regency", with Kemendagri codes for the latter two. */
  scopeLevel: text("scope_level").notNull(),
  scopeCodes: jsonb("scope_codes").$type<string[]>().notNull(),
  /** Where the dates come from (a facts.md section, a KPU decree). */
  source: text("source").notNull(),
  note: text("note"),
  rerunIn: jsonb("rerun_in").$type<string[]>(),
  editedAt: timestamp("edited_at", { withTimezone: true }),
  editedBy: uuid("edited_by"),
  removedAt: timestamp("removed_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
});
