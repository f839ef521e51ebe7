import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { inArray, like, or } from "drizzle-orm";
import type { DbOrTx } from "../storage/database";
import { type RegionLevel, regionSeed, regions } from "../storage/schema/regions";
import type { Region } from "./resolver";

/**
 * Seeds `regions` from the idn-area-data CSV files (Kemendagri codes; licence ODbL 1.0:
 * attribution to idn-area-data / Kemendagri, and a database derived from it stays ODbL).
 */

export interface SeedRegionsOptions {
  /** Two-digit province codes, e.g. `["19", "15"]` (see `parseRegionScope`). */
  provinceCodes: readonly string[];
  /** Directory holding provinces.csv, regencies.csv, districts.csv, villages.csv. */
  dataDir?: string;
}

export type RegionCounts = Record<RegionLevel, number>;

export interface SeedRegionsResult {
  /** Provinces read and inserted by this call. */
  seeded: string[];
  /** Provinces already recorded in `region_seed`, left alone. */
  skipped: string[];
  /** Rows actually inserted (a concurrent seeder may have inserted some first). */
  inserted: RegionCounts;
  source: string;
}

const BATCH_SIZE = 1000;

export const defaultRegionDataDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve("idn-area-data/package.json")),
  "data",
);

/** `"19,15"` → `["19", "15"]`; the config's `REGION_SCOPE`. */
export function parseRegionScope(value: string | undefined, fallback = "19,15"): string[] {
  const codes = (value?.trim() ? value : fallback)
    .split(/[\s,]+/)
    .map((code) => code.trim())
    .filter((code) => code.length > 0);
  for (const code of codes)
    if (!/^\d{2}$/.test(code)) throw new Error(`REGION_SCOPE: "${code}" is not a province code`);
  return [...new Set(codes)];
}

/** The regions of the given provinces, straight from the CSV files (no database). */
export async function readRegionRows(options: SeedRegionsOptions): Promise<Region[]> {
  const dataDir = options.dataDir ?? defaultRegionDataDir;
  const provinces = new Set(options.provinceCodes);
  // Codes are dotted and nested, so the province is the first two characters of every code.
  const inScope = (code: string) => provinces.has(code.slice(0, 2));
  const rows: Region[] = [];
  const files: [string, RegionLevel][] = [
    ["provinces.csv", "province"],
    ["regencies.csv", "regency"],
    ["districts.csv", "district"],
    ["villages.csv", "village"],
  ];
  for (const [file, level] of files) {
    const text = await readFile(path.join(dataDir, file), "utf8");
    let header = true;
    for (const line of text.split(/\r?\n/)) {
      if (header) {
        header = false;
        continue;
      }
      // Cheap filter first: villages.csv has ~83k lines and only a few thousand are in scope.
      if (line.length < 2 || !inScope(line)) continue;
      const fields = parseCsvLine(line);
      const code = fields[0] ?? "";
      const name = (level === "province" ? fields[1] : fields[2])?.trim();
      if (!inScope(code) || !name) continue;
      rows.push({
        code,
        parentCode: level === "province" ? null : (fields[1] ?? null),
        level,
        name: level === "province" || level === "regency" ? titleCase(name) : name,
      });
    }
  }
  return rows;
}

/**
 * Inserts the provinces not yet recorded in `region_seed`. Safe to call on every start: an
 * already seeded scope costs one query, and concurrent seeders only skip each other's rows.
 */
export async function seedRegions(
  db: DbOrTx,
  options: SeedRegionsOptions,
): Promise<SeedRegionsResult> {
  const requested = [...new Set(options.provinceCodes)];
  const inserted: RegionCounts = { province: 0, regency: 0, district: 0, village: 0 };
  const source = await dataSource(options.dataDir);
  const done =
    requested.length === 0
      ? []
      : await db
          .select({ scope: regionSeed.scope })
          .from(regionSeed)
          .where(inArray(regionSeed.scope, requested));
  const skipped = requested.filter((code) => done.some((row) => row.scope === code));
  const missing = requested.filter((code) => !skipped.includes(code));
  if (missing.length === 0) return { seeded: [], skipped, inserted, source };

  const rows = await readRegionRows({ ...options, provinceCodes: missing });
  await db.transaction(async (tx) => {
    // Parents first, so a later foreign key (or a reader mid-seed) never sees an orphan.
    for (let start = 0; start < rows.length; start += BATCH_SIZE) {
      const batch = rows.slice(start, start + BATCH_SIZE);
      const written = await tx
        .insert(regions)
        .values(batch)
        .onConflictDoNothing()
        .returning({ level: regions.level });
      for (const row of written) inserted[row.level]++;
    }
    await tx
      .insert(regionSeed)
      .values(missing.map((scope) => ({ scope, source })))
      .onConflictDoNothing();
  });
  return { seeded: missing, skipped, inserted, source };
}

/** All seeded regions (or those of some provinces), to build a resolver from. */
export async function loadRegions(db: DbOrTx, provinceCodes?: readonly string[]) {
  const query = db
    .select({
      code: regions.code,
      parentCode: regions.parentCode,
      level: regions.level,
      name: regions.name,
    })
    .from(regions);
  const rows: Region[] =
    provinceCodes === undefined
      ? await query
      : provinceCodes.length === 0
        ? []
        : await query.where(
            or(
              inArray(regions.code, [...provinceCodes]),
              ...provinceCodes.map((code) => like(regions.code, `${code}.%`)),
            ),
          );
  return rows;
}

async function dataSource(dataDir: string | undefined): Promise<string> {
  try {
    const manifest = JSON.parse(
      await readFile(path.join(dataDir ?? defaultRegionDataDir, "..", "package.json"), "utf8"),
    ) as { name?: string; version?: string };
    if (manifest.name && manifest.version) return `${manifest.name}@${manifest.version}`;
  } catch {
    // A custom directory without a package.json is described by its path.
  }
  return `csv:${dataDir ?? defaultRegionDataDir}`;
}

/**
 * One CSV line: quoted fields with "" escapes, and a quote inside an unquoted field is kept
 * literally (villages.csv writes `Soka"an` for Soka'an).
 */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i];
        i++;
      }
      fields.push(value);
      const comma = line.indexOf(",", i);
      i = comma === -1 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(",", i);
      const end = comma === -1 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

const UPPER_WORDS = new Set(["DKI"]);

/** `KABUPATEN BELITUNG TIMUR` → `Kabupaten Belitung Timur`; acronyms and numerals stay. */
export function titleCase(name: string): string {
  return name
    .split(/\s+/)
    .map((word) =>
      UPPER_WORDS.has(word) || /^[IVX]+$/.test(word)
        ? word
        : word
            .toLowerCase()
            .replace(/(^|[-(])(\p{L})/gu, (_, before: string, letter: string) =>
              before.concat(letter.toUpperCase()),
            ),
    )
    .join(" ");
}
