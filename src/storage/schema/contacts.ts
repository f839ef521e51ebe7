import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * A person as seen on one channel. The channel address (phone, WhatsApp JID, Telegram id,
 * web chat conversation id) is never stored in plain text: it is sealed for delivery and
 * found through a keyed blind index.
 */
export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    channel: text("channel").notNull(),
    addressIndex: text("address_index").notNull(),
    addressSealed: text("address_sealed").notNull(),
    language: text("language").notNull().default("id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastInboundAt: timestamp("last_inbound_at", { withTimezone: true }),
    /** Set when the channel says the contact cannot be reached (blocked the bot, gone). */
    unreachableAt: timestamp("unreachable_at", { withTimezone: true }),
    /** The organisation this person relays reports for (joined with its invite code). */
    relayerOrgId: uuid("relayer_org_id").references(() => organizations.id, {
      onDelete: "set null",
    }),
    /**
     * The party group this person is a liaison of (joined with its invite code): they receive
     * the imbauan for party liaisons and relay nothing. A person is a relayer or a liaison,
     * never both: the later join wins.
     */
    liaisonOrgId: uuid("liaison_org_id").references(() => organizations.id, {
      onDelete: "set null",
    }),
  },
  (t) => [
    uniqueIndex("contacts_channel_address_idx").on(t.channel, t.addressIndex),
    index("contacts_last_inbound_idx").on(t.lastInboundAt),
    check(
      "contacts_relayer_or_liaison_check",
      sql`${t.relayerOrgId} is null or ${t.liaisonOrgId} is null`,
    ),
  ],
);
