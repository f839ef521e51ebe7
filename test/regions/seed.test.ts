import { asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadRegions,
  parseCsvLine,
  parseRegionScope,
  readRegionRows,
  seedRegions,
  titleCase,
} from "../../src/regions/seed";
import type { AppDatabase } from "../../src/storage/database";
import { regionSeed, regions } from "../../src/storage/schema/regions";
import { createTestDatabase, testDatabaseKind } from "../support/database";

describe(`seeding regions on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    // Test databases come seeded (test/support/global-setup.ts); these tests seed from empty.
    await database.db.delete(regions);
    await database.db.delete(regionSeed);
  });
  afterAll(async () => {
    await database.close();
  });

  it("seeds Bangka Belitung and Jambi, then does nothing the second time", async () => {
    const { db } = database;
    const first = await seedRegions(db, { provinceCodes: ["19", "15"] });
    expect(first.seeded).toEqual(["19", "15"]);
    expect(first.skipped).toEqual([]);
    expect(first.source).toBe("idn-area-data@3.1.2");
    expect(first.inserted).toEqual({ province: 2, regency: 18, district: 191, village: 1978 });

    const regencies = async (province: string) =>
      (
        await db
          .select({ n: count() })
          .from(regions)
          .where(sql`${regions.level} = 'regency' and ${regions.parentCode} = ${province}`)
      )[0]?.n;
    expect(await regencies("19")).toBe(7);
    expect(await regencies("15")).toBe(11);

    // A directory that does not exist proves the CSV files are not read again.
    const started = performance.now();
    const second = await seedRegions(db, { provinceCodes: ["15", "19"], dataDir: "/nonexistent" });
    const elapsed = performance.now() - started;
    expect(second.seeded).toEqual([]);
    expect(second.skipped).toEqual(["15", "19"]);
    expect(second.inserted).toEqual({ province: 0, regency: 0, district: 0, village: 0 });
    expect(elapsed).toBeLessThan(1000);

    const recorded = await db.select().from(regionSeed).orderBy(asc(regionSeed.scope));
    expect(recorded.map((row) => [row.scope, row.source])).toEqual([
      ["15", "idn-area-data@3.1.2"],
      ["19", "idn-area-data@3.1.2"],
    ]);
  });

  it("stores display names and parents", async () => {
    const { db } = database;
    const byCode = async (code: string) =>
      (await db.select().from(regions).where(eq(regions.code, code)))[0];
    expect(await byCode("19")).toEqual({
      code: "19",
      parentCode: null,
      level: "province",
      name: "Kepulauan Bangka Belitung",
    });
    expect((await byCode("19.06"))?.name).toBe("Kabupaten Belitung Timur");
    expect((await byCode("19.71"))?.name).toBe("Kota Pangkal Pinang");
    expect(await byCode("19.06.01")).toMatchObject({ parentCode: "19.06", name: "Manggar" });
    expect(await byCode("19.06.01.2006")).toEqual({
      code: "19.06.01.2006",
      parentCode: "19.06.01",
      level: "village",
      name: "Lalang",
    });
    // Nothing outside the scope.
    expect(await byCode("11")).toBeUndefined();
  });

  it("loads what it seeded, exactly the CSV rows", async () => {
    const loaded = await loadRegions(database.db, ["19"]);
    const fromCsv = await readRegionRows({ provinceCodes: ["19"] });
    const sort = (rows: { code: string }[]) => [...rows].sort((a, b) => (a.code < b.code ? -1 : 1));
    expect(sort(loaded)).toEqual(sort(fromCsv));
    expect((await loadRegions(database.db)).length).toBe(2 + 18 + 191 + 1978);
    expect(await loadRegions(database.db, [])).toEqual([]);
  });
});

describe("region CSV helpers", () => {
  it("reads the scope from config", () => {
    expect(parseRegionScope(undefined)).toEqual(["19", "15"]);
    expect(parseRegionScope(" 19, 15 ,19")).toEqual(["19", "15"]);
    expect(parseRegionScope("")).toEqual(["19", "15"]);
    expect(() => parseRegionScope("19,bangka")).toThrow(/province code/);
  });

  it("title-cases province and regency names", () => {
    expect(titleCase("KABUPATEN BELITUNG TIMUR")).toBe("Kabupaten Belitung Timur");
    expect(titleCase("KOTA PANGKAL PINANG")).toBe("Kota Pangkal Pinang");
    expect(titleCase("DKI JAKARTA")).toBe("DKI Jakarta");
    expect(titleCase("KABUPATEN TOLI-TOLI")).toBe("Kabupaten Toli-Toli");
  });

  it("parses quoted fields and keeps a quote inside a bare field", () => {
    expect(parseCsvLine('35.13.15.2017,35.13.15,Soka"an')).toEqual([
      "35.13.15.2017",
      "35.13.15",
      'Soka"an',
    ]);
    expect(parseCsvLine('1,"a, ""b""",')).toEqual(["1", 'a, "b"', ""]);
  });
});
