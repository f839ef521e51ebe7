import crypto from "node:crypto";
import { parseOptions } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Keyring } from "../../src/privacy/keyring";
import { addStaff, disableStaff, type StaffAccount } from "../../src/staff/accounts";
import { createConsoleSession, readConsoleSession } from "../../src/staff/console-sessions";
import {
  attemptLogin,
  disableTotp,
  dummyPasswordHash,
  enableTotp,
  loginBlockSeconds,
  totpSecretPurpose,
} from "../../src/staff/login";
import {
  describePasswordLink,
  issuePasswordLink,
  passwordLinkTtlMs,
  setPasswordWithLink,
} from "../../src/staff/password-links";
import { hashPassword, verifyPassword } from "../../src/staff/passwords";
import { generateTotpSecret, totpCode } from "../../src/staff/totp";
import type { AppDatabase, Db } from "../../src/storage/database";
import { staff, staffPasswordLinks } from "../../src/storage/schema";
import { fixedClock, type TestClock, testKeyring } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

// Calls through to the real verification, but lets tests see whether it ran, and on what.
vi.mock("../../src/staff/passwords", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/staff/passwords")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});
const verifySpy = vi.mocked(verifyPassword);

const password = "sungai rangkui 1990";

/** A 6-digit code that no step the verifier accepts at `now` (±30 s) produces. */
function wrongCode(secret: string, now: Date): string {
  const accepted = [-30_000, 0, 30_000].map((ms) => totpCode(secret, new Date(now.getTime() + ms)));
  return ["000000", "111111", "222222", "333333"].find((code) => !accepted.includes(code)) ?? "";
}
const hourMs = 3_600_000;
const sessionMs = 12 * hourMs;

describe(`console sign-in and password links on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  let db: Db;
  let keyring: Keyring;
  let clock: TestClock;
  let counter = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    keyring = testKeyring();
  });
  afterAll(() => database.close());
  beforeEach(() => {
    clock = fixedClock();
    verifySpy.mockClear();
  });

  /** A new account; with a password set through a link unless `withPassword` is false. */
  async function newStaff(withPassword = true): Promise<StaffAccount> {
    counter += 1;
    const account = await addStaff(db, {
      email: `staf${counter}@bawaslu.example`,
      name: `Staf ${counter}`,
      role: "officer",
      regionCode: "19.06",
    });
    if (withPassword) {
      const secret = await issuePasswordLink(db, account.id, clock());
      expect(await setPasswordWithLink(db, secret, password, clock())).toEqual({
        ok: true,
        staffId: account.id,
      });
    }
    return account;
  }

  async function loginState(staffId: string) {
    const [row] = await db
      .select({ failedLogins: staff.failedLogins, loginBlockedUntil: staff.loginBlockedUntil })
      .from(staff)
      .where(eq(staff.id, staffId));
    return row;
  }

  const login = (account: StaffAccount, typed: string, totp?: string) =>
    attemptLogin(db, keyring, { email: account.email, password: typed, totp }, clock());

  describe("attemptLogin", () => {
    it("signs in with the right password, whatever the email's case, and says who it is", async () => {
      const account = await newStaff();
      const result = await attemptLogin(
        db,
        keyring,
        { email: ` ${account.email.toUpperCase()} `, password },
        clock(),
      );
      expect(result).toEqual({
        ok: true,
        staff: {
          id: account.id,
          email: account.email,
          name: account.name,
          role: "officer",
          regionCode: "19.06",
          language: "id",
        },
      });
    });

    it("answers an unknown email and a wrong password alike, verifying a dummy hash for the first", async () => {
      const account = await newStaff();
      expect(await login(account, "not the password")).toEqual({ ok: false, reason: "invalid" });
      verifySpy.mockClear();
      const unknown = await attemptLogin(
        db,
        keyring,
        { email: "nobody@bawaslu.example", password },
        clock(),
      );
      expect(unknown).toEqual({ ok: false, reason: "invalid" });
      expect(verifySpy).toHaveBeenCalledTimes(1);
      expect(verifySpy).toHaveBeenCalledWith(dummyPasswordHash, password);
    });

    it("keeps the dummy hash at the cost of real hashes, so both take as long", async () => {
      expect(parseOptions(dummyPasswordHash)).toEqual(parseOptions(await hashPassword(password)));
    });

    it("refuses a disabled account and one without a password, without counting a failure", async () => {
      const disabled = await newStaff();
      await disableStaff(db, disabled.id);
      expect(await login(disabled, password)).toEqual({ ok: false, reason: "invalid" });
      const fresh = await newStaff(false);
      for (let i = 0; i < 4; i++) {
        expect(await login(fresh, password)).toEqual({ ok: false, reason: "invalid" });
      }
      expect(await loginState(fresh.id)).toEqual({ failedLogins: 0, loginBlockedUntil: null });
      expect(verifySpy).toHaveBeenCalledTimes(5);
    });

    it("checks at most three of many guesses sent at once; the rest find the account blocked", async () => {
      const account = await newStaff();
      verifySpy.mockClear();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => login(account, `parallel guess ${i}`)),
      );
      const reasons = results.map((result) => (result.ok ? "ok" : result.reason));
      expect(reasons.filter((reason) => reason === "invalid")).toHaveLength(3);
      expect(reasons.filter((reason) => reason === "blocked")).toHaveLength(9);
      expect(verifySpy).toHaveBeenCalledTimes(3);
    });

    it("blocks for 30 s after the third failure, answering blocked without checking the password, then lets the right password in", async () => {
      const account = await newStaff();
      expect(await login(account, "wrong 1")).toEqual({ ok: false, reason: "invalid" });
      expect(await login(account, "wrong 2")).toEqual({ ok: false, reason: "invalid" });
      expect((await loginState(account.id))?.loginBlockedUntil).toBeNull();
      expect(await login(account, "wrong 3")).toEqual({ ok: false, reason: "invalid" });

      verifySpy.mockClear();
      expect(await login(account, password)).toEqual({
        ok: false,
        reason: "blocked",
        retryAfterSeconds: 30,
      });
      clock.advance(29_000);
      expect(await login(account, "wrong while blocked")).toEqual({
        ok: false,
        reason: "blocked",
        retryAfterSeconds: 1,
      });
      expect(verifySpy).not.toHaveBeenCalled();
      // Attempts while blocked neither count nor extend the block.
      expect((await loginState(account.id))?.failedLogins).toBe(3);

      clock.advance(1_000);
      expect(await login(account, password)).toMatchObject({ ok: true });
      expect(await loginState(account.id)).toEqual({ failedLogins: 0, loginBlockedUntil: null });
    });

    it("doubles the wait with each further failure, up to 15 minutes", async () => {
      const account = await newStaff();
      for (let i = 0; i < 3; i++) await login(account, "wrong");
      for (const expected of [30, 60, 120, 240]) {
        expect(await login(account, password)).toEqual({
          ok: false,
          reason: "blocked",
          retryAfterSeconds: expected,
        });
        clock.advance(expected * 1000);
        expect(await login(account, "wrong")).toEqual({ ok: false, reason: "invalid" });
      }
      await db.update(staff).set({ failedLogins: 40 }).where(eq(staff.id, account.id));
      clock.advance(480_000);
      expect(await login(account, "wrong")).toEqual({ ok: false, reason: "invalid" });
      expect(await login(account, password)).toEqual({
        ok: false,
        reason: "blocked",
        retryAfterSeconds: 900,
      });
    });

    it("computes the backoff as 30 s × 2^(n-3) from the third failure, capped at 900 s", () => {
      expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(loginBlockSeconds)).toEqual([
        0, 0, 30, 60, 120, 240, 480, 900, 900,
      ]);
      expect(loginBlockSeconds(100_000)).toBe(900);
    });

    it("resets the failure count on success", async () => {
      const account = await newStaff();
      await login(account, "wrong");
      await login(account, "wrong");
      expect(await login(account, password)).toMatchObject({ ok: true });
      // Without the reset this would be the third failure in a row, and block.
      await login(account, "wrong");
      expect(await login(account, password)).toMatchObject({ ok: true });
    });

    it("asks for a TOTP code once enabled, and counts only a wrong code as a failure", async () => {
      const account = await newStaff();
      const secret = generateTotpSecret();
      expect(
        await enableTotp(db, keyring, account.id, secret, totpCode(secret, clock()), clock()),
      ).toBe(true);

      const [stored] = await db
        .select({ sealed: staff.totpSecretSealed })
        .from(staff)
        .where(eq(staff.id, account.id));
      expect(stored?.sealed).not.toContain(secret);
      expect(keyring.openText(stored?.sealed ?? "", totpSecretPurpose)).toBe(secret);

      for (let i = 0; i < 4; i++) {
        expect(await login(account, password)).toEqual({ ok: false, reason: "totp_required" });
      }
      expect((await loginState(account.id))?.failedLogins).toBe(0);
      // The password is checked first: a wrong one never reveals that a code is needed.
      expect(await login(account, "wrong")).toEqual({ ok: false, reason: "invalid" });

      // The code that turned it on is spent; the app's next one logs in.
      clock.advance(30_000);
      const code = totpCode(secret, clock());
      expect(await login(account, password, wrongCode(secret, clock()))).toEqual({
        ok: false,
        reason: "totp_invalid",
      });
      expect((await loginState(account.id))?.failedLogins).toBe(2);
      expect(await login(account, password, `${code.slice(0, 3)} ${code.slice(3)}`)).toMatchObject({
        ok: true,
      });

      expect(await disableTotp(db, account.id)).toBe(true);
      expect(await login(account, password)).toMatchObject({ ok: true });
    });

    it("takes each TOTP code once: a code seen over a shoulder does not log in again", async () => {
      const account = await newStaff();
      const secret = generateTotpSecret();
      const enabling = totpCode(secret, clock());
      expect(await enableTotp(db, keyring, account.id, secret, enabling, clock())).toBe(true);
      expect(await login(account, password, enabling)).toEqual({
        ok: false,
        reason: "totp_invalid",
      });
      clock.advance(30_000);
      const code = totpCode(secret, clock());
      expect(await login(account, password, code)).toMatchObject({ ok: true });
      clock.advance(10_000);
      expect(await login(account, password, code)).toEqual({ ok: false, reason: "totp_invalid" });
      // An older code, still inside the drift window, is no good after a newer one either.
      const older = totpCode(secret, new Date(clock().getTime() - 30_000));
      expect(await login(account, password, older)).toEqual({ ok: false, reason: "totp_invalid" });
      clock.advance(30_000);
      expect(await login(account, password, totpCode(secret, clock()))).toMatchObject({ ok: true });
    });

    it("does not enable TOTP with a wrong code or a too-short secret", async () => {
      const account = await newStaff();
      const secret = generateTotpSecret();
      expect(
        await enableTotp(db, keyring, account.id, secret, wrongCode(secret, clock()), clock()),
      ).toBe(false);
      // 40 bits: a valid code for it still does not make it a second factor.
      const short = "GEZDGNBV";
      expect(
        await enableTotp(db, keyring, account.id, short, totpCode(short, clock()), clock()),
      ).toBe(false);
      expect(await login(account, password)).toMatchObject({ ok: true });
    });
  });

  describe("password links", () => {
    it("stores only a hash of the link's secret", async () => {
      const account = await newStaff(false);
      const secret = await issuePasswordLink(db, account.id, clock());
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const rows = await db
        .select({ tokenHash: staffPasswordLinks.tokenHash })
        .from(staffPasswordLinks)
        .where(eq(staffPasswordLinks.staffId, account.id));
      expect(rows).toEqual([
        { tokenHash: crypto.createHash("sha256").update(secret).digest("hex") },
      ]);
    });

    it("describes a working link for the form, and works only once", async () => {
      const account = await newStaff(false);
      const secret = await issuePasswordLink(db, account.id, clock());
      expect(await describePasswordLink(db, secret, clock())).toEqual({
        email: account.email,
        name: account.name,
      });
      expect(await setPasswordWithLink(db, secret, password, clock())).toEqual({
        ok: true,
        staffId: account.id,
      });
      expect(await describePasswordLink(db, secret, clock())).toBeUndefined();
      expect(await setPasswordWithLink(db, secret, "another long password", clock())).toEqual({
        ok: false,
        reason: "invalid_link",
      });
      expect(await login(account, password)).toMatchObject({ ok: true });
      expect(await login(account, "another long password")).toEqual({
        ok: false,
        reason: "invalid",
      });
    });

    it("lets only one of two simultaneous uses of a link through", async () => {
      const account = await newStaff(false);
      const secret = await issuePasswordLink(db, account.id, clock());
      const results = await Promise.all([
        setPasswordWithLink(db, secret, "first long password", clock()),
        setPasswordWithLink(db, secret, "second long password", clock()),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok)).toEqual([
        { ok: false, reason: "invalid_link" },
      ]);
    });

    it("expires after 72 hours", async () => {
      expect(passwordLinkTtlMs).toBe(72 * hourMs);
      const account = await newStaff(false);
      const secret = await issuePasswordLink(db, account.id, clock());
      clock.advance(72 * hourMs - 1);
      expect(await describePasswordLink(db, secret, clock())).toBeDefined();
      clock.advance(1);
      expect(await describePasswordLink(db, secret, clock())).toBeUndefined();
      expect(await setPasswordWithLink(db, secret, password, clock())).toEqual({
        ok: false,
        reason: "invalid_link",
      });
    });

    it("honours a shorter lifetime given when issuing", async () => {
      const account = await newStaff(false);
      const secret = await issuePasswordLink(db, account.id, clock(), hourMs);
      clock.advance(hourMs);
      expect(await setPasswordWithLink(db, secret, password, clock())).toEqual({
        ok: false,
        reason: "invalid_link",
      });
    });

    it("stops an older unused link when a new one is issued", async () => {
      const account = await newStaff(false);
      const older = await issuePasswordLink(db, account.id, clock());
      const newer = await issuePasswordLink(db, account.id, clock());
      expect(await setPasswordWithLink(db, older, password, clock())).toEqual({
        ok: false,
        reason: "invalid_link",
      });
      expect(await setPasswordWithLink(db, newer, password, clock())).toMatchObject({ ok: true });
    });

    it("refuses a too-short or too-long password without using up the link", async () => {
      const account = await newStaff(false);
      const secret = await issuePasswordLink(db, account.id, clock());
      expect(await setPasswordWithLink(db, secret, "pendek", clock())).toEqual({
        ok: false,
        reason: "too_short",
      });
      expect(await setPasswordWithLink(db, secret, "x".repeat(201), clock())).toEqual({
        ok: false,
        reason: "too_long",
      });
      expect(await setPasswordWithLink(db, secret, password, clock())).toMatchObject({ ok: true });
    });

    it("reports a dead link before a weak password", async () => {
      expect(await setPasswordWithLink(db, "A".repeat(43), "short", clock())).toEqual({
        ok: false,
        reason: "invalid_link",
      });
      expect(await setPasswordWithLink(db, "not even a link", "short", clock())).toEqual({
        ok: false,
        reason: "invalid_link",
      });
    });

    it("refuses the link of a disabled account", async () => {
      const account = await newStaff(false);
      const secret = await issuePasswordLink(db, account.id, clock());
      await disableStaff(db, account.id);
      expect(await describePasswordLink(db, secret, clock())).toBeUndefined();
      expect(await setPasswordWithLink(db, secret, password, clock())).toEqual({
        ok: false,
        reason: "invalid_link",
      });
      const [row] = await db
        .select({ passwordHash: staff.passwordHash })
        .from(staff)
        .where(eq(staff.id, account.id));
      expect(row?.passwordHash).toBeNull();
    });

    it("signs every console session out on a reset, and clears the login block", async () => {
      const account = await newStaff();
      const other = await newStaff();
      const laptop = await createConsoleSession(db, account.id, clock(), sessionMs);
      const phone = await createConsoleSession(db, account.id, clock(), sessionMs);
      const colleague = await createConsoleSession(db, other.id, clock(), sessionMs);
      for (let i = 0; i < 3; i++) await login(account, "wrong");
      expect(await login(account, password)).toMatchObject({ reason: "blocked" });

      const secret = await issuePasswordLink(db, account.id, clock());
      expect(await setPasswordWithLink(db, secret, "a brand new password", clock())).toMatchObject({
        ok: true,
      });
      expect(await readConsoleSession(db, laptop.cookieValue, clock(), sessionMs)).toBeUndefined();
      expect(await readConsoleSession(db, phone.cookieValue, clock(), sessionMs)).toBeUndefined();
      expect(await readConsoleSession(db, colleague.cookieValue, clock(), sessionMs)).toBeDefined();
      expect(await login(account, "a brand new password")).toMatchObject({ ok: true });
      expect(await login(account, password)).toEqual({ ok: false, reason: "invalid" });
    });
  });
});
