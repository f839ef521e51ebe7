import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listQueue, type QueueFilters, stageCounts } from "../../src/casework/queue";
import type { StaffScope } from "../../src/casework/scope";
import type { Keyring } from "../../src/privacy/keyring";
import { reportAad } from "../../src/reports/sealing";
import type { AppDatabase } from "../../src/storage/database";
import { reportEvidence, reports } from "../../src/storage/schema";
import { testKeyring } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const admin: StaffScope = { id: randomUUID(), role: "admin", regionCode: null };
const jambiOfficer: StaffScope = { id: randomUUID(), role: "officer", regionCode: "15" };
const now = new Date("2026-12-07T05:00:00Z");

interface Filed {
  ticket: string;
  /** WIB day it came in. */
  day: string;
  channel?: string;
  regionCode?: string;
  stage?: string;
  track?: "report" | "tip";
  missing?: string[];
  evidence?: boolean;
}

/** A month of reports, each differing from the others in what one filter looks at. */
const filed: Filed[] = [
  { ticket: "LPR-QUEU-0001", day: "2026-11-20", channel: "whatsapp", evidence: true },
  { ticket: "LPR-QUEU-0002", day: "2026-11-25", channel: "telegram" },
  { ticket: "LPR-QUEU-0003", day: "2026-11-30", missing: ["reporter_identity", "signed_form"] },
  { ticket: "LPR-QUEU-0004", day: "2026-12-01", regionCode: "15.71" },
  { ticket: "LPR-QUEU-0005", day: "2026-12-02", stage: "spam" },
  { ticket: "LPR-QUEU-0006", day: "2026-12-03", stage: "dicabut" },
  { ticket: "LPR-QUEU-0007", day: "2026-12-04", stage: "dikaji", missing: ["signed_form"] },
  { ticket: "LPR-QUEU-0008", day: "2026-12-05", track: "tip", stage: "informasi_awal" },
];

let database: AppDatabase;
let keyring: Keyring;

const tickets = async (filters: QueueFilters, scope = admin) =>
  (await listQueue(database.db, keyring, scope, filters, { now })).items.map((item) => item.ticket);

beforeAll(async () => {
  database = await createTestDatabase();
  keyring = testKeyring();
  for (const report of filed) {
    // 10:00 WIB on its day.
    const createdAt = new Date(`${report.day}T03:00:00Z`);
    const [row] = await database.db
      .insert(reports)
      .values({
        ticketCode: report.ticket,
        pinHash: "not-a-real-pin-hash",
        channel: report.channel ?? "webchat",
        track: report.track ?? "report",
        category: "politik_uang",
        regionCode: report.regionCode ?? "19.06",
        happenedOn: report.day,
        knownOn: report.day,
        pastReportingWindow: false,
        storySealed: keyring.seal("Pembagian amplop di balai desa.", reportAad.story),
        missingForFormal: report.missing ?? ["signed_form"],
        stage: report.stage ?? "diterima",
        stageUpdatedAt: createdAt,
        createdAt,
      })
      .returning({ id: reports.id });
    if (report.evidence && row) {
      await database.db.insert(reportEvidence).values({
        reportId: row.id,
        linkSealed: keyring.seal("https://example.org/video", reportAad.link),
        addedAt: createdAt,
      });
    }
  }
}, 60_000);

afterAll(() => database?.close());

const q = (n: number) => `LPR-QUEU-000${n}`;

describe(`the staff queue on ${testDatabaseKind}`, () => {
  it("lists newest first and leaves spam and withdrawn reports out unless asked by stage", async () => {
    expect(await tickets({})).toEqual([q(8), q(7), q(4), q(3), q(2), q(1)]);
    expect(await tickets({ stage: "spam" })).toEqual([q(5)]);
    expect(await tickets({ stage: "dicabut" })).toEqual([q(6)]);
  });

  it.each<[string, QueueFilters, string[]]>([
    [
      "a WIB date range, both days included",
      { from: "2026-11-25", to: "2026-12-01" },
      [q(4), q(3), q(2)],
    ],
    ["the channel", { channel: "whatsapp" }, [q(1)]],
    ["having evidence", { hasEvidence: true }, [q(1)]],
    ["having no evidence", { hasEvidence: false }, [q(8), q(7), q(4), q(3), q(2)]],
    ["lacking more than the signed form", { incomplete: true }, [q(3)]],
    ["lacking only the signed form", { incomplete: false }, [q(8), q(7), q(4), q(2), q(1)]],
    ["the type", { type: "tip" }, [q(8)]],
    ["the kab/kota", { region: "15.71" }, [q(4)]],
    ["a ticket however it is typed", { ticket: "lpr queu 0002" }, [q(2)]],
  ])("filters by %s", async (_what, filters, expected) => {
    expect(await tickets(filters)).toEqual(expected);
  });

  it("pages with a cursor without skipping or repeating a report", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listQueue(
        database.db,
        keyring,
        admin,
        {},
        {
          now,
          limit: 4,
          ...(cursor ? { cursor } : {}),
        },
      );
      seen.push(...page.items.map((item) => item.ticket));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual(await tickets({}));
  });

  it("counts every stage, spam and withdrawn included, within the officer's scope", async () => {
    expect(await stageCounts(database.db, admin, {})).toEqual({
      diterima: 4,
      dikaji: 1,
      informasi_awal: 1,
      spam: 1,
      dicabut: 1,
    });
    expect(await stageCounts(database.db, jambiOfficer, {})).toEqual({ diterima: 1 });
    expect(await tickets({}, jambiOfficer)).toEqual([q(4)]);
  });

  it("tells how many days the 7-day window has left for each report", async () => {
    const items = (await listQueue(database.db, keyring, admin, {}, { now })).items;
    const left = Object.fromEntries(items.map((item) => [item.ticket, item.windowDaysLeft]));
    // Known on 5 December, today 7 December (WIB): 2 of 7 days gone.
    expect(left[q(8)]).toBe(5);
    expect(left[q(1)]).toBeLessThan(0);
  });
});
