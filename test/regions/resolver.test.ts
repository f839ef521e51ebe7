import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAliases } from "../../src/regions/aliases";
import {
  createRegionResolver,
  osaDistance,
  type PlaceResolution,
  placeTokens,
  type RegionResolver,
} from "../../src/regions/resolver";
import { loadRegions, readRegionRows, seedRegions } from "../../src/regions/seed";
import type { AppDatabase } from "../../src/storage/database";
import { createTestDatabase } from "../support/database";

function exactCode(resolution: PlaceResolution): string | undefined {
  return resolution.kind === "exact" ? resolution.region.code : undefined;
}

function candidateCodes(resolution: PlaceResolution): string[] {
  return resolution.kind === "ambiguous" ? resolution.candidates.map((c) => c.code) : [];
}

describe("region resolver over Bangka Belitung and Jambi", () => {
  let database: AppDatabase;
  let resolver: RegionResolver;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedRegions(database.db, { provinceCodes: ["19", "15"] });
    const rows = await loadRegions(database.db);
    const started = performance.now();
    resolver = createRegionResolver(rows);
    const elapsed = performance.now() - started;
    console.log(`resolver over ${rows.length} regions built in ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(2000);
  });
  afterAll(async () => {
    await database.close();
  });

  it.each([
    ["tanjung pandan", "19.02.01"],
    ["Tanjungpandan", "19.02.01"],
    ["kec. tanjung pandan", "19.02.01"],
    ["Tj. Pandan", "19.02.01"],
    ["muntok", "19.05.01"],
    ["pangkalpinang", "19.71"],
    ["Pangkal Pinang", "19.71"],
    ["pkp", "19.71"],
    ["desa Lalang, Manggar", "19.06.01.2006"],
    ["Lalang manggar", "19.06.01.2006"],
    ["Kec. Manggar Desa Lalang", "19.06.01.2006"],
    ["lalang, belitung timur", "19.06.01.2006"],
    ["Jl. Merdeka No 5, Lalang, Manggar", "19.06.01.2006"],
    ["desa lalang jaya di manggar", "19.06.01.2001"],
    ["kota jambi", "15.71"],
    ["Kelurahan Telanaipura, Kota Jambi", "15.71.01.1004"],
    ["belitong", "19.02"],
    ["babel", "19"],
    ["batang hari", "15.04"],
    ["muara jambi", "15.05"],
    ["sei penuh", "15.72"],
    // The kecamatan and its kelurahan share the name: the broader one unless told otherwise.
    ["sungailiat", "19.01.01"],
    ["kelurahan sungailiat", "19.01.01.1001"],
    ["koba", "19.04.01"],
    ["toboali", "19.03.01"],
    // "Kota" is also a kelurahan in Tanjung Pandan.
    ["kelurahan kota, tanjung pandan", "19.02.01.1001"],
    ["rengas 9", "15.04.06.2005"],
    ["Pekan Jumat", "15.08.08.2009"],
  ])("%s → %s", (text, code) => {
    expect(exactCode(resolver.resolvePlace(text))).toBe(code);
  });

  it("finds a village named exactly, and lists its namesakes", () => {
    // Only one "Lalang" in scope; Lalang Jaya (same kecamatan) is a different village.
    expect(exactCode(resolver.resolvePlace("lalang"))).toBe("19.06.01.2006");
    const villages = resolver.findVillage("lalang").map((m) => m.code);
    expect(villages[0]).toBe("19.06.01.2006");
    expect(villages).toContain("19.06.01.2001");
    expect(resolver.findVillage("lalang", "19.06.01").map((m) => m.code)).toEqual([
      "19.06.01.2006",
      "19.06.01.2001",
    ]);
  });

  it("accepts typos with a lower score", () => {
    const typo = resolver.resolvePlace("manggarr");
    expect(exactCode(typo)).toBe("19.06.01");
    expect(typo.kind === "exact" && typo.region.score).toBeLessThan(1);
    expect(exactCode(resolver.resolvePlace("pangkal pinnang"))).toBe("19.71");
    expect(resolver.findDistrict("manggarr", "19.06")[0]?.code).toBe("19.06.01");
  });

  it("asks when the words name different places", () => {
    const conflict = resolver.resolvePlace("Lalang, Gantung");
    expect(conflict.kind).toBe("ambiguous");
    expect(candidateCodes(conflict)).toEqual(expect.arrayContaining(["19.06.01.2006", "19.06.02"]));
    expect(candidateCodes(resolver.resolvePlace("tanjab")).sort()).toEqual(["15.06", "15.07"]);
    const partial = resolver.resolvePlace("tanjung jabung");
    expect(candidateCodes(partial).slice(0, 2).sort()).toEqual(["15.06", "15.07"]);
    const kotaBaru = candidateCodes(resolver.resolvePlace("kota baru"));
    expect(kotaBaru).toEqual(expect.arrayContaining(["15.71.07", "15.07.10.2007"]));
    expect(resolver.resolvePlace("sungai").kind).toBe("ambiguous");
  });

  it("finds nothing for nonsense or places out of scope", async () => {
    expect(resolver.resolvePlace("xyzzy qwerty").kind).toBe("none");
    expect(resolver.resolvePlace("").kind).toBe("none");
    expect(resolver.resolvePlace(" , di ").kind).toBe("none");
    expect(resolver.resolvePlace("tidak tahu").kind).toBe("none");
    // Real villages, but in Aceh.
    const aceh = await readRegionRows({ provinceCodes: ["11"] });
    for (const name of ["Keude Bakongan", "Lhok Mamplam"]) {
      expect(aceh.some((row) => row.name === name && row.level === "village")).toBe(true);
      expect(resolver.resolvePlace(name).kind).toBe("none");
    }
  });

  it("finds regencies and districts within a parent", () => {
    expect(resolver.findRegency("kab. belitung")[0]?.code).toBe("19.02");
    expect(resolver.findRegency("Kota Jambi")[0]?.code).toBe("15.71");
    expect(resolver.findRegency("pangkalpinang")[0]?.code).toBe("19.71");
    expect(resolver.findDistrict("muntok")[0]?.code).toBe("19.05.01");
    expect(resolver.findDistrict("manggar", "15.01")).toEqual([]);
  });

  it("walks the tree for display", () => {
    expect(resolver.childrenOf(null).map((r) => r.code)).toEqual(["15", "19"]);
    expect(resolver.childrenOf("19")).toHaveLength(7);
    expect(resolver.childrenOf("15")).toHaveLength(11);
    expect(resolver.childrenOf("19.06.01").map((r) => r.name)).toContain("Lalang");
    expect(resolver.pathOf("19.06.01.2006").map((r) => r.name)).toEqual([
      "Kepulauan Bangka Belitung",
      "Kabupaten Belitung Timur",
      "Manggar",
      "Lalang",
    ]);
    expect(resolver.pathOf("99")).toEqual([]);
    expect(resolver.get("19.71")?.name).toBe("Kota Pangkal Pinang");
    expect(resolver.describe("19.06.01.2006")).toBe(
      "Desa Lalang, Kec. Manggar, Kab. Belitung Timur",
    );
    expect(resolver.describe("15.71.01.1004")).toBe(
      "Kel. Telanaipura, Kec. Telanaipura, Kota Jambi",
    );
    expect(resolver.describe("19")).toBe("Provinsi Kepulauan Bangka Belitung");
  });

  it("points every alias at a region that exists", () => {
    for (const alias of defaultAliases) expect(resolver.get(alias.code), alias.alias).toBeDefined();
    expect(resolver.get("19.05.01")?.name).toBe("Mentok");
    expect(resolver.get("19.02.01")?.name).toBe("Tanjung Pandan");
    expect(resolver.get("15.04")?.name).toBe("Kabupaten Batanghari");
    expect(resolver.get("15.05")?.name).toBe("Kabupaten Muaro Jambi");
  });
});

describe("place text normalisation", () => {
  it("folds spelling, apostrophes, abbreviations and numbers", () => {
    expect(placeTokens("Pekan Jum'at")).toEqual(["pekan", "jumat"]);
    expect(placeTokens("Sei. Penuh")).toEqual(["sungai", "penuh"]);
    expect(placeTokens("Muaro Jambi")).toEqual(["muara", "jambi"]);
    expect(placeTokens("Bathin 8")).toEqual(["bathin", "viii"]);
    expect(placeTokens("Kurau (Timur)")).toEqual(["kurau", "timur"]);
    expect(placeTokens("Muko-muko")).toEqual(["muko", "muko"]);
    expect(placeTokens("Bélitung")).toEqual(["belitung"]);
  });

  it("counts an adjacent swap as one edit", () => {
    expect(osaDistance("manggar", "mangagr", 2)).toBe(1);
    expect(osaDistance("manggar", "manggarr", 2)).toBe(1);
    expect(osaDistance("belitung", "belitong", 1)).toBe(1);
    expect(osaDistance("abcdef", "uvwxyz", 2)).toBe(3);
  });

  it("is usable without a database", () => {
    const resolver = createRegionResolver([
      { code: "19", parentCode: null, level: "province", name: "Kepulauan Bangka Belitung" },
    ]);
    expect(exactCode(resolver.resolvePlace("babel"))).toBe("19");
    // Aliases for regions not loaded are ignored rather than failing.
    expect(resolver.resolvePlace("muntok").kind).toBe("none");
  });
});
