import crypto from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../storage/database";
import { type StaffRole, staff, staffTokens } from "../storage/schema";

export const TOKEN_PREFIX = "awas_";
const tokenBytes = 32;
/** `awas_` + 32 bytes in unpadded base64url (43 characters). */
const tokenPattern = /^awas_[A-Za-z0-9_-]{43}$/;
/** Writing `lastUsedAt` on every request would turn each read into a write. */
const lastUsedResolutionMs = 60_000;

/** Who a valid token belongs to; what request handlers see as `c.get("staff")`. */
export interface AuthenticatedStaff {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  regionCode: string | null;
  /** The console language, also used for API error messages. */
  language: "id" | "en";
  /** The token used, so a later audit log can say which one acted. */
  tokenId: string;
}

/**
 * SHA-256, not bcrypt/scrypt: slow hashes protect low-entropy passwords from guessing after a
 * leak. These tokens carry 256 random bits, so nobody can guess them from a hash either way,
 * and a fast hash lets us look a token up directly by its unique index.
 */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** Creates a token and returns the plaintext, the only time it exists outside the caller. */
export async function issueToken(db: DbOrTx, staffId: string, label?: string): Promise<string> {
  const token = TOKEN_PREFIX + crypto.randomBytes(tokenBytes).toString("base64url");
  await db
    .insert(staffTokens)
    .values({ staffId, tokenHash: hashToken(token), label: label?.trim() || null });
  return token;
}

/**
 * The staff member a token belongs to, or undefined when the token is malformed, unknown,
 * revoked, or its account is disabled. The lookup goes by hash, so no secret is compared
 * byte by byte here.
 */
export async function verifyToken(
  db: DbOrTx,
  token: string,
  options: { now?: Date } = {},
): Promise<AuthenticatedStaff | undefined> {
  // Rejects junk without a database round trip.
  if (!tokenPattern.test(token)) return undefined;
  const [row] = await db
    .select({
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      regionCode: staff.regionCode,
      language: staff.language,
      tokenId: staffTokens.id,
      lastUsedAt: staffTokens.lastUsedAt,
    })
    .from(staffTokens)
    .innerJoin(staff, eq(staff.id, staffTokens.staffId))
    .where(
      and(
        eq(staffTokens.tokenHash, hashToken(token)),
        isNull(staffTokens.revokedAt),
        isNull(staff.disabledAt),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  const now = options.now ?? new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= lastUsedResolutionMs) {
    await db.update(staffTokens).set({ lastUsedAt: now }).where(eq(staffTokens.id, row.tokenId));
  }
  const { lastUsedAt: _lastUsedAt, language, ...authenticated } = row;
  return { ...authenticated, language: language === "en" ? "en" : "id" };
}

/** Revokes one token given in plaintext (e.g. "log out"); false when it was unknown or revoked. */
export async function revokeToken(db: DbOrTx, token: string): Promise<boolean> {
  if (!tokenPattern.test(token)) return false;
  const rows = await db
    .update(staffTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(staffTokens.tokenHash, hashToken(token)), isNull(staffTokens.revokedAt)))
    .returning({ id: staffTokens.id });
  return rows.length > 0;
}

/** Revokes every live token of one staff member; returns how many were revoked. */
export async function revokeStaffTokens(db: DbOrTx, staffId: string): Promise<number> {
  const rows = await db
    .update(staffTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(staffTokens.staffId, staffId), isNull(staffTokens.revokedAt)))
    .returning({ id: staffTokens.id });
  return rows.length;
}
