import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Dashboard, loadDashboard } from "../../src/casework/dashboard";
import type { StaffScope } from "../../src/casework/scope";
import type { AppDatabase } from "../../src/storage/database";
import { reports } from "../../src/storage/schema";
import { createTestDatabase } from "../support/database";

// 12:00 WIB on Wednesday 25 Nov 2026: the default 30-day window is 27 Oct – 25 Nov (WIB).
const now = new Date("2026-11-25T05:00:00Z");

const admin: StaffScope = { id: crypto.randomUUID(), role: "admin", regionCode: null };
const jambiOfficer: StaffScope = { id: crypto.randomUUID(), role: "officer", regionCode: "15" };
const beltimOfficer: StaffScope = { id: crypto.randomUUID(), role: "officer", regionCode: "19.06" };

interface Seed {
  regionCode: string | null;
  category: string;
  channel: string;
  stage: string;
  createdAt: string;
}

const seeds: Record<string, Seed> = {
  // 00:30 WIB on 21 Nov: the 21st in Jakarta, still the 20th in UTC.
  lalangLateNight: {
    regionCode: "19.06.01.2006",
    category: "politik_uang",
    channel: "webchat",
    stage: "diterima",
    createdAt: "2026-11-20T17:30:00Z",
  },
  // 23:59 WIB on 20 Nov.
  manggarEvening: {
    regionCode: "19.06.01",
    category: "asn",
    channel: "telegram",
    stage: "informasi_awal",
    createdAt: "2026-11-20T16:59:00Z",
  },
  beltimRegencyOnly: {
    regionCode: "19.06",
    category: "politik_uang",
    channel: "whatsapp",
    stage: "dikaji",
    createdAt: "2026-11-24T01:00:00Z",
  },
  bangka: {
    regionCode: "19.01.01",
    category: "apk",
    channel: "webchat",
    stage: "diterima",
    createdAt: "2026-11-22T03:00:00Z",
  },
  batanghari: {
    regionCode: "15.04.03",
    category: "politik_uang",
    channel: "telegram",
    stage: "diterima",
    createdAt: "2026-11-22T04:00:00Z",
  },
  kotaJambi: {
    regionCode: "15.71.01.1001",
    category: "kades",
    channel: "webchat",
    stage: "dikaji",
    createdAt: "2026-11-23T04:00:00Z",
  },
  noRegion: {
    regionCode: null,
    category: "online",
    channel: "webchat",
    stage: "informasi_awal",
    createdAt: "2026-11-22T05:00:00Z",
  },
  spamLalang: {
    regionCode: "19.06.01.2006",
    category: "lainnya",
    channel: "webchat",
    stage: "spam",
    createdAt: "2026-11-21T02:00:00Z",
  },
  spamKotaJambi: {
    regionCode: "15.71",
    category: "lainnya",
    channel: "whatsapp",
    stage: "spam",
    createdAt: "2026-11-21T03:00:00Z",
  },
  // 00:00 WIB on 27 Oct: the first moment of the 30-day window.
  pangkalpinangWindowStart: {
    regionCode: "19.71.01",
    category: "luar_jadwal",
    channel: "telegram",
    stage: "selesai",
    createdAt: "2026-10-26T17:00:00Z",
  },
  // 23:59:59 WIB on 26 Oct: one second before the window.
  pangkalpinangBeforeWindow: {
    regionCode: "19.71.01",
    category: "luar_jadwal",
    channel: "telegram",
    stage: "selesai",
    createdAt: "2026-10-26T16:59:59Z",
  },
  lalangLastMonth: {
    regionCode: "19.06.01.2006",
    category: "politik_uang",
    channel: "webchat",
    stage: "ditutup",
    createdAt: "2026-10-01T03:00:00Z",
  },
};

