import { setTimeout as sleep } from "node:timers/promises";
import PgBoss from "pg-boss";
import type postgres from "postgres";
import type { Logger } from "../logger";
import type { AppDatabase } from "../storage/database";
import { createPgliteAdapter, guardQueueDb, type QueueDb } from "./pglite-adapter";

/** A job as a handler sees it; `data` is whatever was sent (a JSON object). */
export interface Job<T extends object = Record<string, unknown>> {
  id: string;
  name: string;
  data: T;
}

export interface SendOptions {
  /** Higher runs first among waiting jobs of one queue (replies before bulk). Integer. */
  priority?: number;
  /**
   * Deduplication key. What it dedupes depends on the queue's policy (see `QueueOptions`):
   * on a "short" queue a send is dropped (returns null) while a job with the same key waits.
   * On a "standard" queue it is only stored.
   */
  singletonKey?: string;
  startAfterSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
}

export interface WorkOptions {
  /** Jobs handed to one handler call. A failing call retries the whole batch. */
  batchSize?: number;
  /** Idle sleep between fetches; pg-boss 10 allows no less than 0.5. */
  pollingIntervalSeconds?: number;
}

/** Queue-level defaults, applied when the queue is created (an existing queue keeps its own). */
export interface QueueOptions {
  /**
   * pg-boss queue policy. "short": at most one *waiting* job per singletonKey (nudges).
   * "singleton": at most one *active* job per key. "stately": both. Default "standard".
   */
  policy?: "standard" | "short" | "singleton" | "stately";
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A handler running longer than this fails the job (and its batch). */
  expireInSeconds?: number;
}

export type JobHandler<T extends object> = (jobs: Job<T>[]) => Promise<void>;

/** The app's job queue; pg-boss stays behind it. Start once, stop once. */
export interface JobQueue {
  /** Installs or migrates pg-boss's schema, then starts maintenance and cron. */
  start(): Promise<void>;
  /**
   * Stops fetching, waits for running handlers up to `timeoutMs` (default 10 s), fails the
   * jobs of handlers still running then (they are retried later), and returns once pg-boss has
   * stopped touching the database, so the caller can close it.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Creates the queue if missing. `send`, `work` and `schedule` call it for you. */
  ensureQueue(name: string, options?: QueueOptions): Promise<void>;
  /** The job id, or null when the queue's policy dropped it as a duplicate. Throws unless started. */
  send(name: string, data: object, options?: SendOptions): Promise<string | null>;
  work<T extends object = Record<string, unknown>>(
    name: string,
    options: WorkOptions,
    handler: JobHandler<T>,
  ): Promise<void>;
  /** Sends `data` to queue `name` on a cron schedule (minute resolution; UTC unless `tz`). */
  schedule(name: string, cron: string, data?: object, options?: { tz?: string }): Promise<void>;
  /** Started, not stopping, and pg-boss's schema answers. */
  isHealthy(): Promise<boolean>;
}

export interface JobQueueDeps {
  database: AppDatabase;
  log: Logger;
  /** PostgreSQL schema for pg-boss's tables. Default "pgboss". */
  schema?: string;
  /**
   * How often this instance checks cron schedules (pg-boss default 30 s; 1..45). Cron
   * resolution stays one minute; tests lower this to see a schedule fire in seconds.
   */
  cronCheckSeconds?: number;
}

export const jobQueueDefaults = {
  /** The minimum pg-boss 10 allows. A send wakes this process's workers at once anyway. */
  pollingIntervalSeconds: 0.5,
  batchSize: 10,
  retryLimit: 3,
  retryDelaySeconds: 5,
  retryBackoff: true,
  /** Replies and sends are seconds of work; a hung handler should not hold a job for 15 min. */
  expireInSeconds: 5 * 60,
  stopTimeoutMs: 10_000,
} as const;

