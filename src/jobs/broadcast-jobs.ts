import { promoteDueBroadcasts, sendingBroadcasts } from "../broadcasts/broadcasts";
import type { BroadcastDelivery } from "../broadcasts/delivery";
import type { Logger } from "../logger";
import type { Db } from "../storage/database";
import type { JobQueue } from "./queue";

export const broadcastRunQueue = "broadcast-run";
/** Delayed wake-ups (a rate limit, a backoff), kept out of the run queue as the outbox does. */
export const broadcastWakeQueue = "broadcast-wake";
/** Every minute: scheduled broadcasts whose time came, and sending ones whose kick was lost. */
export const broadcastSweepQueue = "broadcast-sweep";

export interface BroadcastJobsDeps {
  db: Db;
  delivery: BroadcastDelivery;
  log: Logger;
  clock: () => Date;
  /** How long one job delivers before it hands over to a fresh job (well under its expiry). */
  budgetMs?: number;
}

/**
 * Wires broadcast delivery to the queue. Rows left `sending` by a previous process are marked
 * `uncertain` before any worker starts. One job per broadcast runs at a time ("stately"), so
 * a kick while it runs waits behind it instead of starting a second sender. Returns `kick`
 * (for the API) and `stop` (call before the queue stops, so a running job ends its batch).
 */
export async function startBroadcastJobs(queue: JobQueue, deps: BroadcastJobsDeps) {
  const log = deps.log.child({ module: "broadcast-jobs" });
  let stopping = false;
  const uncertain = await deps.delivery.recoverInFlight();
  if (uncertain > 0) log.warn({ uncertain }, "broadcast rows in flight at start-up are uncertain");

  await queue.ensureQueue(broadcastRunQueue, { policy: "stately", expireInSeconds: 5 * 60 });
  await queue.ensureQueue(broadcastWakeQueue, { policy: "standard" });
  await queue.ensureQueue(broadcastSweepQueue, { policy: "short" });

  const kick = async (broadcastId: string) => {
    await queue.send(broadcastRunQueue, { broadcastId }, { singletonKey: broadcastId });
  };

  await queue.work<{ broadcastId: string }>(broadcastRunQueue, { batchSize: 1 }, async (jobs) => {
    for (const job of jobs) {
      const { broadcastId } = job.data;
      const outcome = await deps.delivery.run(broadcastId, {
        budgetMs: deps.budgetMs ?? 60_000,
        stopping: () => stopping,
      });
      if (stopping) return;
      if (outcome.kind === "more") await kick(broadcastId);
      if (outcome.kind === "wait") {
        await queue.send(
          broadcastWakeQueue,
          { broadcastId },
          { startAfterSeconds: Math.max(1, Math.ceil(outcome.waitMs / 1000)) },
        );
      }
    }
  });
  await queue.work<{ broadcastId: string }>(broadcastWakeQueue, { batchSize: 10 }, async (jobs) => {
    for (const job of jobs) await kick(job.data.broadcastId);
  });
  await queue.work(broadcastSweepQueue, { batchSize: 1 }, async () => {
    await promoteDueBroadcasts(deps.db, deps.clock());
    for (const id of await sendingBroadcasts(deps.db)) await kick(id);
  });
  await queue.schedule(broadcastSweepQueue, "* * * * *");

  return {
    kick,
    stop() {
      stopping = true;
    },
  };
}
