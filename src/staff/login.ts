/**
 * Console sign-in: email and password, then a TOTP code when the account has one, with a
 * per-account backoff against guessing.
 */
import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Keyring } from "../privacy/keyring";
import type { DbOrTx } from "../storage/database";
import { staff } from "../storage/schema";
import { normalizeEmail } from "./accounts";
import { type ConsoleStaff, consoleLanguage } from "./console-sessions";
import { verifyPassword } from "./passwords";
import { isValidTotpSecret, matchTotpStep } from "./totp";

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

/**
 * Counts an attempt before its password is checked, in one statement, and sets the wait the
 * count calls for: parallel guesses each take a place in the count, and those past the limit
 * find the account blocked instead of reaching argon2. Undefined when the account is blocked.
 * A success clears the count; "code required" (the password was right) gives the attempt back.
 */
async function claimAttempt(
  db: DbOrTx,
  staffId: string,
  now: Date,
): Promise<{ failedLogins: number } | undefined> {
  const next = sql`${staff.failedLogins} + 1`;
  const [row] = await db
    .update(staff)
    .set({
      failedLogins: next,
      loginBlockedUntil: sql`case when ${next} > ${freeFailures}
        then ${now.toISOString()}::timestamptz + make_interval(secs => least(${maxBlockSeconds},
          ${firstBlockSeconds} * power(2, least(${next} - ${freeFailures + 1}, 16))))
        else ${staff.loginBlockedUntil} end`,
    })
    .where(
      and(
        eq(staff.id, staffId),
        or(isNull(staff.loginBlockedUntil), lte(staff.loginBlockedUntil, now)),
      ),
    )
    .returning({ failedLogins: staff.failedLogins });
  return row;
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
  const blocked = () => {
    const until = row.loginBlockedUntil?.getTime() ?? now.getTime();
    const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    return { ok: false as const, reason: "blocked" as const, retryAfterSeconds };
  };
  if (row.loginBlockedUntil && row.loginBlockedUntil.getTime() > now.getTime()) return blocked();
  if (!(await claimAttempt(db, row.id, now))) {
    // Another attempt started the wait meanwhile: read it for the answer.
    const [fresh] = await db
      .select({ until: staff.loginBlockedUntil })
      .from(staff)
      .where(eq(staff.id, row.id));
    row.loginBlockedUntil = fresh?.until ?? null;
    return blocked();
  }
  if (!(await verifyPassword(row.passwordHash, input.password))) {
    return { ok: false, reason: "invalid" };
  }
  if (row.totpSecretSealed) {
    const code = input.totp?.trim();
    if (!code) {
      // The password was right: this was no guess, so it does not count.
      await db
        .update(staff)
        .set({
          failedLogins: sql`greatest(${staff.failedLogins} - 1, 0)`,
          loginBlockedUntil: row.loginBlockedUntil,
        })
        .where(eq(staff.id, row.id));
      return { ok: false, reason: "totp_required" };
    }
    const secret = keyring.openText(row.totpSecretSealed, totpSecretPurpose);
    const step = matchTotpStep(secret, code, now);
    // A code is good once: someone who saw it typed (or a second tab) cannot log in with it again.
    if (step === undefined || !(await claimTotpStep(db, row.id, step))) {
      return { ok: false, reason: "totp_invalid" };
    }
  }
  await db
    .update(staff)
    .set({ failedLogins: 0, loginBlockedUntil: null })
    .where(eq(staff.id, row.id));
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

/** Takes a TOTP step for a login unless it (or a later one) was already used. */
async function claimTotpStep(db: DbOrTx, staffId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(staff)
    .set({ totpLastStep: step })
    .where(and(eq(staff.id, staffId), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, step))))
    .returning({ id: staff.id });
  return rows.length > 0;
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
  const step = isValidTotpSecret(secret) ? matchTotpStep(secret, code, now) : undefined;
  if (step === undefined) return false;
  const normalized = secret.replace(/[\s=]/g, "").toUpperCase();
  const rows = await db
    .update(staff)
    // The code that proved the app is spent too.
    .set({ totpSecretSealed: keyring.seal(normalized, totpSecretPurpose), totpLastStep: step })
    .where(and(eq(staff.id, staffId), isNull(staff.disabledAt)))
    .returning({ id: staff.id });
  return rows.length > 0;
}

/** Turns off the second factor; false when the account does not exist. */
export async function disableTotp(db: DbOrTx, staffId: string): Promise<boolean> {
  const rows = await db
    .update(staff)
    .set({ totpSecretSealed: null, totpLastStep: null })
    .where(eq(staff.id, staffId))
    .returning({ id: staff.id });
  return rows.length > 0;
}

/**
 * Asks a signed-in staff member for their password again before something a stolen session
 * must not do alone (minting an API token, turning two-step verification off). It counts
 * towards the same backoff as logging in.
 */
export async function confirmOwnPassword(
  db: DbOrTx,
  staffId: string,
  password: string,
  now: Date,
): Promise<boolean> {
  const [row] = await db
    .select({ passwordHash: staff.passwordHash, blockedUntil: staff.loginBlockedUntil })
    .from(staff)
    .where(and(eq(staff.id, staffId), isNull(staff.disabledAt)));
  if (!row?.passwordHash) return false;
  if (row.blockedUntil && row.blockedUntil.getTime() > now.getTime()) return false;
  if (!(await claimAttempt(db, staffId, now))) return false;
  if (!(await verifyPassword(row.passwordHash, password))) return false;
  await db
    .update(staff)
    .set({ failedLogins: 0, loginBlockedUntil: null })
    .where(eq(staff.id, staffId));
  return true;
}
