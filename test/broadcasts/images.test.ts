import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBroadcastService } from "../../src/broadcasts/broadcasts";
import { createBroadcastDelivery } from "../../src/broadcasts/delivery";
import { createCasework } from "../../src/casework/casework";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter";
import type { ChannelAdapter } from "../../src/channels/types";
import { lockContact } from "../../src/conversations/contacts";
import { readMailbox } from "../../src/conversations/outbox";
import { apiV1Routes } from "../../src/http/routes/api-v1";
import type { Awas } from "../../src/server";
import { addStaff } from "../../src/staff/accounts";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { broadcasts, media, subscriptions } from "../../src/storage/schema";
import { createTestAwas } from "../support/app-harness";
import { fixedClock, silentLog, translator } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { type StandInBotApi, startStandInBotApi, UploadedFile } from "../support/telegram-bot-api";

/** An imbauan with a picture: fetched once from its URL, re-encoded, sent on every channel. */
let database: AppDatabase;
let botApi: StandInBotApi;
let awas: Awas;
let images: http.Server;
let imagesRoot = "";
let token = "";
const clock = fixedClock();
let nextChat = 810_000;

const webchat: ChannelAdapter = {
  channel: "webchat",
  normalizeInbound: () => [],
  render: (message) => message,
  send: async () => {
    throw new Error("a pull channel is never pushed to");
  },
  state: () => "ok",
};

beforeAll(async () => {
  database = await createTestDatabase();
  botApi = await startStandInBotApi();
  // The whole app only for its keyring and its /chat routes.
  awas = await createTestAwas(database);
  // A poster of 2000 × 1000 px with EXIF, and a file that is no picture.
  const poster = await sharp({
    create: { width: 2000, height: 1000, channels: 3, background: "#c0392b" },
  })
    .png()
    .withExif({ IFD0: { Copyright: "uji" } })
    .toBuffer();
  images = http.createServer((req, res) => {
    if (req.url === "/poster.png") {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(poster);
    } else if (req.url === "/notes.txt") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("bukan gambar");
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));
  imagesRoot = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  const admin = await addStaff(database.db, {
    email: "admin@example.org",
    name: "Admin",
    role: "admin",
  });
  token = await issueToken(database.db, admin.id);
}, 60_000);

afterAll(async () => {
  await database?.close();
  await botApi?.close();
  await new Promise((resolve) => images?.close(resolve));
});

async function subscribeTo(region: string, channel: "telegram" | "webchat", count: number) {
  return database.db.transaction(async (tx) => {
    const out: { chatId: number; contactId: string }[] = [];
    for (let i = 0; i < count; i++) {
      const chatId = nextChat++;
      const address = channel === "telegram" ? String(chatId) : `web-${chatId}-percakapan-uji`;
      const { contact } = await lockContact(tx, awas.keyring, channel, address, "id");
      await tx.insert(subscriptions).values({
        contactId: contact.id,
        regionCodes: [region],
        language: "id",
        role: "public",
        subscribedAt: clock(),
      });
      out.push({ chatId, contactId: contact.id });
    }
    return out;
  });
}

function api() {
  const telegram = createTelegramAdapter({ token: botApi.token, apiRoot: botApi.apiRoot });
  const delivery = createBroadcastDelivery({
    database,
    keyring: awas.keyring,
    adapters: { telegram, webchat },
    log: silentLog,
    // The send gate waits on the wall clock.
    clock: () => new Date(),
  });
  const service = createBroadcastService({
    db: database.db,
    clock,
    approvalRequired: false,
    kick: async () => {},
    sendTest: delivery.sendTest,
  });
  const app = apiV1Routes({
    db: database.db,
    keyring: awas.keyring,
    translator,
    casework: createCasework({
      database,
      keyring: awas.keyring,
      translator,
      clock,
      nudge: async () => {},
    }),
    broadcasts: service,
  });
  const post = (body: unknown) =>
    app.request("/broadcasts", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  return { post, delivery };
}

describe(`broadcast images on ${testDatabaseKind}`, () => {
  it("sends the picture with the text as its caption, uploading it to Telegram once, re-encoded without EXIF", async () => {
    const people = await subscribeTo("19.02", "telegram", 3);
    const { post, delivery } = api();
    const text = "Imbauan: jangan terima serangan fajar.";
    const response = await post({
      text,
      audience: { regions: ["19.02"] },
      imageUrl: `${imagesRoot}/poster.png`,
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    botApi.clear();
    expect(await delivery.run(id)).toEqual({ kind: "done" });

    const photos = botApi.calls("sendPhoto");
    expect(photos.map((c) => Number(c.params.chat_id)).sort()).toEqual(
      people.map((p) => p.chatId).sort(),
    );
    expect(photos.every((c) => c.params.caption === text)).toBe(true);
    expect(botApi.calls("sendMessage")).toEqual([]);
    const [first, ...rest] = photos;
    expect(first?.params.photo).toBeInstanceOf(UploadedFile);
    // The others reuse Telegram's file_id of that upload.
    expect(rest.every((c) => typeof c.params.photo === "string")).toBe(true);
    const upload = first?.params.photo as UploadedFile;
    const uploaded = await sharp(upload.content).metadata();
    expect(uploaded).toMatchObject({ format: "jpeg", width: 1280, height: 640 });
    expect(uploaded.exif).toBeUndefined();
  });

  it("puts a link to the picture in a web chat mailbox, served once the broadcast goes out", async () => {
    const [reader] = await subscribeTo("19.03", "webchat", 1);
    const { post, delivery } = api();
    const response = await post({
      text: "Imbauan bergambar",
      audience: { regions: ["19.03"] },
      imageUrl: `${imagesRoot}/poster.png`,
      sendAt: new Date(clock().getTime() + 3_600_000).toISOString(),
    });
    const { id } = (await response.json()) as { id: string };
    // Scheduled: not published yet.
    expect((await awas.app.request(`/chat/images/${id}`)).status).toBe(404);
    await database.db.update(broadcasts).set({ state: "sending" }).where(eq(broadcasts.id, id));
    expect(await delivery.run(id)).toEqual({ kind: "done" });
    const mailbox = await readMailbox(database.db, awas.keyring, reader?.contactId as string, {
      limit: 5,
    });
    expect(mailbox.messages.map((m) => [m.text, m.imageUrl])).toEqual([
      ["Imbauan bergambar", `/chat/images/${id}`],
    ]);
    const picture = await awas.app.request(`/chat/images/${id}`);
    expect(picture.status).toBe(200);
    expect(picture.headers.get("content-type")).toBe("image/jpeg");
    expect((await sharp(Buffer.from(await picture.arrayBuffer())).metadata()).format).toBe("jpeg");
    expect((await awas.app.request("/chat/images/not-a-broadcast")).status).toBe(404);
  });

  it("refuses an address that is no picture, or unreachable, with 400, and keeps nothing", async () => {
    const { post } = api();
    const before = (await database.db.select({ id: media.id }).from(media)).length;
    for (const [path, code] of [
      ["/notes.txt", "image_type"],
      ["/missing.png", "image_fetch"],
    ] as const) {
      const response = await post({
        text: "Imbauan",
        audience: { regions: ["19.02"] },
        imageUrl: `${imagesRoot}${path}`,
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const outside = await post({
      text: "Imbauan",
      audience: { regions: ["19.02"] },
      imageUrl: "ftp://example.org/poster.png",
    });
    expect(outside.status).toBe(400);
    expect((await database.db.select({ id: media.id }).from(media)).length).toBe(before);
  });
});
