/**
 * When a broadcast composed in a chat (`/siaran`) should go: "sekarang", or a day and a time in
 * WIB typed the way staff write them ("besok 08.00", "24/11 19:30", "24 November 2026 pukul 8
 * pagi", "2026-11-24 08:00"). Pure; WIB is UTC+7 all year, so a fixed offset is exact.
 *
 * Decisions (the tests pin each of them):
 * - A time is required with a day ("besok" alone could be 00:00 or 08:00): asked again.
 * - A time without a day is today; if it has passed, the person is told to add a day.
 * - A day and month without a year is the next one to come (this year, or next year).
 * - "jam 8" is 08:00; "jam 7 malam", "jam 3 sore", "jam 1 siang", "8 pm" move to the afternoon.
 * - Anything left over that is not a filler word ("pukul", "WIB", "tanggal"…) makes the answer
 *   unrecognised rather than half-read.
 */

import { formatIndonesianDate, MONTHS } from "../knowledge/indonesian-dates";

export type SendTimeParse =
  | { ok: true; at: Date | null }
  | {
      ok: false;
      reason: "unrecognised" | "invalid_date" | "need_time" | "past" | "too_far";
    };

/** The furthest ahead a broadcast can be scheduled from the chat. */
export const maxScheduleDays = 366;

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const wibOffsetMs = 7 * hourMs;

const nowWords = new Set([
  "sekarang",
  "sekarang juga",
  "kirim sekarang",
  "langsung",
  "segera",
  "saat ini",
  "now",
  "right now",
  "send now",
  "immediately",
]);

const months = MONTHS;
const monthPattern = Object.keys(months)
  .sort((a, b) => b.length - a.length)
  .join("|");

/** Days after today named by a word. */
const relativeDays: [RegExp, number][] = [
  [/\b(?:hari ini|today)\b/, 0],
  [/\b(?:besok|esok|tomorrow)\b/, 1],
  [/\blusa\b/, 2],
];

/** Words that say nothing about the time ("pukul 08.00 WIB", "pada tanggal 24"). */
const fillerWords = new Set([
  "pukul",
  "pkl",
  "jam",
  "wib",
  "tanggal",
  "tgl",
  "hari",
  "pada",
  "on",
  "at",
  "kirim",
  "send",
  "nanti",
  "tahun",
  "bulan",
]);

interface DayOfYear {
  year: number;
  month: number;
  day: number;
}

function isValidDay({ year, month, day }: DayOfYear): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fullYear(typed: string): number {
  const value = Number(typed);
  return typed.length <= 2 ? 2000 + value : value;
}

