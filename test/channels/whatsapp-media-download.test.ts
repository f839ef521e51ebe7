import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type AuthenticationState, BufferJSON, encryptedStream, proto } from "baileys";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MediaTooLargeError } from "../../src/channels/types";
import { createWhatsAppAdapter } from "../../src/channels/whatsapp/adapter";
import type {
  WhatsAppConnection,
  WhatsAppSocketLike,
} from "../../src/channels/whatsapp/connection";
import { mediaAad, mediaRefAad } from "../../src/conversations/conductor";
import {
  createMediaFetcher,
  type MediaFetcher,
  maxFetchAttempts,
  startMediaFetchJobs,
} from "../../src/jobs/media-fetcher";
import type { Awas } from "../../src/server";
import type { AppDatabase } from "../../src/storage/database";
import { media } from "../../src/storage/schema";
import { createTestAwas } from "../support/app-harness";
import { fixedClock, silentLog, type TestClock } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { recordingQueue } from "../support/recording-queue";

/** Baileys' socket as far as the inbound path goes: events in, read receipts recorded. */
class FakeSocket implements WhatsAppSocketLike {
  readonly emitter = new EventEmitter();
  readonly read: string[] = [];
  ev = {
    on: (event: string, listener: (...args: unknown[]) => void) => {
      this.emitter.on(event, listener);
    },
  } as WhatsAppSocketLike["ev"];
  constructor(readonly auth: AuthenticationState) {}
  async sendMessage(jid: string) {
    return { key: { id: "BOT", remoteJid: jid, fromMe: true } };
  }
  async readMessages(keys: { id?: string | null }[]) {
    this.read.push(...keys.map((key) => key.id ?? ""));
  }
  end() {}
}

/** What Baileys' upload side makes of a file: the ciphertext (with its MAC) and the keys. */
interface Encrypted {
  ciphertext: Buffer;
  mediaKey: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
  fileLength: number;
}

async function encrypt(file: Buffer): Promise<Encrypted> {
  const result = await encryptedStream(file, "image");
  const ciphertext = await readFile(result.encFilePath);
  await rm(result.encFilePath, { force: true });
  return {
    ciphertext,
    mediaKey: result.mediaKey,
    fileSha256: result.fileSha256,
    fileEncSha256: result.fileEncSha256,
    fileLength: result.fileLength,
  };
}

/** WhatsApp's media host, on 127.0.0.1: serves each path's bytes and records the requests. */
function startMediaHost() {
  const files = new Map<string, Buffer>();
  const requests: { path: string; origin: string | undefined }[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? "";
    requests.push({ path, origin: request.headers.origin });
    const body = files.get(path);
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/octet-stream" }).end(body);
  });
  return new Promise<{
    files: typeof files;
    requests: typeof requests;
    base: string;
    server: Server;
  }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ files, requests, base: `http://127.0.0.1:${port}`, server });
    });
  });
}

/** A port on which nothing listens (taken, then given back). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const resident = "6281234567890@s.whatsapp.net";
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let database: AppDatabase;
let awas: Awas;
let clock: TestClock;
let fetcher: MediaFetcher;
let host: Awaited<ReturnType<typeof startMediaHost>>;
let photo: Buffer;
let encrypted: Encrypted;
const sockets: FakeSocket[] = [];
const socket = () => sockets.at(-1) as FakeSocket;
let seq = 0;

/**
 * The resident sends a photo whose file lives at `url`, as WhatsApp delivers it: a real
 * `proto.WebMessageInfo` through `messages.upsert`. Returns the pending media row it left.
 */
