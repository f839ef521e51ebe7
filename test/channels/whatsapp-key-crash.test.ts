import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { useDatabaseAuthState } from "../../src/channels/whatsapp/auth-state";
import { generateDataKey, parseDataKey } from "../../src/privacy/keyring";
import { type AppDatabase, openDatabase } from "../../src/storage/database";
import { withDatabase } from "../support/global-setup";
import { repoRoot } from "../support/server-process";

const writer = path.join(repoRoot, "test/support/whatsapp-key-writer.ts");

/** Starts the writer, lets it commit a few batches, then kills it with SIGKILL mid-stream. */
async function killMidWrite(target: string, dataKey: string): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", writer, target, dataKey], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stderr.on("data", (chunk) => {
    errors += String(chunk);
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`writer too slow:\n${errors}`)), 90_000);
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
      if ((output.match(/batch/g) ?? []).length >= 5) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.kill("SIGKILL");
  await exited;
  const batches = [...output.matchAll(/batch (\d+)/g)].map((m) => Number(m[1]));
  return Math.max(...batches);
}

/** Every key must come from one and the same batch: a batch is written whole or not at all. */
async function expectWholeBatch(database: AppDatabase, dataKey: string, atLeast: number) {
  const auth = await useDatabaseAuthState(database.db, parseDataKey(dataKey));
  const ids = Array.from({ length: 60 }, (_, id) => String(id));
  const keys = await auth.state.keys.get("pre-key", ids);
  const batches = new Set(ids.map((id) => Buffer.from(keys[id]?.public ?? []).toString()));
  expect(batches.size).toBe(1);
  expect(Number([...batches][0])).toBeGreaterThanOrEqual(atLeast);
  expect(auth.state.creds.noiseKey.private).toBeDefined();
}

describe("a process killed during a WhatsApp key write", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("restarts on the embedded database with a usable session, each batch whole", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "awas-keys-"));
    dirs.push(dir);
    const dataKey = generateDataKey();
    const pgliteDir = path.join(dir, "pglite");
    const last = await killMidWrite(pgliteDir, dataKey);
    const database = await openDatabase(
      { kind: "pglite", dataDir: pgliteDir },
      { purpose: "test" },
    );
    try {
      await expectWholeBatch(database, dataKey, last);
    } finally {
      await database.close();
    }
  }, 180_000);

  const url = process.env.DATABASE_URL;
  it.runIf(url)(
    "restarts on PostgreSQL with a usable session, each batch whole",
    async () => {
      const name = `awas_keys_${crypto.randomBytes(5).toString("hex")}`;
      const admin = postgres(url ?? "", { max: 1, onnotice: () => undefined });
      await admin.unsafe(`create database ${name}`);
      try {
        const target = withDatabase(url ?? "", name);
        const dataKey = generateDataKey();
        const last = await killMidWrite(target, dataKey);
        const database = await openDatabase({ kind: "postgres", url: target }, { purpose: "test" });
        try {
          await expectWholeBatch(database, dataKey, last);
        } finally {
          await database.close();
        }
      } finally {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
    180_000,
  );
});
