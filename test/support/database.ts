import crypto from "node:crypto";
import fs from "node:fs";
import postgres from "postgres";
import { inject } from "vitest";
import { type AppDatabase, openDatabase } from "../../src/storage/database";
import { withDatabase } from "./global-setup";

/** Which database the suite runs on: PostgreSQL when DATABASE_URL is set, else PGlite. */
export const testDatabaseKind: "pglite" | "postgres" = process.env.DATABASE_URL
  ? "postgres"
  : "pglite";

/** A fresh, migrated database of its own for one test file (or one test). */
export async function createTestDatabase(
  kind: "pglite" | "postgres" = testDatabaseKind,
): Promise<AppDatabase> {
  if (kind === "pglite") {
    const snapshot = new Blob([fs.readFileSync(inject("pgliteSnapshotPath"))]);
    return openDatabase({ kind: "pglite-memory" }, { purpose: "test", pgliteSnapshot: snapshot });
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("createTestDatabase('postgres') needs DATABASE_URL");
  const name = `awas_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject("postgresTemplate")}`);
  const database = await openDatabase(
    { kind: "postgres", url: withDatabase(url, name) },
    { purpose: "test" },
  );
  return {
    ...database,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
