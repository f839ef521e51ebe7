/**
 * One-time links that let a staff member set (or reset) their password. The link carries 256
 * random bits; only their SHA-256 is stored, as for API tokens.
 */
import crypto from "node:crypto";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../storage/database";
import { staff, staffPasswordLinks, staffSessions, staffTokens } from "../storage/schema";
import { checkPasswordPolicy, hashPassword, type PasswordPolicyError } from "./passwords";
import { hashToken } from "./tokens";

export const passwordLinkTtlMs = 72 * 60 * 60 * 1000;
const secretBytes = 32;
/** 32 bytes in unpadded base64url. */
const secretPattern = /^[A-Za-z0-9_-]{43}$/;

export type SetPasswordResult =
  | { ok: true; staffId: string }
  | { ok: false; reason: "invalid_link" | PasswordPolicyError };

/**
 * Creates a link secret and returns it, the only time it exists outside the caller. Any
 * earlier unused link of the same person stops working: only the newest one sent out counts.
 */
export async function issuePasswordLink(
  db: DbOrTx,
  staffId: string,
  now: Date,
  ttlMs = passwordLinkTtlMs,
): Promise<string> {
  const secret = crypto.randomBytes(secretBytes).toString("base64url");
  await db.transaction(async (tx) => {
    await tx
      .delete(staffPasswordLinks)
      .where(and(eq(staffPasswordLinks.staffId, staffId), isNull(staffPasswordLinks.usedAt)));
    await tx.insert(staffPasswordLinks).values({
      staffId,
      tokenHash: hashToken(secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
  });
  return secret;
}

/** Conditions under which a link still works: unused, unexpired, and its account enabled. */
function usableLink(secret: string, now: Date) {
  return and(
    eq(staffPasswordLinks.tokenHash, hashToken(secret)),
    isNull(staffPasswordLinks.usedAt),
    gt(staffPasswordLinks.expiresAt, now),
  );
}

/** Who a working link is for, so the page can greet them; undefined for any dead link. */
export async function describePasswordLink(
  db: DbOrTx,
  secret: string,
  now: Date,
): Promise<{ email: string; name: string } | undefined> {
  if (!secretPattern.test(secret)) return undefined;
  const [row] = await db
    .select({ email: staff.email, name: staff.name })
    .from(staffPasswordLinks)
    .innerJoin(staff, eq(staff.id, staffPasswordLinks.staffId))
    .where(and(usableLink(secret, now), isNull(staff.disabledAt)))
    .limit(1);
  return row;
}

/**
 * Uses a link: sets the password, clears the login backoff, and signs out every console
 * session of the account (whoever knew the old password may be one of them).
 * A dead link is reported before a weak password, so nobody is asked to fix a password for a
 * link that cannot work anyway.
 */
export async function setPasswordWithLink(
  db: DbOrTx,
  secret: string,
  password: string,
  now: Date,
): Promise<SetPasswordResult> {
  if (!(await describePasswordLink(db, secret, now))) return { ok: false, reason: "invalid_link" };
  const policyError = checkPasswordPolicy(password);
  if (policyError) return { ok: false, reason: policyError };
  // Hashed before the transaction: argon2 takes tens of milliseconds, no lock need wait on it.
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx): Promise<SetPasswordResult> => {
    // The claim is one conditional UPDATE, so two submissions of the same link cannot both
    // pass (the second finds usedAt set), whatever the check above saw.
    const [claimed] = await tx
      .update(staffPasswordLinks)
      .set({ usedAt: now })
      .where(
        and(
          usableLink(secret, now),
          inArray(
            staffPasswordLinks.staffId,
            tx.select({ id: staff.id }).from(staff).where(isNull(staff.disabledAt)),
          ),
        ),
      )
      .returning({ staffId: staffPasswordLinks.staffId });
    if (!claimed) return { ok: false, reason: "invalid_link" };
    await tx
      .update(staff)
      .set({ passwordHash, failedLogins: 0, loginBlockedUntil: null })
      .where(eq(staff.id, claimed.staffId));
    // A reset is also what someone does after losing a device: nothing made before survives it.
    await tx.delete(staffSessions).where(eq(staffSessions.staffId, claimed.staffId));
    await tx
      .update(staffTokens)
      .set({ revokedAt: now })
      .where(and(eq(staffTokens.staffId, claimed.staffId), isNull(staffTokens.revokedAt)));
    return { ok: true, staffId: claimed.staffId };
  });
}
