import { describe, expect, it } from "vitest";
import type { Language } from "../../src/engine/types";
import { resources } from "../../src/i18n/resources";
import { createTranslator } from "../../src/i18n/translator";
import { createElectionCalendar } from "../../src/knowledge/calendar";
import { calendarLines } from "../../src/knowledge/calendar-answer";

const calendar = createElectionCalendar();
const translator = createTranslator(resources);
const names: Record<string, string> = {
  "19.01": "Kab. Bangka",
  "19.71": "Kota Pangkal Pinang",
};
const regionName = (code: string) => names[code] ?? code;

function lines(topic: string, iso: string, language: Language = "id", place?: string) {
  const options = {
    regionName,
    ...(place ? { place: { code: place, name: regionName(place) } } : {}),
  };
  return calendarLines(calendar, topic, new Date(iso), language, options).map((say) =>
    translator.text(language, say),
  );
}

describe("the dated line in front of an answer", () => {
  it("in November 2026 names the last voting day, and the 2025 re-run after it", () => {
    const text = lines("next_elections", "2026-11-22T05:00:00Z").join("\n");
    expect(text).toContain("Minggu, 22 November 2026");
    expect(text).toContain("Pilkada 2024, Rabu, 27 November 2024");
    expect(text).toContain("Sesudahnya Pilkada ulang 2025 di Kab. Bangka dan Kota Pangkal Pinang");
    // That answer says "belum ditetapkan" itself; other dated answers get it from the line.
    expect(text).not.toContain("belum ditetapkan");
    expect(lines("pilkada_2024_voting_day", "2026-11-22T05:00:00Z")[0]).toContain(
      "Jadwal berikutnya *belum ditetapkan*.",
    );
  });

  it("for Pangkalpinang names the 2025 re-run as its last voting day", () => {
    const text = lines("pilkada_2024_voting_day", "2026-11-22T05:00:00Z", "id", "19.71");
    expect(text[0]).toContain("terakhir di Kota Pangkal Pinang adalah Pilkada ulang 2025");
    expect(text[0]).toContain("27 Agustus 2025");
    expect(text.join("\n")).not.toContain("Sesudahnya");
  });

  it("inside the 2024 Pilkada masa tenang says it is masa tenang, which day, and H-n", () => {
    const [line] = lines("masa_tenang", "2024-11-25T03:00:00Z");
    expect(line).toContain("Saat ini *masa tenang* Pilkada 2024");
    expect(line).toContain("hari ke-2 dari 3");
    expect(line).toContain("H-2");
  });

  it("masa tenang starts at 00:00 WIB, not at midnight UTC", () => {
    // 23 Nov 2024 17:30 UTC is already 24 Nov 00:30 in Jakarta.
    expect(lines("masa_tenang", "2024-11-23T17:30:00Z")[0]).toContain("masa tenang");
    expect(lines("masa_tenang", "2024-11-23T16:30:00Z")[0]).toContain("masa kampanye");
  });

  it("on voting day says so, in English when asked in English", () => {
    const [line] = lines("pilkada_2024_voting_day", "2024-11-27T02:00:00Z", "en");
    expect(line).toContain("is voting day for the 2024 regional elections (Pilkada)");
  });

  it("counts down to a coming voting day with H-n (Pangkalpinang, three days before the re-run)", () => {
    const [line] = lines("pilkada_ulang_2025", "2025-08-24T03:00:00Z", "id", "19.71");
    expect(line).toContain(
      "Pemungutan suara berikutnya di Kota Pangkal Pinang: Pilkada ulang 2025, Rabu, 27 Agustus 2025 (H-3).",
    );
    // Elsewhere in Babel there was no re-run: the next date there is not set.
    const [belitung] = lines("pilkada_ulang_2025", "2025-08-24T03:00:00Z", "id", "19.06");
    expect(belitung).toContain("Jadwal berikutnya *belum ditetapkan*.");
  });

  it("topics that do not depend on the date get no line", () => {
    expect(lines("what_to_bring", "2024-11-25T03:00:00Z")).toEqual([]);
  });
});
