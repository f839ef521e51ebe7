import { describe, expect, it } from "vitest";
import { createElectionCalendar, jakartaDate } from "../../src/knowledge/calendar";
import { type ElectionEvent, electionEvents } from "../../src/knowledge/calendar-data";

// Every `now` is an explicit instant with its offset, so the machine's TZ never matters.
const calendar = createElectionCalendar();

const PANGKALPINANG = "19.71";
const PANGKALPINANG_VILLAGE = "19.71.01.1001";
const KAB_BANGKA = "19.01";
const BELITUNG_TIMUR = "19.06";
const MANGGAR_VILLAGE = "19.06.01.2001";
const KOTA_JAMBI = "15.71";

/** facts.md §1 subsections the data may cite. */
const FACT_SECTIONS = ["§1 Pemilu 2024", "§1 Pilkada 2024", "§1 Babel re-run 2025"];

function eventById(id: string): ElectionEvent {
  const event = electionEvents.find((candidate) => candidate.id === id);
  if (!event) throw new Error(`no event ${id}`);
  return event;
}

describe("election calendar data", () => {
  it("gives every event real dates, start on or before end, and a facts.md source", () => {
    for (const event of electionEvents) {
      for (const date of [event.start, event.end]) {
        expect(date, event.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10), event.id).toBe(date);
      }
      expect(event.start <= event.end, event.id).toBe(true);
      expect(event.source, event.id).toMatch(/^§\d+(\.\d+)? \S/);
      expect(FACT_SECTIONS, event.id).toContain(event.source);
    }
  });

  it("has unique ids", () => {
    const ids = electionEvents.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses the facts.md dates for the key stages", () => {
    const dates = (id: string) => [eventById(id).start, eventById(id).end];
    expect(dates("pemilu_2024.campaign")).toEqual(["2023-11-28", "2024-02-10"]);
    expect(dates("pemilu_2024.masa_tenang")).toEqual(["2024-02-11", "2024-02-13"]);
    expect(dates("pemilu_2024.voting")).toEqual(["2024-02-14", "2024-02-14"]);
    expect(dates("pemilu_2024.counting")).toEqual(["2024-02-14", "2024-02-15"]);
    expect(dates("pemilu_2024.recap")).toEqual(["2024-02-15", "2024-03-20"]);
    expect(dates("pilkada_2024.candidacy_registration")).toEqual(["2024-08-27", "2024-08-29"]);
    expect(dates("pilkada_2024.candidacy_set")).toEqual(["2024-09-22", "2024-09-22"]);
    expect(dates("pilkada_2024.campaign")).toEqual(["2024-09-25", "2024-11-23"]);
    expect(dates("pilkada_2024.masa_tenang")).toEqual(["2024-11-24", "2024-11-26"]);
    expect(dates("pilkada_2024.voting")).toEqual(["2024-11-27", "2024-11-27"]);
    expect(dates("pilkada_2024.counting_recap")).toEqual(["2024-11-27", "2024-12-16"]);
    expect(dates("pilkada_ulang_2025.candidacy_registration")).toEqual([
      "2025-06-26",
      "2025-06-28",
    ]);
    expect(dates("pilkada_ulang_2025.candidacy_set")).toEqual(["2025-07-22", "2025-07-22"]);
    expect(dates("pilkada_ulang_2025.campaign")).toEqual(["2025-07-25", "2025-08-23"]);
    expect(dates("pilkada_ulang_2025.voting")).toEqual(["2025-08-27", "2025-08-27"]);
  });

  it("holds no unconfirmed dates: no pelantikan, no re-run masa tenang, nothing after Aug 2025", () => {
    expect(electionEvents.some((event) => event.start.startsWith("2025-02-20"))).toBe(false);
    expect(
      electionEvents.some(
        (event) => event.election === "pilkada_ulang_2025" && event.kind === "masa_tenang",
      ),
    ).toBe(false);
    expect(electionEvents.filter((event) => event.end > "2025-08-27")).toEqual([]);
  });

  it("scopes the re-run to Kab. Bangka and Kota Pangkalpinang and flags them on Pilkada 2024", () => {
    for (const event of electionEvents.filter((e) => e.election === "pilkada_ulang_2025")) {
      expect(event.scope).toEqual({ level: "regency", codes: [KAB_BANGKA, PANGKALPINANG] });
    }
    for (const event of electionEvents.filter((e) => e.election !== "pilkada_ulang_2025")) {
      expect(event.scope).toEqual({ level: "national" });
    }
    expect(eventById("pilkada_2024.voting").rerunIn).toEqual([KAB_BANGKA, PANGKALPINANG]);
    expect(eventById("pilkada_2024.voting").note).toMatch(/kotak kosong/);
  });

  it("rejects events whose dates are invalid or reversed", () => {
    const base = eventById("pilkada_2024.voting");
    expect(() => createElectionCalendar([{ ...base, start: "2024-02-30" }])).toThrow(RangeError);
    expect(() => createElectionCalendar([{ ...base, end: "2024-11-26" }])).toThrow(RangeError);
  });
});

