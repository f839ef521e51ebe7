import { describe, expect, it } from "vitest";
import { findTimeInText } from "../../src/knowledge/time-in-text";

/** Friday 20 November 2026, 10:00 WIB. */
const FRIDAY_MORNING = new Date("2026-11-20T03:00:00Z");

describe("findTimeInText", () => {
  it.each([
    ["tadi pagi ada bagi2 amplop 100rb di desa Lalang Manggar", "2026-11-20"],
    ["td subuh ada serangan fajar 200rb per kk", "2026-11-20"],
    ["semalem jam 11 tim paslon datang ke rumah2", "2026-11-19"],
    ["kemarin sore di tps 12 ada yg nyoblos dua kali", "2026-11-19"],
    ["hari sabtu malam ada kampanye di lapangan", "2026-11-14"],
    ["tgl 3 kemarin ada rapat tim pemenangan di kantor camat", "2026-11-03"],
    ["2 hari lalu caleg bagi sembako", "2026-11-18"],
    ["Someone handed out envelopes with Rp100,000 last night.", "2026-11-19"],
    ["this morning a police officer handed out stickers", "2026-11-20"],
  ])("finds the day in %j", (text, day) => {
    expect(findTimeInText(text, FRIDAY_MORNING)).toBe(day);
  });

  it("takes the event's day over the day of writing", () => {
    expect(findTimeInText("hari ini saya mau lapor kejadian kemarin", FRIDAY_MORNING)).toBe(
      "2026-11-19",
    );
  });

  it.each([
    "paslon 2 bagi 5kg beras, per kk dapat 100rb",
    "anak sy yg masih 15 thn dapet undangan memilih",
    "tps buka jam 9, banyak warga pulang",
    "perangkat desa masang baliho malam2",
  ])("does not take amounts, ages, numbers or hours for a day: %j", (text) => {
    expect(findTimeInText(text, FRIDAY_MORNING)).toBeUndefined();
  });

  it("reads 'pemilu kemarin' as the last election, not yesterday", () => {
    expect(
      findTimeInText("nama sy gak ada di dpt padahal pemilu kemaren masih ada", FRIDAY_MORNING),
    ).toBeUndefined();
    expect(findTimeInText("pilkada ulang kmrn ada serangan fajar", FRIDAY_MORNING)).toBeUndefined();
  });

  it("never gives a future day", () => {
    expect(findTimeInText("besok katanya mau ada bagi2 amplop", FRIDAY_MORNING)).toBeUndefined();
    expect(findTimeInText("nanti malam ada serangan fajar", FRIDAY_MORNING)).toBeUndefined();
  });
});