let database: AppDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  let n = 0;
  await database.db.insert(reports).values(
    Object.values(seeds).map((seed) => {
      n += 1;
      const createdAt = new Date(seed.createdAt);
      return {
        ticketCode: `LPR-TEST-${String(n).padStart(4, "0")}`,
        pinHash: "test-pin-hash",
        channel: seed.channel,
        track: "tip",
        category: seed.category,
        regionCode: seed.regionCode,
        happenedOn: seed.createdAt.slice(0, 10),
        knownOn: seed.createdAt.slice(0, 10),
        pastReportingWindow: false,
        storySealed: "sealed-story",
        missingForFormal: [],
        stage: seed.stage,
        stageUpdatedAt: createdAt,
        createdAt,
      };
    }),
  );
});

afterAll(async () => {
  await database?.close();
});

const load = (scope: StaffScope, days?: number) =>
  loadDashboard(database.db, scope, days === undefined ? { now } : { now, days });

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function expectConsistent(dashboard: Dashboard) {
  expect(sum(dashboard.byDay.map((d) => d.count))).toBe(dashboard.total);
  expect(sum(Object.values(dashboard.byChannel))).toBe(dashboard.total);
  expect(sum(Object.values(dashboard.byStage))).toBe(dashboard.total);
  expect(sum(dashboard.byCategoryRegency.map((r) => r.total))).toBe(dashboard.total);
  for (const row of dashboard.byCategoryRegency)
    expect(sum(Object.values(row.counts))).toBe(row.total);
}

const dayCount = (dashboard: Dashboard, date: string) =>
  dashboard.byDay.find((d) => d.date === date)?.count;

