import { type Column, or, type SQL, sql } from "drizzle-orm";
import type { StaffRole } from "../storage/schema";

/** Who is asking: enough to decide what they may see. */
export interface StaffScope {
  id: string;
  role: StaffRole;
  /** A province (`19`) or kabupaten/kota (`19.06`); null = everywhere. */
  regionCode: string | null;
}

/**
 * The rows a staff member may see, as a condition on a region-code column: their area and
 * everything under it (`19.06` covers `19.06.01.2006`). An officer never sees rows without a
 * region; staff without a region (admins) see everything.
 */
export function regionScopeCondition(scope: StaffScope, column: Column): SQL | undefined {
  if (scope.regionCode === null) return undefined;
  const code = scope.regionCode;
  return or(sql`${column} = ${code}`, sql`${column} like ${`${code}.%`}`) as SQL;
}

/** Whether one region code lies within a staff member's area (for rows already loaded). */
export function inScope(scope: StaffScope, regionCode: string | null): boolean {
  if (scope.regionCode === null) return true;
  if (regionCode === null) return false;
  return regionCode === scope.regionCode || regionCode.startsWith(`${scope.regionCode}.`);
}
