import { and, eq, inArray, isNotNull, lt, or } from "drizzle-orm";
import type { Logger } from "../logger";
import type { AppDatabase, Db } from "../storage/database";
import { abandonedDrafts, outbox } from "../storage/schema";
import type { JobQueue } from "./queue";

export const retentionQueue = "retention-purge";
/** 03:17 UTC is 10:17 WIB: off the hour other cron jobs pile onto, and a quiet time. */
export const retentionCron = "17 3 * * *";

export const retentionDefaults = {
  outboxPayloadHours: 24,
  /** Rows per statement: each batch is its own short transaction. */
  batchSize: 1000,
} as const;

export interface PurgeOptions {
  now: Date;
  draftRetentionDays: number;
  /** How long a delivered (or failed) message's content is kept. Default 24. */
  outboxPayloadHours?: number;
  /** Rows per statement. Default 1000. */
  batchSize?: number;
}

export interface PurgeReport {
  drafts: number;
  outboxPayloads: number;
}

/**
 * Deletes expired abandoned drafts and blanks the content of outbox messages nobody will
 * send again. Outbox rows themselves stay: their ids order delivery and serve as cursors.
 *
 * Each batch is one autocommitted statement, never one transaction over the whole backlog:
 * on PGlite every query (the job queue's too) shares a single connection, and a long
 * statement there would stall replies. Idempotent, so a retried or overlapping run is harmless.
 */
export async function purgeExpiredData(db: Db, options: PurgeOptions): Promise<PurgeReport> {
  const batchSize = options.batchSize ?? retentionDefaults.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError("batchSize must be a positive integer");
  }
  const hours = options.outboxPayloadHours ?? retentionDefaults.outboxPayloadHours;
  const draftCutoff = new Date(options.now.getTime() - options.draftRetentionDays * 86_400_000);
  const payloadCutoff = new Date(options.now.getTime() - hours * 3_600_000);

  const drafts = await inBatches(batchSize, async () => {
    const batch = db
      .select({ id: abandonedDrafts.id })
      .from(abandonedDrafts)
      .where(lt(abandonedDrafts.createdAt, draftCutoff))
      .limit(batchSize);
    const deleted = await db
      .delete(abandonedDrafts)
      .where(inArray(abandonedDrafts.id, batch))
      .returning({ id: abandonedDrafts.id });
    return deleted.length;
  });

  const outboxPayloads = await inBatches(batchSize, async () => {
    const batch = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          isNotNull(outbox.payloadSealed),
          or(
            and(eq(outbox.status, "sent"), lt(outbox.sentAt, payloadCutoff)),
            // A failed message is never retried, so its age counts from when it was written.
            and(eq(outbox.status, "failed"), lt(outbox.createdAt, payloadCutoff)),
          ),
        ),
      )
      .limit(batchSize);
    const blanked = await db
      .update(outbox)
      .set({ payloadSealed: null })
      // Rechecked on the row itself, so a row an overlapping run just blanked is not counted.
      .where(and(inArray(outbox.id, batch), isNotNull(outbox.payloadSealed)))
      .returning({ id: outbox.id });
    return blanked.length;
  });

  return { drafts, outboxPayloads };
}

/** Runs `step` until a batch comes back short; returns the total it reported. */
async function inBatches(batchSize: number, step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await step();
    total += count;
    if (count < batchSize) return total;
  }
}

export interface RetentionJobDeps {
  database: AppDatabase;
  clock: () => Date;
  draftRetentionDays: number;
  log: Logger;
}

/** Purges once a day through the job queue, so one instance of several does it. */
export async function startRetentionJob(queue: JobQueue, deps: RetentionJobDeps): Promise<void> {
  const log = deps.log.child({ module: "retention" });
  await queue.ensureQueue(retentionQueue, {
    // At most one purge running across instances; a second would only contend for rows.
    policy: "singleton",
    // A first run over a large backlog may take a while; an expired run is retried anyway.
    expireInSeconds: 30 * 60,
  });
  await queue.work(retentionQueue, { batchSize: 1 }, async () => {
    const report = await purgeExpiredData(deps.database.db, {
      now: deps.clock(),
      draftRetentionDays: deps.draftRetentionDays,
    });
    // Counts only: nothing of what was purged belongs in a log.
    log.info(report, "retention purge done");
  });
  await queue.schedule(retentionQueue, retentionCron);
}
