import { and, count, eq, gte, lt, ne, type SQL, sql } from "drizzle-orm";
import type { ChannelId } from "../channels/types";
import { jakartaDate } from "../knowledge/calendar";
import {
  type ReportCategory,
  type ReportStage,
  reportCategories,
  reportStages,
} from "../reports/categories";
import type { DbOrTx } from "../storage/database";
import { regions, reports } from "../storage/schema";
import { regionScopeCondition, type StaffScope } from "./scope";

/** Stages that count on the dashboard: every stage except "spam". */
export type DashboardStage = Exclude<ReportStage, "spam">;

export const dashboardStages = reportStages.filter(
  (stage): stage is DashboardStage => stage !== "spam",
);

export const dashboardChannels = ["webchat", "telegram", "whatsapp"] as const satisfies ChannelId[];

export interface RegencyCategoryCounts {
  /** `19.06`; null for reports without a region (only admins, who see everything, get these). */
  regencyCode: string | null;
  /** `Kabupaten Belitung Timur` from the regions table; null when unknown or without a region. */
  regencyName: string | null;
  /** Every category, zero included, in the order of `reportCategories`. */
  counts: Record<ReportCategory, number>;
  total: number;
}

export interface Dashboard {
  /** The window, WIB calendar days, both ends included: `days` days ending today. */
  from: string;
  to: string;
  days: number;
  /**
   * Every kab/kota in the staff member's area (zero rows included, by code), then reports
   * without a region if there are any.
   */
  byCategoryRegency: RegencyCategoryCounts[];
  /** Every WIB day of the window, oldest first, zero days included. */
  byDay: { date: string; count: number }[];
  byChannel: Record<ChannelId, number>;
  byStage: Record<DashboardStage, number>;
  total: number;
}

export interface DashboardOptions {
  now: Date;
  /** How many WIB days, ending today, the figures cover (default 30). */
  days?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The instant a WIB calendar day (`YYYY-MM-DD`) starts. */
function startOfJakartaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - JAKARTA_OFFSET_MS);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/**
 * Counts for the staff dashboard: reports created in the last `days` WIB days (today
 * included), within the staff member's area, spam left out. Every figure covers the same
 * window, so `total` equals the sum of `byDay`, of `byChannel`, of `byStage` and of
 * `byCategoryRegency[].total`. Five GROUP BY queries, whatever the number of reports.
 */
export async function loadDashboard(
  db: DbOrTx,
  scope: StaffScope,
  options: DashboardOptions,
): Promise<Dashboard> {
  const days = options.days ?? 30;
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new RangeError(`loadDashboard: days must be an integer from 1 to 366, got ${days}`);
  const to = jakartaDate(options.now);
  const from = addDays(to, -(days - 1));
  const since = startOfJakartaDay(from);
  const until = startOfJakartaDay(addDays(to, 1));

  const where = and(
    regionScopeCondition(scope, reports.regionCode),
    ne(reports.stage, "spam"),
    gte(reports.createdAt, since),
    lt(reports.createdAt, until),
  ) as SQL;
  // Literal lengths (not parameters), so the GROUP BY expression matches the SELECT one.
  const regencyCode = sql<string | null>`left(${reports.regionCode}, 5)`;
  const day = sql<string>`to_char(${reports.createdAt} at time zone 'Asia/Jakarta', 'YYYY-MM-DD')`;

  const [byCategory, regencies, dayRows, channelRows, stageRows] = await Promise.all([
    db
      .select({ category: reports.category, regencyCode, n: count() })
      .from(reports)
      .where(where)
      .groupBy(reports.category, regencyCode),
    db
      .select({ code: regions.code, name: regions.name })
      .from(regions)
      .where(and(eq(regions.level, "regency"), regionScopeCondition(scope, regions.code)))
      .orderBy(regions.code),
    db.select({ day, n: count() }).from(reports).where(where).groupBy(day),
    db
      .select({ channel: reports.channel, n: count() })
      .from(reports)
      .where(where)
      .groupBy(reports.channel),
    db
      .select({ stage: reports.stage, n: count() })
      .from(reports)
      .where(where)
      .groupBy(reports.stage),
  ]);

  const rows = new Map<string | null, RegencyCategoryCounts>();
  const row = (code: string | null, name: string | null) => {
    let found = rows.get(code);
    if (!found) {
      found = { regencyCode: code, regencyName: name, counts: zeros(reportCategories), total: 0 };
      rows.set(code, found);
    }
    return found;
  };
  for (const regency of regencies) row(regency.code, regency.name);
  // Without a region last; a code outside the seeded regions keeps its place by code.
  const names = new Map(regencies.map((r) => [r.code, r.name]));
  for (const { category, regencyCode: code, n } of byCategory) {
    const target = row(code, code === null ? null : (names.get(code) ?? null));
    target.counts[category as ReportCategory] =
      (target.counts[category as ReportCategory] ?? 0) + n;
    target.total += n;
  }
  const byCategoryRegency = [...rows.values()].sort((a, b) =>
    a.regencyCode === b.regencyCode
      ? 0
      : a.regencyCode === null
        ? 1
        : b.regencyCode === null
          ? -1
          : a.regencyCode < b.regencyCode
            ? -1
            : 1,
  );

  const perDay = new Map(dayRows.map((r) => [r.day, r.n]));
  const byDay = Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i);
    return { date, count: perDay.get(date) ?? 0 };
  });

  const byChannel = zeros(dashboardChannels);
  for (const { channel, n } of channelRows)
    byChannel[channel as ChannelId] = (byChannel[channel as ChannelId] ?? 0) + n;

  const byStage = zeros(dashboardStages);
  let total = 0;
  for (const { stage, n } of stageRows) {
    byStage[stage as DashboardStage] = (byStage[stage as DashboardStage] ?? 0) + n;
    total += n;
  }

  return { from, to, days, byCategoryRegency, byDay, byChannel, byStage, total };
}
