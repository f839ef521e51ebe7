import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type DateParse,
  daysBetween,
  formatIndonesianDate,
  MAX_AGE_DAYS,
  parseIndonesianDate,
} from "../../src/knowledge/indonesian-dates";

/** Friday 20 November 2026, 10:00 WIB. */
const FRIDAY_MORNING = new Date("2026-11-20T03:00:00Z");
/** Friday 20 November 2026, 15:00 WIB. */
const FRIDAY_AFTERNOON = new Date("2026-11-20T08:00:00Z");
/** Friday 20 November 2026, 20:00 WIB. */
const FRIDAY_EVENING = new Date("2026-11-20T13:00:00Z");
/** Still Friday in UTC, but Saturday 21 November 2026, 01:30 WIB. */
const SATURDAY_SMALL_HOURS = new Date("2026-11-20T18:30:00Z");
/** Tuesday 5 January 2027, 12:00 WIB: dates without a year roll back to 2026. */
const JANUARY = new Date("2027-01-05T05:00:00Z");

type Case = [name: string, text: string, now: Date, expected: DateParse];

function day(date: string, extra: Omit<Extract<DateParse, { ok: true }>, "ok" | "date"> = {}) {
  return { ok: true as const, date, ...extra };
}

function fail(reason: Extract<DateParse, { ok: false }>["reason"]): DateParse {
  return { ok: false, reason };
}

function runTable(cases: Case[]) {
  it.each(cases)("%s", (_name, text, now, expected) => {
    expect(parseIndonesianDate(text, now)).toEqual(expected);
  });
}

describe("parseIndonesianDate: today", () => {
  runTable([
    ["reads `hari ini` as today", "hari ini", FRIDAY_MORNING, day("2026-11-20")],
    ["reads bare `tadi` as today", "tadi", FRIDAY_MORNING, day("2026-11-20")],
    ["reads `barusan` as today", "Barusan!", FRIDAY_MORNING, day("2026-11-20")],
    ["reads `baru aja` as today", "baru aja kejadian", FRIDAY_MORNING, day("2026-11-20")],
    ["reads `sekarang` as today", "sekarang", FRIDAY_MORNING, day("2026-11-20")],
    [
      "reads `tadi pagi` as today, in the morning",
      "tadi pagi",
      FRIDAY_MORNING,
      day("2026-11-20", { partOfDay: "pagi" }),
    ],
    [
      "reads `td siang` as today, around midday",
      "td siang",
      FRIDAY_AFTERNOON,
      day("2026-11-20", { partOfDay: "siang" }),
    ],
    [
      "reads `tadi sore` as today, in the afternoon",
      "TADI SORE",
      FRIDAY_EVENING,
      day("2026-11-20", { partOfDay: "sore" }),
    ],
    [
      "reads `pagi ini` as today, in the morning",
      "pagi ini",
      FRIDAY_MORNING,
      day("2026-11-20", { partOfDay: "pagi" }),
    ],
    [
      "reads `subuh tadi` as today, at dawn",
      "subuh tadi",
      FRIDAY_MORNING,
      day("2026-11-20", { partOfDay: "subuh" }),
    ],
    [
      "reads `malam ini` as today, in the evening",
      "malam ini",
      FRIDAY_EVENING,
      day("2026-11-20", { partOfDay: "malam" }),
    ],
    [
      "uses the Jakarta date, not the UTC one, for `hari ini` after midnight WIB",
      "hari ini",
      SATURDAY_SMALL_HOURS,
      day("2026-11-21"),
    ],
  ]);
});