describe("jakartaDate", () => {
  it("is the WIB day of the instant, whatever the UTC day is", () => {
    expect(jakartaDate(new Date("2024-11-23T16:59:59Z"))).toBe("2024-11-23");
    expect(jakartaDate(new Date("2024-11-23T17:00:00Z"))).toBe("2024-11-24");
    expect(calendar.jakartaDate(new Date("2024-11-24T00:10+07:00"))).toBe("2024-11-24");
  });

  it("refuses an invalid Date", () => {
    expect(() => jakartaDate(new Date("nope"))).toThrow(RangeError);
  });
});

describe("statusAt", () => {
  it("reports Pilkada 2024 masa tenang on 25 Nov 2024 everywhere in scope", () => {
    const now = new Date("2024-11-25T10:00+07:00");
    for (const region of [
      undefined,
      "19",
      PANGKALPINANG,
      PANGKALPINANG_VILLAGE,
      BELITUNG_TIMUR,
      MANGGAR_VILLAGE,
      "15",
      KOTA_JAMBI,
    ]) {
      const status = calendar.statusAt(now, region);
      expect(status.phase, String(region)).toBe("masa_tenang");
      if (status.phase === "none") continue;
      expect(status.election).toBe("pilkada_2024");
      expect(status.event.id).toBe("pilkada_2024.masa_tenang");
    }
  });

  it("is still campaign at 23:30 WIB on 23 Nov 2024 and masa tenang ten minutes after midnight", () => {
    const late = calendar.statusAt(new Date("2024-11-23T23:30+07:00"), PANGKALPINANG);
    expect(late.phase).toBe("campaign");
    // 2024-11-23T17:10Z is still the 23rd in UTC, but already the 24th in WIB.
    const afterMidnight = new Date("2024-11-23T17:10:00Z");
    expect(afterMidnight.getTime()).toBe(new Date("2024-11-24T00:10+07:00").getTime());
    const quiet = calendar.statusAt(afterMidnight, PANGKALPINANG);
    expect(quiet.phase).toBe("masa_tenang");
  });

  it("calls 27 Nov 2024 voting day, not counting, although both start that day", () => {
    const status = calendar.statusAt(new Date("2024-11-27T08:00+07:00"), KOTA_JAMBI);
    expect(status.phase).toBe("voting_day");
    if (status.phase === "none") throw new Error("expected voting day");
    expect(status.event.id).toBe("pilkada_2024.voting");
    expect(status.events.map((event) => event.id)).toEqual([
      "pilkada_2024.voting",
      "pilkada_2024.counting_recap",
    ]);
  });

  it("calls 27 Aug 2025 voting day in Pangkalpinang and Kab. Bangka, down to village codes", () => {
    const now = new Date("2025-08-27T09:00+07:00");
    for (const region of [PANGKALPINANG, PANGKALPINANG_VILLAGE, KAB_BANGKA]) {
      const status = calendar.statusAt(now, region);
      expect(status.phase, region).toBe("voting_day");
      if (status.phase === "none") continue;
      expect(status.election).toBe("pilkada_ulang_2025");
      expect(status.elsewhere).toEqual([]);
    }
  });

  it("reports nothing on 27 Aug 2025 in Belitung Timur, but names the re-run elsewhere", () => {
    const now = new Date("2025-08-27T09:00+07:00");
    for (const region of [BELITUNG_TIMUR, MANGGAR_VILLAGE, "19", KOTA_JAMBI, undefined]) {
      const status = calendar.statusAt(now, region);
      expect(status, String(region)).toEqual({
        phase: "none",
        elsewhere: [eventById("pilkada_ulang_2025.voting")],
      });
    }
  });

  it("reports the re-run campaign only where it runs", () => {
    const now = new Date("2025-08-01T12:00+07:00");
    expect(calendar.statusAt(now, KAB_BANGKA).phase).toBe("campaign");
    expect(calendar.statusAt(now, "19.03").phase).toBe("none");
  });

  it("reports nothing in late 2026", () => {
    expect(calendar.statusAt(new Date("2026-11-22T10:00+07:00"), PANGKALPINANG)).toEqual({
      phase: "none",
      elsewhere: [],
    });
  });

  it("refuses something that is not a region code", () => {
    const now = new Date("2024-11-25T10:00+07:00");
    expect(() => calendar.statusAt(now, "Pangkalpinang")).toThrow(RangeError);
    expect(() => calendar.statusAt(now, "1971")).toThrow(RangeError);
  });
});

