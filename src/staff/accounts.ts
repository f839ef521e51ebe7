import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../storage/database";
import { type StaffRole, staff, staffRoles } from "../storage/schema";

export type { StaffRole };
export { staffRoles };

export type StaffErrorCode =
  | "invalid_email"
  | "invalid_name"
  | "invalid_role"
  | "invalid_region"
  | "region_required"
  | "duplicate_email"
  | "unknown_email"
  | "staff_disabled";

/** A refusal a person can act on; `message` is one English sentence fit for the CLI. */
export class StaffError extends Error {
  override name = "StaffError";
  constructor(
    readonly code: StaffErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface StaffAccount {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  regionCode: string | null;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface AddStaffInput {
  email: string;
  name: string;
  /** Checked at run time: it often comes straight from a command line or a form. */
  role: string;
  /** Kemendagri code: a province (`19`) or a kabupaten/kota (`19.06`). */
  regionCode?: string | null;
}

export interface NormalizedStaffInput {
  email: string;
  name: string;
  role: StaffRole;
  regionCode: string | null;
}

// Deliberately loose: the only real check of an address is mail reaching it.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const regionPattern = /^\d{2}(\.\d{2})?$/;
const maxEmailLength = 254;
const maxNameLength = 200;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isStaffRole(value: string): value is StaffRole {
  return (staffRoles as readonly string[]).includes(value);
}

/**
 * Validates and normalizes without touching the database, so a caller (the CLI) can refuse
 * bad input before paying for a database start.
 */
export function normalizeStaffInput(input: AddStaffInput): NormalizedStaffInput {
  const email = normalizeEmail(input.email);
  if (email.length > maxEmailLength || !emailPattern.test(email)) {
    throw new StaffError("invalid_email", `"${input.email}" is not a valid email address.`);
  }
  const name = input.name.trim();
  if (name === "" || name.length > maxNameLength) {
    throw new StaffError("invalid_name", `A name must be 1 to ${maxNameLength} characters long.`);
  }
  const role = input.role.trim().toLowerCase();
  if (!isStaffRole(role)) {
    throw new StaffError(
      "invalid_role",
      `"${input.role}" is not a role; use one of: ${staffRoles.join(", ")}.`,
    );
  }
  const region = input.regionCode?.trim() || null;
  if (region !== null && !regionPattern.test(region)) {
    throw new StaffError(
      "invalid_region",
      `"${input.regionCode}" is not a Kemendagri region code; use a province like 19 or a kabupaten/kota like 19.06.`,
    );
  }
  // An officer's region is their scope: without one they would silently see everything.
  if (role === "officer" && region === null) {
    throw new StaffError("region_required", "An officer needs a region code (their scope).");
  }
  return { email, name, role, regionCode: region };
}

const accountColumns = {
  id: staff.id,
  email: staff.email,
  name: staff.name,
  role: staff.role,
  regionCode: staff.regionCode,
  createdAt: staff.createdAt,
  disabledAt: staff.disabledAt,
};

export async function addStaff(db: DbOrTx, input: AddStaffInput): Promise<StaffAccount> {
  const values = normalizeStaffInput(input);
  // ON CONFLICT instead of catching the driver's error: PGlite and postgres.js report unique
  // violations differently, and a pre-check alone would race with a concurrent insert.
  const [row] = await db
    .insert(staff)
    .values(values)
    .onConflictDoNothing({ target: staff.email })
    .returning(accountColumns);
  if (!row) {
    throw new StaffError("duplicate_email", `A staff account for ${values.email} already exists.`);
  }
  return row;
}

export async function findStaffByEmail(
  db: DbOrTx,
  email: string,
): Promise<StaffAccount | undefined> {
  const [row] = await db
    .select(accountColumns)
    .from(staff)
    .where(eq(staff.email, normalizeEmail(email)))
    .limit(1);
  return row;
}

export async function listStaff(db: DbOrTx): Promise<StaffAccount[]> {
  return db.select(accountColumns).from(staff).orderBy(asc(staff.createdAt), asc(staff.email));
}

/** Disabling keeps the row (and its history) but makes every token of the account fail. */
export async function disableStaff(db: DbOrTx, staffId: string): Promise<boolean> {
  const rows = await db
    .update(staff)
    // Keeps the first disabling time when called twice.
    .set({ disabledAt: sql`coalesce(${staff.disabledAt}, now())` })
    .where(eq(staff.id, staffId))
    .returning({ id: staff.id });
  return rows.length > 0;
}
