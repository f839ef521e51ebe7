import { sql } from "drizzle-orm";
import { check, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** An ormas relays reports; a party's liaisons receive the imbauan meant for them. */
export const organizationKinds = ["ormas", "party"] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

/**
 * A group people join with the invite code staff hand out (only its hash is stored): a community
 * organisation (ormas, kind `ormas`) whose members relay reports for people who will not report
 * themselves, or a political party's liaisons in one area (kind `party`, e.g. "Partai X, Belitung
 * Timur"), who receive the imbauan addressed to party liaisons and relay nothing.
 */
export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    kind: text("kind", { enum: organizationKinds }).notNull().default("ormas"),
    /** The Kemendagri code of the area it works in (province or kab/kota). */
    regionCode: text("region_code").notNull(),
    /** SHA-256 of the normalised invite code. */
    inviteCodeHash: text("invite_code_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when staff withdraw the invite; members keep their past reports. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("organizations_invite_idx").on(t.inviteCodeHash),
    check("organizations_kind_check", sql`${t.kind} in ('ormas', 'party')`),
  ],
);
