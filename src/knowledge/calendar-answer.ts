/**
 * The "today" line in front of a dated answer: what stage of which election a place is in on
 * the current WIB day, or when it last voted and that the next date is not set. Pure: the clock,
 * the place and the language come in as arguments.
 */

import type { Language, Say, SayParam } from "../engine/types";
import type { ElectionCalendar, ElectionEvent } from "./calendar";
import { formatIndonesianDate } from "./indonesian-dates";

/** Topics whose answer depends on today's date: they get the line. */
export const datedTopics: ReadonlySet<string> = new Set([
  "next_elections",
  "pilkada_2024_voting_day",
  "pemilu_2024_voting_day",
  "campaign_periods",
  "masa_tenang",
  "pilkada_ulang_2025",
  "counting_and_results",
  "campaign_outside_schedule",
]);

export interface AnswerPlace {
  code: string;
  /** As shown to the person ("Kota Pangkal Pinang"). */
  name: string;
}

/** Names of the regencies of the 2025 re-run, for "held in …" (the data has codes only). */
export type RegionNamer = (code: string) => string;

interface LineContext {
  calendar: ElectionCalendar;
  now: Date;
  language: Language;
  place: AnswerPlace | undefined;
  date(iso: string): string;
  today: string;
  where: SayParam;
  election(event: ElectionEvent): SayParam;
}

function lineContext(
  calendar: ElectionCalendar,
  now: Date,
  language: Language,
  place: AnswerPlace | undefined,
): LineContext {
  const date = (iso: string) => formatIndonesianDate(iso, language);
  return {
    calendar,
    now,
    language,
    place,
    date,
    today: date(calendar.jakartaDate(now)),
    where: place ? { key: "ask:place_suffix", params: { place: place.name } } : "",
    election: (event) => ({ key: `ask:election.${event.election}` }),
  };
}

/** The stage under way today here (masa tenang, campaign, voting day…), if any. */
function stageLine(ctx: LineContext): Say | undefined {
  const { calendar, now, place } = ctx;
  const status = calendar.statusAt(now, place?.code);
  if (status.phase === "none") return undefined;
  const event = status.event;
  const relative = calendar.relative(now, event);
  const day = relative.when === "ongoing" ? relative : { dayOf: 1, days: 1 };
  const base = {
    election: ctx.election(event),
    where: ctx.where,
    today: ctx.today,
    start: ctx.date(event.start),
    end: ctx.date(event.end),
    day: String(day.dayOf),
    days: String(day.days),
  };
  if (status.phase === "voting_day") return { key: "ask:calendar.voting_day", params: base };
  if (status.phase === "masa_tenang") {
    const voting = calendar.nextVoting(now, place?.code);
    const untilVoting = voting ? calendar.relative(now, voting) : undefined;
    if (untilVoting?.when !== "upcoming") return { key: "ask:calendar.stage", params: base };
    return {
      key: "ask:calendar.masa_tenang",
      params: { ...base, untilVoting: String(untilVoting.daysUntil) },
    };
  }
  if (status.phase === "campaign") return { key: "ask:calendar.campaign", params: base };
  if (status.phase === "counting") return { key: "ask:calendar.counting", params: base };
  return { key: "ask:calendar.stage", params: base };
}

/**
 * Today's stage for a choice between topics, when one of them depends on the date and a stage
 * is under way ("is campaigning allowed today?" during masa tenang).
 */
export function stageLineFor(
  calendar: ElectionCalendar,
  topicIds: readonly string[],
  now: Date,
  language: Language,
  place?: AnswerPlace,
): Say[] {
  if (!topicIds.some((id) => datedTopics.has(id))) return [];
  const line = stageLine(lineContext(calendar, now, language, place));
  return line ? [line] : [];
}

export function calendarLines(
  calendar: ElectionCalendar,
  topicId: string,
  now: Date,
  language: Language,
  options: { place?: AnswerPlace; regionName?: RegionNamer } = {},
): Say[] {
  if (!datedTopics.has(topicId)) return [];
  const { place } = options;
  const ctx = lineContext(calendar, now, language, place);
  const stage = stageLine(ctx);
  if (stage) return [stage];
  const { date, today, where, election } = ctx;

  const last = calendar.lastVoting(now, place?.code);
  const next = calendar.nextVoting(now, place?.code);
  let nextSay: SayParam = "";
  if (next) {
    const relative = calendar.relative(now, next);
    nextSay = {
      key: "ask:calendar.next_voting",
      params: {
        where,
        election: election(next),
        date: date(next.start),
        days: String(relative.when === "upcoming" ? relative.daysUntil : 0),
      },
    };
  } else if (topicId !== "next_elections") {
    // That answer opens with "not yet set" itself.
    nextSay = { key: "ask:calendar.next_unset" };
  }
  if (!last) return typeof nextSay === "string" ? [] : [nextSay as Say];
  let later: SayParam = "";
  const after = last.laterElsewhere.at(-1);
  if (after && after.scope.level === "regency") {
    const names = after.scope.codes.map((code) => options.regionName?.(code) ?? code);
    later = {
      key: "ask:calendar.later_elsewhere",
      params: {
        election: election(after),
        places: new Intl.ListFormat(language, { type: "conjunction" }).format(names),
        date: date(after.end),
      },
    };
  }
  return [
    {
      key: "ask:calendar.last_voting",
      params: {
        today,
        where,
        election: election(last.event),
        date: date(last.event.end),
        later,
        next: nextSay,
      },
    },
  ];
}