describe("parseIndonesianDate: yesterday and the night before", () => {
  runTable([
    ["reads `kemarin` as yesterday", "kemarin", FRIDAY_MORNING, day("2026-11-19")],
    ["reads the variant `kemaren` as yesterday", "kemaren", FRIDAY_MORNING, day("2026-11-19")],
    ["reads the chat abbreviation `kmrn` as yesterday", "kmrn", FRIDAY_MORNING, day("2026-11-19")],
    [
      "reads `kemarin sore` as yesterday, in the afternoon",
      "kemarin sore",
      FRIDAY_MORNING,
      day("2026-11-19", { partOfDay: "sore" }),
    ],
    [
      "reads `kemarin malam` as yesterday, in the evening",
      "kemarin malam",
      FRIDAY_MORNING,
      day("2026-11-19", { partOfDay: "malam" }),
    ],
    [
      "reads yesterday relative to Jakarta when UTC is a day behind",
      "kemarin",
      SATURDAY_SMALL_HOURS,
      day("2026-11-20"),
    ],
    [
      "rolls `kemarin` back over a month end",
      "kemarin",
      new Date("2026-12-01T01:00:00Z"),
      day("2026-11-30"),
    ],
    ["reads `kemarin lusa` as two days ago", "kemarin lusa", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `lusa kemarin` as two days ago", "lusa kemarin", FRIDAY_MORNING, day("2026-11-18")],
    [
      "reads `semalam` as last night, yesterday's date",
      "semalam",
      FRIDAY_MORNING,
      day("2026-11-19", { partOfDay: "malam" }),
    ],
    [
      "reads `semalem` even when said in the evening as yesterday's night",
      "semalem",
      FRIDAY_EVENING,
      day("2026-11-19", { partOfDay: "malam" }),
    ],
    [
      "reads `tadi malam` said in the morning as last night",
      "tadi malam",
      FRIDAY_MORNING,
      day("2026-11-19", { partOfDay: "malam" }),
    ],
    [
      "reads `tadi malam` said in the afternoon as last night, since this evening has not begun",
      "tadi malam",
      FRIDAY_AFTERNOON,
      day("2026-11-19", { partOfDay: "malam" }),
    ],
    [
      "reads `tadi malam` said at 20:00 as this evening",
      "tadi malam",
      FRIDAY_EVENING,
      day("2026-11-20", { partOfDay: "malam" }),
    ],
    [
      "reads `tadi malam` said at 01:30 as the night of the previous date",
      "tadi malam",
      SATURDAY_SMALL_HOURS,
      day("2026-11-20", { partOfDay: "malam" }),
    ],
  ]);
});

describe("parseIndonesianDate: days and weeks ago", () => {
  runTable([
    ["reads `3 hari yang lalu`", "3 hari yang lalu", FRIDAY_MORNING, day("2026-11-17")],
    ["reads `3 hari lalu`", "3 hari lalu", FRIDAY_MORNING, day("2026-11-17")],
    ["reads `2 hari yg lalu`", "2 hari yg lalu", FRIDAY_MORNING, day("2026-11-18")],
    ["reads number words: `dua hari lalu`", "dua hari lalu", FRIDAY_MORNING, day("2026-11-18")],
    [
      "reads `sehari yang lalu` as yesterday",
      "sehari yang lalu",
      FRIDAY_MORNING,
      day("2026-11-19"),
    ],
    [
      "reads `seminggu yang lalu` as seven days ago, approximately",
      "seminggu yang lalu",
      FRIDAY_MORNING,
      day("2026-11-13", { approximate: true }),
    ],
    [
      "reads `seminggu lalu` as seven days ago, approximately",
      "seminggu lalu",
      FRIDAY_MORNING,
      day("2026-11-13", { approximate: true }),
    ],
    [
      "reads `minggu lalu` as last week, not as Sunday",
      "minggu lalu",
      FRIDAY_MORNING,
      day("2026-11-13", { approximate: true }),
    ],
    [
      "reads `minggu kemarin` as last week too",
      "minggu kemarin",
      FRIDAY_MORNING,
      day("2026-11-13", { approximate: true }),
    ],
    [
      "reads `2 minggu lalu` as fourteen days ago, approximately",
      "2 minggu lalu",
      FRIDAY_MORNING,
      day("2026-11-06", { approximate: true }),
    ],
    [
      "reads `beberapa hari lalu` as about three days ago",
      "beberapa hari lalu",
      FRIDAY_MORNING,
      day("2026-11-17", { approximate: true }),
    ],
    [
      "reads `sebulan lalu` as one calendar month ago, approximately",
      "sebulan yang lalu",
      FRIDAY_MORNING,
      day("2026-10-20", { approximate: true }),
    ],
    ["reads `5 menit yang lalu` as today", "5 menit yang lalu", FRIDAY_MORNING, day("2026-11-20")],
    [
      "reads `3 jam lalu` at 01:30 WIB as the previous date",
      "3 jam lalu",
      SATURDAY_SMALL_HOURS,
      day("2026-11-20"),
    ],
    ["reads `an hour ago` as today", "an hour ago", FRIDAY_MORNING, day("2026-11-20")],
    ["reads `0 hari lalu` as today", "0 hari lalu", FRIDAY_MORNING, day("2026-11-20")],
  ]);
});

describe("parseIndonesianDate: weekdays", () => {
  runTable([
    ["reads a bare `Senin` as the most recent Monday", "Senin", FRIDAY_MORNING, day("2026-11-16")],
    [
      "reads `hari Rabu` as the most recent Wednesday",
      "hari Rabu",
      FRIDAY_MORNING,
      day("2026-11-18"),
    ],
    ["reads `Selasa`", "selasa", FRIDAY_MORNING, day("2026-11-17")],
    ["reads `Kamis` as yesterday on a Friday", "Kamis", FRIDAY_MORNING, day("2026-11-19")],
    ["reads a bare `Jumat` on a Friday as today", "Jumat", FRIDAY_MORNING, day("2026-11-20")],
    ["reads the spelling `Jum'at`", "hari Jum'at", FRIDAY_MORNING, day("2026-11-20")],
    [
      "reads `Jumat lalu` as strictly before today",
      "Jumat lalu",
      FRIDAY_MORNING,
      day("2026-11-13"),
    ],
    [
      "reads `Jumat kemarin` as strictly before today",
      "jumat kemarin",
      FRIDAY_MORNING,
      day("2026-11-13"),
    ],
    [
      "reads `kemarin Jumat` as strictly before today",
      "kemarin jumat",
      FRIDAY_MORNING,
      day("2026-11-13"),
    ],
    ["reads `Sabtu` on a Friday as last Saturday", "Sabtu", FRIDAY_MORNING, day("2026-11-14")],
    [
      "reads `Sabtu` at 01:30 WIB on a Saturday as today",
      "sabtu",
      SATURDAY_SMALL_HOURS,
      day("2026-11-21"),
    ],
    [
      "reads `Sabtu lalu` at 01:30 WIB on a Saturday as the week before",
      "Sabtu lalu",
      SATURDAY_SMALL_HOURS,
      day("2026-11-14"),
    ],
    ["reads a bare `Minggu` as Sunday", "Minggu", FRIDAY_MORNING, day("2026-11-15")],
    ["reads `Ahad` as Sunday", "ahad", FRIDAY_MORNING, day("2026-11-15")],
    [
      "reads `hari Minggu lalu` as Sunday, not last week",
      "hari minggu lalu",
      FRIDAY_MORNING,
      day("2026-11-15"),
    ],
    [
      "reads `Minggu pagi` as Sunday morning",
      "minggu pagi",
      FRIDAY_MORNING,
      day("2026-11-15", { partOfDay: "pagi" }),
    ],
    [
      "reads `malam Minggu` as Saturday night",
      "malam minggu",
      FRIDAY_MORNING,
      day("2026-11-14", { partOfDay: "malam" }),
    ],
    [
      "reads `Sabtu malam` as Saturday, in the evening",
      "sabtu malam",
      FRIDAY_MORNING,
      day("2026-11-14", { partOfDay: "malam" }),
    ],
    [
      "reads `Senin minggu lalu` as the Monday of the previous week",
      "senin minggu lalu",
      FRIDAY_MORNING,
      day("2026-11-09"),
    ],
    [
      "reads `Senin lalu` as the most recent Monday before today",
      "senin lalu",
      FRIDAY_MORNING,
      day("2026-11-16"),
    ],
    ["reads weekdays across a year boundary", "Kamis", JANUARY, day("2026-12-31")],
    ["refuses `Sabtu depan` as the future", "sabtu depan", FRIDAY_MORNING, fail("future")],
  ]);
});

describe("parseIndonesianDate: numeric dates", () => {
  runTable([
    ["reads `18/11` day first", "18/11", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `18-11`", "18-11", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `18.11`", "18.11", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `18/11/2026`", "18/11/2026", FRIDAY_MORNING, day("2026-11-18")],
    ["reads a two-digit year `18/11/26`", "18/11/26", FRIDAY_MORNING, day("2026-11-18")],
    ["reads ISO `2026-11-18`", "2026-11-18", FRIDAY_MORNING, day("2026-11-18")],
    ["reads single digits `5/11`", "tgl 5/11", FRIDAY_MORNING, day("2026-11-05")],
    ["reads today's date `20/11` as today", "20/11", FRIDAY_MORNING, day("2026-11-20")],
    [
      "reads a yearless date still ahead this year as last year's",
      "21/11",
      FRIDAY_MORNING,
      day("2025-11-21"),
    ],
    ["reads `28/12` in January as last December", "28/12", JANUARY, day("2026-12-28")],
    ["reads `3/1` in January as this year", "3/1", JANUARY, day("2027-01-03")],
    [
      "does not mistake a clock time `jam 16.30` for a date",
      "kemarin jam 16.30",
      FRIDAY_MORNING,
      day("2026-11-19", { partOfDay: "sore" }),
    ],
    [
      "does not mistake `pukul 10.11` for 10 November",
      "tadi pukul 10.11",
      FRIDAY_MORNING,
      day("2026-11-20"),
    ],
    [
      "does not read money like `Rp 50.000` as a date",
      "dikasih Rp 50.000 kemarin",
      FRIDAY_MORNING,
      day("2026-11-19"),
    ],
  ]);
});

describe("parseIndonesianDate: month names", () => {
  runTable([
    ["reads `18 November`", "18 November", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `18 Nov`", "18 nov", FRIDAY_MORNING, day("2026-11-18")],
    ["reads the variant `18 nopember`", "18 nopember", FRIDAY_MORNING, day("2026-11-18")],
    ["tolerates a one-letter typo `18 novemver`", "18 novemver", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `tanggal 18 november`", "tanggal 18 november", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `5 Desember 2025`", "5 Desember 2025", FRIDAY_MORNING, day("2025-12-05")],
    ["reads `18 Agustus 2026`", "18 Agustus 2026", FRIDAY_MORNING, day("2026-08-18")],
    [
      "reads `18 Agustus 2025` correctly, then refuses it as older than the limit",
      "18 Agustus 2025",
      FRIDAY_MORNING,
      fail("too_old"),
    ],
    [
      "reads `18 Agustus 2025` when it is recent enough",
      "18 Agustus 2025",
      new Date("2026-01-10T03:00:00Z"),
      day("2025-08-18"),
    ],
    [
      "reads a leading-zero clock time `jam 09.15` as morning",
      "kemarin jam 09.15",
      FRIDAY_MORNING,
      day("2026-11-19", { partOfDay: "pagi" }),
    ],
    ["reads `1 Mei`", "1 mei", FRIDAY_MORNING, day("2026-05-01")],
    ["reads `18 Nov` in January as last year", "18 nov", JANUARY, day("2026-11-18")],
    [
      "reads `18 November tahun lalu` as the previous year",
      "18 november tahun lalu",
      FRIDAY_MORNING,
      day("2025-11-18"),
    ],
    ["reads `tgl 18` as the 18th of this month", "tgl 18", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `tanggal 18` alone", "tanggal 18", FRIDAY_MORNING, day("2026-11-18")],
    [
      "reads `tanggal 25` when the 25th is still ahead as last month",
      "tanggal 25",
      FRIDAY_MORNING,
      day("2026-10-25"),
    ],
    ["reads `tanggal 28` in January as last December", "tanggal 28", JANUARY, day("2026-12-28")],
    [
      "reads `tanggal 18 bulan lalu` as last month",
      "tanggal 18 bulan lalu",
      FRIDAY_MORNING,
      day("2026-10-18"),
    ],
  ]);
});

describe("parseIndonesianDate: simple English", () => {
  runTable([
    ["reads `today`", "today", FRIDAY_MORNING, day("2026-11-20")],
    ["reads `yesterday`", "Yesterday", FRIDAY_MORNING, day("2026-11-19")],
    [
      "reads `this morning` as today, in the morning",
      "this morning",
      FRIDAY_MORNING,
      day("2026-11-20", { partOfDay: "pagi" }),
    ],
    [
      "reads `last night` as yesterday evening",
      "last night",
      FRIDAY_MORNING,
      day("2026-11-19", { partOfDay: "malam" }),
    ],
    ["reads `2 days ago`", "2 days ago", FRIDAY_MORNING, day("2026-11-18")],
    [
      "reads `a week ago` as approximate",
      "a week ago",
      FRIDAY_MORNING,
      day("2026-11-13", { approximate: true }),
    ],
    [
      "reads `the day before yesterday`",
      "the day before yesterday",
      FRIDAY_MORNING,
      day("2026-11-18"),
    ],
    ["reads a bare `Monday`", "on Monday", FRIDAY_MORNING, day("2026-11-16")],
    [
      "reads `last Friday` on a Friday as a week ago",
      "last Friday",
      FRIDAY_MORNING,
      day("2026-11-13"),
    ],
    ["reads `18 November`", "18 November", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `November 18`", "November 18", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `Nov 18th, 2026`", "Nov 18th, 2026", FRIDAY_MORNING, day("2026-11-18")],
    ["reads `on the 18th`", "on the 18th", FRIDAY_MORNING, day("2026-11-18")],
    ["refuses `tomorrow` as the future", "tomorrow", FRIDAY_MORNING, fail("future")],
  ]);
});

describe("parseIndonesianDate: words around the date", () => {
  runTable([
    [
      "reads `kejadiannya kemarin sore sekitar jam 4` as yesterday, in the afternoon",
      "kejadiannya kemarin sore sekitar jam 4",
      FRIDAY_MORNING,
      day("2026-11-19", { partOfDay: "sore" }),
    ],
    [
      "ignores a greeting's part of day",
      "Selamat malam pak, kemarin ada bagi-bagi sembako",
      FRIDAY_MORNING,
      day("2026-11-19"),
    ],
    [
      "does not read `serangan fajar` (vote buying) as dawn",
      "ada serangan fajar kemarin",
      FRIDAY_MORNING,
      day("2026-11-19"),
    ],
    [
      "takes a 24-hour clock time as the part of day",
      "kemarin sekitar pukul 20.00 WIB",
      FRIDAY_MORNING,
      day("2026-11-19", { partOfDay: "malam" }),
    ],
    [
      "prefers the event's day over `hari ini`, the day of writing",
      "hari ini saya mau lapor kejadian kemarin",
      FRIDAY_MORNING,
      day("2026-11-19"),
    ],
    [
      "prefers an explicit date over a weekday",
      "Rabu, 18/11, di TPS 05",
      FRIDAY_MORNING,
      day("2026-11-18"),
    ],
    [
      "prefers a past day over a later plan",
      "kemarin, besok saya ke kantor Bawaslu",
      FRIDAY_MORNING,
      day("2026-11-19"),
    ],
  ]);
});

describe("parseIndonesianDate: refusals", () => {
  runTable([
    ["refuses `besok` as the future", "besok", FRIDAY_MORNING, fail("future")],
    ["refuses `lusa` alone as the future", "lusa", FRIDAY_MORNING, fail("future")],
    ["refuses `minggu depan` as the future", "minggu depan", FRIDAY_MORNING, fail("future")],
    ["refuses a dated day after today", "25/11/2026", FRIDAY_MORNING, fail("future")],
    ["refuses a later year", "18 November 2027", FRIDAY_MORNING, fail("future")],
    [
      "refuses tomorrow's ISO date at 01:30 WIB, computed in Jakarta",
      "2026-11-22",
      SATURDAY_SMALL_HOURS,
      fail("future"),
    ],
    ["refuses `500 hari lalu` as too old", "500 hari lalu", FRIDAY_MORNING, fail("too_old")],
    ["refuses a dated day years ago", "1/1/2020", FRIDAY_MORNING, fail("too_old")],
    ["refuses `31/02`", "31/02", FRIDAY_MORNING, fail("invalid_date")],
    ["refuses `32/11`", "32/11", FRIDAY_MORNING, fail("invalid_date")],
    ["refuses month 13", "12/13/2026", FRIDAY_MORNING, fail("invalid_date")],
    ["refuses `31 November`", "31 November", FRIDAY_MORNING, fail("invalid_date")],
    ["refuses 29 February in a common year", "29/02/2026", FRIDAY_MORNING, fail("invalid_date")],
    [
      "refuses `tanggal 31` when last month has no 31st",
      "tanggal 31",
      new Date("2027-03-05T03:00:00Z"),
      fail("invalid_date"),
    ],
    ["reports empty text as unrecognised", "", FRIDAY_MORNING, fail("unrecognised")],
    [
      "reports text without a date as unrecognised",
      "ada yang bagi-bagi uang di TPS 3",
      FRIDAY_MORNING,
      fail("unrecognised"),
    ],
    [
      "reports a clock time alone as unrecognised rather than guessing today",
      "jam 4 sore",
      FRIDAY_MORNING,
      fail("unrecognised"),
    ],
  ]);

  it("accepts the oldest allowed day and refuses the one before it", () => {
    expect(parseIndonesianDate(`${MAX_AGE_DAYS} hari lalu`, FRIDAY_MORNING)).toEqual(
      day("2025-10-16"),
    );
    expect(parseIndonesianDate(`${MAX_AGE_DAYS + 1} hari lalu`, FRIDAY_MORNING)).toEqual(
      fail("too_old"),
    );
  });

  it("throws on an invalid `now` instead of answering with a made-up date", () => {
    expect(() => parseIndonesianDate("kemarin", new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("formatIndonesianDate", () => {
  it.each([
    ["2026-11-18", "id", "Rabu, 18 November 2026"],
    ["2026-11-18", "en", "Wednesday, 18 November 2026"],
    ["2026-11-21", "id", "Sabtu, 21 November 2026"],
    ["2026-11-21", "en", "Saturday, 21 November 2026"],
    ["2027-01-05", "id", "Selasa, 5 Januari 2027"],
    ["2026-08-17", "id", "Senin, 17 Agustus 2026"],
    ["2026-11-20", "id", "Jumat, 20 November 2026"],
  ] as const)("formats %s in %s as %s", (date, language, expected) => {
    expect(formatIndonesianDate(date, language)).toBe(expected);
  });

  it("rejects a malformed or impossible date", () => {
    expect(() => formatIndonesianDate("2026-02-30", "id")).toThrow(RangeError);
    expect(() => formatIndonesianDate("18/11/2026", "id")).toThrow(RangeError);
  });
});

describe("daysBetween", () => {
  it.each([
    ["2026-11-13", "2026-11-20", 7],
    ["2026-11-20", "2026-11-13", -7],
    ["2026-11-20", "2026-11-20", 0],
    ["2026-12-28", "2027-01-05", 8],
    ["2028-02-28", "2028-03-01", 2],
    ["2026-02-28", "2026-03-01", 1],
  ] as const)("counts from %s to %s as %i days", (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it("rejects a malformed date", () => {
    expect(() => daysBetween("2026-11-31", "2026-12-01")).toThrow(RangeError);
  });
});

describe("independence from the machine time zone", () => {
  it("never calls local-time Date getters or setters, only their UTC forms", () => {
    const source = readFileSync(
      new URL("../../src/knowledge/indonesian-dates.ts", import.meta.url),
      "utf8",
    );
    const localCalls = source.match(
      /\.(?:get|set)(?:FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds)\(|getTimezoneOffset|toLocale\w*\(/g,
    );
    expect(localCalls).toBeNull();
  });

  it("gives the same day for the same instant whatever `now` looked like locally", () => {
    // 2026-11-20T17:00Z is exactly midnight in Jakarta: the first instant of Saturday.
    expect(parseIndonesianDate("hari ini", new Date("2026-11-20T16:59:59Z"))).toEqual(
      day("2026-11-20"),
    );
    expect(parseIndonesianDate("hari ini", new Date("2026-11-20T17:00:00Z"))).toEqual(
      day("2026-11-21"),
    );
  });
});
