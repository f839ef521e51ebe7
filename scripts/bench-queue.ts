/**
 * Job queue throughput: sends N jobs, then drains them with one worker at batch 25.
 * PGlite always; PostgreSQL too when DATABASE_URL is set (its pg-boss schema "bench_queue"
 * is dropped before and after).
 *   npx tsx scripts/bench-queue.ts [jobs=2000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createJobQueue } from "../src/jobs/queue";
import { createLogger } from "../src/logger";
import { type AppDatabase, openDatabase } from "../src/storage/database";

const total = Number(process.argv[2] ?? 2000);
const batchSize = 25;
const log = createLogger({ level: "warn" });

async function bench(label: string, database: AppDatabase) {
  const schema = "bench_queue";
  if (database.postgres) await database.postgres.unsafe(`drop schema if exists ${schema} cascade`);
  const queue = createJobQueue({ database, log, schema });
  let t = performance.now();
  await queue.start();
  const startMs = performance.now() - t;

  t = performance.now();
  for (let i = 0; i < total; i++) await queue.send("bench", { i });
  const sendMs = performance.now() - t;

  // Timer lateness while draining: how late a 10 ms interval fires at worst.
  let worstLateMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    worstLateMs = Math.max(worstLateMs, now - last - 10);
    last = now;
  }, 10);

  let handled = 0;
  const done = new Promise<void>((resolve) => {
    t = performance.now();
    void queue.work("bench", { batchSize }, async (jobs) => {
      handled += jobs.length;
      if (handled >= total) resolve();
    });
  });
  await done;
  const drainMs = performance.now() - t;
  clearInterval(ticker);
  await sleep(50);
  await queue.stop();
  if (database.postgres) await database.postgres.unsafe(`drop schema ${schema} cascade`);
  console.log(
    `${label}: start ${startMs.toFixed(0)} ms; send ${total} one by one ${(total / (sendMs / 1000)).toFixed(0)} jobs/s; ` +
      `drain at batch ${batchSize} ${(total / (drainMs / 1000)).toFixed(0)} jobs/s; ` +
      `worst timer lateness while draining ${worstLateMs.toFixed(0)} ms`,
  );
}

const pglite = await openDatabase({ kind: "pglite-memory" }, { purpose: "bench" });
await pglite.migrate();
await bench("PGlite (in memory)", pglite);
await pglite.close();

// The production default: PGlite on a data directory.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "awas-bench-"));
try {
  const onDisk = await openDatabase(
    { kind: "pglite", dataDir: path.join(dir, "pglite") },
    { purpose: "bench" },
  );
  await onDisk.migrate();
  await bench("PGlite (data dir)", onDisk);
  await onDisk.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const url = process.env.DATABASE_URL;
if (url) {
  const postgres = await openDatabase({ kind: "postgres", url }, { purpose: "bench" });
  await bench("PostgreSQL", postgres);
  await postgres.close();
}
