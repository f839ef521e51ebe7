import { describe, expect, it } from "vitest";
import { formatWib, parseSendTime } from "../../src/broadcasts/send-time";

/** Friday 20 November 2026, 10:00 WIB. */
const now = new Date("2026-11-20T03:00:00Z");
const read = (typed: string) => {
  const result = parseSendTime(typed, now);
  if (!result.ok) return result.reason;
  return result.at === null ? "now" : formatWib(result.at, "id");
};

describe("reading when a broadcast goes (WIB)", () => {
  it("reads `sekarang` and `now` as at once", () => {
    expect(read("sekarang")).toBe("now");
    expect(read("Sekarang!")).toBe("now");
    expect(read("kirim sekarang")).toBe("now");
    expect(read("now")).toBe("now");
  });

  it("reads a day and a time the ways staff write them", () => {
    expect(read("besok 08.00")).toBe("Sabtu, 21 November 2026, 08.00 WIB");
    expect(read("Besok, 08.00 WIB")).toBe("Sabtu, 21 November 2026, 08.00 WIB");
    expect(read("besok jam 8")).toBe("Sabtu, 21 November 2026, 08.00 WIB");
    expect(read("besok 8 pagi")).toBe("Sabtu, 21 November 2026, 08.00 WIB");
    expect(read("lusa 13:00")).toBe("Minggu, 22 November 2026, 13.00 WIB");
    expect(read("24/11 19.30")).toBe("Selasa, 24 November 2026, 19.30 WIB");
    expect(read("tgl 24/11/2026 pkl 08.00")).toBe("Selasa, 24 November 2026, 08.00 WIB");
    expect(read("24 November 2026 pukul 8 pagi")).toBe("Selasa, 24 November 2026, 08.00 WIB");
    expect(read("24 Nov 08:00")).toBe("Selasa, 24 November 2026, 08.00 WIB");
    expect(read("2026-11-24 08:00")).toBe("Selasa, 24 November 2026, 08.00 WIB");
    expect(read("tomorrow 8:30 am")).toBe("Sabtu, 21 November 2026, 08.30 WIB");
  });

  it("moves afternoon and evening hours past noon", () => {
    expect(read("jam 3 sore")).toBe("Jumat, 20 November 2026, 15.00 WIB");
    expect(read("jam 7 malam")).toBe("Jumat, 20 November 2026, 19.00 WIB");
    expect(read("jam 1 siang")).toBe("Jumat, 20 November 2026, 13.00 WIB");
    expect(read("8 pm")).toBe("Jumat, 20 November 2026, 20.00 WIB");
  });

  it("takes a time alone as today, and a day without a year as the next one to come", () => {
    expect(read("19.00")).toBe("Jumat, 20 November 2026, 19.00 WIB");
    expect(read("1/1 08.00")).toBe("Jumat, 1 Januari 2027, 08.00 WIB");
  });

  it("asks for the time when only a day is given", () => {
    expect(read("besok")).toBe("need_time");
    expect(read("24/11")).toBe("need_time");
  });

  it("refuses a time that has passed, one over a year ahead, and days not in the calendar", () => {
    expect(read("09.00")).toBe("past");
    expect(read("20/11/2026 10.00")).toBe("past");
    expect(read("25/12/2027 08.00")).toBe("too_far");
    expect(read("31/11 08.00")).toBe("invalid_date");
    expect(read("25:00")).toBe("invalid_date");
    expect(read("19.00 pagi")).toBe("invalid_date");
  });

  it("does not half-read an answer with words it does not know", () => {
    expect(read("kapan saja")).toBe("unrecognised");
    expect(read("besok kalau hujan reda 08.00")).toBe("unrecognised");
    expect(read("")).toBe("unrecognised");
  });

  it("writes the time in English with a colon", () => {
    const at = new Date("2026-11-21T01:00:00Z");
    expect(formatWib(at, "en")).toBe("Saturday, 21 November 2026, 08:00 WIB");
  });
});
