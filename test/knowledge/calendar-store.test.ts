import crypto from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createElectionCalendar, type ElectionEvent } from "../../src/knowledge/calendar";
import { electionEvents } from "../../src/knowledge/calendar-data";
import {
  type CalendarEventInput,
  loadCalendar,
  removeCalendarEvent,
  saveCalendarEvent,
  seedCalendar,
} from "../../src/knowledge/calendar-store";
import type { AppDatabase } from "../../src/storage/database";
import { calendarEvents } from "../../src/storage/schema";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const staffId = crypto.randomUUID();
const now = new Date("2026-11-20T03:00:00Z");

const voting2029: CalendarEventInput = {
  election: "pilkada_2029",
  electionNameId: "Pilkada 2029",
  electionNameEn: "the 2029 regional elections (Pilkada)",
  kind: "voting",
  start: "2029-11-28",
  end: "2029-11-28",
  scopeLevel: "national",
  scopeCodes: [],
  source: "Keputusan KPU (contoh uji)",
};

let database: AppDatabase;

const stored = async (id: string) =>
  (await database.db.select().from(calendarEvents).where(eq(calendarEvents.id, id)))[0];
const rowCount = async () =>
  (await database.db.select({ n: count() }).from(calendarEvents))[0]?.n ?? 0;
const loadedIds = async () => (await loadCalendar(database.db)).events.map((event) => event.id);