/** WIB calendar day of an instant. */
function wibDay(at: Date): DayOfYear {
  const shifted = new Date(at.getTime() + wibOffsetMs);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

function wibInstant(day: DayOfYear, hour: number, minute: number): Date {
  return new Date(Date.UTC(day.year, day.month - 1, day.day, hour, minute) - wibOffsetMs);
}

type Piece<T> = { value: T; rest: string } | { invalid: true } | undefined;

/** Takes the first match of `pattern` out of `text`. */
function take(text: string, pattern: RegExp): { match: RegExpExecArray; rest: string } | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  return {
    match,
    rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`,
  };
}

/**
 * The day named in `text`: `year` undefined when none was typed (the caller picks the next one
 * to come). Only the shape is checked here; whether the day exists is checked with its year.
 */
function readDay(
  text: string,
  today: DayOfYear,
): Piece<{ year: number | undefined; month: number; day: number }> {
  const iso = take(text, /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/);
  if (iso) {
    const [, y, m, d] = iso.match;
    return { value: { year: Number(y), month: Number(m), day: Number(d) }, rest: iso.rest };
  }
  const numeric = take(text, /\b(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?\b/);
  if (numeric) {
    const [, d, m, y] = numeric.match;
    return {
      value: { year: y ? fullYear(y) : undefined, month: Number(m), day: Number(d) },
      rest: numeric.rest,
    };
  }
  const named = take(text, new RegExp(`\\b(\\d{1,2})\\s+(${monthPattern})\\b(?:\\s+(\\d{4}))?`));
  if (named) {
    const [, d, m, y] = named.match;
    return {
      value: { year: y ? Number(y) : undefined, month: months[m ?? ""] ?? 0, day: Number(d) },
      rest: named.rest,
    };
  }
  for (const [pattern, offset] of relativeDays) {
    const relative = take(text, pattern);
    if (relative) {
      const at = new Date(Date.UTC(today.year, today.month - 1, today.day) + offset * dayMs);
      return {
        value: { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() },
        rest: relative.rest,
      };
    }
  }
  return undefined;
}

/** The time of day in `text`: "08.00", "8:30", "jam 8", "pukul 19", "8 pm", "8 pagi", "7 malam". */
function readTime(text: string): Piece<{ hour: number; minute: number }> {
  const clock =
    take(text, /\b(\d{1,2})[.:](\d{2})\b/) ??
    take(text, /\b(?:jam|pukul|pkl)\s*(\d{1,2})\b()/) ??
    take(text, /\b(\d{1,2})\s*(?=(?:am|pm|a\.m\.|p\.m\.|pagi|siang|sore|petang|malam)(?:\s|$))()/);
  if (!clock) return undefined;
  let hour = Number(clock.match[1]);
  const minute = clock.match[2] ? Number(clock.match[2]) : 0;
  let rest = clock.rest;
  const part = take(rest, /\b(pagi|siang|sore|petang|malam|am|pm|a\.m\.|p\.m\.)(?=\s|$)/);
  if (part) {
    rest = part.rest;
    const word = part.match[1];
    if (hour > 12) {
      // "19.00 malam" says it twice; "19.00 pagi" contradicts itself.
      if (word === "pagi" || word === "am" || word === "a.m.") return { invalid: true };
    } else if (word === "pm" || word === "p.m." || word === "sore" || word === "petang") {
      if (hour < 12) hour += 12;
    } else if (word === "malam") {
      if (hour >= 6 && hour < 12) hour += 12;
      else if (hour === 12) hour = 0;
    } else if (word === "siang") {
      if (hour >= 1 && hour <= 5) hour += 12;
    } else if (word === "am" || word === "a.m.") {
      if (hour === 12) hour = 0;
    }
  }
  if (hour > 23 || minute > 59) return { invalid: true };
  return { value: { hour, minute }, rest };
}

/** Normalises what was typed: lower case, no accents, commas and "WIB" as plain words. */
function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9/.:\-\s]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * When to send: `at: null` for now, else the instant. Judged at `now`; a time must lie ahead of
 * it and within `maxScheduleDays`.
 */
export function parseSendTime(typed: string, now: Date): SendTimeParse {
  const text = normalize(typed);
  if (text === "") return { ok: false, reason: "unrecognised" };
  if (nowWords.has(text.replace(/[.!]+$/, ""))) return { ok: true, at: null };
  const today = wibDay(now);
  const day = readDay(text, today);
  if (day && "invalid" in day) return { ok: false, reason: "invalid_date" };
  const time = readTime(day ? day.rest : text);
  if (time && "invalid" in time) return { ok: false, reason: "invalid_date" };
  const leftover = (time ? time.rest : day ? day.rest : text)
    .split(/\s+/)
    .map((word) => word.replace(/^[.:/-]+|[.:/-]+$/g, ""))
    .filter((word) => word !== "" && !fillerWords.has(word));
  if (leftover.length > 0 || (!day && !time)) return { ok: false, reason: "unrecognised" };
  if (!time) return { ok: false, reason: "need_time" };
  const { hour, minute } = time.value;

  let at: Date;
  if (!day) {
    at = wibInstant(today, hour, minute);
  } else {
    const { year, month, day: dayOfMonth } = day.value;
    if (year !== undefined) {
      const date = { year, month, day: dayOfMonth };
      if (!isValidDay(date)) return { ok: false, reason: "invalid_date" };
      at = wibInstant(date, hour, minute);
    } else {
      // The next such day to come: this year's, or next year's once this year's has passed.
      // 29 February waits for a leap year (and is then too far ahead).
      const upcoming = [0, 1, 2, 3, 4]
        .map((ahead) => ({ year: today.year + ahead, month, day: dayOfMonth }))
        .filter(isValidDay)
        .map((date) => wibInstant(date, hour, minute))
        .find((candidate) => candidate.getTime() > now.getTime());
      if (!upcoming) return { ok: false, reason: "invalid_date" };
      at = upcoming;
    }
  }
  if (at.getTime() <= now.getTime()) return { ok: false, reason: "past" };
  if (at.getTime() - now.getTime() > maxScheduleDays * dayMs) {
    return { ok: false, reason: "too_far" };
  }
  return { ok: true, at };
}

/** "Selasa, 24 November 2026, 08.00 WIB" / "Tuesday, 24 November 2026, 08:00 WIB". */
export function formatWib(at: Date, language: "id" | "en"): string {
  const shifted = new Date(at.getTime() + wibOffsetMs);
  const date = shifted.toISOString().slice(0, 10);
  const hours = String(shifted.getUTCHours()).padStart(2, "0");
  const minutes = String(shifted.getUTCMinutes()).padStart(2, "0");
  const separator = language === "id" ? "." : ":";
  return `${formatIndonesianDate(date, language)}, ${hours}${separator}${minutes} WIB`;
}
