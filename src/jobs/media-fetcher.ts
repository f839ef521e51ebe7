import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { type ChannelAdapter, type ChannelId, MediaTooLargeError } from "../channels/types";
import { mediaAad, mediaRefAad } from "../conversations/conductor";
import type { Logger } from "../logger";
import type { Keyring } from "../privacy/keyring";
import type { AppDatabase } from "../storage/database";
import { contacts, media } from "../storage/schema";
import type { JobQueue } from "./queue";
import type { UnkeptReason } from "./unkept-file-notice";

export const mediaFetchQueue = "media-fetch";
export const mediaSweepQueue = "media-sweep";

/** Attempts per file before it is marked failed (the report keeps the row and its size). */
export const maxFetchAttempts = 5;

export interface MediaFetcherDeps {
  database: AppDatabase;
  keyring: Keyring;
  adapters: Partial<Record<ChannelId, ChannelAdapter>>;
  log: Logger;
}

export type FetchOutcome = "stored" | "failed" | "skipped";

/**
 * Fetches a file a channel announced by reference (Telegram file_id) and stores it sealed with
 * its SHA-256, outside any transaction while downloading. The person's webhook request never
 * waits for this: the conductor only records the row as pending.
 */
export function createMediaFetcher(deps: MediaFetcherDeps) {
  const log = deps.log.child({ module: "media" });

  async function fetchOne(mediaId: number): Promise<FetchOutcome> {
    const db = deps.database.db;
    const [row] = await db
      .select({
        remoteRefSealed: media.remoteRefSealed,
        fetchState: media.fetchState,
        channel: contacts.channel,
      })
      .from(media)
      .leftJoin(contacts, eq(contacts.id, media.contactId))
      .where(eq(media.id, mediaId));
    if (row?.fetchState !== "pending" || !row.remoteRefSealed || !row.channel) {
      return "skipped";
    }
    const adapter = deps.adapters[row.channel as ChannelId];
    if (!adapter?.downloadMedia) return "skipped"; // the channel is off; the sweep retries
    const remoteRef = deps.keyring.openText(row.remoteRefSealed, mediaRefAad);
    const content = await adapter.downloadMedia(remoteRef);
    await db
      .update(media)
      .set({
        byteSize: content.byteLength,
        sha256: createHash("sha256").update(content).digest("hex"),
        contentSealed: deps.keyring.seal(content, mediaAad),
        // The reference has done its job; keep nothing that leads back to the platform.
        remoteRefSealed: null,
        fetchState: "stored",
      })
      .where(and(eq(media.id, mediaId), eq(media.fetchState, "pending")));
    log.info({ mediaId, bytes: content.byteLength }, "media fetched");
    return "stored";
  }

  /**
   * Counts a failed attempt; the last one (or a `final` one: no retry can help) marks the file
   * failed. Returns the new state.
   */
  async function recordFailure(mediaId: number, final = false): Promise<string | undefined> {
    const [row] = await deps.database.db
      .update(media)
      .set({
        fetchAttempts: sql`${media.fetchAttempts} + 1`,
        fetchState: final
          ? "failed"
          : sql`case when ${media.fetchAttempts} + 1 >= ${maxFetchAttempts} then 'failed' else 'pending' end`,
      })
      .where(and(eq(media.id, mediaId), eq(media.fetchState, "pending")))
      .returning({ fetchState: media.fetchState });
    return row?.fetchState;
  }

  async function pendingIds(limit = 100): Promise<number[]> {
    const rows = await deps.database.db
      .select({ id: media.id })
      .from(media)
      .where(eq(media.fetchState, "pending"))
      .limit(limit);
    return rows.map((row) => row.id);
  }

  return { fetchOne, recordFailure, pendingIds };
}

export type MediaFetcher = ReturnType<typeof createMediaFetcher>;

/** Workers for media fetches, and a sweep for rows whose job was lost. */
export async function startMediaFetchJobs(
  queue: JobQueue,
  fetcher: MediaFetcher,
  log: Logger,
  /** Tells the sender when their file failed for good (it was not kept). */
  tellUnkept: (mediaId: number, reason: UnkeptReason) => Promise<void> = async () => {},
) {
  // "short": one waiting job per file, however often the sweep finds it pending.
  await queue.ensureQueue(mediaFetchQueue, {
    policy: "short",
    retryLimit: 3,
    retryDelaySeconds: 30,
    retryBackoff: true,
  });
  await queue.ensureQueue(mediaSweepQueue, { policy: "short" });
  const enqueue = async (mediaIds: number[]) => {
    for (const mediaId of mediaIds) {
      await queue.send(mediaFetchQueue, { mediaId }, { singletonKey: String(mediaId) });
    }
  };
  await queue.work<{ mediaId: number }>(mediaFetchQueue, { batchSize: 1 }, async (jobs) => {
    for (const job of jobs) {
      try {
        await fetcher.fetchOne(job.data.mediaId);
      } catch (error) {
        // A file over the size cap stays over it: downloading it again would only waste bytes.
        const tooLarge = error instanceof MediaTooLargeError;
        const state = await fetcher.recordFailure(job.data.mediaId, tooLarge);
        log.warn({ err: error, mediaId: job.data.mediaId, state }, "media fetch failed");
        if (state === "pending") throw error; // pg-boss retries with backoff
        if (state === "failed") {
          await tellUnkept(job.data.mediaId, tooLarge ? "too_large" : "not_fetched").catch(
            (failure: unknown) => log.error({ err: failure }, "could not tell about a lost file"),
          );
        }
      }
    }
  });
  await queue.work(mediaSweepQueue, { batchSize: 1 }, async () => {
    await enqueue(await fetcher.pendingIds());
  });
  await queue.schedule(mediaSweepQueue, "*/5 * * * *");
  return enqueue;
}
