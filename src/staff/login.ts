/**
 * Console sign-in: email and password, then a TOTP code when the account has one, with a
 * per-account backoff against guessing.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Keyring } from "../privacy/keyring";
import type { DbOrTx } from "../storage/database";
import { staff } from "../storage/schema";
import { normalizeEmail } from "./accounts";
import { type ConsoleStaff, consoleLanguage } from "./console-sessions";
import { verifyPassword } from "./passwords";
import { isValidTotpSecret, verifyTotp } from "./totp";

export type LoginResult =
  | { ok: true; staff: ConsoleStaff }
  | {
      ok: false;
      reason: "invalid" | "blocked" | "totp_required" | "totp_invalid";
      /** Only with "blocked": seconds until the next attempt is looked at. */
      retryAfterSeconds?: number;
    };

export interface LoginInput {
  email: string;
  password: string;
  /** The 6-digit code; absent on the first step of a two-step form. */
  totp?: string;
}

/** Associated data of sealed TOTP secrets: a sealed value only opens in this column. */
export const totpSecretPurpose = "staff.totp_secret";

/** Failures allowed before the first wait (the third failure starts it). */
const freeFailures = 2;
const firstBlockSeconds = 30;
const maxBlockSeconds = 15 * 60;

/**
 * Argon2id hash (same parameters as `hashPassword`) of a random string nobody kept. Verifying
 * against it when an account does not exist makes "no such email" cost as much as "wrong
 * password", so response times do not tell which emails have accounts.
 */
export const dummyPasswordHash =
  "$argon2id$v=19$m=19456,t=2,p=1$9iC8ti2AJ0oGZDpPxmiXzg$7cgCFIOFqJp9nu/y7mTCZ3OtWPhJNxfDY78HOOFISDc";

/**
 * Seconds an account is blocked after its `failures`-th consecutive failure: none for the
 * first two, then 30 s doubling with each further failure (30, 60, 120, …), at most 15 minutes.
 */
export function loginBlockSeconds(failures: number): number {
  if (failures <= freeFailures) return 0;
  // The exponent is capped so a huge counter cannot overflow to Infinity.
  const doublings = Math.min(failures - freeFailures - 1, 16);
  return Math.min(firstBlockSeconds * 2 ** doublings, maxBlockSeconds);
}

async function recordFailure(db: DbOrTx, staffId: string, now: Date): Promise<void> {
  // Incremented in SQL, so concurrent guesses each count.
  const [row] = await db
    .update(staff)
    .set({ failedLogins: sql`${staff.failedLogins} + 1` })
    .where(eq(staff.id, staffId))
    .returning({ failedLogins: staff.failedLogins });
  if (!row) return;
  const seconds = loginBlockSeconds(row.failedLogins);
  if (seconds === 0) return;
  await db
    .update(staff)
    .set({ loginBlockedUntil: new Date(now.getTime() + seconds * 1000) })
    // A later failure that raced ahead has already set its own, longer block.
    .where(and(eq(staff.id, staffId), eq(staff.failedLogins, row.failedLogins)));
}

/**
 * Checks a sign-in. Unknown email, disabled account, account without a password yet and wrong
 * password all answer "invalid" after one argon2 verification each. While an account is
 * blocked the password is not even checked, so guessing gains nothing. A missing TOTP code
 * (password right) is "totp_required" and not a failure; a wrong one is a failure.
 */
export async function attemptLogin(
  db: DbOrTx,
  keyring: Keyring,
  input: LoginInput,
  now: Date,
): Promise<LoginResult> {
  const [row] = await db
    .select({
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      regionCode: staff.regionCode,
      language: staff.language,
      disabledAt: staff.disabledAt,
      passwordHash: staff.passwordHash,
      totpSecretSealed: staff.totpSecretSealed,
      failedLogins: staff.failedLogins,
      loginBlockedUntil: staff.loginBlockedUntil,
    })
    .from(staff)
    .where(eq(staff.email, normalizeEmail(input.email)))
    .limit(1);

  if (!row || row.disabledAt || !row.passwordHash) {
    await verifyPassword(dummyPasswordHash, input.password);
    return { ok: false, reason: "invalid" };
  }
  if (row.loginBlockedUntil && row.loginBlockedUntil.getTime() > now.getTime()) {
    const retryAfterSeconds = Math.ceil((row.loginBlockedUntil.getTime() - now.getTime()) / 1000);
    return { ok: false, reason: "blocked", retryAfterSeconds };
  }
  if (!(await verifyPassword(row.passwordHash, input.password))) {
    await recordFailure(db, row.id, now);
    return { ok: false, reason: "invalid" };
  }
  if (row.totpSecretSealed) {
    const code = input.totp?.trim();
    if (!code) return { ok: false, reason: "totp_required" };
    const secret = keyring.openText(row.totpSecretSealed, totpSecretPurpose);
    if (!verifyTotp(secret, code, now)) {
      await recordFailure(db, row.id, now);
      return { ok: false, reason: "totp_invalid" };
    }
  }
  if (row.failedLogins !== 0 || row.loginBlockedUntil) {
    await db
      .update(staff)
      .set({ failedLogins: 0, loginBlockedUntil: null })
      .where(eq(staff.id, row.id));
  }
  return {
    ok: true,
    staff: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      regionCode: row.regionCode,
      language: consoleLanguage(row.language),
    },
  };
}

/**
 * Turns on the second factor, but only once the person proves their app produces the codes:
 * false (nothing stored) for a wrong code, a malformed secret, or an unknown or disabled account.
 */
export async function enableTotp(
  db: DbOrTx,
  keyring: Keyring,
  staffId: string,
  secret: string,
  code: string,
  now: Date,
): Promise<boolean> {
  if (!isValidTotpSecret(secret) || !verifyTotp(secret, code, now)) return false;
  const normalized = secret.replace(/[\s=]/g, "").toUpperCase();
  const rows = await db
    .update(staff)
    .set({ totpSecretSealed: keyring.seal(normalized, totpSecretPurpose) })
    .where(and(eq(staff.id, staffId), isNull(staff.disabledAt)))
    .returning({ id: staff.id });
  return rows.length > 0;
}

/** Turns off the second factor; false when the account does not exist. */
export async function disableTotp(db: DbOrTx, staffId: string): Promise<boolean> {
  const rows = await db
    .update(staff)
    .set({ totpSecretSealed: null })
    .where(eq(staff.id, staffId))
    .returning({ id: staff.id });
  return rows.length > 0;
}
