import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { staff } from "./staff";

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

/**
 * An imbauan (official advisory) sent to subscribers. Its text is public by nature, so it is
 * stored as written. `state`: draft | scheduled | awaiting_approval | sending | paused | done |
 * cancelled | failed.
 */
export const broadcasts = pgTable(
  "broadcasts",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    authorId: uuid("author_id").references(() => staff.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    /** English readers get this, or the Indonesian text when there is none. */
    textEn: text("text_en"),
    /** An image sent with it (a `media` row), optional. */
    imageMediaId: bigint("image_media_id", { mode: "number" }),
    /** `{ regions?, channels?, roles?, organisations? }` as the staff member chose it. */
    audience: jsonb("audience").$type<Record<string, string[]>>().notNull(),
    state: text("state").notNull(),
    sendAt: timestamp("send_at", { withTimezone: true }),
    /** Sent by itself when this election-calendar event starts (e.g. masa tenang). */
    calendarEventId: text("calendar_event_id"),
    approvedBy: uuid("approved_by").references(() => staff.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("broadcasts_state_idx").on(t.state, t.sendAt)],
);

/**
 * One row per recipient, holding where delivery stands: pending → sending → sent | failed |
 * unreachable. A row found `sending` after a crash becomes `uncertain` and is never sent again.
 */
export const broadcastRecipients = pgTable(
  "broadcast_recipients",
  {
    broadcastId: uuid("broadcast_id")
      .notNull()
      .references(() => broadcasts.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    state: text("state").notNull(),
    attempts: integer("attempts").notNull().default(0),
    notBefore: timestamp("not_before", { withTimezone: true }),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.broadcastId, t.contactId] }),
    index("broadcast_recipients_state_idx").on(t.broadcastId, t.state),
    // WhatsApp's daily cap counts today's broadcast sends along with the outbox's notices.
    index("broadcast_recipients_sent_idx").on(t.channel, t.sentAt),
  ],
);
