import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { seedRegions } from "../../src/regions/seed";
import { openDatabase } from "../../src/storage/database";

/** Test databases start migrated and seeded with the default scope (Babel and Jambi). */
export const testRegionScope = ["19", "15"];

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshotPath: string;
    postgresTemplate: string;
  }
}

/**
 * Migrates once, then every test file starts from a copy: a PGlite `dumpDataDir()` snapshot
 * (about 0.5 s instead of a multi-second cold start), or a PostgreSQL template database.
 */
export default async function setup(project: TestProject) {
  const snapshotDir = fs.mkdtempSync(path.join(os.tmpdir(), "awas-test-"));
  const snapshotPath = path.join(snapshotDir, "migrated.tar.gz");
  const pglite = await openDatabase({ kind: "pglite-memory" }, { purpose: "test setup" });
  await pglite.migrate();
  await seedRegions(pglite.db, { provinceCodes: testRegionScope });
  if (!pglite.pglite) throw new Error("expected an embedded database");
  const blob = await pglite.pglite.dumpDataDir("gzip");
  fs.writeFileSync(snapshotPath, Buffer.from(await blob.arrayBuffer()));
  await pglite.close();
  project.provide("pgliteSnapshotPath", snapshotPath);

  const url = process.env.DATABASE_URL;
  let template = "";
  let admin: postgres.Sql | undefined;
  if (url) {
    template = `awas_template_${process.pid}`;
    admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${template}`);
    await admin.unsafe(`create database ${template}`);
    const templateDb = await openDatabase(
      { kind: "postgres", url: withDatabase(url, template) },
      { purpose: "test setup" },
    );
    await templateDb.migrate();
    await seedRegions(templateDb.db, { provinceCodes: testRegionScope });
    await templateDb.close();
  }
  project.provide("postgresTemplate", template);

  return async () => {
    fs.rmSync(snapshotDir, { recursive: true, force: true });
    if (admin) {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
