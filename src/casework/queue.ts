import {
  and,
  count,
  desc,
  eq,
  exists,
  gte,
  inArray,
  lt,
  notInArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { jakartaDate } from "../knowledge/calendar";
import type { Keyring } from "../privacy/keyring";
import { maskPhonesInText } from "../privacy/phone";
import { type ReportStage, reportingWindowDays } from "../reports/categories";
import { reportAad } from "../reports/sealing";
import type { DbOrTx } from "../storage/database";
import { organizations, reportEvidence, reports, staff } from "../storage/schema";
import { regionScopeCondition, type StaffScope } from "./scope";

export interface QueueFilters {
  type?: "report" | "tip" | undefined;
  stage?: ReportStage | undefined;
  category?: string | undefined;
  /** A kab/kota (`19.06`) or any code: the reports in it and under it. */
  region?: string | undefined;
  /** WIB days, inclusive, `YYYY-MM-DD`. */
  from?: string | undefined;
  to?: string | undefined;
  channel?: string | undefined;
  organizationId?: string | undefined;
  hasEvidence?: boolean | undefined;
  /** Still lacks something for a formal report. */
  incomplete?: boolean | undefined;
  /** A ticket code (exact, any spelling of dashes and case). */
  ticket?: string | undefined;
  /** Words to find in the story; decrypted in the application over a bounded set. */
  text?: string | undefined;
}

/** Free-text search decrypts at most this many of the newest reports in scope. */
export const textSearchBound = { days: 90, reports: 2000 } as const;

export interface QueueItem {
  id: string;
  ticket: string;
  type: "report" | "tip";
  stage: ReportStage;
  category: string;
  regionCode: string | null;
  channel: string;
  createdAt: Date;
  knownOn: string;
  /** Whole days since it was filed (WIB). */
  ageDays: number;
  /**
   * Days left of the 7-day window since the violation became known (0 = last day; negative =
   * past it). Only meaningful for a case that is still being decided.
   */
  windowDaysLeft: number;
  hasEvidence: boolean;
  relayedBy: string | null;
  assignedTo: string | null;
  missingForFormal: string[];
}

const dayMs = 86_400_000;
const dayNumber = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`) / dayMs;
const jakartaDayStart = (isoDay: string) => new Date(`${isoDay}T00:00:00+07:00`);

/** `LPR-0123-4568`, however it was typed. */
export function normalizeTicket(value: string): string {
  const compact = value.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return compact.length === 11
    ? `${compact.slice(0, 3)}-${compact.slice(3, 7)}-${compact.slice(7)}`
    : value.trim().toUpperCase();
}

const hasEvidenceSql = (db: DbOrTx) =>
  exists(
    db.select({ one: sql`1` }).from(reportEvidence).where(eq(reportEvidence.reportId, reports.id)),
  );

/** Stages that leave the queue: shown only when asked for by stage. */
const hiddenStages: ReportStage[] = ["spam", "dicabut"];

/** The queue's conditions: scope, the stage (spam and withdrawn only when asked for), filters. */
export function queueConditions(db: DbOrTx, scope: StaffScope, filters: QueueFilters): SQL[] {
  const stage = filters.stage
    ? eq(reports.stage, filters.stage)
    : notInArray(reports.stage, hiddenStages);
  return [stage, ...filterConditions(db, scope, filters)];
}

/** Scope and every filter but the stage. */
function filterConditions(db: DbOrTx, scope: StaffScope, filters: QueueFilters): SQL[] {
  const conditions: SQL[] = [];
  const inScope = regionScopeCondition(scope, reports.regionCode);
  if (inScope) conditions.push(inScope);
  if (filters.type) conditions.push(eq(reports.track, filters.type));
  if (filters.category) conditions.push(eq(reports.category, filters.category));
  if (filters.region) {
    const region = regionScopeCondition(
      { id: "", role: "viewer", regionCode: filters.region },
      reports.regionCode,
    );
    if (region) conditions.push(region);
  }
  if (filters.from) conditions.push(gte(reports.createdAt, jakartaDayStart(filters.from)));
  if (filters.to) {
    const next = new Date(jakartaDayStart(filters.to).getTime() + dayMs);
    conditions.push(lt(reports.createdAt, next));
  }
  if (filters.channel) conditions.push(eq(reports.channel, filters.channel));
  if (filters.organizationId) conditions.push(eq(reports.relayedByOrgId, filters.organizationId));
  if (filters.hasEvidence === true) conditions.push(hasEvidenceSql(db));
  if (filters.hasEvidence === false) conditions.push(sql`not ${hasEvidenceSql(db)}`);
  // Every filed report still needs the signed form handed in; "incomplete" means more than that.
  const lacking = sql`jsonb_array_length(${reports.missingForFormal} - 'signed_form')`;
  if (filters.incomplete === true) conditions.push(sql`${lacking} > 0`);
  if (filters.incomplete === false) conditions.push(sql`${lacking} = 0`);
  if (filters.ticket) conditions.push(eq(reports.ticketCode, normalizeTicket(filters.ticket)));
  return conditions;
}

interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeCursor(value: string): Cursor | undefined {
  const [at, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (!at || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const createdAt = new Date(at);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id };
}

const itemColumns = (db: DbOrTx) => ({
  id: reports.id,
  ticket: reports.ticketCode,
  track: reports.track,
  stage: reports.stage,
  category: reports.category,
  regionCode: reports.regionCode,
  channel: reports.channel,
  createdAt: reports.createdAt,
  knownOn: reports.knownOn,
  missingForFormal: reports.missingForFormal,
  relayedBy: organizations.name,
  assignedTo: staff.name,
  hasEvidence: sql<boolean>`${hasEvidenceSql(db)}`.mapWith(Boolean),
});

type ItemRow = {
  id: string;
  ticket: string;
  track: string;
  stage: string;
  category: string;
  regionCode: string | null;
  channel: string;
  createdAt: Date;
  knownOn: string;
  missingForFormal: string[];
  relayedBy: string | null;
  assignedTo: string | null;
  hasEvidence: boolean;
};

function toItem(row: ItemRow, today: number): QueueItem {
  return {
    id: row.id,
    ticket: row.ticket,
    type: row.track === "report" ? "report" : "tip",
    stage: row.stage as ReportStage,
    category: row.category,
    regionCode: row.regionCode,
    channel: row.channel,
    createdAt: row.createdAt,
    knownOn: row.knownOn,
    ageDays: today - dayNumber(jakartaDate(row.createdAt)),
    windowDaysLeft: reportingWindowDays - (today - dayNumber(row.knownOn)),
    hasEvidence: row.hasEvidence,
    relayedBy: row.relayedBy,
    assignedTo: row.assignedTo,
    missingForFormal: row.missingForFormal,
  };
}

/**
 * One page of the queue, newest first. Everything but `text` is answered by the database
 * without decrypting; `text` decrypts the stories of the newest reports in scope (at most
 * `textSearchBound`) and matches in the application.
 */
export async function listQueue(
  db: DbOrTx,
  keyring: Keyring,
  scope: StaffScope,
  filters: QueueFilters,
  options: { now: Date; limit?: number; cursor?: string },
): Promise<{ items: QueueItem[]; nextCursor?: string; searchedReports?: number }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const conditions = queueConditions(db, scope, filters);
  const today = dayNumber(jakartaDate(options.now));
  let searched: number | undefined;
  if (filters.text?.trim()) {
    const ids = await searchStories(db, keyring, conditions, filters.text, options.now);
    searched = ids.searched;
    if (ids.matches.length === 0) return { items: [], searchedReports: searched };
    conditions.push(inArray(reports.id, ids.matches));
  }
  const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
  if (cursor) {
    conditions.push(
      or(
        lt(reports.createdAt, cursor.createdAt),
        and(eq(reports.createdAt, cursor.createdAt), lt(reports.id, cursor.id)),
      ) as SQL,
    );
  }
  const rows = await db
    .select(itemColumns(db))
    .from(reports)
    .leftJoin(organizations, eq(organizations.id, reports.relayedByOrgId))
    .leftJoin(staff, eq(staff.id, reports.assignedTo))
    .where(and(...conditions))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((row) => toItem(row, today));
  const last = items.at(-1);
  return {
    items,
    ...(rows.length > limit && last ? { nextCursor: encodeCursor(last) } : {}),
    ...(searched !== undefined ? { searchedReports: searched } : {}),
  };
}

const words = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .split(/\s+/)
    .filter(Boolean);

async function searchStories(
  db: DbOrTx,
  keyring: Keyring,
  conditions: SQL[],
  text: string,
  now: Date,
): Promise<{ matches: string[]; searched: number }> {
  const since = new Date(now.getTime() - textSearchBound.days * dayMs);
  const rows = await db
    .select({ id: reports.id, story: reports.storySealed, terlapor: reports.terlaporSealed })
    .from(reports)
    .where(and(...conditions, gte(reports.createdAt, since)))
    .orderBy(desc(reports.createdAt))
    .limit(textSearchBound.reports);
  const wanted = words(text);
  const matches: string[] = [];
  for (const row of rows) {
    // Searched as staff read it, numbers masked: a search must not spell out a masked number.
    const story = maskPhonesInText(keyring.openText(row.story, reportAad.story));
    const terlapor = row.terlapor
      ? maskPhonesInText(keyring.openText(row.terlapor, reportAad.terlapor))
      : "";
    const haystack = ` ${words(`${story} ${terlapor}`).join(" ")} `;
    if (wanted.every((word) => haystack.includes(word))) matches.push(row.id);
  }
  return { matches, searched: rows.length };
}

/** Reports per stage (spam included) under the same scope and filters, the stage aside. */
export async function stageCounts(
  db: DbOrTx,
  scope: StaffScope,
  filters: QueueFilters,
): Promise<Record<string, number>> {
  const rows = await db
    .select({ stage: reports.stage, n: count() })
    .from(reports)
    .where(and(...filterConditions(db, scope, filters)))
    .groupBy(reports.stage);
  return Object.fromEntries(rows.map((row) => [row.stage, row.n]));
}
