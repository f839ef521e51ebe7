/**
 * Reads "when did it happen?" answers written the way residents of Bangka Belitung and Jambi
 * chat ("kemarin sore", "Sabtu lalu", "tgl 18", "18/11", "2 hari yg lalu") plus simple English,
 * and turns them into a calendar day in Asia/Jakarta.
 *
 * All arithmetic is done on UTC fields of shifted instants or of date-only values, never with
 * local-time getters, so the result does not depend on the server's TZ.
 *
 * Decisions on ambiguous phrases (the tests pin each of them):
 * - A bare weekday ("Sabtu", "hari Sabtu") is its most recent occurrence, today included;
 *   "Sabtu lalu/kemarin", "kemarin Sabtu" and "last Saturday" are strictly before today.
 * - "Senin minggu lalu" is the Monday of the previous Monday-to-Sunday week.
 * - "malam Minggu" is Saturday night (the evening before Sunday), as Indonesians use it.
 * - "minggu lalu" / "minggu kemarin" mean "last week" (7 days ago, approximate), not Sunday;
 *   Sunday needs "hari Minggu lalu", "Ahad", or a bare "Minggu".
 * - "semalam" and "last night" are yesterday evening. "tadi malam" is yesterday before 18:00
 *   WIB (this evening has not started yet, so it can only be last night) and today from 18:00.
 * - Explicit dates win over relative words, which win over "today" words: in "hari ini saya
 *   mau lapor kejadian kemarin", "hari ini" is when the resident writes, not the event.
 * - A date without a year is its most recent occurrence, so "28/12" in January is last year.
 *   Only four-digit years are read after a month name ("18 Nov 20" may be "20 people").
 * - "tanggal 18" is this month unless that is still ahead, then last month.
 * - "beberapa hari lalu" / "a few days ago" is 3 days ago, approximate; weeks, months and
 *   years ago are always approximate.
 * - Greetings ("selamat malam") are ignored, and a bare part of day ("jam 4 sore") without a
 *   day word is unrecognised: guessing "today" there is worse than asking.
 * - "serangan fajar" is vote buying, not dawn, so "fajar" never sets the part of day.
 */

export type PartOfDay = "pagi" | "siang" | "sore" | "malam" | "subuh";

export type DateParse =
  | { ok: true; date: string; partOfDay?: PartOfDay; approximate?: boolean }
  | { ok: false; reason: "unrecognised" | "future" | "too_old" | "invalid_date" };

type DateFound = Extract<DateParse, { ok: true }>;

/** Reports older than this are refused outright; the 7-day window is checked by the caller. */
export const MAX_AGE_DAYS = 400;

const DAY_MS = 86_400_000;
// WIB is UTC+7 all year with no DST, so a fixed offset is exact.
const JAKARTA_OFFSET_MS = 7 * 3_600_000;

interface Today {
  iso: string;
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday, as in getUTCDay. */
  weekday: number;
  hour: number;
  /** The instant itself, for "2 jam lalu" which may cross midnight. */
  instant: number;
}

type Found =
  | { kind: "date"; date: string; partOfDay?: PartOfDay; approximate?: boolean }
  | { kind: "invalid" }
  | { kind: "future" };

type Matcher = (text: string, today: Today) => Found | undefined;

// ---------------------------------------------------------------------------------------------
// Date-only arithmetic