describe(`the election calendar in the database on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedCalendar(database.db);
  });
  afterAll(() => database.close());

  it("seeds the shipped events and reads them back as the calendar uses them", async () => {
    const { events, electionNames } = await loadCalendar(database.db);
    const byId = (a: ElectionEvent, b: ElectionEvent) => a.id.localeCompare(b.id);
    expect([...events].sort(byId)).toEqual([...electionEvents].sort(byId));
    expect(electionNames).toEqual({ id: {}, en: {} });
    const calendar = createElectionCalendar(events);
    expect(calendar.nextVoting(now)).toBeUndefined();
    expect(calendar.lastVoting(now, "19.71")?.event.id).toBe("pilkada_ulang_2025.voting");
  });

  it("a later seed updates shipped rows but keeps staff edits, additions and removals", async () => {
    const masaTenang = electionEvents.find((event) => event.id === "pilkada_2024.masa_tenang");
    if (!masaTenang) throw new Error("shipped masa tenang missing");
    const edited = await saveCalendarEvent(
      database.db,
      {
        id: "pilkada_2024.masa_tenang",
        election: "pilkada_2024",
        kind: "masa_tenang",
        start: "2024-11-24",
        end: "2024-11-26",
        scopeLevel: "national",
        scopeCodes: [],
        source: "Diperiksa petugas: PKPU 2/2024",
      },
      staffId,
      now,
    );
    expect(edited.ok).toBe(true);
    expect(await removeCalendarEvent(database.db, "pemilu_2024.recap", staffId, now)).toBe(true);
    const added = await saveCalendarEvent(database.db, voting2029, staffId, now);
    expect(added).toMatchObject({ ok: true, id: "pilkada_2029.voting", created: true });

    // A later version ships other sources for every event and drops pemilu_2024.voter_list.
    const newer = electionEvents
      .filter((event) => event.id !== "pemilu_2024.voter_list")
      .map((event) => ({ ...event, source: `${event.source} (v2)` }));
    await seedCalendar(database.db, newer);

    expect((await stored("pilkada_2024.masa_tenang"))?.source).toBe(
      "Diperiksa petugas: PKPU 2/2024",
    );
    expect((await stored("pilkada_2024.voting"))?.source).toBe("§1 Pilkada 2024 (v2)");
    expect((await stored("pemilu_2024.recap"))?.removedAt).not.toBeNull();
    expect((await stored("pilkada_2029.voting"))?.removedAt).toBeNull();
    const ids = await loadedIds();
    expect(ids).not.toContain("pemilu_2024.recap");
    expect(ids).not.toContain("pemilu_2024.voter_list");
    expect(ids).toContain("pilkada_2029.voting");

    // Shipped again: the retired shipped row comes back; the one staff removed stays removed.
    await seedCalendar(database.db);
    expect((await stored("pilkada_2024.voting"))?.source).toBe("§1 Pilkada 2024");
    expect(await loadedIds()).toContain("pemilu_2024.voter_list");
    expect(await loadedIds()).not.toContain("pemilu_2024.recap");
    expect((await stored("pilkada_2024.masa_tenang"))?.source).toBe(
      "Diperiksa petugas: PKPU 2/2024",
    );
  });

  it("carries a staff-added election's names, and later events of it inherit them", async () => {
    const campaign = await saveCalendarEvent(
      database.db,
      {
        ...voting2029,
        electionNameId: "",
        electionNameEn: undefined,
        kind: "campaign",
        start: "2029-09-24",
        end: "2029-11-23",
      },
      staffId,
      now,
    );
    expect(campaign).toMatchObject({ ok: true, id: "pilkada_2029.campaign" });
    expect((await stored("pilkada_2029.campaign"))?.electionNameId).toBe("Pilkada 2029");
    const { electionNames } = await loadCalendar(database.db);
    expect(electionNames.id.pilkada_2029).toBe("Pilkada 2029");
    expect(electionNames.en.pilkada_2029).toBe("the 2029 regional elections (Pilkada)");
    // A second voting event of the same election gets its own id.
    const again = await saveCalendarEvent(
      database.db,
      {
        ...voting2029,
        scopeLevel: "regency",
        scopeCodes: ["19.71"],
        start: "2029-12-05",
        end: "2029-12-05",
      },
      staffId,
      now,
    );
    expect(again).toMatchObject({ ok: true, id: "pilkada_2029.voting_2" });
  });

  it("stores a shipped election's event without names: the locales name it", async () => {
    const result = await saveCalendarEvent(
      database.db,
      {
        ...voting2029,
        election: "pilkada_ulang_2025",
        electionNameId: "Nama lain",
        electionNameEn: "Another name",
        kind: "other",
        start: "2025-08-28",
        end: "2025-09-05",
        scopeLevel: "regency",
        scopeCodes: ["19.01", " 19.71", "19.01"],
      },
      staffId,
      now,
    );
    if (!result.ok) throw new Error(result.problems.join());
    const row = await stored(result.id);
    expect(row?.electionNameId).toBeNull();
    expect(row?.scopeCodes).toEqual(["19.01", "19.71"]);
    expect((await loadCalendar(database.db)).electionNames.id.pilkada_ulang_2025).toBeUndefined();
  });

  it("refuses an event that ends before it starts, and writes nothing", async () => {
    const before = await rowCount();
    const result = await saveCalendarEvent(
      database.db,
      { ...voting2029, kind: "campaign", start: "2029-11-23", end: "2029-09-24" },
      staffId,
      now,
    );
    expect(result).toEqual({ ok: false, problems: ["end_before_start"] });
    expect(await rowCount()).toBe(before);
  });

  it("refuses days that do not exist", async () => {
    const result = await saveCalendarEvent(
      database.db,
      { ...voting2029, start: "2029-02-30", end: "2029-02-30" },
      staffId,
      now,
    );
    expect(result).toEqual({ ok: false, problems: ["date_invalid"] });
  });

  it("refuses an unknown kind", async () => {
    const result = await saveCalendarEvent(
      database.db,
      { ...voting2029, kind: "pelantikan" },
      staffId,
      now,
    );
    expect(result).toEqual({ ok: false, problems: ["kind_unknown"] });
  });

  it("refuses region codes that are not Kemendagri codes of the scope's level", async () => {
    const cases: [string, string[]][] = [
      ["regency", ["1971"]],
      ["regency", ["19"]],
      ["regency", ["Pangkalpinang"]],
      ["province", ["19.71"]],
      ["province", ["9"]],
    ];
    for (const [scopeLevel, scopeCodes] of cases) {
      const result = await saveCalendarEvent(
        database.db,
        { ...voting2029, scopeLevel, scopeCodes },
        staffId,
        now,
      );
      expect(result, `${scopeLevel} ${scopeCodes.join()}`).toEqual({
        ok: false,
        problems: ["scope_code_invalid"],
      });
    }
    const none = await saveCalendarEvent(
      database.db,
      { ...voting2029, scopeLevel: "regency", scopeCodes: [" ", ""] },
      staffId,
      now,
    );
    expect(none).toEqual({ ok: false, problems: ["scope_codes_missing"] });
    const level = await saveCalendarEvent(
      database.db,
      { ...voting2029, scopeLevel: "kecamatan" },
      staffId,
      now,
    );
    expect(level).toEqual({ ok: false, problems: ["scope_level_unknown"] });
  });

  it("refuses a new election without names in both languages", async () => {
    const before = await rowCount();
    for (const names of [
      { electionNameId: undefined, electionNameEn: undefined },
      { electionNameId: "Pemilu 2029", electionNameEn: "  " },
      { electionNameId: "", electionNameEn: "the 2029 general election" },
    ]) {
      const result = await saveCalendarEvent(
        database.db,
        { ...voting2029, election: "pemilu_2029", ...names },
        staffId,
        now,
      );
      expect(result, JSON.stringify(names)).toEqual({
        ok: false,
        problems: ["election_names_missing"],
      });
    }
    expect(await rowCount()).toBe(before);
  });

  it("says every problem at once, and refuses a bad election code and a missing source", async () => {
    const result = await saveCalendarEvent(
      database.db,
      { ...voting2029, election: "Pilkada 2029", kind: "x", source: " ", end: "2029-11-01" },
      staffId,
      now,
    );
    expect(result).toEqual({
      ok: false,
      problems: ["election_invalid", "kind_unknown", "end_before_start", "source_missing"],
    });
  });

  it("refuses to change or remove an event that does not exist or was removed", async () => {
    expect(
      await saveCalendarEvent(
        database.db,
        { ...voting2029, id: "pemilu_2024.recap" },
        staffId,
        now,
      ),
    ).toEqual({ ok: false, problems: ["not_found"] });
    expect(await removeCalendarEvent(database.db, "pemilu_2024.recap", staffId, now)).toBe(false);
    expect(await removeCalendarEvent(database.db, "no_such.event", staffId, now)).toBe(false);
  });

  it("marks a removed event as staff's, so no seed brings it back", async () => {
    expect(await removeCalendarEvent(database.db, "pilkada_2029.voting_2", staffId, now)).toBe(
      true,
    );
    const row = await stored("pilkada_2029.voting_2");
    expect(row?.removedAt).toEqual(now);
    expect(row?.editedBy).toBe(staffId);
    await seedCalendar(database.db);
    expect(await loadedIds()).not.toContain("pilkada_2029.voting_2");
  });
});
