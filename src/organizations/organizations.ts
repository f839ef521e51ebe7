import { createHash } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { generateTicketCode, parseTicketCode, type RandomBytes } from "../reports/ticket-code";
import type { DbOrTx } from "../storage/database";
import { type OrganizationKind, organizationKinds, organizations } from "../storage/schema";

export { type OrganizationKind, organizationKinds };

/**
 * Invite codes look like ticket codes, with a check character: "ORG-XXXX-XXXX" for an ormas,
 * "LSN-XXXX-XXXX" for a party's liaisons, so a code says what it opens before it is looked up.
 */
export const invitePrefixes: Record<OrganizationKind, string> = { ormas: "ORG", party: "LSN" };

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  regionCode: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export class OrganizationError extends Error {
  override name = "OrganizationError";
}

const hashInvite = (code: string) => createHash("sha256").update(code, "utf8").digest("hex");

export function isOrganizationKind(value: string): value is OrganizationKind {
  return (organizationKinds as readonly string[]).includes(value);
}

/** Registers an organisation; returns it with its invite code, which is shown only now. */
export async function addOrganization(
  db: DbOrTx,
  input: { name: string; regionCode: string; kind?: OrganizationKind },
  random?: RandomBytes,
): Promise<{ organization: Organization; inviteCode: string }> {
  const name = input.name.trim();
  const kind = input.kind ?? "ormas";
  if (!isOrganizationKind(kind)) {
    throw new OrganizationError('The kind must be "ormas" or "party".');
  }
  if (name.length < 2 || name.length > 120) {
    throw new OrganizationError("The name must be 2 to 120 characters.");
  }
  if (!/^\d{2}(\.\d{2})?$/.test(input.regionCode.trim())) {
    throw new OrganizationError("The region must be a province (19) or kab/kota (19.06) code.");
  }
  const inviteCode = generateTicketCode(invitePrefixes[kind], random);
  const [row] = await db
    .insert(organizations)
    .values({
      name,
      kind,
      regionCode: input.regionCode.trim(),
      inviteCodeHash: hashInvite(inviteCode),
    })
    .returning();
  if (!row) throw new OrganizationError("The organisation could not be stored.");
  return { organization: row, inviteCode };
}

export async function listOrganizations(db: DbOrTx): Promise<Organization[]> {
  return db.select().from(organizations).orderBy(asc(organizations.createdAt));
}

/**
 * The organisation an invite code (as typed, any case or spacing) opens, if it is valid: an
 * "ORG-" code opens only an ormas, an "LSN-" code only a party group.
 */
export async function findByInvite(db: DbOrTx, typed: string): Promise<Organization | undefined> {
  for (const kind of organizationKinds) {
    const code = parseTicketCode(typed, invitePrefixes[kind]);
    if (!code) continue;
    const [row] = await db
      .select()
      .from(organizations)
      .where(
        and(
          eq(organizations.inviteCodeHash, hashInvite(code)),
          eq(organizations.kind, kind),
          isNull(organizations.revokedAt),
        ),
      );
    return row;
  }
  return undefined;
}
