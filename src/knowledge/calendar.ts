/**
 * "What stage of which election is it today, here?" over the dated events in calendar-data.ts.
 *
 * Pure: every function takes `now` and reads nothing else (no clock, no TZ, no I/O). Days are
 * WIB calendar days (UTC+7 all year, no DST), computed from the UTC instant, so a server in any
 * time zone agrees on when masa tenang starts at 00:00 WIB.
 *
 * Places are Kemendagri codes: "19" (province), "19.71" (kab/kota), "19.71.01" (kecamatan) or
 * "19.71.01.1001" (desa/kelurahan). A place matches national events, events scoped to its
 * province, and events scoped to its kab/kota. A province code alone does not match events of
 * only some of its kab/kota (the 2025 re-run was not province-wide); those are reported as
 * `elsewhere` instead. Without a place only national events apply, and local ones likewise go
 * to `elsewhere`, so callers can still mention the re-run.
 *
 * The data ends on 27 Aug 2025 on purpose (no 2029+ date is confirmed), so after that
 * `nextVoting` is `undefined`: callers say the next date is "belum ditetapkan" and never guess.
 */

import {
  type ElectionEvent,
  type ElectionEventKind,
  type ElectionId,
  electionEvents,
} from "./calendar-data";

export type { ElectionEvent, ElectionEventKind, ElectionId } from "./calendar-data";

/** The stage a place is in; a voting event is reported as "voting_day". */
export type CalendarPhase = Exclude<ElectionEventKind, "voting"> | "voting_day";

export type CalendarStatus =
  | {
      phase: CalendarPhase;
      /** The stage that matters most today (voting > masa tenang > campaign > counting > …). */
      event: ElectionEvent;
      election: ElectionId;
      /** Every event under way here today, most important first (`event` is the first). */
      events: ElectionEvent[];
      /** Events under way today that do not apply to this place. */
      elsewhere: ElectionEvent[];
    }
  | { phase: "none"; elsewhere: ElectionEvent[] };

export type RelativeTime =
  | { when: "past"; daysAgo: number }
  /** `dayOf` counts from 1 on the first day; `days` is the length of the event. */
  | { when: "ongoing"; dayOf: number; days: number }
  /** `daysUntil` is the n of "H-n". */
  | { when: "upcoming"; daysUntil: number };

export interface LastVoting {
  /** The latest voting day before today that applied to this place. */
  event: ElectionEvent;
  /**
   * Later past voting days elsewhere, oldest first: for no place or Belitung Timur this is the
   * 27 Aug 2025 re-run in Kab. Bangka and Kota Pangkalpinang.
   */
  laterElsewhere: ElectionEvent[];
}

export interface ElectionCalendar {
  /** All events, sorted by start date then id. */
  readonly events: readonly ElectionEvent[];
  jakartaDate(now: Date): string;
  /** Whether an event applies to a place (no place: national events only). */
  appliesTo(event: ElectionEvent, regionCode?: string): boolean;
  statusAt(now: Date, regionCode?: string): CalendarStatus;
  /** The voting day today or later for this place, or `undefined` ("belum ditetapkan"). */
  nextVoting(now: Date, regionCode?: string): ElectionEvent | undefined;
  /** The most recent voting day strictly before today for this place. */
  lastVoting(now: Date, regionCode?: string): LastVoting | undefined;
  relative(now: Date, event: ElectionEvent): RelativeTime;
}

const DAY_MS = 86_400_000;
// WIB is UTC+7 all year with no DST, so a fixed offset is exact.
const JAKARTA_OFFSET_MS = 7 * 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Province, kab/kota, kecamatan, desa/kelurahan.
const REGION_CODE = /^(\d{2})(?:\.(\d{2})(?:\.\d{2}(?:\.\d{4})?)?)?$/;

// Lower ranks win when several events are under way on one day (e.g. voting and counting).
const KIND_RANK: Record<ElectionEventKind, number> = {
  voting: 0,
  masa_tenang: 1,
  campaign: 2,
  counting: 3,
  candidacy: 4,
  voter_list: 5,
  other: 6,
};
const SCOPE_RANK = { regency: 0, province: 1, national: 2 } as const;

