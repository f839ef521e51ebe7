import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter";
import type { Conductor } from "../../src/conversations/conductor";
import { takeDueForContact } from "../../src/conversations/outbox";
import {
  createMediaFetcher,
  type MediaFetcher,
  maxFetchAttempts,
  startMediaFetchJobs,
} from "../../src/jobs/media-fetcher";
import { createUnkeptFileNotice } from "../../src/jobs/unkept-file-notice";
import type { Keyring } from "../../src/privacy/keyring";
import type { AppDatabase } from "../../src/storage/database";
import { media } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  silentLog,
  translator,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { recordingQueue } from "../support/recording-queue";
import { type StandInBotApi, startStandInBotApi } from "../support/telegram-bot-api";

let api: StandInBotApi;
let database: AppDatabase;
let conductor: Conductor;
let keyring: Keyring;
let fetcher: MediaFetcher;
const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

async function announce(fileId: string, externalId: string) {
  const sent: number[] = [];
  await conductor.receive({
    channel: "telegram",
    address: "6100000001",
    externalId,
    receivedAt: new Date(),
    media: [{ kind: "image", mimeType: "image/jpeg", byteSize: 1234, remoteRef: fileId }],
  });
  const rows = await database.db.select().from(media).where(eq(media.fetchState, "pending"));
  for (const row of rows) sent.push(row.id);
  return sent;
}

describe(`fetching files announced by reference on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    api = await startStandInBotApi();
    database = await createTestDatabase();
    ({ conductor, keyring } = await createTestConductor(database, { clock: fixedClock() }));
    const telegram = createTelegramAdapter({ token: api.token, apiRoot: api.apiRoot });
    fetcher = createMediaFetcher({ database, keyring, adapters: { telegram }, log: silentLog });
  });
  afterAll(async () => {
    await database.close();
    await api.close();
  });

  it("stores the bytes sealed with their SHA-256 and real size, and forgets the file_id", async () => {
    api.addFile("photo-ok", bytes);
    const [id] = await announce("photo-ok", "update:1");
    expect(await fetcher.fetchOne(id ?? 0)).toBe("stored");
    const [row] = await database.db
      .select()
      .from(media)
      .where(eq(media.id, id ?? 0));
    expect(row).toMatchObject({
      fetchState: "stored",
      byteSize: bytes.byteLength,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      remoteRefSealed: null,
    });
    expect([...keyring.open(row?.contentSealed ?? "", "media.content")]).toEqual([...bytes]);
    // Fetching again does nothing: the row is no longer pending.
    expect(await fetcher.fetchOne(id ?? 0)).toBe("skipped");
  });

  it("gives up after a few failed attempts and marks the file failed", async () => {
    const [id] = await announce("photo-missing", "update:2");
    let state: string | undefined;
    for (let attempt = 1; attempt <= maxFetchAttempts; attempt++) {
      await expect(fetcher.fetchOne(id ?? 0)).rejects.toThrow();
      state = await fetcher.recordFailure(id ?? 0);
    }
    expect(state).toBe("failed");
    expect(await fetcher.pendingIds()).not.toContain(id);
  });

  it("tells the sender, once, when their file was not kept after every attempt", async () => {
    const { queue, handlers } = recordingQueue();
    const clock = fixedClock();
    const notice = createUnkeptFileNotice({
      database,
      keyring,
      translator,
      clock,
      maxBytes: 50 * 1_048_576,
    });
    const told: string[] = [];
    await startMediaFetchJobs(queue, fetcher, silentLog, async (mediaId, reason) => {
      const contactId = await notice(mediaId, reason);
      if (contactId) told.push(contactId);
    });
    const work = handlers.get("media-fetch");
    if (!work) throw new Error("no media-fetch worker");
    const [id] = await announce("photo-gone", "update:3");
    const [row] = await database.db
      .select()
      .from(media)
      .where(eq(media.id, id ?? 0));
    const contactId = row?.contactId ?? "";
    const due = async () =>
      (await takeDueForContact(database.db, keyring, contactId, clock())).map((m) => m.text);
    const before = await due();

    for (let attempt = 1; attempt < maxFetchAttempts; attempt++) {
      await expect(work([{ data: { mediaId: id } }])).rejects.toThrow();
    }
    expect(told).toEqual([]);
    expect(await due()).toEqual(before);
    await expect(work([{ data: { mediaId: id } }])).resolves.toBeUndefined();
    expect(told).toEqual([contactId]);
    expect(await due()).toEqual([
      ...before,
      translator.text("id", { key: "common:file_not_fetched" }),
    ]);
    // A stray job for the failed file changes nothing and tells nobody again.
    await expect(work([{ data: { mediaId: id } }])).resolves.toBeUndefined();
    expect(told).toEqual([contactId]);
  });
});
