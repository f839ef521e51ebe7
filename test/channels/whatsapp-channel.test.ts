import { EventEmitter } from "node:events";
import { type AuthenticationState, DisconnectReason, proto } from "baileys";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WhatsAppSocketLike } from "../../src/channels/whatsapp/connection";
import { findContact } from "../../src/conversations/contacts";
import { createOutboxSender } from "../../src/jobs/outbox-sender";
import type { Awas } from "../../src/server";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { outbox, staff } from "../../src/storage/schema";
import { createTestAwas } from "../support/app-harness";
import { fixedClock, silentLog, type TestClock } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

/** A stand-in for Baileys' socket: events in, recorded sends out. No network. */
class FakeSocket implements WhatsAppSocketLike {
  readonly emitter = new EventEmitter();
  readonly sent: { jid: string; text: string }[] = [];
  readonly read: string[] = [];
  ended = false;
  ev = {
    on: (event: string, listener: (...args: unknown[]) => void) => {
      this.emitter.on(event, listener);
    },
  } as WhatsAppSocketLike["ev"];
  constructor(readonly auth: AuthenticationState) {}
  async sendMessage(jid: string, content: { text: string }) {
    this.sent.push({ jid, text: content.text });
    return { key: { id: `BOT${this.sent.length}`, remoteJid: jid, fromMe: true } };
  }
  async readMessages(keys: { id?: string | null }[]) {
    this.read.push(...keys.map((key) => key.id ?? ""));
  }
  async sendPresenceUpdate() {}
  end() {
    this.ended = true;
  }
}

const resident = "6281234567890@s.whatsapp.net";
let database: AppDatabase;
let awas: Awas;
let clock: TestClock;
const sockets: FakeSocket[] = [];
let messageSeq = 0;
const socket = () => sockets.at(-1) as FakeSocket;

function upsert(content: Record<string, unknown>, id = `3EB0${++messageSeq}`) {
  const info = proto.WebMessageInfo.fromObject({
    key: { remoteJid: resident, fromMe: false, id },
    messageTimestamp: 1795143000 + messageSeq,
    message: content,
  });
  return info;
}

/** A message from the resident; returns what the bot sent back through the fake socket. */
async function say(content: Record<string, unknown> | string, id?: string) {
  clock.advance(4000); // under the per-minute limit
  const before = socket().sent.length;
  const info = upsert(typeof content === "string" ? { conversation: content } : content, id);
  const readBefore = socket().read.length;
  socket().emitter.emit("messages.upsert", { messages: [info], type: "notify" });
  // The read receipt goes out once the conductor has stored the message and its replies.
  const deadline = Date.now() + 15_000;
  while (socket().read.length === readBefore) {
    if (Date.now() > deadline) throw new Error("the message was not handled");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const contact = await findContact(database.db, awas.keyring, "whatsapp", resident);
  const sender = createOutboxSender({
    database,
    keyring: awas.keyring,
    adapters: awas.adapters,
    log: silentLog,
    clock,
  });
  if (contact) await sender.deliverContact(contact.id);
  return socket()
    .sent.slice(before)
    .map((sent) => sent.text)
    .join("\n---\n");
}

describe(`WhatsApp over a fake socket on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
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
    // The lease is taken in the background; the socket comes once it is held (slow when loaded).
    const deadline = Date.now() + 15_000;
    while (sockets.length === 0 || awas.whatsapp?.state() !== "pairing") {
      if (Date.now() > deadline) throw new Error("the WhatsApp connection did not start");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  afterAll(async () => {
    await awas.whatsapp?.stop();
    await database.close();
  });

  it("shows pairing with the QR, then open", async () => {
    expect(awas.whatsapp?.state()).toBe("pairing");
    socket().emitter.emit("connection.update", { qr: "2@fake-qr-data" });
    const deadline = Date.now() + 5000;
    while (!awas.whatsapp?.qr() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(awas.whatsapp?.qr()).toMatch(/^data:image\/png;base64,/);
    socket().emitter.emit("connection.update", { connection: "open" });
    expect(awas.whatsapp?.state()).toBe("open");
    expect(awas.whatsapp?.qr()).toBeUndefined();
  });

  it("/whatsapp/status answers admins only", async () => {
    expect((await awas.app.request("/whatsapp/status")).status).toBe(401);
    const [admin] = await database.db
      .insert(staff)
      .values({ email: "admin@example.org", name: "Admin", role: "admin" })
      .returning();
    const token = await issueToken(database.db, admin?.id ?? "");
    const response = await awas.app.request("/whatsapp/status", {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await response.json()).toEqual({ state: "open" });
  });

  it("drives a whole report: numbered menu, photo evidence, ticket code, cek", async () => {
    const menu = await say("halo");
    expect(menu).toContain("1. Laporkan pelanggaran");
    expect(menu).toContain("_Balas dengan angka 1–7._");
    expect(socket().read.length).toBeGreaterThan(0);
    expect(await say("1")).toContain("1. Politik uang");
    await say("1");
    await say("desa Lalang, Manggar");
    await say("tadi pagi");
    await say("Ada pembagian amplop berisi uang 100 ribu di depan balai desa.");
    await say("tidak tahu");
    await say("tidak ada");
    const evidence = await say({
      imageMessage: {
        mimetype: "image/jpeg",
        caption: "fotonya",
        fileLength: 2048,
        directPath: "/v/x",
      },
    });
    expect(evidence).toContain("1");
    await say("selesai");
    const summary = await say("1");
    expect(summary).toContain("Bukti: 1 file");
    const receipt = await say("kirim");
    const code = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt)?.[0] ?? "missing";
    expect(receipt).toContain("Kab. Belitung Timur");
    const status = await say(`cek ${code}`);
    expect(status).toContain(code);
  });

  it("repeats nothing for a redelivered message", async () => {
    await say("menu", "3EB0-SAME");
    const rows = async () => (await database.db.select().from(outbox)).length;
    const before = await rows();
    const again = await say("menu", "3EB0-SAME");
    expect(again).toBe("");
    expect(await rows()).toBe(before);
  });

  it("stops without looping when the number is logged out elsewhere", async () => {
    const count = sockets.length;
    socket().emitter.emit("connection.update", {
      connection: "close",
      lastDisconnect: { error: { output: { statusCode: DisconnectReason.connectionReplaced } } },
    });
    expect(awas.whatsapp?.state()).toBe("conflict");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sockets.length).toBe(count);
    const rows = await database.db.select().from(outbox).where(eq(outbox.channel, "whatsapp"));
    expect(rows.length).toBeGreaterThan(0);
  });
});
