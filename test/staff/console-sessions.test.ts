import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addStaff, disableStaff, type StaffAccount } from "../../src/staff/accounts";
import {
  consoleSessionMaxAgeMs,
  createConsoleSession,
  deleteExpiredConsoleSessions,
  endAllConsoleSessions,
  endConsoleSession,
  readConsoleSession,
} from "../../src/staff/console-sessions";
import type { AppDatabase, Db } from "../../src/storage/database";
import { staff, staffSessions } from "../../src/storage/schema";
import { fixedClock, type TestClock } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
const lifetimeMs = 30 * minuteMs;

describe(`staff console sessions on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  let db: Db;
  let clock: TestClock;
  let counter = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.close());
  beforeEach(() => {
    clock = fixedClock();
  });

  async function newStaff(): Promise<StaffAccount> {
    counter += 1;
    return addStaff(db, { email: `sesi${counter}@bawaslu.example`, name: "Sesi", role: "admin" });
  }

  async function storedSession(cookieValue: string) {
    const [row] = await db
      .select()
      .from(staffSessions)
      .where(
        eq(staffSessions.idHash, crypto.createHash("sha256").update(cookieValue).digest("hex")),
      );
    return row;
  }

  const read = (cookieValue: string) => readConsoleSession(db, cookieValue, clock(), lifetimeMs);

  it("creates a session whose cookie is only stored as a SHA-256, and reads it back", async () => {
    const account = await newStaff();
    await db.update(staff).set({ language: "en" }).where(eq(staff.id, account.id));
    const created = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    expect(created.cookieValue).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.csrfToken).not.toBe(created.cookieValue);
    expect(created.expiresAt).toEqual(new Date(clock().getTime() + lifetimeMs));

    const rows = await db.select().from(staffSessions).where(eq(staffSessions.staffId, account.id));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.cookieValue);
    const row = await storedSession(created.cookieValue);
    expect(row).toBeDefined();

    expect(await read(created.cookieValue)).toEqual({
      staff: {
        id: account.id,
        email: account.email,
        name: "Sesi",
        role: "admin",
        regionCode: null,
        language: "en",
      },
      csrfToken: created.csrfToken,
      sessionIdHash: row?.idHash,
    });
  });

  it("gives nothing for an unknown or malformed cookie", async () => {
    expect(await read(crypto.randomBytes(32).toString("base64url"))).toBeUndefined();
    expect(await read("")).toBeUndefined();
    expect(await read("x".repeat(44))).toBeUndefined();
  });

  it("expires after the lifetime without use", async () => {
    const account = await newStaff();
    const first = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    const second = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    clock.advance(lifetimeMs - 1);
    expect(await read(first.cookieValue)).toBeDefined();
    clock.advance(1);
    expect(await read(second.cookieValue)).toBeUndefined();
  });

  it("slides the expiry with use, so an active session outlives its first lifetime", async () => {
    const account = await newStaff();
    const start = clock().getTime();
    const { cookieValue } = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    clock.advance(20 * minuteMs);
    expect(await read(cookieValue)).toBeDefined();
    expect((await storedSession(cookieValue))?.expiresAt).toEqual(new Date(start + 50 * minuteMs));
    clock.advance(25 * minuteMs);
    // 45 minutes after sign-in, past the first lifetime.
    expect(await read(cookieValue)).toBeDefined();
    clock.advance(lifetimeMs);
    expect(await read(cookieValue)).toBeUndefined();
  });

  it("writes the slid expiry at most once a minute", async () => {
    const account = await newStaff();
    const start = clock().getTime();
    const { cookieValue } = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    clock.advance(59_999);
    expect(await read(cookieValue)).toBeDefined();
    expect(await storedSession(cookieValue)).toMatchObject({
      expiresAt: new Date(start + lifetimeMs),
      lastSeenAt: new Date(start),
    });
    clock.advance(1);
    expect(await read(cookieValue)).toBeDefined();
    expect(await storedSession(cookieValue)).toMatchObject({
      expiresAt: new Date(start + minuteMs + lifetimeMs),
      lastSeenAt: new Date(start + minuteMs),
    });
  });

  it("ends a session 7 days after sign-in however active it is", async () => {
    expect(consoleSessionMaxAgeMs).toBe(7 * dayMs);
    const account = await newStaff();
    const start = clock().getTime();
    const { cookieValue } = await createConsoleSession(db, account.id, clock(), dayMs);
    for (let elapsed = 20 * hourMs; elapsed < 7 * dayMs; elapsed += 20 * hourMs) {
      clock.set(new Date(start + elapsed));
      expect(await readConsoleSession(db, cookieValue, clock(), dayMs)).toBeDefined();
    }
    clock.set(new Date(start + 7 * dayMs - 1));
    expect(await readConsoleSession(db, cookieValue, clock(), dayMs)).toBeDefined();
    expect((await storedSession(cookieValue))?.expiresAt).toEqual(new Date(start + 7 * dayMs));
    clock.set(new Date(start + 7 * dayMs));
    expect(await readConsoleSession(db, cookieValue, clock(), dayMs)).toBeUndefined();
  });

  it("caps a lifetime longer than 7 days at 7 days", async () => {
    const account = await newStaff();
    const start = clock().getTime();
    const created = await createConsoleSession(db, account.id, clock(), 30 * dayMs);
    expect(created.expiresAt).toEqual(new Date(start + 7 * dayMs));
    clock.set(new Date(start + 7 * dayMs));
    expect(await readConsoleSession(db, created.cookieValue, clock(), 30 * dayMs)).toBeUndefined();
  });

  it("stops working when the account is disabled", async () => {
    const account = await newStaff();
    const { cookieValue } = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    expect(await read(cookieValue)).toBeDefined();
    await disableStaff(db, account.id);
    expect(await read(cookieValue)).toBeUndefined();
  });

  it("ends one session on sign-out, leaving the others", async () => {
    const account = await newStaff();
    const laptop = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    const phone = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    expect(await endConsoleSession(db, laptop.cookieValue)).toBe(true);
    expect(await endConsoleSession(db, laptop.cookieValue)).toBe(false);
    expect(await endConsoleSession(db, "junk")).toBe(false);
    expect(await read(laptop.cookieValue)).toBeUndefined();
    expect(await read(phone.cookieValue)).toBeDefined();
  });

  it("ends every session of one staff member, and only theirs", async () => {
    const account = await newStaff();
    const other = await newStaff();
    const laptop = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    const phone = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    const colleague = await createConsoleSession(db, other.id, clock(), lifetimeMs);
    expect(await endAllConsoleSessions(db, account.id)).toBe(2);
    expect(await read(laptop.cookieValue)).toBeUndefined();
    expect(await read(phone.cookieValue)).toBeUndefined();
    expect(await read(colleague.cookieValue)).toBeDefined();
  });

  it("deletes sessions that can no longer be used, and keeps live ones", async () => {
    const account = await newStaff();
    const old = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    clock.advance(lifetimeMs);
    const live = await createConsoleSession(db, account.id, clock(), lifetimeMs);
    const deleted = await deleteExpiredConsoleSessions(db, clock());
    // Sessions of earlier tests may also have run out by this clock; ours must be among them.
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await storedSession(old.cookieValue)).toBeUndefined();
    expect(await storedSession(live.cookieValue)).toBeDefined();
  });
});
