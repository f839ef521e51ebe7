/**
 * Staff console sessions. The cookie carries 256 random bits; the database keeps only their
 * SHA-256 (see `hashToken` for why a fast hash is right for such secrets), so a leaked
 * table or backup does not hand out live sessions.
 */
import crypto from "node:crypto";
import { and, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { DbOrTx } from "../storage/database";
import { type StaffRole, staff, staffSessions } from "../storage/schema";
import { hashToken } from "./tokens";

export type ConsoleLanguage = "id" | "en";

/** The signed-in staff member, as the console's handlers see them. */
export interface ConsoleStaff {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  regionCode: string | null;
  language: ConsoleLanguage;
}

export interface ConsoleSession {
  staff: ConsoleStaff;
  /** Every state-changing form of this session must carry it. */
  csrfToken: string;
  /** Safe to log or keep in an audit trail: it cannot be turned back into the cookie. */
  sessionIdHash: string;
}

const secretBytes = 32;
/** 32 bytes in unpadded base64url. */
const cookiePattern = /^[A-Za-z0-9_-]{43}$/;
/** However active, a session ends a week after sign-in: a stolen cookie cannot live forever. */
export const consoleSessionMaxAgeMs = 7 * 24 * 60 * 60 * 1000;
/** Extending on every request would turn each page view into a write. */
const slideResolutionMs = 60_000;

/** The column holds free text; anything but English is shown in Indonesian, the default. */
export function consoleLanguage(value: string): ConsoleLanguage {
  return value === "en" ? "en" : "id";
}

function randomSecret(): string {
  return crypto.randomBytes(secretBytes).toString("base64url");
}

function cappedExpiry(createdAt: Date, now: Date, lifetimeMs: number): Date {
  return new Date(
    Math.min(now.getTime() + lifetimeMs, createdAt.getTime() + consoleSessionMaxAgeMs),
  );
}

/** Starts a session; `cookieValue` exists only in the return value and the browser. */
export async function createConsoleSession(
  db: DbOrTx,
  staffId: string,
  now: Date,
  lifetimeMs: number,
): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
  const cookieValue = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = cappedExpiry(now, now, lifetimeMs);
  await db.insert(staffSessions).values({
    idHash: hashToken(cookieValue),
    staffId,
    csrfToken,
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
  });
  return { cookieValue, csrfToken, expiresAt };
}

/**
 * The session a cookie stands for, or undefined when it is malformed, unknown, expired (idle
 * for `lifetimeMs`, or a week old), or its account is disabled. Use slides the idle expiry to
 * `now + lifetimeMs`, written at most once a minute.
 */
export async function readConsoleSession(
  db: DbOrTx,
  cookieValue: string,
  now: Date,
  lifetimeMs: number,
): Promise<ConsoleSession | undefined> {
  if (!cookiePattern.test(cookieValue)) return undefined;
  const idHash = hashToken(cookieValue);
  const [row] = await db
    .select({
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      regionCode: staff.regionCode,
      language: staff.language,
      csrfToken: staffSessions.csrfToken,
      createdAt: staffSessions.createdAt,
      lastSeenAt: staffSessions.lastSeenAt,
    })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.idHash, idHash),
        gt(staffSessions.expiresAt, now),
        isNull(staff.disabledAt),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  // Also checked here, not only through expiresAt: a session created with a longer lifetime
  // setting than today's must still end on time.
  if (now.getTime() >= row.createdAt.getTime() + consoleSessionMaxAgeMs) return undefined;
  if (now.getTime() - row.lastSeenAt.getTime() >= slideResolutionMs) {
    await db
      .update(staffSessions)
      .set({ expiresAt: cappedExpiry(row.createdAt, now, lifetimeMs), lastSeenAt: now })
      .where(eq(staffSessions.idHash, idHash));
  }
  return {
    staff: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      regionCode: row.regionCode,
      language: consoleLanguage(row.language),
    },
    csrfToken: row.csrfToken,
    sessionIdHash: idHash,
  };
}

/** Signs out one session (the "log out" button); false when it was unknown or already over. */
export async function endConsoleSession(db: DbOrTx, cookieValue: string): Promise<boolean> {
  if (!cookiePattern.test(cookieValue)) return false;
  const rows = await db
    .delete(staffSessions)
    .where(eq(staffSessions.idHash, hashToken(cookieValue)))
    .returning({ idHash: staffSessions.idHash });
  return rows.length > 0;
}

/** Signs a staff member out everywhere; returns how many sessions ended. */
export async function endAllConsoleSessions(db: DbOrTx, staffId: string): Promise<number> {
  const rows = await db
    .delete(staffSessions)
    .where(eq(staffSessions.staffId, staffId))
    .returning({ idHash: staffSessions.idHash });
  return rows.length;
}

/** Deletes sessions that can no longer be used, for a periodic clean-up job. */
export async function deleteExpiredConsoleSessions(db: DbOrTx, now: Date): Promise<number> {
  const rows = await db
    .delete(staffSessions)
    .where(
      or(
        lte(staffSessions.expiresAt, now),
        lte(staffSessions.createdAt, new Date(now.getTime() - consoleSessionMaxAgeMs)),
      ),
    )
    .returning({ idHash: staffSessions.idHash });
  return rows.length;
}
