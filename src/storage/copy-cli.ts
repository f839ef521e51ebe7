/**
 * npm run db:copy-to-postgres
 * Copies the embedded database in DATA_DIR into the PostgreSQL at DATABASE_URL. Run it with
 * the server stopped; afterwards start the server with DATABASE_URL and the same DATA_KEY.
 */

import path from "node:path";
import { loadConfig } from "../config";
import { copyDatabase } from "./copy-database";
import { openDatabase } from "./database";

async function main() {
  const config = loadConfig();
  if (config.database.kind !== "postgres") {
    throw new Error("Set DATABASE_URL to the PostgreSQL database to copy into.");
  }
  const source = await openDatabase(
    { kind: "pglite", dataDir: path.join(config.dataDir, "pglite") },
    { purpose: "copy to PostgreSQL" },
  );
  const target = await openDatabase(config.database, { purpose: "copy to PostgreSQL" });
  try {
    const copied = await copyDatabase(source, target, (table, rows) =>
      process.stdout.write(`${table}: ${rows} rows\n`),
    );
    const total = Object.values(copied).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `Copied ${total} rows. Start the server with DATABASE_URL and DATA_KEY set; ` +
        `DATA_KEY must be the key from ${path.join(config.dataDir, "data.key")}.\n`,
    );
  } finally {
    await source.close();
    await target.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message ?? String(error)}\n`);
  process.exitCode = 1;
});
