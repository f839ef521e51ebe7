/**
 * CSV exports for staff (report lists, recap tables), written for the program that will open
 * them: Excel or LibreOffice on an office laptop.
 *
 * - RFC 4180: records end in CRLF (the last one too); a field holding a comma, a double quote,
 *   CR or LF is quoted, and quotes inside it are doubled.
 * - UTF-8 with a byte-order mark: without it Excel reads the file as the ANSI code page and
 *   "Kepulauan Bangka Belitung — Desa Lalang" or a name with "é" comes out garbled.
 * - Formula injection neutralised (OWASP "CSV Injection"): a text field that begins with `=`,
 *   `+`, `-`, `@`, a tab or a carriage return would be run as a formula by the spreadsheet
 *   (`=HYPERLINK(...)`, `@SUM(...)`), and report fields are written by the public. Such a field
 *   gets a leading `'`, which spreadsheets read as "this is text". Numbers passed as numbers
 *   (`-3`, `1.5`) are ours, not the public's, and stay numbers.
 * - `null` and `undefined` are empty fields.
 */

export type CsvValue = string | number | null | undefined;

/** UTF-8 byte-order mark, first in the text; it becomes the bytes EF BB BF once encoded. */
export const CSV_BOM = "\uFEFF";

/** The media type to send an export with. */
export const CSV_MIME_TYPE = "text/csv; charset=utf-8";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV document: the header row, then one record per row, each ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`);
  return CSV_BOM + lines.join("");
}

/** One field, neutralised and quoted as needed. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    // NaN and ±Infinity are not numbers a spreadsheet reads; they never carry user text.
    return Number.isFinite(value) ? String(value) : "";
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
