import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * What staff did: logins, identity views and unseals, stage changes, replies, exports, content
 * edits. Append-only: a trigger (migration 0007) refuses UPDATE and DELETE. Staff are kept by id
 * and email at the time, so the log outlives an account.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    staffId: uuid("staff_id"),
    staffEmail: text("staff_email"),
    /** e.g. "login", "login_failed", "stage_changed", "identity_unsealed", "export". */
    action: text("action").notNull(),
    /** What it was done to: a ticket code, a topic id, a token id. */
    subject: text("subject"),
    /** Non-sensitive details (stages, counts, filters). A written reason goes in `reasonSealed`. */
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    reasonSealed: text("reason_sealed"),
    /** "console" or "api". */
    via: text("via").notNull(),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_subject_idx").on(t.subject)],
);
