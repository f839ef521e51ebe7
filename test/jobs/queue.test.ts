import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobQueue, createQueueDb, type Job, type JobQueue } from "../../src/jobs/queue";
import { createLogger } from "../../src/logger";
import type { AppDatabase } from "../../src/storage/database";
import { contacts } from "../../src/storage/schema";
import { createTestDatabase, testDatabaseKind } from "../support/database";

/** Everything the queue logs at warn or above, to check no queue error slipped by. */
const logged: { level: number; msg: string }[] = [];
const log = createLogger(
  { level: "warn" },
  new Writable({
    write(chunk, _encoding, done) {
      logged.push(JSON.parse(String(chunk)) as { level: number; msg: string });
      done();
    },
  }),
);

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe(`job queue on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  let queue: JobQueue;
  /** Extra queue instances a test starts; stopped in afterAll if the test did not. */
  const others: JobQueue[] = [];

  async function rows<T>(text: string): Promise<T[]> {
    const result = await database.db.execute(sql.raw(text));
    return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
  }

  async function jobStates(queueName: string): Promise<string[]> {
    const found = await rows<{ state: string }>(
      `select state::text as state from pgboss.job where name = '${queueName}' order by created_on`,
    );
    return found.map((row) => row.state);
  }

  function anotherQueue(options: { cronCheckSeconds?: number } = {}): JobQueue {
    const other = createJobQueue({ database, log, ...options });
    others.push(other);
    return other;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    queue = createJobQueue({ database, log });
    await queue.start();
  });

  afterAll(async () => {
    for (const other of others) await other.stop({ timeoutMs: 1000 });
    await queue?.stop({ timeoutMs: 1000 });
    await database?.close();
  });

  it("runs a job sent before the worker started", async () => {
    await queue.send("before-worker", { n: 1 });
    const seen = deferred<Job[]>();
    await queue.work("before-worker", {}, async (jobs) => seen.resolve(jobs));
    const jobs = await seen.promise;
    expect(jobs.map((job) => job.data)).toEqual([{ n: 1 }]);
    expect(jobs[0]?.name).toBe("before-worker");
    expect(await queue.isHealthy()).toBe(true);
  });

  it("delivers each job exactly once to its handler", async () => {
    const sent = 40;
    const deliveries = new Map<string, number>();
    const count = async (jobs: Job[]) => {
      for (const job of jobs) deliveries.set(job.id, (deliveries.get(job.id) ?? 0) + 1);
    };
    const ids = [];
    // Most wait before the workers start, the rest arrive while two workers compete.
    for (let i = 0; i < 30; i++) ids.push(await queue.send("exactly-once", { i }));
    await queue.work("exactly-once", { batchSize: 7 }, count);
    await queue.work("exactly-once", { batchSize: 5 }, count);
    for (let i = 30; i < sent; i++) ids.push(await queue.send("exactly-once", { i }));
    await waitFor(() => deliveries.size === sent, "every job delivered");
    await waitFor(
      async () => (await jobStates("exactly-once")).every((state) => state === "completed"),
      "every job completed",
    );
    await sleep(600); // one more polling interval: nothing comes back
    expect(new Set(ids).size).toBe(sent);
    expect([...deliveries.keys()].sort()).toEqual([...ids].sort());
    expect([...deliveries.values()].every((times) => times === 1)).toBe(true);
  });

  it("retries a failed job and gives up after the retry limit", async () => {
    let attempts = 0;
    await queue.work("always-fails", {}, async () => {
      attempts += 1;
      throw new Error("injected failure");
    });
    await queue.send(
      "always-fails",
      { note: "words a person wrote" },
      { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false },
    );
    await waitFor(
      async () => (await jobStates("always-fails"))[0] === "failed",
      "the job to fail for good",
    );
    await sleep(700);
    expect(attempts).toBe(3); // the first run and two retries
    const [job] = await rows<{ retry_count: number }>(
      "select retry_count from pgboss.job where name = 'always-fails'",
    );
    expect(Number(job?.retry_count)).toBe(2);
    // Each failure is logged by job id, never with the job's data.
    const failures = logged.filter((entry) => entry.msg.startsWith("job handler failed"));
    expect(failures).toHaveLength(3);
    expect(JSON.stringify(failures)).not.toContain("words a person wrote");
  });

  it("runs higher-priority jobs first when both are waiting", async () => {
    for (let i = 0; i < 5; i++) await queue.send("lanes", { kind: "bulk", i });
    await queue.send("lanes", { kind: "reply" }, { priority: 10 });
    const order: string[] = [];
    await queue.work<{ kind: string }>("lanes", { batchSize: 1 }, async (jobs) => {
      for (const job of jobs) order.push(job.data.kind);
    });
    await waitFor(() => order.length === 6, "all six jobs");
    expect(order).toEqual(["reply", "bulk", "bulk", "bulk", "bulk", "bulk"]);
  });

  it("holds back a job sent with startAfterSeconds until it is due", async () => {
    await queue.send("later", { when: "later" }, { startAfterSeconds: 60 });
    await queue.send("later", { when: "now" });
    const seen: string[] = [];
    await queue.work<{ when: string }>("later", {}, async (jobs) => {
      for (const job of jobs) seen.push(job.data.when);
    });
    await waitFor(() => seen.length === 1, "the due job");
    await sleep(700);
    expect(seen).toEqual(["now"]);
    expect(await jobStates("later")).toEqual(["created", "completed"]);
  });

  it("drops a duplicate nudge while one with the same singleton key waits", async () => {
    await queue.ensureQueue("nudges", { policy: "short" });
    const first = await queue.send("nudges", { row: 1 }, { singletonKey: "outbox-1" });
    const duplicate = await queue.send("nudges", { row: 1 }, { singletonKey: "outbox-1" });
    const other = await queue.send("nudges", { row: 2 }, { singletonKey: "outbox-2" });
    expect(first).toEqual(expect.any(String));
    expect(duplicate).toBeNull();
    expect(other).toEqual(expect.any(String));
  });

  it("answers an app query and keeps timers firing while a backlog of 200 jobs drains", async () => {
    const total = 200;
    for (let i = 0; i < total; i++) await queue.send("backlog", { i });
    let handled = 0;
    let ticks = 0;
    let ticksWhenDrained = -1;
    const firstBatch = deferred();
    const drained = deferred();
    await queue.work("backlog", { batchSize: 25 }, async (jobs) => {
      handled += jobs.length;
      firstBatch.resolve();
      if (handled === total) {
        ticksWhenDrained = ticks;
        drained.resolve();
      }
    });
    await firstBatch.promise;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 1);
    await database.db.select().from(contacts).limit(1);
    const handledWhenAnswered = handled;
    await drained.promise;
    clearInterval(ticker);
    expect(handledWhenAnswered).toBeLessThan(total);
    // The drain leaves the event loop free: a 1 ms timer fired while jobs were still waiting.
    expect(ticksWhenDrained).toBeGreaterThan(0);
  });

  it("keeps app transactions atomic while a backlog drains", async () => {
    const total = 100;
    for (let i = 0; i < total; i++) await queue.send("atomic", { i });
    const handled = new Set<string>();
    await queue.work("atomic", { batchSize: 10 }, async (jobs) => {
      for (const job of jobs) handled.add(job.id);
    });
    // App transactions that yield between their statements, so queue statements would slip in
    // if they could; every odd one rolls back.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        database.db.transaction(async (tx) => {
          for (const half of ["a", "b"]) {
            await tx
              .insert(contacts)
              .values({ channel: "test", addressIndex: `atomic-${i}-${half}`, addressSealed: "s" });
            await new Promise(setImmediate);
          }
          if (i % 2 === 1) throw new Error("injected rollback");
        }),
      ),
    );
    await waitFor(() => handled.size === total, "the backlog to drain");
    await waitFor(
      async () => (await jobStates("atomic")).every((state) => state === "completed"),
      "every job completed",
    );
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(10);
    const written = await database.db
      .select({ addressIndex: contacts.addressIndex })
      .from(contacts)
      .where(like(contacts.addressIndex, "atomic-%"));
    const expected = Array.from({ length: 20 }, (_, i) => i)
      .filter((i) => i % 2 === 0)
      .flatMap((i) => [`atomic-${i}-a`, `atomic-${i}-b`]);
    expect(written.map((row) => row.addressIndex).sort()).toEqual(expected.sort());
  });

  it("keeps a pg-boss transaction block out of a concurrent app transaction", async () => {
    const queueDb = createQueueDb(database, log);
    const gate = deferred();
    const inTransaction = deferred();
    const app = database.db.transaction(async (tx) => {
      await tx
        .insert(contacts)
        .values({ channel: "test", addressIndex: "block-app", addressSealed: "s" });
      inTransaction.resolve();
      await gate.promise;
      throw new Error("injected rollback");
    });
    await inTransaction.promise;
    const block = queueDb.executeSql(`
      BEGIN;
      INSERT INTO contacts (channel, address_index, address_sealed) VALUES ('test', 'block-queue', 's');
      COMMIT;
    `);
    await sleep(50);
    gate.resolve();
    await expect(app).rejects.toThrow("injected rollback");
    await block;
    const written = await database.db
      .select({ addressIndex: contacts.addressIndex })
      .from(contacts)
      .where(like(contacts.addressIndex, "block-%"));
    expect(written.map((row) => row.addressIndex)).toEqual(["block-queue"]);
  });

  it("rolls back a failed pg-boss block so the shared connection stays usable", async () => {
    const queueDb = createQueueDb(database, log);
    await expect(
      queueDb.executeSql(`
        BEGIN;
        INSERT INTO contacts (channel, address_index, address_sealed) VALUES ('test', 'failed-block', 's');
        SELECT 1 / 0;
        COMMIT;
      `),
    ).rejects.toThrow(/division by zero/);
    if (database.pglite) {
      // Outside a transaction block a SAVEPOINT is refused: nothing was left open.
      await expect(database.pglite.exec("SAVEPOINT probe")).rejects.toThrow(
        /only be used in transaction blocks/,
      );
    }
    // More queries than the pool has connections, so the one that ran the block is reused.
    const answers = await Promise.all(
      Array.from({ length: 15 }, () =>
        database.db.select().from(contacts).where(eq(contacts.addressIndex, "failed-block")),
      ),
    );
    expect(answers.every((found) => found.length === 0)).toBe(true);
  });

  it("schedules a cron job", async () => {
    const cron = anotherQueue({ cronCheckSeconds: 1 });
    await cron.start();
    await cron.schedule("sweep", "* * * * *", { sweep: "outbox" });
    const stored = await rows<{ name: string; cron: string }>(
      "select name, cron from pgboss.schedule where name = 'sweep'",
    );
    expect(stored).toEqual([{ name: "sweep", cron: "* * * * *" }]);
    // "* * * * *" is due every minute, so the next check (a second away) sends it.
    const fired = deferred<Job[]>();
    await cron.work("sweep", {}, async (jobs) => fired.resolve(jobs));
    const jobs = await fired.promise;
    expect(jobs[0]?.data).toEqual({ sweep: "outbox" });
    await cron.stop();
  });

  it("stops cleanly with jobs in flight", async () => {
    const stopping = anotherQueue();
    await stopping.start();
    const started = deferred();
    let finished = false;
    await stopping.work("in-flight", {}, async () => {
      started.resolve();
      await sleep(300);
      finished = true;
    });
    await stopping.send("in-flight", {});
    await started.promise;
    await stopping.stop();
    expect(finished).toBe(true);
    // The completion was written before stop() returned.
    expect(await jobStates("in-flight")).toEqual(["completed"]);
    expect(await stopping.isHealthy()).toBe(false);
    await expect(stopping.send("in-flight", {})).rejects.toThrow(/stopped/);
  });

  it("gives up on a stuck handler after the stop timeout and leaves its job for retry", async () => {
    const stuck = anotherQueue();
    await stuck.start();
    const started = deferred();
    const release = deferred();
    await stuck.work("stuck", {}, async () => {
      started.resolve();
      await release.promise;
    });
    await stuck.send("stuck", {});
    await started.promise;
    const before = Date.now();
    await stuck.stop({ timeoutMs: 1000 });
    expect(Date.now() - before).toBeLessThan(5000);
    expect(await jobStates("stuck")).toEqual(["retry"]);
    release.resolve();
    await sleep(50); // the late completion is dropped, not run against the database
    expect(await jobStates("stuck")).toEqual(["retry"]);
  });

  it("reported no job queue errors while the tests ran", () => {
    const errors = logged.filter((entry) => entry.level >= 50);
    expect(errors).toEqual([]);
  });
});
