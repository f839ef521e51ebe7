import { sql } from "drizzle-orm";
import { pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * A community organisation (ormas) whose members relay reports for people who will not report
 * themselves. Members join with the invite code staff hand out; only its hash is stored.
 */
export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    /** The Kemendagri code of the area it works in (province or kab/kota). */
    regionCode: text("region_code").notNull(),
    /** SHA-256 of the normalised invite code. */
    inviteCodeHash: text("invite_code_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when staff withdraw the invite; members keep their past reports. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("organizations_invite_idx").on(t.inviteCodeHash)],
);
