import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter";
import type { Conductor } from "../../src/conversations/conductor";
import {
  createMediaFetcher,
  type MediaFetcher,
  maxFetchAttempts,
} from "../../src/jobs/media-fetcher";
import type { Keyring } from "../../src/privacy/keyring";
import type { AppDatabase } from "../../src/storage/database";
import { media } from "../../src/storage/schema";
import { createTestConductor, fixedClock, silentLog } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
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
});