function utcDate(year: number, month: number, day: number): Date {
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 19xx.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function isoOf(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function daysInMonth(year: number, month: number): number {
  return utcDate(year, month + 1, 0).getUTCDate();
}

function isValidDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parseIsoDate(iso: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || !isValidDay(year, month, day)) {
    throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  }
  return utcDate(year, month, day);
}

function addDays(iso: string, days: number): string {
  return isoOf(new Date(parseIsoDate(iso).getTime() + days * DAY_MS));
}

/** Calendar months back, clamping the day ("31 Mar" minus one month is 28/29 Feb). */
function subtractMonths(today: Today, months: number): string {
  const index = today.year * 12 + (today.month - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isoOf(utcDate(year, month, Math.min(today.day, daysInMonth(year, month))));
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / DAY_MS);
}

function jakartaToday(now: Date): Today {
  const time = now.getTime();
  if (Number.isNaN(time)) throw new RangeError("parseIndonesianDate: `now` is an invalid Date");
  const shifted = new Date(time + JAKARTA_OFFSET_MS);
  return {
    iso: isoOf(shifted),
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    hour: shifted.getUTCHours(),
    instant: time,
  };
}

/** A day and month without a year: the most recent occurrence, today included. */
function mostRecent(today: Today, month: number, day: number): Found {
  const isLater = month > today.month || (month === today.month && day > today.day);
  return exactDate(isLater ? today.year - 1 : today.year, month, day);
}

function exactDate(year: number, month: number, day: number): Found {
  if (!isValidDay(year, month, day)) return { kind: "invalid" };
  return { kind: "date", date: isoOf(utcDate(year, month, day)) };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Month names and abbreviations, Indonesian and English, as people type them. */
export const MONTHS: Readonly<Record<string, number>> = {
  januari: 1,
  january: 1,
  jan: 1,
  februari: 2,
  pebruari: 2,
  febuari: 2,
  february: 2,
  feb: 2,
  peb: 2,
  maret: 3,
  march: 3,
  mar: 3,
  mrt: 3,
  april: 4,
  apr: 4,
  mei: 5,
  may: 5,
  juni: 6,
  june: 6,
  jun: 6,
  juli: 7,
  july: 7,
  jul: 7,
  agustus: 8,
  august: 8,
  agu: 8,
  agt: 8,
  ags: 8,
  agus: 8,
  agst: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  spt: 9,
  oktober: 10,
  october: 10,
  okt: 10,
  oct: 10,
  november: 11,
  nopember: 11,
  nov: 11,
  nop: 11,
  desember: 12,
  december: 12,
  des: 12,
  dec: 12,
};

/** Full names only: typos are caught against these, never against abbreviations. */
const FULL_MONTH_NAMES = Object.keys(MONTHS).filter((name) => name.length >= 5);

const WEEKDAYS: Record<string, number> = {
  minggu: 0,
  mingu: 0,
  ahad: 0,
  sunday: 0,
  senin: 1,
  senen: 1,
  monday: 1,
  selasa: 2,
  slasa: 2,
  tuesday: 2,
  rabu: 3,
  rebo: 3,
  wednesday: 3,
  kamis: 4,
  kemis: 4,
  thursday: 4,
  jumat: 5,
  jumaat: 5,
  "jum at": 5,
  friday: 5,
  sabtu: 6,
  saptu: 6,
  saturday: 6,
};

const NUMBER_WORDS: Record<string, number> = {
  se: 1,
  satu: 1,
  dua: 2,
  tiga: 3,
  empat: 4,
  lima: 5,
  enam: 6,
  tujuh: 7,
  delapan: 8,
  sembilan: 9,
  sepuluh: 10,
  sebelas: 11,
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
};

/** Vague counts ("beberapa hari lalu") become this many units, flagged approximate. */
const VAGUE_COUNT = /^(?:beberapa|few|a few|several|couple of|a couple of)$/;

// kemarin, kemaren, kmrn, kmrin, kmarin, kemrn...
const KEMARIN = "ke?m[ae]?r[ie]?n";
// semalam, semalem, smlm, smalam...
const SEMALAM = "se?m[ae]?l[ae]?m";
const MALAM = "(?:malam|malem|mlm)";
const AGO_ID = String.raw`(?:(?:yang|yg)\s+)?(?:lalu|lewat|${KEMARIN})|yll|sebelumnya`;

const GREETING = new RegExp(
  String.raw`\b(?:selamat|slamat|slmt|met|good)\s+(?:pagi|siang|sore|${MALAM}|morning|afternoon|evening|night)\b`,
  "g",
);

function normalize(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      // "Jum'at" and "Jum’at" are both "jumat".
      .replace(/['’‘`´]/g, "")
      // Keep the separators that dates and times use; everything else only separates words.
      .replace(/[^a-z0-9/.:\-\s]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .replace(GREETING, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Month number for a word, tolerating one typo in a full name ("novemver", "agutus"). */
function monthOf(word: string): number | undefined {
  const exact = MONTHS[word];
  if (exact !== undefined || word.length < 5) return exact;
  const close = new Set(
    FULL_MONTH_NAMES.filter((name) => levenshtein(word, name) <= 1).map((name) => MONTHS[name]),
  );
  // Two different months one typo away ("juni"/"juli" style) is a guess too far.
  return close.size === 1 ? [...close][0] : undefined;
}

function countOf(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBER_WORDS[word];
}

// ---------------------------------------------------------------------------------------------
// Matchers, tried in order: explicit dates first, then relative words, then "today".

/** "jam 16.30", "pukul 10.11": a time right after these words is not a date. */
const TIME_LEAD = /(?:\bjam|\bpukul|\bpkl|\bpk|\bat)\s*\.?\s*$/;

const ISO_DATE = /(?<!\d)(\d{4})([/-])(\d{1,2})\2(\d{1,2})(?!\d)/;

const isoMatcher: Matcher = (text) => {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  return exactDate(Number(match[1]), Number(match[3]), Number(match[4]));
};

const NUMERIC_DATE =
  /(?<!\d)(?<!\d[/.:-])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?!\d)(?![/.:-]\d)/g;

const numericMatcher: Matcher = (text, today) => {
  for (const match of text.matchAll(NUMERIC_DATE)) {
    if (TIME_LEAD.test(text.slice(0, match.index))) continue;
    const day = Number(match[1]);
    const month = Number(match[3]);
    const yearText = match[4];
    // "16.30" without "jam" is still far more likely a time (or a decimal) than a bad date.
    if (match[2] === "." && !yearText && (month < 1 || month > 12 || day < 1 || day > 31)) {
      continue;
    }
    if (yearText === undefined) return mostRecent(today, month, day);
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    return exactDate(year, month, day);
  }
  return undefined;
};

const LAST_YEAR_SUFFIX = new RegExp(
  String.raw`^\s*(?:tahun|thn)\s+(?:${AGO_ID})\b|^\s*last year\b`,
);

function monthNameDate(
  today: Today,
  day: number,
  month: number,
  yearText: string | undefined,
  rest: string,
): Found {
  if (yearText !== undefined) return exactDate(Number(yearText), month, day);
  if (LAST_YEAR_SUFFIX.test(rest)) return exactDate(today.year - 1, month, day);
  return mostRecent(today, month, day);
}

const DAY_MONTH =
  /(?<![\d.:/-])(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([a-z]{3,10})\b\.?(?:[\s,./-]*(\d{4})(?!\d))?/g;

const dayMonthMatcher: Matcher = (text, today) => {
  for (const match of text.matchAll(DAY_MONTH)) {
    const month = monthOf(match[2] ?? "");
    if (month === undefined) continue;
    const rest = text.slice(match.index + match[0].length);
    return monthNameDate(today, Number(match[1]), month, match[3], rest);
  }
  return undefined;
};

const MONTH_DAY =
  /\b([a-z]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)(?![/.:-]\d)(?:,?\s*(\d{4})(?!\d))?/g;

const monthDayMatcher: Matcher = (text, today) => {
  for (const match of text.matchAll(MONTH_DAY)) {
    const month = monthOf(match[1] ?? "");
    if (month === undefined) continue;
    const rest = text.slice(match.index + match[0].length);
    return monthNameDate(today, Number(match[2]), month, match[3], rest);
  }
  return undefined;
};

const DAY_OF_MONTH =
  /\b(?:(?:tanggal|tangal|tanggl|tgl|tggl|tg)\s*\.?\s*(\d{1,2})|the\s+(\d{1,2})(?:st|nd|rd|th))(?!\d)(?![/.:-]\d)/;
const LAST_MONTH_SUFFIX = new RegExp(
  String.raw`^\s*(?:(?:bulan|bln)\s+(?:${AGO_ID})|last month)\b`,
);
const THIS_MONTH_SUFFIX = /^\s*(?:(?:bulan|bln)\s+ini|this month)\b/;

const dayOfMonthMatcher: Matcher = (text, today) => {
  const match = DAY_OF_MONTH.exec(text);
  if (!match) return undefined;
  const day = Number(match[1] ?? match[2]);
  const rest = text.slice(match.index + match[0].length);
  const lastMonth = {
    year: today.month === 1 ? today.year - 1 : today.year,
    month: today.month === 1 ? 12 : today.month - 1,
  };
  if (THIS_MONTH_SUFFIX.test(rest)) return exactDate(today.year, today.month, day);
  if (LAST_MONTH_SUFFIX.test(rest) || day > today.day) {
    return exactDate(lastMonth.year, lastMonth.month, day);
  }
  return exactDate(today.year, today.month, day);
};

const WEEKDAY = new RegExp(
  String.raw`\b(${Object.keys(WEEKDAYS)
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(" ", String.raw`\s`))
    .join("|")})\b`,
  "g",
);
const STRICT_SUFFIX = new RegExp(String.raw`^(?:${AGO_ID})\b`);
const STRICT_PREFIX = new RegExp(`^(?:${KEMARIN}|last)$`);
const LAST_WEEK_SUFFIX = new RegExp(
  String.raw`^(?:(?:minggu|mgg|pekan)\s+(?:${AGO_ID})|last week)\b`,
);
const NEXT_SUFFIX = /^(?:depan|besok|mendatang)\b/;
// After "minggu" these turn it into "week": "minggu lalu", "minggu ini", "minggu depan".
const WEEK_SUFFIX = new RegExp(String.raw`^(?:${AGO_ID}|ini|depan|mendatang)\b`);

const weekdayMatcher: Matcher = (text, today) => {
  for (const match of text.matchAll(WEEKDAY)) {
    const token = (match[1] ?? "").replace(/\s+/g, " ");
    const weekday = WEEKDAYS[token];
    if (weekday === undefined) continue;
    const words = text.slice(0, match.index).trim().split(" ").filter(Boolean);
    const after = text.slice(match.index + match[0].length).trim();
    const previous = words.at(-1) ?? "";
    const afterHari = previous === "hari" || previous === "hr";
    const beforeDay = afterHari ? (words.at(-2) ?? "") : previous;
    const night = /^(?:malam|malem|mlm)$/.test(previous);

    if (weekday === 0 && (token === "minggu" || token === "mingu") && !afterHari && !night) {
      if (WEEK_SUFFIX.test(after)) continue;
      if (countOf(previous) !== undefined || WEEKDAYS[previous] !== undefined) continue;
    }
    if (NEXT_SUFFIX.test(after) || beforeDay === "next") return { kind: "future" };

    // "malam Minggu" is the evening before Sunday.
    const target = night ? (weekday + 6) % 7 : weekday;
    let back: number;
    if (LAST_WEEK_SUFFIX.test(after)) {
      const sinceMonday = (today.weekday + 6) % 7;
      back = sinceMonday + 7 - ((target + 6) % 7);
    } else {
      back = (today.weekday - target + 7) % 7;
      if (back === 0 && (STRICT_SUFFIX.test(after) || STRICT_PREFIX.test(beforeDay))) back = 7;
    }
    const found: Found = { kind: "date", date: addDays(today.iso, -back) };
    if (night) found.partOfDay = "malam";
    return found;
  }
  return undefined;
};

type Unit = "day" | "week" | "month" | "year";

const UNITS: Record<string, Unit> = {
  hari: "day",
  hr: "day",
  day: "day",
  days: "day",
  minggu: "week",
  mgg: "week",
  mg: "week",
  pekan: "week",
  week: "week",
  weeks: "week",
  bulan: "month",
  bln: "month",
  month: "month",
  months: "month",
  tahun: "year",
  thn: "year",
  year: "year",
  years: "year",
};

const ID_COUNT = String.raw`\d{1,3}|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|beberapa`;
const EN_COUNT = String.raw`\d{1,3}|a couple of|couple of|a few|few|several|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven`;
const RELATIVE_PATTERNS: RegExp[] = [
  new RegExp(
    String.raw`\b(?:(${ID_COUNT})\s*|(se))(hari|hr|minggu|mgg|mg|pekan|bulan|bln|tahun|thn)\s+(?:${AGO_ID})\b`,
  ),
  new RegExp(String.raw`\b(${EN_COUNT})\s+(days?|weeks?|months?|years?)\s+ago\b`),
];
// "minggu lalu", "last week": one unit back, no count.
const BARE_RELATIVE = new RegExp(
  String.raw`\b(?:(minggu|mgg|pekan|bulan|bln|tahun|thn)\s+(?:${AGO_ID})|last\s+(week|month|year))\b`,
);

// "5 menit lalu", "2 jam yang lalu", "an hour ago": subtract from the instant, then take the day.
const CLOCK_AGO: RegExp[] = [
  new RegExp(String.raw`\b(?:(${ID_COUNT})\s*|(se))(menit|mnt|jam)\s+(?:${AGO_ID})\b`),
  new RegExp(String.raw`\b(${EN_COUNT})\s+(minutes?|mins?|hours?|hrs?)\s+ago\b`),
];

const clockAgoMatcher: Matcher = (text, today) => {
  for (const pattern of CLOCK_AGO) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [countWord = "", unitWord = ""] = match
      .slice(1)
      .filter((group): group is string => group !== undefined);
    const vague = VAGUE_COUNT.test(countWord);
    const count = vague ? 3 : countOf(countWord);
    if (count === undefined) continue;
    const minutes = /^(?:jam|hours?|hrs?)$/.test(unitWord) ? 60 * count : count;
    const then = jakartaToday(new Date(today.instant - minutes * 60_000));
    return { kind: "date", date: then.iso };
  }
  return undefined;
};

function unitsAgo(today: Today, count: number, unit: Unit, vague: boolean): Found {
  switch (unit) {
    case "day":
      return vague
        ? { kind: "date", date: addDays(today.iso, -count), approximate: true }
        : { kind: "date", date: addDays(today.iso, -count) };
    case "week":
      return { kind: "date", date: addDays(today.iso, -7 * count), approximate: true };
    case "month":
      return { kind: "date", date: subtractMonths(today, count), approximate: true };
    case "year":
      return { kind: "date", date: subtractMonths(today, 12 * count), approximate: true };
  }
}

const relativeMatcher: Matcher = (text, today) => {
  for (const pattern of RELATIVE_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    // Either [count, unit] or ["se", unit]: "seminggu" is one word.
    const [countWord = "", unitWord = ""] = match
      .slice(1)
      .filter((group): group is string => group !== undefined);
    const unit = UNITS[unitWord];
    if (!unit) continue;
    const vague = VAGUE_COUNT.test(countWord);
    const count = vague ? (unit === "day" ? 3 : 2) : countOf(countWord);
    if (count === undefined) continue;
    return unitsAgo(today, count, unit, vague);
  }
  const bare = BARE_RELATIVE.exec(text);
  const unit = UNITS[bare?.[1] ?? bare?.[2] ?? ""];
  return unit ? unitsAgo(today, 1, unit, false) : undefined;
};

function wordMatcher(pattern: RegExp, daysBack: number, partOfDay?: PartOfDay): Matcher {
  return (text, today) => {
    if (!pattern.test(text)) return undefined;
    const found: Found = { kind: "date", date: addDays(today.iso, -daysBack) };
    if (partOfDay) found.partOfDay = partOfDay;
    return found;
  };
}

const TWO_DAYS_AGO = new RegExp(
  String.raw`\b(?:${KEMARIN}\s+lusa|lusa\s+${KEMARIN}|(?:the\s+)?day\s+before\s+yesterday)\b`,
);
const YESTERDAY = new RegExp(String.raw`\b(?:${KEMARIN}|yesterday)\b`);
const LAST_NIGHT = new RegExp(String.raw`\b(?:${SEMALAM}|last\s+night)\b`);
const TADI_MALAM = new RegExp(String.raw`\b(?:(?:tadi|td)\s+${MALAM}|${MALAM}\s+tadi)\b`);
const TODAY = new RegExp(
  String.raw`\b(?:hari\s+ini|hr\s+ini|tadi|td|barusan|baru\s+(?:saja|aja|tadi)|sekarang|skrg|skrng|saat\s+ini|(?:pagi|siang|sore|subuh|${MALAM})\s+ini|dini\s+hari|today|this\s+(?:morning|afternoon|evening)|tonight|just\s+now|right\s+now|earlier)\b`,
);
const FUTURE = new RegExp(
  String.raw`\b(?:besok|besuk|bsk|esok|lusa|tomorrow|(?:minggu|pekan|bulan|tahun)\s+depan|next\s+(?:week|month|year)|nanti\s+(?:pagi|siang|sore|${MALAM}))\b`,
);

/** Evening starts around 18:00; before that, "tadi malam" can only be last night. */
const EVENING_STARTS_AT_HOUR = 18;

const tadiMalamMatcher: Matcher = (text, today) => {
  if (!TADI_MALAM.test(text)) return undefined;
  const daysBack = today.hour < EVENING_STARTS_AT_HOUR ? 1 : 0;
  return { kind: "date", date: addDays(today.iso, -daysBack), partOfDay: "malam" };
};

const futureMatcher: Matcher = (text) => (FUTURE.test(text) ? { kind: "future" } : undefined);

const MATCHERS: Matcher[] = [
  isoMatcher,
  numericMatcher,
  dayMonthMatcher,
  monthDayMatcher,
  dayOfMonthMatcher,
  weekdayMatcher,
  relativeMatcher,
  clockAgoMatcher,
  wordMatcher(TWO_DAYS_AGO, 2),
  wordMatcher(YESTERDAY, 1),
  wordMatcher(LAST_NIGHT, 1, "malam"),
  tadiMalamMatcher,
  wordMatcher(TODAY, 0),
  // Last, so "kemarin ... besok saya ke Bawaslu" still reads as yesterday.
  futureMatcher,
];

// ---------------------------------------------------------------------------------------------
// Part of day

const PART_OF_DAY_WORD = new RegExp(
  String.raw`\b(pagi|pgi|siang|sore|petang|${MALAM}|${SEMALAM}|subuh|shubuh|dini\s+hari|morning|noon|midday|afternoon|evening|night|tonight|dawn)\b`,
);

const PART_OF_DAY_BY_WORD: Record<string, PartOfDay> = {
  pagi: "pagi",
  pgi: "pagi",
  morning: "pagi",
  siang: "siang",
  noon: "siang",
  midday: "siang",
  afternoon: "siang",
  sore: "sore",
  petang: "sore",
  subuh: "subuh",
  shubuh: "subuh",
  dawn: "subuh",
  "dini hari": "subuh",
};

const CLOCK = /\b(?:jam|pukul|pkl|pk)\s*\.?\s*(\d{1,2})(?:[.:]\d{2})?(?!\d)/;

function partOfDayOfHour(hour: number): PartOfDay | undefined {
  if (hour < 0 || hour > 23) return undefined;
  if (hour < 4) return "malam";
  if (hour < 6) return "subuh";
  if (hour < 11) return "pagi";
  if (hour < 15) return "siang";
  if (hour < 18) return "sore";
  return "malam";
}

function detectPartOfDay(text: string): PartOfDay | undefined {
  const word = PART_OF_DAY_WORD.exec(text)?.[1];
  if (word !== undefined) return PART_OF_DAY_BY_WORD[word.replace(/\s+/g, " ")] ?? "malam";
  // "jam 20.00" is unambiguous; "jam 4" could be 04:00 or 16:00, so only 24-hour readings count.
  const hourText = CLOCK.exec(text)?.[1];
  if (hourText === undefined) return undefined;
  const hour = Number(hourText);
  const unambiguous = hour >= 13 || (hourText.length === 2 && hourText.startsWith("0"));
  return unambiguous ? partOfDayOfHour(hour) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * The calendar day (Asia/Jakarta) a resident means by `text`, judged at the instant `now`.
 * Throws RangeError only when `now` is an invalid Date.
 */
export function parseIndonesianDate(text: string, now: Date): DateParse {
  const today = jakartaToday(now);
  const normalized = normalize(text);
  if (!normalized) return { ok: false, reason: "unrecognised" };

  let found: Found | undefined;
  for (const matcher of MATCHERS) {
    found = matcher(normalized, today);
    if (found) break;
  }
  if (!found) return { ok: false, reason: "unrecognised" };
  if (found.kind === "invalid") return { ok: false, reason: "invalid_date" };
  if (found.kind === "future") return { ok: false, reason: "future" };

  const age = daysBetween(found.date, today.iso);
  if (age < 0) return { ok: false, reason: "future" };
  if (age > MAX_AGE_DAYS) return { ok: false, reason: "too_old" };

  const result: DateFound = { ok: true, date: found.date };
  const partOfDay = found.partOfDay ?? detectPartOfDay(normalized);
  if (partOfDay) result.partOfDay = partOfDay;
  if (found.approximate) result.approximate = true;
  return result;
}

const WEEKDAY_NAMES = {
  id: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
} as const;

const MONTH_NAMES = {
  id: [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
  ],
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
} as const;

/** "Rabu, 18 November 2026" / "Wednesday, 18 November 2026" for a YYYY-MM-DD date. */
export function formatIndonesianDate(date: string, language: "id" | "en"): string {
  const value = parseIsoDate(date);
  const weekday = WEEKDAY_NAMES[language][value.getUTCDay()];
  const month = MONTH_NAMES[language][value.getUTCMonth()];
  return `${weekday}, ${value.getUTCDate()} ${month} ${value.getUTCFullYear()}`;
}
