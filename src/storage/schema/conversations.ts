import { bigserial, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";

/** The one live conversation state per contact; the engine's session, sealed. */
export const conversationSessions = pgTable(
  "conversation_sessions",
  {
    contactId: uuid("contact_id")
      .primaryKey()
      .references(() => contacts.id, { onDelete: "cascade" }),
    stateSealed: text("state_sealed").notNull(),
    /** Unsealed so the idle sweep can find waiting sessions without decrypting them. */
    waiting: text("waiting"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("conversation_sessions_updated_idx").on(t.updatedAt)],
);

/** What an expired or interrupted conversation had collected, kept rather than lost. */
export const abandonedDrafts = pgTable(
  "abandoned_drafts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    flowId: text("flow_id").notNull(),
    reason: text("reason").notNull(),
    dataSealed: text("data_sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("abandoned_drafts_created_idx").on(t.createdAt)],
);
