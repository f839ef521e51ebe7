import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database as DatabaseConfig } from "../config";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; it has the same query API as `Db`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../migrations",
);

export interface AppDatabase {
  kind: "pglite" | "postgres";
  db: Db;
  /** The raw PGlite instance (embedded only); the job queue shares its single connection. */
  pglite?: PGlite;
  /** The raw postgres.js client (server only). */
  postgres?: postgres.Sql;
  migrate(): Promise<void>;
  /** True when the database answers and every migration has been applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Who holds the embedded data directory, shown to a second process that tries. */
  purpose: string;
  /** Start from a `dumpDataDir()` snapshot (tests) instead of a directory. */
  pgliteSnapshot?: Blob;
  /** Sees every query drizzle sends (benchmarks count them). */
  onQuery?: (query: string) => void;
}

export async function openDatabase(
  config: DatabaseConfig | { kind: "pglite-memory" },
  options: OpenDatabaseOptions,
): Promise<AppDatabase> {
  const logger = options.onQuery
    ? { logQuery: (query: string) => options.onQuery?.(query) }
    : undefined;
  if (config.kind === "postgres") return openPostgres(config.url, logger);
  let lock: DataDirLock | undefined;
  if (config.kind === "pglite")
    lock = acquireDataDirLock(path.dirname(config.dataDir), options.purpose);
  try {
    const pglite = await PGlite.create({
      ...(config.kind === "pglite" ? { dataDir: config.dataDir } : {}),
      ...(options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {}),
    });
    const db = drizzlePglite(pglite, { schema, ...(logger ? { logger } : {}) }) as unknown as Db;
    return {
      kind: "pglite",
      db,
      pglite,
      migrate: () => migratePglite(drizzlePglite(pglite), { migrationsFolder }),
      isReady: () => isMigrated(db),
      async close() {
        try {
          if (!pglite.closed) await pglite.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

function openPostgres(url: string, logger?: { logQuery(query: string): void }): AppDatabase {
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema, ...(logger ? { logger } : {}) }) as unknown as Db;
  return {
    kind: "postgres",
    db,
    postgres: client,
    async migrate() {
      // Several instances may start at once; only one may migrate at a time.
      // A one-connection client, so the session-level advisory lock covers the migrator.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(7215032701)`;
        await migratePostgres(drizzlePostgres(single), { migrationsFolder });
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    isReady: () => isMigrated(db),
    close: () => client.end({ timeout: 5 }),
  };
}

async function isMigrated(db: Db): Promise<boolean> {
  try {
    const expectedMigrations = await countMigrationFiles();
    const rows = await db.execute<{ count: number }>(
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows;
    const count = (list[0] as { count: number } | undefined)?.count ?? 0;
    return count >= expectedMigrations;
  } catch {
    return false;
  }
}

async function countMigrationFiles(): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const journal = JSON.parse(
    await readFile(path.join(migrationsFolder, "meta/_journal.json"), "utf8"),
  ) as { entries: unknown[] };
  return journal.entries.length;
}
