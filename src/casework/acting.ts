import { type AuditAction, recordAudit } from "../audit/audit-log";
import type { Keyring } from "../privacy/keyring";
import type { Tx } from "../storage/database";
import { CaseworkError } from "./errors";
import type { StaffScope } from "./scope";

/** The staff member acting, and through which door (for the audit log). */
export interface Actor extends StaffScope {
  email: string;
}
export type Via = "console" | "api";

export const textLimits = { note: 2000, reply: 2000, reasonMin: 10, reasonMax: 500 } as const;

/** A staff-written text, trimmed; refused when empty or longer than `max`. */
export function cleanText(text: unknown, max: number): string {
  if (typeof text !== "string") throw new CaseworkError("invalid");
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.length > max) throw new CaseworkError("invalid");
  return trimmed;
}

/** Viewers read only. */
export function requireActing(actor: Actor): void {
  if (actor.role === "viewer") throw new CaseworkError("forbidden");
}

export type Audit = (
  tx: Tx,
  actor: Actor,
  via: Via,
  action: AuditAction,
  subject: string,
  extra?: { detail?: Record<string, unknown>; reason?: string },
) => Promise<void>;

/** Writes a staff action to the audit log, in the caller's transaction. */
export function createAudit(keyring: Keyring, clock: () => Date): Audit {
  return async (tx, actor, via, action, subject, extra = {}) => {
    await recordAudit(
      tx,
      keyring,
      { actor: { id: actor.id, email: actor.email }, action, subject, via, ...extra },
      clock(),
    );
  };
}
