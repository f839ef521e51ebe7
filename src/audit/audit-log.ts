import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Keyring } from "../privacy/keyring";
import type { DbOrTx } from "../storage/database";
import { auditLog } from "../storage/schema";

const reasonAad = "audit_log.reason";

export type AuditAction =
  | "login"
  | "login_failed"
  | "logout"
  | "password_set"
  | "totp_enabled"
  | "totp_disabled"
  | "token_created"
  | "token_revoked"
  | "telegram_link_code"
  | "telegram_unlinked"
  | "identity_unsealed"
  | "evidence_downloaded"
  | "stage_changed"
  | "note_added"
  | "reply_sent"
  | "assigned"
  | "reports_linked"
  | "reports_unlinked"
  | "question_answered"
  | "question_closed"
  | "export"
  | "content_edited"
  | "broadcast_created"
  | "broadcast_paused"
  | "broadcast_resumed"
  | "broadcast_cancelled"
  | "broadcast_approved"
  | "broadcast_tested"
  | "whatsapp_connect_again";

export interface AuditActor {
  id: string;
  email: string;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: AuditAction;
  subject?: string;
  /** Never personal data: stages, counts, filters. A written reason goes in `reason`. */
  detail?: Record<string, unknown>;
  /** A reason staff wrote (why an identity was unsealed); sealed, readable by admins. */
  reason?: string;
  via: "console" | "api" | "cli" | "telegram";
}

/** Appends one entry (the table refuses updates and deletes). */
export async function recordAudit(
  db: DbOrTx,
  keyring: Keyring,
  entry: AuditEntry,
  now: Date,
): Promise<void> {
  await db.insert(auditLog).values({
    at: now,
    staffId: entry.actor?.id ?? null,
    staffEmail: entry.actor?.email ?? null,
    action: entry.action,
    subject: entry.subject ?? null,
    detail: entry.detail ?? null,
    reasonSealed: entry.reason ? keyring.seal(entry.reason, reasonAad) : null,
    via: entry.via,
  });
}

export interface AuditRecord {
  id: number;
  at: Date;
  staffEmail: string | null;
  action: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
  reason: string | null;
  via: string;
}

/** Newest first, `before` an id for paging. For admins only: the caller checks the role. */
export async function readAudit(
  db: DbOrTx,
  keyring: Keyring,
  options: { before?: number; limit?: number; subject?: string; action?: string } = {},
): Promise<{ items: AuditRecord[]; nextCursor?: number }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const conditions: SQL[] = [];
  if (options.before !== undefined) conditions.push(lt(auditLog.id, options.before));
  if (options.subject) conditions.push(eq(auditLog.subject, options.subject));
  if (options.action) conditions.push(eq(auditLog.action, options.action));
  const rows = await db
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((row) => ({
    id: row.id,
    at: row.at,
    staffEmail: row.staffEmail,
    action: row.action,
    subject: row.subject,
    detail: row.detail,
    reason: row.reasonSealed ? keyring.openText(row.reasonSealed, reasonAad) : null,
    via: row.via,
  }));
  const last = items.at(-1);
  return rows.length > limit && last ? { items, nextCursor: last.id } : { items };
}
