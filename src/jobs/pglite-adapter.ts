import type { PGlite } from "@electric-sql/pglite";
import type { Logger } from "../logger";

/**
 * What pg-boss 10 calls instead of its own `pg` pool (`new PgBoss({ db })`), plus the
 * bookkeeping `JobQueue.stop()` needs to know when pg-boss has really gone quiet.
 */
export interface QueueDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** Statements accepted and not yet settled (queued, running, or yielding before they run). */
  readonly pending: number;
  /**
   * Refuse further statements. pg-boss completes jobs without awaiting the call, so a handler
   * that outlives `stop()` could otherwise reach a database the app has already closed.
   */
  close(): void;
}

/** Let timers and I/O run; without this a draining backlog kept timers 600 ms late on PGlite. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Wraps a statement runner with the shared rules: yield first, count what is pending, and
 * after `close()` answer `undefined` (what pg-boss's own `Db` answers once closed, and what its
 * unawaited complete/fail calls tolerate) instead of touching the database.
 */
export function guardQueueDb(
  run: (text: string, values: unknown[] | undefined) => Promise<{ rows: unknown[] }>,
  log: Logger,
): QueueDb {
  let pending = 0;
  let closed = false;
  return {
    get pending() {
      return pending;
    },
    close() {
      closed = true;
    },
    async executeSql(text, values) {
      if (closed) {
        log.warn("job queue statement after stop was dropped");
        return undefined as unknown as { rows: unknown[] };
      }
      pending += 1; // before the first await, so stop() never sees a gap between statements
      try {
        await yieldToEventLoop();
        return await run(text, values);
      } finally {
        pending -= 1;
      }
    },
  };
}

/**
 * pg-boss on the app's one PGlite connection.
 *
 * PGlite 0.5 serialises with two mutexes: `query()` and `exec()` each take the transaction
 * mutex and then the query mutex for one call, and `transaction()` holds the transaction mutex
 * for its whole callback. So:
 * - a statement with parameters is always a single statement: `pglite.query` runs it whole;
 * - SQL without parameters may be several statements, including pg-boss's own
 *   `BEGIN; ... COMMIT;` blocks (migrations, maintenance). It runs as one `exec` *inside*
 *   `pglite.transaction()`: no app transaction or query can run between pg-boss's BEGIN and
 *   COMMIT, and if any statement fails PGlite issues ROLLBACK before releasing the mutex, so the
 *   shared connection is never left in an aborted transaction. pg-boss's inner BEGIN and the
 *   outer COMMIT only raise notices ("already/no transaction in progress"), which PGlite drops.
 */
export function createPgliteAdapter(pglite: PGlite, log: Logger): QueueDb {
  return guardQueueDb(async (text, values) => {
    if (values && values.length > 0) {
      const result = await pglite.query(text, values);
      return { rows: result.rows };
    }
    const results = await pglite.transaction((tx) => tx.exec(text));
    // pg-boss reads the rows of the last statement (e.g. a SELECT after a lock).
    return { rows: results.at(-1)?.rows ?? [] };
  }, log);
}
