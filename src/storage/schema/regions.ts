import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const regionLevels = ["province", "regency", "district", "village"] as const;
export type RegionLevel = (typeof regionLevels)[number];

/**
 * Kemendagri administrative areas (from idn-area-data, ODbL): province `19`, regency `19.06`,
 * district (kecamatan) `19.06.01`, village (desa/kelurahan) `19.06.01.2006`. Only the provinces
 * in scope are seeded. No self foreign key: the rows come from one consistent dataset and a
 * partial seed must not fail on ordering.
 */
export const regions = pgTable(
  "regions",
  {
    code: text("code").primaryKey(),
    parentCode: text("parent_code"),
    level: text("level").$type<RegionLevel>().notNull(),
    /** Display name: `Kabupaten Belitung Timur`, `Kota Pangkal Pinang`, `Manggar`, `Lalang`. */
    name: text("name").notNull(),
  },
  (t) => [
    index("regions_parent_code_idx").on(t.parentCode),
    index("regions_level_idx").on(t.level),
  ],
);

/** One row per seeded province, so a restart does not re-read the CSV files. */
export const regionSeed = pgTable("region_seed", {
  /** The province code whose whole subtree was seeded, e.g. `19`. */
  scope: text("scope").primaryKey(),
  seededAt: timestamp("seeded_at", { withTimezone: true }).notNull().defaultNow(),
  /** Where the rows came from, e.g. `idn-area-data@3.1.2`. */
  source: text("source").notNull(),
});
