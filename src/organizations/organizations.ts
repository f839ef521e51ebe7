import { createHash } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { generateTicketCode, parseTicketCode, type RandomBytes } from "../reports/ticket-code";
import type { DbOrTx } from "../storage/database";
import { organizations } from "../storage/schema";

/** Invite codes look like ticket codes ("ORG-XXXX-XXXX", with a check character). */
export const invitePrefix = "ORG";

export interface Organization {
  id: string;
  name: string;
  regionCode: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export class OrganizationError extends Error {
  override name = "OrganizationError";
}

const hashInvite = (code: string) => createHash("sha256").update(code, "utf8").digest("hex");

/** Registers an organisation; returns it with its invite code, which is shown only now. */
export async function addOrganization(
  db: DbOrTx,
  input: { name: string; regionCode: string },
  random?: RandomBytes,
): Promise<{ organization: Organization; inviteCode: string }> {
  const name = input.name.trim();
  if (name.length < 2 || name.length > 120) {
    throw new OrganizationError("The name must be 2 to 120 characters.");
  }
  if (!/^\d{2}(\.\d{2})?$/.test(input.regionCode.trim())) {
    throw new OrganizationError("The region must be a province (19) or kab/kota (19.06) code.");
  }
  const inviteCode = generateTicketCode(invitePrefix, random);
  const [row] = await db
    .insert(organizations)
    .values({ name, regionCode: input.regionCode.trim(), inviteCodeHash: hashInvite(inviteCode) })
    .returning();
  if (!row) throw new OrganizationError("The organisation could not be stored.");
  return { organization: row, inviteCode };
}

export async function listOrganizations(db: DbOrTx): Promise<Organization[]> {
  return db.select().from(organizations).orderBy(asc(organizations.createdAt));
}

/** The organisation an invite code (as typed, any case or spacing) opens, if it is valid. */
export async function findByInvite(db: DbOrTx, typed: string): Promise<Organization | undefined> {
  const code = parseTicketCode(typed, invitePrefix);
  if (!code) return undefined;
  const [row] = await db
    .select()
    .from(organizations)
    .where(
      and(eq(organizations.inviteCodeHash, hashInvite(code)), isNull(organizations.revokedAt)),
    );
  return row;
}