async function sendPhoto(
  where: string | { url?: string; directPath?: string; thumbnailDirectPath?: string },
  file: Encrypted = encrypted,
) {
  clock.advance(4000); // under the per-minute limit
  const id = `3EB0MEDIA${++seq}`;
  const info = proto.WebMessageInfo.fromObject({
    key: { remoteJid: resident, fromMe: false, id },
    messageTimestamp: 1795143000 + seq,
    pushName: "Warga",
    message: {
      imageMessage: {
        ...(typeof where === "string" ? { url: where } : where),
        mimetype: "image/jpeg",
        caption: "amplop di balai desa",
        fileSha256: file.fileSha256,
        fileEncSha256: file.fileEncSha256,
        fileLength: file.fileLength,
        mediaKey: file.mediaKey,
        mediaKeyTimestamp: 1795143000 + seq,
        height: 480,
        width: 640,
      },
    },
  });
  const readBefore = socket().read.length;
  socket().emitter.emit("messages.upsert", { messages: [info], type: "notify" });
  const deadline = Date.now() + 15_000;
  while (!socket().read.slice(readBefore).includes(id)) {
    if (Date.now() > deadline) throw new Error("the photo was not handled");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const rows = await database.db.select().from(media).where(eq(media.fetchState, "pending"));
  const row = rows.find((candidate) =>
    awas.keyring.openText(candidate.remoteRefSealed ?? "", mediaRefAad).includes(id),
  );
  if (!row) throw new Error("no pending media row for the photo");
  return row;
}

const rowOf = async (id: number) => {
  const [row] = await database.db.select().from(media).where(eq(media.id, id));
  if (!row) throw new Error(`media ${id} is gone`);
  return row;
};

describe(`downloading a real (encrypted) WhatsApp photo on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    photo = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 196, g: 160, b: 90 } },
    })
      .composite([
        {
          input: { create: { width: 320, height: 240, channels: 3, background: "#1d3557" } },
          top: 120,
          left: 160,
        },
      ])
      .jpeg({ quality: 85 })
      .toBuffer();
    encrypted = await encrypt(photo);
    host = await startMediaHost();
    database = await createTestDatabase();
    clock = fixedClock();
    awas = await createTestAwas(database, { WHATSAPP_ENABLED: "true" }, clock, {
      whatsappSocket: (auth) => {
        const fake = new FakeSocket(auth);
        sockets.push(fake);
        return fake;
      },
    });
    await awas.whatsapp?.start();
    const deadline = Date.now() + 10_000;
    while (sockets.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    socket().emitter.emit("connection.update", { connection: "open" });
    // The fetcher as the server builds it, with the server's own WhatsApp adapter.
    fetcher = createMediaFetcher({
      database,
      keyring: awas.keyring,
      adapters: awas.adapters,
      log: silentLog,
    });
  });
  afterAll(async () => {
    await awas?.whatsapp?.stop();
    await database?.close();
    await new Promise((resolve) => host?.server.close(resolve));
  });

  it("is encrypted for real: the served bytes are not the photo and end in a 10-byte MAC", () => {
    expect(photo.subarray(0, 2).toString("hex")).toBe("ffd8"); // a JPEG
    expect(encrypted.fileLength).toBe(photo.byteLength);
    expect(encrypted.fileSha256.toString("hex")).toBe(sha256(photo));
    expect(encrypted.fileEncSha256.toString("hex")).toBe(sha256(encrypted.ciphertext));
    expect((encrypted.ciphertext.byteLength - 10) % 16).toBe(0);
    expect(encrypted.ciphertext.includes(photo.subarray(0, 64))).toBe(false);
  });

  it("stores the photo pending with its sealed reference, then fetches it byte for byte", async () => {
    host.files.set("/v/t62.7118-24/photo-ok.enc", encrypted.ciphertext);
    const pending = await sendPhoto(`${host.base}/v/t62.7118-24/photo-ok.enc`);
    expect(pending).toMatchObject({
      fetchState: "pending",
      mimeType: "image/jpeg",
      byteSize: photo.byteLength,
      sha256: null,
      contentSealed: null,
      fetchAttempts: 0,
    });
    // The reference is sealed: nothing of the URL or the key is readable at rest.
    expect(pending.remoteRefSealed).not.toContain("127.0.0.1");
    const ref = JSON.parse(
      awas.keyring.openText(pending.remoteRefSealed ?? "", mediaRefAad),
      BufferJSON.reviver,
    ) as { message: { imageMessage: { url: string; mediaKey: string } } };
    expect(ref.message.imageMessage.url).toBe(`${host.base}/v/t62.7118-24/photo-ok.enc`);
    expect(Buffer.from(ref.message.imageMessage.mediaKey, "base64")).toEqual(encrypted.mediaKey);

    const before = host.requests.length;
    expect(await fetcher.fetchOne(pending.id)).toBe("stored");
    // Baileys fetched the ciphertext from our host, as WhatsApp Web would.
    expect(host.requests.slice(before)).toEqual([
      { path: "/v/t62.7118-24/photo-ok.enc", origin: "https://web.whatsapp.com" },
    ]);

    const row = await rowOf(pending.id);
    expect(row).toMatchObject({
      fetchState: "stored",
      byteSize: photo.byteLength,
      sha256: sha256(photo),
      remoteRefSealed: null,
      fetchAttempts: 0,
    });
    const stored = awas.keyring.open(row.contentSealed ?? "", mediaAad);
    expect(Buffer.from(stored).equals(photo)).toBe(true);
    expect(Buffer.from(stored).equals(encrypted.ciphertext)).toBe(false);
    // It is the same JPEG: sharp reads it at the size it was made.
    expect(await sharp(stored).metadata()).toMatchObject({
      format: "jpeg",
      width: 640,
      height: 480,
    });
    // Done once: the row is no longer pending.
    expect(await fetcher.fetchOne(pending.id)).toBe("skipped");
  });

  it("follows a message shaped like WhatsApp's: the full file at https://<url's host><directPath>", async () => {
    // Real messages carry url, directPath and a thumbnail's path; Baileys 7 fetches
    // https://<host of url><directPath>. WhatsApp's host is sent to 127.0.0.1 here.
    const directPath =
      "/o1/v/t62.7118-24/f2/m232/AQNreal-photo?ccb=9-4&oh=01_Q5Aa&oe=68F0A1B2&_nc_sid=e6ed6c";
    host.files.set(directPath, encrypted.ciphertext);
    host.files.set("/v/t62.36145-24/thumb.enc", Buffer.alloc(64, 7));
    const realFetch = globalThis.fetch;
    const asked: string[] = [];
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      const url = String(input);
      asked.push(url);
      return realFetch(url.replace("https://mmg.whatsapp.net", host.base), init);
    });
    try {
      const full = await sendPhoto({
        url: `https://mmg.whatsapp.net${directPath}&mms3=true`,
        directPath,
        thumbnailDirectPath: "/v/t62.36145-24/thumb.enc",
      });
      expect(await fetcher.fetchOne(full.id)).toBe("stored");
      // With no url in the message (the JSON of the reference keeps only fields that are set),
      // still the file, never its thumbnail.
      const noUrl = await sendPhoto({
        directPath,
        thumbnailDirectPath: "/v/t62.36145-24/thumb.enc",
      });
      expect(await fetcher.fetchOne(noUrl.id)).toBe("stored");
      expect(asked).toEqual([
        `https://mmg.whatsapp.net${directPath}`,
        `https://mmg.whatsapp.net${directPath}`,
      ]);
      for (const row of [await rowOf(full.id), await rowOf(noUrl.id)]) {
        expect(row).toMatchObject({ fetchState: "stored", sha256: sha256(photo) });
        expect(
          Buffer.from(awas.keyring.open(row.contentSealed ?? "", mediaAad)).equals(photo),
        ).toBe(true);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses a ciphertext with one flipped byte, retries, then marks the file failed", async () => {
    const tampered = Buffer.from(encrypted.ciphertext);
    // A block in the middle: AES-CBC decrypts it to other bytes without any error.
    const position = 16 * Math.floor(tampered.byteLength / 32) + 5;
    tampered[position] = (tampered[position] ?? 0) ^ 0x01;
    host.files.set("/v/t62.7118-24/photo-tampered.enc", tampered);
    const pending = await sendPhoto(`${host.base}/v/t62.7118-24/photo-tampered.enc`);

    for (let attempt = 1; attempt <= maxFetchAttempts; attempt++) {
      await expect(fetcher.fetchOne(pending.id)).rejects.toThrow(/fileSha256/);
      const state = await fetcher.recordFailure(pending.id);
      expect(state).toBe(attempt < maxFetchAttempts ? "pending" : "failed");
    }
    const row = await rowOf(pending.id);
    expect(row).toMatchObject({
      fetchState: "failed",
      fetchAttempts: maxFetchAttempts,
      sha256: null,
      contentSealed: null,
      byteSize: photo.byteLength, // what WhatsApp announced
    });
    expect(await fetcher.pendingIds()).not.toContain(pending.id);
    expect(await fetcher.fetchOne(pending.id)).toBe("skipped");
  });

  it("refuses a flipped byte in the last block and in the MAC too", async () => {
    const lastBlock = Buffer.from(encrypted.ciphertext);
    const inLast = lastBlock.byteLength - 10 - 3;
    lastBlock[inLast] = (lastBlock[inLast] ?? 0) ^ 0x80;
    host.files.set("/v/t62.7118-24/photo-last-block.enc", lastBlock);
    const last = await sendPhoto(`${host.base}/v/t62.7118-24/photo-last-block.enc`);
    await expect(fetcher.fetchOne(last.id)).rejects.toThrow();
    expect(await rowOf(last.id)).toMatchObject({ fetchState: "pending", contentSealed: null });

    // The MAC bytes are not part of what is decrypted: the photo itself is intact, so it is
    // stored (its SHA-256 is the sender's).
    const macOnly = Buffer.from(encrypted.ciphertext);
    const inMac = macOnly.byteLength - 2;
    macOnly[inMac] = (macOnly[inMac] ?? 0) ^ 0x01;
    host.files.set("/v/t62.7118-24/photo-mac.enc", macOnly);
    const mac = await sendPhoto(`${host.base}/v/t62.7118-24/photo-mac.enc`);
    expect(await fetcher.fetchOne(mac.id)).toBe("stored");
    expect((await rowOf(mac.id)).sha256).toBe(sha256(photo));
  });

  it("refuses another file served in its place, and a file with no fileSha256", async () => {
    const other = await encrypt(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: "#ff0000" } })
        .jpeg()
        .toBuffer(),
    );
    // The other file's ciphertext under the photo's keys and hashes.
    host.files.set("/v/t62.7118-24/photo-swapped.enc", other.ciphertext);
    const swapped = await sendPhoto(`${host.base}/v/t62.7118-24/photo-swapped.enc`);
    await expect(fetcher.fetchOne(swapped.id)).rejects.toThrow();
    expect(await rowOf(swapped.id)).toMatchObject({ fetchState: "pending", sha256: null });

    host.files.set("/v/t62.7118-24/photo-nohash.enc", encrypted.ciphertext);
    const noHash = await sendPhoto(`${host.base}/v/t62.7118-24/photo-nohash.enc`, {
      ...encrypted,
      fileSha256: Buffer.alloc(0),
    });
    await expect(fetcher.fetchOne(noHash.id)).rejects.toThrow(/fileSha256/);
    expect(await rowOf(noHash.id)).toMatchObject({ fetchState: "pending", sha256: null });
  });

  it("retries an unreachable host through the queue worker, then marks the file failed", async () => {
    const port = await closedPort();
    const pending = await sendPhoto(`http://127.0.0.1:${port}/v/t62.7118-24/photo-gone.enc`);
    const { queue, handlers } = recordingQueue();
    await startMediaFetchJobs(queue, fetcher, silentLog);
    const work = handlers.get("media-fetch");
    if (!work) throw new Error("no media-fetch worker");

    for (let attempt = 1; attempt < maxFetchAttempts; attempt++) {
      // Still pending: the worker throws so pg-boss retries it later.
      await expect(work([{ data: { mediaId: pending.id } }])).rejects.toThrow();
      expect(await rowOf(pending.id)).toMatchObject({
        fetchState: "pending",
        fetchAttempts: attempt,
      });
    }
    // The last attempt marks it failed and the job ends quietly.
    await expect(work([{ data: { mediaId: pending.id } }])).resolves.toBeUndefined();
    expect(await rowOf(pending.id)).toMatchObject({
      fetchState: "failed",
      fetchAttempts: maxFetchAttempts,
      contentSealed: null,
    });
    // A 404 from the media host is a failure like any other, and the server keeps serving.
    const missing = await sendPhoto(`${host.base}/v/t62.7118-24/never-uploaded.enc`);
    await expect(work([{ data: { mediaId: missing.id } }])).rejects.toThrow();
    expect(await rowOf(missing.id)).toMatchObject({ fetchState: "pending", fetchAttempts: 1 });
    expect((await awas.app.request("/healthz")).status).toBeLessThan(500);
  });

  it("stops a download that passes the size cap when the sender declared no size, and never retries it", async () => {
    host.files.set("/v/t62.7118-24/photo-undeclared.enc", encrypted.ciphertext);
    // The same server with a cap below the photo's size.
    const capped = createWhatsAppAdapter({
      connection: awas.whatsapp as WhatsAppConnection,
      hint: () => "",
      log: silentLog,
      maxMediaBytes: 1024,
    });
    const cappedFetcher = createMediaFetcher({
      database,
      keyring: awas.keyring,
      adapters: { whatsapp: capped },
      log: silentLog,
    });
    const { queue, handlers } = recordingQueue();
    await startMediaFetchJobs(queue, cappedFetcher, silentLog);
    const work = handlers.get("media-fetch");
    if (!work) throw new Error("no media-fetch worker");

    const url = `${host.base}/v/t62.7118-24/photo-undeclared.enc`;
    for (const fileLength of [0, undefined]) {
      const pending = await sendPhoto(url, { ...encrypted, fileLength: fileLength as number });
      // Nothing announced, so the inbound check let it through.
      expect(pending).toMatchObject({ fetchState: "pending", byteSize: 0 });
      await expect(cappedFetcher.fetchOne(pending.id)).rejects.toBeInstanceOf(MediaTooLargeError);
      // Through the queue: failed at the first attempt, no retry downloads it again.
      await expect(work([{ data: { mediaId: pending.id } }])).resolves.toBeUndefined();
      expect(await rowOf(pending.id)).toMatchObject({
        fetchState: "failed",
        fetchAttempts: 1,
        sha256: null,
        contentSealed: null,
      });
    }
    // Under the server's own cap the very same file is stored.
    const fine = await sendPhoto(url, { ...encrypted, fileLength: 0 });
    expect(await fetcher.fetchOne(fine.id)).toBe("stored");
    expect((await rowOf(fine.id)).sha256).toBe(sha256(photo));
  });
});