export function createJobQueue(deps: JobQueueDeps): JobQueue {
  const log = deps.log.child({ module: "jobs" });
  const schema = deps.schema ?? "pgboss";
  const db = createQueueDb(deps.database, log);
  const boss = new PgBoss({
    db,
    schema,
    ...(deps.cronCheckSeconds
      ? { cronMonitorIntervalSeconds: deps.cronCheckSeconds, cronWorkerIntervalSeconds: 1 }
      : {}),
  });
  // An EventEmitter "error" without a listener would throw and take the process down.
  boss.on("error", (error: unknown) => log.error({ error: safeError(error) }, "job queue error"));

  let state: "new" | "starting" | "started" | "stopping" | "stopped" = "new";
  let starting: Promise<unknown> | undefined;
  let activeHandlers = 0;
  /** One creation per queue name, shared by concurrent callers. */
  const queues = new Map<string, Promise<void>>();
  const workers: { name: string; id: string }[] = [];

  function assertStarted(action: string) {
    if (state !== "started") throw new Error(`job queue is ${state}; cannot ${action}`);
  }

  function ensureQueue(name: string, options: QueueOptions = {}): Promise<void> {
    let created = queues.get(name);
    if (!created) {
      // create_queue is INSERT ... ON CONFLICT DO NOTHING: safe when another instance races us.
      created = boss.createQueue(name, {
        name,
        policy: options.policy ?? "standard",
        retryLimit: options.retryLimit ?? jobQueueDefaults.retryLimit,
        retryDelay: options.retryDelaySeconds ?? jobQueueDefaults.retryDelaySeconds,
        retryBackoff: options.retryBackoff ?? jobQueueDefaults.retryBackoff,
        expireInSeconds: options.expireInSeconds ?? jobQueueDefaults.expireInSeconds,
      });
      created.catch(() => queues.delete(name)); // let the next caller try again
      queues.set(name, created);
    }
    return created;
  }

  return {
    async start() {
      if (state !== "new") throw new Error(`job queue is ${state}; it starts once`);
      state = "starting";
      starting = boss.start();
      try {
        await starting;
      } catch (error) {
        state = "stopped";
        db.close();
        throw error;
      }
      state = "started";
      log.info({ schema, kind: deps.database.kind }, "job queue started");
    },

    async stop(options = {}) {
      if (state === "starting") await starting?.catch(() => {});
      if (state !== "started") {
        if (state === "new") state = "stopped";
        return;
      }
      state = "stopping";
      const timeoutMs = options.timeoutMs ?? jobQueueDefaults.stopTimeoutMs;
      const deadline = Date.now() + timeoutMs;
      try {
        await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
      } catch (error) {
        log.error({ error: safeError(error) }, "job queue did not stop cleanly");
      }
      // pg-boss stops waiting once its own bookkeeping is empty, but a fetch already in flight
      // can still hand jobs to a handler, and it completes jobs without awaiting the call.
      // Both are visible here, so wait (bounded) until nothing is running or pending.
      while ((activeHandlers > 0 || db.pending > 0) && Date.now() < deadline) await sleep(10);
      if (activeHandlers > 0 || db.pending > 0) {
        log.warn(
          { activeHandlers, pendingStatements: db.pending },
          "job queue stopped with handlers still running; their jobs were failed for retry",
        );
      }
      db.close();
      state = "stopped";
      log.info("job queue stopped");
    },

    ensureQueue,

    async send(name, data, options = {}) {
      assertStarted("send");
      // The postgres.js adapter would turn an array into a PostgreSQL array, not JSON.
      if (data === null || typeof data !== "object" || Array.isArray(data)) {
        throw new TypeError("job data must be a plain object");
      }
      await ensureQueue(name);
      const id = await boss.send(name, data, toPgBossSendOptions(options));
      // Wake this process's idle workers for the queue: a reply should not wait out the
      // polling interval. Workers in other processes still find it on their next poll.
      for (const worker of workers) if (worker.name === name) boss.notifyWorker(worker.id);
      return id;
    },

    async work<T extends object>(name: string, options: WorkOptions, handler: JobHandler<T>) {
      assertStarted("work");
      await ensureQueue(name);
      const batchSize = options.batchSize ?? jobQueueDefaults.batchSize;
      let workerId: string | undefined;
      workerId = await boss.work<T>(
        name,
        {
          batchSize,
          pollingIntervalSeconds:
            options.pollingIntervalSeconds ?? jobQueueDefaults.pollingIntervalSeconds,
        },
        async (jobs) => {
          activeHandlers += 1;
          try {
            await handler(jobs.map(({ id, name: queue, data }) => ({ id, name: queue, data })));
          } catch (error) {
            // Ids only: job data may carry what a person wrote.
            log.warn(
              { queue: name, jobIds: jobs.map((job) => job.id), error: safeError(error) },
              "job handler failed; the batch will be retried up to its retry limit",
            );
            throw error;
          } finally {
            activeHandlers -= 1;
            // A full batch means more are probably waiting: fetch again now instead of
            // sleeping the polling interval (pg-boss 10 has no burstWhenBatchFull).
            if (jobs.length >= batchSize && workerId && state === "started") {
              boss.notifyWorker(workerId);
            }
          }
        },
      );
      workers.push({ name, id: workerId });
    },

    async schedule(name, cron, data = {}, options = {}) {
      assertStarted("schedule");
      await ensureQueue(name); // the schedule row references the queue
      await boss.schedule(name, cron, data, { tz: options.tz ?? "UTC" });
    },

    async isHealthy() {
      if (state !== "started") return false;
      try {
        const { rows } = await db.executeSql(`select 1 as ok from ${schema}.version`, []);
        return rows.length === 1;
      } catch {
        return false;
      }
    },
  };
}

