import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";

/**
 * Who asked for imbauan (official advisories), one row per contact. Being unsubscribed
 * (`unsubscribedAt`) is kept apart from being unreachable (`contacts.unreachable_at`, which the
 * channel sets and writing again clears): nobody receives a broadcast without an active row.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    contactId: uuid("contact_id")
      .primaryKey()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** Kemendagri codes of the kab/kota (or whole provinces) chosen. */
    regionCodes: jsonb("region_codes").$type<string[]>().notNull(),
    /** The language to receive them in ("id" | "en"; English falls back to Indonesian). */
    language: text("language").notNull(),
    /** "public", "relayer" (an ormas member) or "liaison" (a party liaison). */
    role: text("role").notNull(),
    subscribedAt: timestamp("subscribed_at", { withTimezone: true }).notNull(),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
  },
  (t) => [index("subscriptions_active_idx").on(t.unsubscribedAt)],
);