describe("nextVoting and lastVoting", () => {
  const LATE_2026 = new Date("2026-11-22T10:00+07:00");

  it("has nothing upcoming in late 2026 anywhere, so callers say 'belum ditetapkan'", () => {
    for (const region of [undefined, PANGKALPINANG, BELITUNG_TIMUR, KOTA_JAMBI]) {
      expect(calendar.nextVoting(LATE_2026, region), String(region)).toBeUndefined();
    }
  });

  it("gives Pangkalpinang the 27 Aug 2025 re-run as its last voting day", () => {
    const last = calendar.lastVoting(LATE_2026, PANGKALPINANG_VILLAGE);
    expect(last?.event.id).toBe("pilkada_ulang_2025.voting");
    expect(last?.event.start).toBe("2025-08-27");
    expect(last?.laterElsewhere).toEqual([]);
  });

  it("gives Belitung Timur 27 Nov 2024, noting the later re-run elsewhere", () => {
    const last = calendar.lastVoting(LATE_2026, BELITUNG_TIMUR);
    expect(last?.event.id).toBe("pilkada_2024.voting");
    expect(last?.event.start).toBe("2024-11-27");
    expect(last?.laterElsewhere.map((event) => event.id)).toEqual(["pilkada_ulang_2025.voting"]);
  });

  it("gives no region the national Pilkada of 27 Nov 2024 and exposes the re-run", () => {
    const last = calendar.lastVoting(LATE_2026);
    expect(last?.event.id).toBe("pilkada_2024.voting");
    expect(last?.laterElsewhere.map((event) => event.id)).toEqual(["pilkada_ulang_2025.voting"]);
  });

  it("counts a voting day as next (not last) while it is today", () => {
    const votingMorning = new Date("2025-08-27T07:00+07:00");
    expect(calendar.nextVoting(votingMorning, PANGKALPINANG)?.id).toBe("pilkada_ulang_2025.voting");
    expect(calendar.lastVoting(votingMorning, PANGKALPINANG)?.event.id).toBe("pilkada_2024.voting");
  });

  it("finds the re-run as next voting in Kab. Bangka during its campaign, but not in Belitung", () => {
    const now = new Date("2025-08-01T12:00+07:00");
    expect(calendar.nextVoting(now, KAB_BANGKA)?.id).toBe("pilkada_ulang_2025.voting");
    expect(calendar.nextVoting(now, "19.02")).toBeUndefined();
  });

  it("has no last voting before the first one in the data", () => {
    expect(calendar.lastVoting(new Date("2024-01-01T12:00+07:00"), KOTA_JAMBI)).toBeUndefined();
  });
});

describe("relative", () => {
  const voting = eventById("pilkada_2024.voting");
  const masaTenang = eventById("pilkada_2024.masa_tenang");

  it("gives H-3 on 24 Nov 2024 for the 27 Nov vote", () => {
    expect(calendar.relative(new Date("2024-11-24T00:10+07:00"), voting)).toEqual({
      when: "upcoming",
      daysUntil: 3,
    });
  });

  it("counts by WIB day, so 23:30 WIB on 26 Nov is still H-1", () => {
    expect(calendar.relative(new Date("2024-11-26T23:30+07:00"), voting)).toEqual({
      when: "upcoming",
      daysUntil: 1,
    });
  });

  it("gives the day of an ongoing event", () => {
    expect(calendar.relative(new Date("2024-11-25T10:00+07:00"), masaTenang)).toEqual({
      when: "ongoing",
      dayOf: 2,
      days: 3,
    });
    expect(calendar.relative(new Date("2024-11-27T08:00+07:00"), voting)).toEqual({
      when: "ongoing",
      dayOf: 1,
      days: 1,
    });
  });

  it("gives days since the end of a past event", () => {
    expect(calendar.relative(new Date("2024-11-28T00:00+07:00"), voting)).toEqual({
      when: "past",
      daysAgo: 1,
    });
    expect(calendar.relative(new Date("2026-11-22T10:00+07:00"), voting)).toEqual({
      when: "past",
      daysAgo: 725,
    });
  });
});
