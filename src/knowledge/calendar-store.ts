/**
 * The election calendar in the database (`calendar_events`): seeded from calendar-data.ts,
 * edited by admins in the console, read back as the events the bot's dated answers use.
 *
 * Who owns a row: a row with `edited_at` set belongs to staff (they changed, added or removed
 * it) and a later seed never touches it; every other row belongs to the seed, which keeps it
 * equal to the shipped data (and retires a shipped event that a later version no longer ships).
 * A removed row (`removed_at`) is kept for the record and left out of the calendar.
 */

import { and, asc, eq, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
import { resources } from "../i18n/resources";
import type { DbOrTx } from "../storage/database";
import { calendarEvents, staff } from "../storage/schema";
import { jakartaDate, validateEvent } from "./calendar";
import {
  type ElectionEvent,
  type ElectionEventKind,
  type EventScope,
  electionEvents,
} from "./calendar-data";

type CalendarRow = typeof calendarEvents.$inferSelect;

/** Every kind an event may have, in the order the console offers them. */
export const eventKinds = [
  "voting",
  "masa_tenang",
  "campaign",
  "counting",
  "candidacy",
  "voter_list",
  "other",
] as const satisfies readonly ElectionEventKind[];
// A kind added to ElectionEventKind and not listed here fails to compile.
type UnlistedKind = Exclude<ElectionEventKind, (typeof eventKinds)[number]>;
const everyKindListed: [UnlistedKind] extends [never] ? true : never = true;
void everyKindListed;

export const scopeLevels = ["national", "province", "regency"] as const;
export type ScopeLevel = (typeof scopeLevels)[number];

/** Longest texts staff may store. */
export const calendarLimits = { electionName: 80, source: 200, note: 500 } as const;

const ELECTION_ID = /^[a-z][a-z0-9_]{2,39}$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const SCOPE_CODE: Record<Exclude<ScopeLevel, "national">, RegExp> = {
  province: /^\d{2}$/,
  regency: /^\d{2}\.\d{2}$/,
};

export interface ElectionNames {
  id: Record<string, string>;
  en: Record<string, string>;
}

export interface LoadedCalendar {
  events: ElectionEvent[];
  /** Names of elections the locales do not know (`ask:election.<id>`), from the rows. */
  electionNames: ElectionNames;
}

/** What the console form sends. Texts are trimmed here; empty optional texts count as absent. */
export interface CalendarEventInput {
  /** The event to change; absent for a new one (its id is made from election and kind). */
  id?: string | undefined;
  election: string;
  electionNameId?: string | undefined;
  electionNameEn?: string | undefined;
  kind: string;
  /** YYYY-MM-DD, WIB. */
  start: string;
  /** YYYY-MM-DD, WIB, inclusive. */
  end: string;
  scopeLevel: string;
  scopeCodes: readonly string[];
  source: string;
  note?: string | undefined;
}

export type CalendarProblem =
  | "not_found"
  | "election_invalid"
  | "election_names_missing"
  | "election_name_invalid"
  | "kind_unknown"
  | "date_invalid"
  | "end_before_start"
  | "scope_level_unknown"
  | "scope_codes_missing"
  | "scope_code_invalid"
  | "source_missing"
  | "source_too_long"
  | "note_too_long";

export type CalendarSaveResult =
  | { ok: true; id: string; created: boolean; event: ElectionEvent }
  | { ok: false; problems: CalendarProblem[] };

/** Elections whose names the locales carry (`ask:election.<id>` in both languages). */
export function localeElections(): Set<string> {
  const names = new Set<string>();
  for (const key of Object.keys(resources.id.ask ?? {})) {
    const match = /^election\.(.+)$/.exec(key);
    if (match?.[1] && resources.en.ask?.[key] !== undefined) names.add(match[1]);
  }
  return names;
}

function rowOf(event: ElectionEvent) {
  return {
    id: event.id,
    election: event.election,
    electionNameId: null,
    electionNameEn: null,
    kind: event.kind,
    startsOn: event.start,
    endsOn: event.end,
    scopeLevel: event.scope.level,
    scopeCodes: event.scope.level === "national" ? [] : [...event.scope.codes],
    source: event.source,
    note: event.note ?? null,
    rerunIn: event.rerunIn ? [...event.rerunIn] : null,
  };
}

/**
 * Writes the shipped events: new ones are added, the seed's own rows take the shipped data
 * (a retired one comes back if it is shipped again), and a seed row no longer shipped is
 * retired. Rows staff edited, added or removed (`edited_at` set) are left as they are.
 */
export async function seedCalendar(
  db: DbOrTx,
  events: readonly ElectionEvent[] = electionEvents,
): Promise<void> {
  for (const event of events) validateEvent(event);
  const t = calendarEvents;
  if (events.length > 0) {
    await db
      .insert(t)
      .values(events.map(rowOf))
      .onConflictDoUpdate({
        target: t.id,
        set: {
          election: sql`excluded.election`,
          electionNameId: sql`excluded.election_name_id`,
          electionNameEn: sql`excluded.election_name_en`,
          kind: sql`excluded.kind`,
          startsOn: sql`excluded.starts_on`,
          endsOn: sql`excluded.ends_on`,
          scopeLevel: sql`excluded.scope_level`,
          scopeCodes: sql`excluded.scope_codes`,
          source: sql`excluded.source`,
          note: sql`excluded.note`,
          rerunIn: sql`excluded.rerun_in`,
          removedAt: sql`null`,
          updatedAt: sql`now()`,
        },
        setWhere: sql`${t.editedAt} is null and (${t.removedAt} is not null or (${t.election}, ${t.electionNameId}, ${t.electionNameEn}, ${t.kind}, ${t.startsOn}, ${t.endsOn}, ${t.scopeLevel}, ${t.scopeCodes}, ${t.source}, ${t.note}, ${t.rerunIn}) is distinct from (excluded.election, excluded.election_name_id, excluded.election_name_en, excluded.kind, excluded.starts_on, excluded.ends_on, excluded.scope_level, excluded.scope_codes, excluded.source, excluded.note, excluded.rerun_in))`,
      });
  }
  const shipped = events.map((event) => event.id);
  await db
    .update(t)
    .set({ removedAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        isNull(t.editedAt),
        isNull(t.removedAt),
        shipped.length > 0 ? notInArray(t.id, shipped) : undefined,
      ),
    );
}

/** A stored row as the calendar uses it. Throws on a row no save could have written. */
export function eventOf(row: CalendarRow): ElectionEvent {
  let scope: EventScope;
  if (row.scopeLevel === "national") scope = { level: "national" };
  else if (row.scopeLevel === "province" || row.scopeLevel === "regency") {
    scope = { level: row.scopeLevel, codes: [...row.scopeCodes] };
  } else {
    throw new RangeError(`calendar event ${row.id}: unknown scope ${row.scopeLevel}`);
  }
  if (!(eventKinds as readonly string[]).includes(row.kind)) {
    throw new RangeError(`calendar event ${row.id}: unknown kind ${row.kind}`);
  }
  return {
    id: row.id,
    election: row.election,
    kind: row.kind as ElectionEventKind,
    start: row.startsOn,
    end: row.endsOn,
    scope,
    source: row.source,
    ...(row.note !== null ? { note: row.note } : {}),
    ...(row.rerunIn !== null ? { rerunIn: [...row.rerunIn] } : {}),
  };
}

/** The events in force (not removed), by start date, and the names of staff-added elections. */
export async function loadCalendar(db: DbOrTx): Promise<LoadedCalendar> {
  const rows = await db
    .select()
    .from(calendarEvents)
    .where(isNull(calendarEvents.removedAt))
    .orderBy(asc(calendarEvents.startsOn), asc(calendarEvents.id));
  const electionNames: ElectionNames = { id: {}, en: {} };
  for (const row of rows) {
    if (row.electionNameId) electionNames.id[row.election] = row.electionNameId;
    if (row.electionNameEn) electionNames.en[row.election] = row.electionNameEn;
  }
  return { events: rows.map(eventOf), electionNames };
}

export interface CalendarRowView {
  event: ElectionEvent;
  electionNameId: string | null;
  electionNameEn: string | null;
  /** Null for a row as shipped. */
  editedAt: Date | null;
  editedByName: string | null;
}

/** The events in force with who last changed them, for the console. */
export async function listCalendarRows(db: DbOrTx): Promise<CalendarRowView[]> {
  const rows = await db
    .select({ row: calendarEvents, editedByName: staff.name })
    .from(calendarEvents)
    .leftJoin(staff, eq(staff.id, calendarEvents.editedBy))
    .where(isNull(calendarEvents.removedAt))
    .orderBy(asc(calendarEvents.startsOn), asc(calendarEvents.id));
  return rows.map(({ row, editedByName }) => ({
    event: eventOf(row),
    electionNameId: row.electionNameId,
    electionNameEn: row.electionNameEn,
    editedAt: row.editedAt,
    editedByName,
  }));
}

const clean = (value: string | undefined): string | undefined => {
  const text = value?.replace(/\r\n?/g, "\n").trim();
  return text ? text : undefined;
};

/** A real calendar day in YYYY-MM-DD form. */
function isDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const isName = (name: string) => name.length <= calendarLimits.electionName && !/\n/.test(name);

/**
 * Adds or changes one event, after checking it: real days, not ending before it starts, a known
 * kind and scope, codes shaped like Kemendagri codes, a source, and names in both languages for
 * an election neither the locales nor an earlier event name. A refusal writes nothing and says
 * every problem at once. Names given for a staff-added election apply to all its events.
 */
export async function saveCalendarEvent(
  db: DbOrTx,
  input: CalendarEventInput,
  staffId: string,
  now: Date,
  options: { knownElections?: ReadonlySet<string> } = {},
): Promise<CalendarSaveResult> {
  const known = options.knownElections ?? localeElections();
  const problems: CalendarProblem[] = [];
  const election = input.election.trim();
  const kind = input.kind.trim();
  const start = input.start.trim();
  const end = input.end.trim();
  const scopeLevel = input.scopeLevel.trim();
  const source = clean(input.source);
  const note = clean(input.note);
  let nameId = clean(input.electionNameId);
  let nameEn = clean(input.electionNameEn);

  if (!ELECTION_ID.test(election)) problems.push("election_invalid");
  if (!(eventKinds as readonly string[]).includes(kind)) problems.push("kind_unknown");
  if (!isDay(start) || !isDay(end)) problems.push("date_invalid");
  else if (end < start) problems.push("end_before_start");
  const codes = [...new Set(input.scopeCodes.map((code) => code.trim()).filter(Boolean))];
  if (!(scopeLevels as readonly string[]).includes(scopeLevel)) {
    problems.push("scope_level_unknown");
  } else if (scopeLevel !== "national") {
    const shape = SCOPE_CODE[scopeLevel as Exclude<ScopeLevel, "national">];
    if (codes.length === 0) problems.push("scope_codes_missing");
    else if (!codes.every((code) => shape.test(code))) problems.push("scope_code_invalid");
  }
  if (!source) problems.push("source_missing");
  else if (source.length > calendarLimits.source) problems.push("source_too_long");
  if (note && note.length > calendarLimits.note) problems.push("note_too_long");
  if ((nameId && !isName(nameId)) || (nameEn && !isName(nameEn))) {
    problems.push("election_name_invalid");
  }

  return db.transaction(async (tx) => {
    const existing = input.id
      ? (
          await tx
            .select()
            .from(calendarEvents)
            .where(and(eq(calendarEvents.id, input.id), isNull(calendarEvents.removedAt)))
            .for("update")
        )[0]
      : undefined;
    if (input.id && !existing) return { ok: false, problems: ["not_found", ...problems] };

    if (known.has(election)) {
      // The locales name it; a stored name would only go stale.
      nameId = undefined;
      nameEn = undefined;
    } else if (ELECTION_ID.test(election) && (!nameId || !nameEn)) {
      const [named] = await tx
        .select({ id: calendarEvents.electionNameId, en: calendarEvents.electionNameEn })
        .from(calendarEvents)
        .where(
          and(
            eq(calendarEvents.election, election),
            isNull(calendarEvents.removedAt),
            isNotNull(calendarEvents.electionNameId),
            isNotNull(calendarEvents.electionNameEn),
          ),
        )
        .limit(1);
      nameId ??= named?.id ?? undefined;
      nameEn ??= named?.en ?? undefined;
      if (!nameId || !nameEn) problems.push("election_names_missing");
    }
    if (problems.length > 0) return { ok: false, problems };

    const scope: EventScope =
      scopeLevel === "national"
        ? { level: "national" }
        : { level: scopeLevel as Exclude<ScopeLevel, "national">, codes };
    const id = existing?.id ?? (await freeId(tx, `${election}.${kind}`));
    const event: ElectionEvent = {
      id,
      election,
      kind: kind as ElectionEventKind,
      start,
      end,
      scope,
      source: source ?? "",
      ...(note ? { note } : {}),
      ...(existing?.rerunIn ? { rerunIn: [...existing.rerunIn] } : {}),
    };
    try {
      validateEvent(event);
    } catch {
      return { ok: false, problems: ["date_invalid"] };
    }
    const values = {
      election,
      electionNameId: nameId ?? null,
      electionNameEn: nameEn ?? null,
      kind,
      startsOn: start,
      endsOn: end,
      scopeLevel,
      scopeCodes: scopeLevel === "national" ? [] : codes,
      source: event.source,
      note: note ?? null,
      editedAt: now,
      editedBy: staffId,
      updatedAt: sql`now()`,
    };
    if (existing) {
      await tx.update(calendarEvents).set(values).where(eq(calendarEvents.id, id));
    } else {
      await tx.insert(calendarEvents).values({ id, ...values, rerunIn: null });
    }
    if (nameId && nameEn) {
      // One election, one name: its other events follow (they are staff rows too).
      await tx
        .update(calendarEvents)
        .set({ electionNameId: nameId, electionNameEn: nameEn, updatedAt: sql`now()` })
        .where(
          and(
            eq(calendarEvents.election, election),
            sql`${calendarEvents.id} <> ${id}`,
            sql`(${calendarEvents.electionNameId}, ${calendarEvents.electionNameEn}) is distinct from (${nameId}, ${nameEn})`,
          ),
        );
    }
    return { ok: true, id, created: !existing, event };
  });
}

/** `base`, or `base_2`, `base_3`… whichever no row (removed ones included) has. */
async function freeId(db: DbOrTx, base: string): Promise<string> {
  const rows = await db
    .select({ id: calendarEvents.id })
    .from(calendarEvents)
    .where(sql`${calendarEvents.id} = ${base} or ${calendarEvents.id} like ${`${base}\\_%`}`);
  const taken = new Set(rows.map((row) => row.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** Takes an event out of the calendar (the row stays, marked removed). False if there is none. */
export async function removeCalendarEvent(
  db: DbOrTx,
  id: string,
  staffId: string,
  now: Date,
): Promise<boolean> {
  const removed = await db
    .update(calendarEvents)
    .set({ removedAt: now, editedAt: now, editedBy: staffId, updatedAt: sql`now()` })
    .where(and(eq(calendarEvents.id, id), isNull(calendarEvents.removedAt)))
    .returning({ id: calendarEvents.id });
  return removed.length > 0;
}

/** Where an event stands on the WIB day of `now`. */
export function eventTiming(event: ElectionEvent, now: Date): "past" | "ongoing" | "coming" {
  const today = jakartaDate(now);
  if (event.end < today) return "past";
  if (event.start > today) return "coming";
  return "ongoing";
}