/** The WIB calendar day of an instant, as YYYY-MM-DD. */
export function jakartaDate(now: Date): string {
  const time = now.getTime();
  if (Number.isNaN(time)) throw new RangeError("jakartaDate: invalid Date");
  return new Date(time + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a YYYY-MM-DD string, or NaN if it is not a real date. */
function dayNumber(iso: string): number {
  const match = ISO_DATE.exec(iso);
  if (!match) return Number.NaN;
  const [, y, m, d] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return Number.NaN;
  }
  return date.getTime() / DAY_MS;
}

/** Throws when an event's dates are not real days or end before they start. */
export function validateEvent(event: ElectionEvent): void {
  const start = dayNumber(event.start);
  const end = dayNumber(event.end);
  if (Number.isNaN(start) || Number.isNaN(end)) {
    throw new RangeError(`calendar event ${event.id}: invalid date ${event.start}..${event.end}`);
  }
  if (end < start) {
    throw new RangeError(`calendar event ${event.id}: ends before it starts`);
  }
  if (event.scope.level !== "national" && event.scope.codes.length === 0) {
    throw new RangeError(`calendar event ${event.id}: empty scope`);
  }
}

interface Place {
  province: string;
  regency?: string;
}

function parsePlace(regionCode: string | undefined): Place | undefined {
  if (regionCode === undefined) return undefined;
  const match = REGION_CODE.exec(regionCode.trim());
  const province = match?.[1];
  if (!match || province === undefined) {
    throw new RangeError(`calendar: not a Kemendagri region code: ${JSON.stringify(regionCode)}`);
  }
  const regency = match[2];
  return regency === undefined ? { province } : { province, regency: `${province}.${regency}` };
}

function applies(event: ElectionEvent, place: Place | undefined): boolean {
  const scope = event.scope;
  switch (scope.level) {
    case "national":
      return true;
    case "province":
      return place !== undefined && scope.codes.includes(place.province);
    case "regency":
      return place?.regency !== undefined && scope.codes.includes(place.regency);
  }
}

function byImportance(a: ElectionEvent, b: ElectionEvent): number {
  return (
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    SCOPE_RANK[a.scope.level] - SCOPE_RANK[b.scope.level] ||
    b.start.localeCompare(a.start) ||
    a.id.localeCompare(b.id)
  );
}

function byStart(a: ElectionEvent, b: ElectionEvent): number {
  return a.start.localeCompare(b.start) || a.end.localeCompare(b.end) || a.id.localeCompare(b.id);
}

export function createElectionCalendar(
  events: readonly ElectionEvent[] = electionEvents,
): ElectionCalendar {
  for (const event of events) validateEvent(event);
  const sorted = [...events].sort(byStart);
  const votings = sorted.filter((event) => event.kind === "voting");

  return {
    events: sorted,
    jakartaDate,

    appliesTo(event, regionCode) {
      return applies(event, parsePlace(regionCode));
    },

    statusAt(now, regionCode) {
      const place = parsePlace(regionCode);
      const today = jakartaDate(now);
      const active = sorted.filter((event) => event.start <= today && today <= event.end);
      const here = active.filter((event) => applies(event, place)).sort(byImportance);
      const elsewhere = active.filter((event) => !applies(event, place)).sort(byImportance);
      const first = here[0];
      if (first === undefined) return { phase: "none", elsewhere };
      return {
        phase: first.kind === "voting" ? "voting_day" : first.kind,
        event: first,
        election: first.election,
        events: here,
        elsewhere,
      };
    },

    nextVoting(now, regionCode) {
      const place = parsePlace(regionCode);
      const today = jakartaDate(now);
      return votings.find((event) => event.end >= today && applies(event, place));
    },

    lastVoting(now, regionCode) {
      const place = parsePlace(regionCode);
      const today = jakartaDate(now);
      const past = votings.filter((event) => event.end < today);
      const event = past.filter((candidate) => applies(candidate, place)).at(-1);
      if (event === undefined) return undefined;
      const laterElsewhere = past.filter(
        (candidate) => candidate.end > event.end && !applies(candidate, place),
      );
      return { event, laterElsewhere };
    },

    relative(now, event) {
      const today = dayNumber(jakartaDate(now));
      const start = dayNumber(event.start);
      const end = dayNumber(event.end);
      if (Number.isNaN(start) || Number.isNaN(end)) {
        throw new RangeError(`calendar event ${event.id}: invalid date`);
      }
      if (today < start) return { when: "upcoming", daysUntil: start - today };
      if (today > end) return { when: "past", daysAgo: today - end };
      return { when: "ongoing", dayOf: today - start + 1, days: end - start + 1 };
    },
  };
}