/**
 * What may be logged of an error. Database errors from PGlite carry the statement's `params`
 * (job data) as properties, which pino's error serializer would print in full.
 */
function safeError(error: unknown): { type: string; message: string; code?: string } {
  if (!(error instanceof Error) && (typeof error !== "object" || error === null)) {
    return { type: typeof error, message: String(error) };
  }
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  return {
    type: typeof name === "string" ? name : "Error",
    message: typeof message === "string" ? message : "",
    ...(typeof code === "string" ? { code } : {}),
  };
}

function toPgBossSendOptions(options: SendOptions): PgBoss.SendOptions {
  // pg-boss validates keys that are present, so only pass what was given.
  const out: PgBoss.SendOptions = {};
  if (options.priority !== undefined) out.priority = options.priority;
  if (options.singletonKey !== undefined) out.singletonKey = options.singletonKey;
  if (options.startAfterSeconds !== undefined) out.startAfter = options.startAfterSeconds;
  if (options.retryLimit !== undefined) out.retryLimit = options.retryLimit;
  if (options.retryDelaySeconds !== undefined) out.retryDelay = options.retryDelaySeconds;
  if (options.retryBackoff !== undefined) out.retryBackoff = options.retryBackoff;
  return out;
}

/** The `db` pg-boss runs on: the app's own connection(s), whichever database the app has. */
export function createQueueDb(database: AppDatabase, log: Logger): QueueDb {
  if (database.kind === "pglite") {
    if (!database.pglite) throw new Error("a PGlite AppDatabase without its PGlite instance");
    return createPgliteAdapter(database.pglite, log);
  }
  if (!database.postgres) throw new Error("a PostgreSQL AppDatabase without its client");
  return createPostgresAdapter(database.postgres, log);
}

/**
 * pg-boss on the app's postgres.js pool (instead of a second `pg` pool): one set of
 * connection settings (URL, TLS, pool size) and one place that opens connections.
 *
 * - With parameters: one statement, `unsafe(text, values)`. drizzle makes the client's
 *   json/jsonb serializers pass values through as text, so objects are stringified here and
 *   pg-boss's own JSON strings (e.g. `insert()`'s recordset) go through untouched.
 * - Without: possibly several statements, including `BEGIN; ... COMMIT;` blocks, so they run
 *   with the simple protocol on a reserved connection, and a failure is rolled back on that
 *   same connection before it goes back to the pool.
 */
function createPostgresAdapter(client: postgres.Sql, log: Logger): QueueDb {
  for (const oid of [114, 3802]) {
    if (client.options.serializers[oid]?.("[1]") !== "[1]") {
      throw new Error("the job queue expects drizzle's pass-through json serializers");
    }
  }
  return guardQueueDb(async (text, values) => {
    if (values && values.length > 0) {
      const result = await client.unsafe(text, values.map(toWire) as never[]);
      return { rows: [...result] };
    }
    const reserved = await client.reserve();
    try {
      const result = (await reserved.unsafe(text).simple()) as unknown as
        | postgres.RowList<postgres.Row[]>
        | postgres.RowList<postgres.Row[]>[];
      // One statement gives a result list; several give one list per statement.
      const last = "command" in result ? result : result.at(-1);
      return { rows: last ? [...last] : [] };
    } catch (error) {
      await reserved.unsafe("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      reserved.release();
    }
  }, log);
}

function toWire(value: unknown): unknown {
  if (value === undefined || value === null) return null; // postgres.js rejects undefined
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) || value instanceof Uint8Array) return value; // e.g. uuid[] ids
  if (typeof value === "object") return JSON.stringify(value);
  return value;
}
