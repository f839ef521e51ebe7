import {
  bigint,
  bigserial,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { contacts } from "./contacts";

/**
 * Every inbound message, deduplicated by the channel's own id under a unique constraint.
 * The payload is sealed; it is kept so that nothing a person sent is lost.
 */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channel: text("channel").notNull(),
    externalId: text("external_id").notNull(),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    payloadSealed: text("payload_sealed"),
    /** "handled", "rate_limited" or "expired_session": what the conductor did with it. */
    outcome: text("outcome").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inbound_channel_external_idx").on(t.channel, t.externalId),
    index("inbound_contact_received_idx").on(t.contactId, t.receivedAt),
  ],
);

/** Files a person sent, sealed at rest, with their digest for evidence integrity. */
export const media = pgTable(
  "media",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    inboundId: bigint("inbound_id", { mode: "number" }).references(() => inboundMessages.id, {
      onDelete: "set null",
    }),
    mimeType: text("mime_type").notNull(),
    /** The size the channel announced until the file is fetched, then the real size. */
    byteSize: integer("byte_size").notNull(),
    /** Null until a file announced by reference (Telegram, WhatsApp) has been fetched. */
    sha256: text("sha256"),
    contentSealed: text("content_sealed"),
    nameSealed: text("name_sealed"),
    /** The channel's reference to fetch the file by (Telegram file_id), sealed. */
    remoteRefSealed: text("remote_ref_sealed"),
    /** "stored" (bytes here), "pending" (to be fetched by the queue), "failed" (gave up). */
    fetchState: text("fetch_state").notNull().default("stored"),
    /** Failed fetch attempts; after a few the row is marked "failed". */
    fetchAttempts: integer("fetch_attempts").notNull().default(0),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("media_contact_idx").on(t.contactId)],
);

/**
 * Outgoing messages, written in the same transaction as the state change that caused them.
 * The outbox sender delivers them; replies (priority 0) go before bulk (higher numbers).
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    /** The inbound message this answers, if any; a redelivered duplicate gets these again. */
    inboundId: bigint("inbound_id", { mode: "number" }).references(() => inboundMessages.id, {
      onDelete: "set null",
    }),
    priority: integer("priority").notNull().default(0),
    payloadSealed: text("payload_sealed"),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    notBefore: timestamp("not_before", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_pending_idx").on(t.status, t.priority, t.id),
    index("outbox_contact_idx").on(t.contactId, t.id),
  ],
);
