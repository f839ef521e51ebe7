import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const staffRoles = ["admin", "officer", "viewer"] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staff = pgTable(
  "staff",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").$type<StaffRole>().notNull(),
    /** Kemendagri code of the province or kabupaten/kota an officer covers; null = all. */
    regionCode: text("region_code"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    /** argon2id (PHC string); null until the one-time set-password link is used. */
    passwordHash: text("password_hash"),
    /** Base32 TOTP secret, sealed; null = no second factor. */
    totpSecretSealed: text("totp_secret_sealed"),
    /** The 30-second step of the last TOTP code accepted: a code works once, never replayed. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    /** Consecutive failed logins; each one doubles the wait before the next try. */
    failedLogins: integer("failed_logins").notNull().default(0),
    loginBlockedUntil: timestamp("login_blocked_until", { withTimezone: true }),
    /** Console language ("id" | "en"). */
    language: text("language").notNull().default("id"),
    /** The Telegram conversation this staff member linked (for /siaran); a contacts row id. */
    telegramContactId: uuid("telegram_contact_id"),
  },
  (t) => [uniqueIndex("staff_email_idx").on(t.email)],
);

/** One-time links to set (or reset) a password; only a hash of the link's secret is stored. */
export const staffPasswordLinks = pgTable(
  "staff_password_links",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("staff_password_links_hash_idx").on(t.tokenHash)],
);

/** Console sessions: the cookie holds a random id; only its hash is stored here. */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    /** The synchronizer token every form of this session must carry. */
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("staff_sessions_staff_idx").on(t.staffId)],
);

/** API tokens; only a SHA-256 of the token is stored. */
export const staffTokens = pgTable(
  "staff_tokens",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    label: text("label"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("staff_tokens_hash_idx").on(t.tokenHash),
    index("staff_tokens_staff_idx").on(t.staffId),
  ],
);

/** One-time codes a staff member sends to the bot (`/tautkan KODE`) to link their Telegram. */
export const staffLinkCodes = pgTable("staff_link_codes", {
  codeHash: text("code_hash").primaryKey(),
  staffId: uuid("staff_id")
    .notNull()
    .references(() => staff.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});
