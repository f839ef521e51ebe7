/**
 * Finds when something happened inside a longer message ("tadi pagi ada bagi2 amplop …",
 * "semalem jam 11 tim paslon datang", "tgl 3 kemarin"), as the calendar day (Asia/Jakarta) that
 * `parseIndonesianDate` gives for the time phrase.
 *
 * Whole messages carry numbers and words that are not dates ("100rb", "paslon 2", "tps 12",
 * "15 thn", "jam 9"), so only windows of a few words around time words are read: from two words
 * before a time word to three after it. The windows are read together first, so the parser's own
 * precedence holds (an explicit date beats "kemarin", which beats "hari ini" — in "hari ini saya
 * mau lapor kejadian kemarin" the event is yesterday); if that reading is not a past day, each
 * window is tried alone, in order. Future days and days too old are never returned. "Kemarin"
 * right after the name of an election ("pemilu kemarin") is the last election, not yesterday.
 */

import { parseIndonesianDate } from "./indonesian-dates";

const BEFORE = 2;
const AFTER = 3;

/** Words that start or anchor a time phrase. */
const TIME_WORD = new RegExp(
  "^(?:" +
    [
      "tadi",
      "td",
      "tdi",
      "barusan",
      "baru",
      "se?m[ae]?l[ae]?m",
      "ke?m[ae]?r[ie]?n",
      "kmrn",
      "lusa",
      "hari",
      "hr",
      "tgl",
      "tggl",
      "tanggal",
      "tangal",
      "tg",
      "lalu",
      "yll",
      "lewat",
      "sebelumnya",
      "ago",
      "sekarang",
      "skrg",
      "skrng",
      "pagi",
      "siang",
      "sore",
      "malam",
      "malem",
      "mlm",
      "subuh",
      "dini",
      "senin",
      "senen",
      "selasa",
      "slasa",
      "rabu",
      "rebo",
      "kamis",
      "kemis",
      "jumat",
      "jumaat",
      "sabtu",
      "saptu",
      "minggu",
      "mingu",
      "ahad",
      "pekan",
      "bulan",
      "bln",
      "yesterday",
      "today",
      "tonight",
      "last",
      "this",
      "earlier",
      "monday",
      "tuesday",
      "wednesday",
      "thursday",
      "friday",
      "saturday",
      "sunday",
      "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember",
      "january|february|march|may|june|july|august|october|december",
      "jan|feb|peb|mar|mrt|apr|jun|jul|agu|agt|ags|agus|agst|aug|sep|sept|okt|oct|nov|nop|des|dec",
      String.raw`\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?`,
    ].join("|") +
    ")$",
);

/** Words of the message, split the way the date parser reads them (it keeps / . : -). */
function wordsOf(text: string): string[] {
  return (
    text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/['’‘`´]/g, "")
      .replace(/[^a-z0-9/.:\-\s]+/g, " ")
      .split(/\s+/)
      .map((word) => word.replace(/^[.:/-]+|[.:/-]+$/g, ""))
      .filter((word) => word.length > 0)
      // "pemilu kemarin", "pilkada ulang kemaren": the last election, not yesterday.
      .filter(
        (word, i, all) =>
          !(YESTERDAY.test(word) && all.slice(Math.max(0, i - 2), i).some(isElection)),
      )
  );
}

const YESTERDAY = /^(?:ke?m[ae]?r[ie]?n|kmrn)$/;
const ELECTION = /^(?:pemilu|pilkada|pileg|pilpres|pilgub|pilbup|pilwako|pilwalkot|pemilihan)$/;

function isElection(word: string): boolean {
  return ELECTION.test(word);
}

/** Index ranges [from, to) of the windows around time words, merged where they overlap. */
function windowsOf(words: readonly string[]): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  words.forEach((word, i) => {
    if (!TIME_WORD.test(word)) return;
    const from = Math.max(0, i - BEFORE);
    const to = Math.min(words.length, i + AFTER + 1);
    const last = windows.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  });
  return windows;
}

/**
 * The day (YYYY-MM-DD, Asia/Jakarta) an event told in `text` happened, judged at `now`; undefined
 * when the message names no time, or only a future or invalid one.
 */
export function findTimeInText(text: string, now: Date): string | undefined {
  const words = wordsOf(text);
  const windows = windowsOf(words).map(([from, to]) => words.slice(from, to).join(" "));
  if (windows.length === 0) return undefined;
  // ";" keeps a phrase from running into the next window.
  const together = parseIndonesianDate(windows.join(" ; "), now);
  if (together.ok) return together.date;
  for (const window of windows) {
    const parsed = parseIndonesianDate(window, now);
    if (parsed.ok) return parsed.date;
  }
  return undefined;
}