describe("loadDashboard", () => {
  it("shows an officer of Jambi (15) only Jambi counts, with every Jambi kab/kota", async () => {
    const dashboard = await load(jambiOfficer);
    expect(dashboard.total).toBe(2);
    const codes = dashboard.byCategoryRegency.map((r) => r.regencyCode);
    expect(codes).toEqual([
      "15.01",
      "15.02",
      "15.03",
      "15.04",
      "15.05",
      "15.06",
      "15.07",
      "15.08",
      "15.09",
      "15.71",
      "15.72",
    ]);
    const batanghari = dashboard.byCategoryRegency.find((r) => r.regencyCode === "15.04");
    expect(batanghari).toMatchObject({ regencyName: "Kabupaten Batanghari", total: 1 });
    expect(batanghari?.counts.politik_uang).toBe(1);
    const kotaJambi = dashboard.byCategoryRegency.find((r) => r.regencyCode === "15.71");
    expect(kotaJambi).toMatchObject({ regencyName: "Kota Jambi", total: 1 });
    expect(kotaJambi?.counts.kades).toBe(1);
    expect(dashboard.byCategoryRegency.find((r) => r.regencyCode === "15.01")?.total).toBe(0);
    expect(dashboard.byChannel).toEqual({ webchat: 1, telegram: 1, whatsapp: 0 });
    expect(dashboard.byStage.diterima).toBe(1);
    expect(dashboard.byStage.dikaji).toBe(1);
    expectConsistent(dashboard);
  });

  it("shows an officer of Belitung Timur (19.06) only Belitung Timur, whatever the depth of the code", async () => {
    const dashboard = await load(beltimOfficer);
    expect(dashboard.byCategoryRegency).toHaveLength(1);
    const [beltim] = dashboard.byCategoryRegency;
    expect(beltim).toMatchObject({
      regencyCode: "19.06",
      regencyName: "Kabupaten Belitung Timur",
      total: 3,
    });
    expect(beltim?.counts.politik_uang).toBe(2);
    expect(beltim?.counts.asn).toBe(1);
    expect(beltim?.counts.apk).toBe(0);
    expect(dashboard.total).toBe(3);
    expect(dashboard.byChannel).toEqual({ webchat: 1, telegram: 1, whatsapp: 1 });
    expect(dashboard.byStage).toMatchObject({ diterima: 1, informasi_awal: 1, dikaji: 1 });
    expectConsistent(dashboard);
  });

  it("shows an admin every province, with reports without a region on a last row of their own", async () => {
    const dashboard = await load(admin);
    // Beltim 3, Bangka 1, Jambi 2, no region 1, Pangkalpinang at the window start 1.
    expect(dashboard.total).toBe(8);
    expect(dashboard.byCategoryRegency).toHaveLength(7 + 11 + 1);
    const last = dashboard.byCategoryRegency.at(-1);
    expect(last).toMatchObject({ regencyCode: null, regencyName: null, total: 1 });
    expect(last?.counts.online).toBe(1);
    expect(dashboard.byCategoryRegency[0]?.regencyCode).toBe("15.01");
    expect(dashboard.byCategoryRegency.find((r) => r.regencyCode === "19.71")).toMatchObject({
      regencyName: "Kota Pangkal Pinang",
      total: 1,
    });
    expectConsistent(dashboard);
  });

  it("leaves spam out of every count", async () => {
    const dashboard = await load(admin);
    expect(Object.keys(dashboard.byStage)).not.toContain("spam");
    expect(sum(dashboard.byCategoryRegency.map((r) => r.counts.lainnya))).toBe(0);
    // The spam reports of 21 Nov are not counted; only the Lalang report of 00:30 WIB is.
    expect(dayCount(dashboard, "2026-11-21")).toBe(1);
    expect(dashboard.byChannel.whatsapp).toBe(1);
    const jambi = await load(jambiOfficer);
    expect(jambi.byCategoryRegency.find((r) => r.regencyCode === "15.71")?.counts.lainnya).toBe(0);
  });

  it("lists every WIB day of the window, oldest first, zero days included", async () => {
    const dashboard = await load(admin);
    expect(dashboard.byDay).toHaveLength(30);
    expect(dashboard.from).toBe("2026-10-27");
    expect(dashboard.to).toBe("2026-11-25");
    expect(dashboard.byDay[0]?.date).toBe("2026-10-27");
    expect(dashboard.byDay.at(-1)?.date).toBe("2026-11-25");
    const dates = dashboard.byDay.map((d) => d.date);
    expect(new Set(dates).size).toBe(30);
    expect([...dates].sort()).toEqual(dates);
    expect(dayCount(dashboard, "2026-11-01")).toBe(0);
    expect(dayCount(dashboard, "2026-11-25")).toBe(0);
    expect(dashboard.byDay.filter((d) => d.count > 0).map((d) => d.date)).toEqual([
      "2026-10-27",
      "2026-11-20",
      "2026-11-21",
      "2026-11-22",
      "2026-11-23",
      "2026-11-24",
    ]);
  });

  it("counts a report by its day in Jakarta: 17:30 UTC on 20 Nov is 21 Nov", async () => {
    const dashboard = await load(beltimOfficer);
    // lalangLateNight (2026-11-20T17:30Z) on the 21st; manggarEvening (16:59Z) on the 20th.
    expect(dayCount(dashboard, "2026-11-21")).toBe(1);
    expect(dayCount(dashboard, "2026-11-20")).toBe(1);
    expect(dayCount(dashboard, "2026-11-24")).toBe(1);
  });

  it("counts only reports created within the window, from 00:00 WIB of its first day", async () => {
    const dashboard = await load(admin);
    expect(dayCount(dashboard, "2026-10-27")).toBe(1);
    expect(dashboard.byStage.selesai).toBe(1);
    expect(dashboard.byStage.ditutup).toBe(0);
    expect(dashboard.byCategoryRegency.find((r) => r.regencyCode === "19.71")?.total).toBe(1);
  });

  it("takes the window length from days", async () => {
    const lastWeek = await load(admin, 7);
    expect(lastWeek.byDay.map((d) => d.date)).toEqual([
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
      "2026-11-22",
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
    ]);
    expect(lastWeek.total).toBe(7);
    expectConsistent(lastWeek);
    const longer = await load(admin, 60);
    expect(longer.byDay).toHaveLength(60);
    expect(longer.total).toBe(10);
    expect(longer.byStage.ditutup).toBe(1);
  });

  it("refuses a window that is not a whole number of days from 1", async () => {
    await expect(load(admin, 0)).rejects.toThrow(RangeError);
    await expect(load(admin, 2.5)).rejects.toThrow(RangeError);
  });
});
