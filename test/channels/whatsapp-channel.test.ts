import { EventEmitter } from "node:events";
import { type AuthenticationState, DisconnectReason, proto, type WAMessageKey } from "baileys";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WhatsAppSocketLike } from "../../src/channels/whatsapp/connection";
import { findContact } from "../../src/conversations/contacts";
import { createOutboxSender } from "../../src/jobs/outbox-sender";
import type { Awas } from "../../src/server";
import { addStaff } from "../../src/staff/accounts";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { contacts, inboundMessages, outbox, staff } from "../../src/storage/schema";
import { createTestAwas } from "../support/app-harness";
import { fixedClock, silentLog, type TestClock } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const bot = "6281100000001";

/** A stand-in for Baileys' socket: events in, recorded sends out. No network. */
class FakeSocket implements WhatsAppSocketLike {
  readonly emitter = new EventEmitter();
  readonly sent: { jid: string; text: string }[] = [];
  /** Sends and presence updates in order, with the wall-clock time of each. */
  readonly events: { what: string; jid: string; at: number }[] = [];
  readonly read: WAMessageKey[] = [];
  /** Baileys' LID store, as WhatsApp has taught it so far. */
  readonly lids = new Map<string, string>();
  readonly user = { id: `${bot}:7@s.whatsapp.net` };
  readonly signalRepository = {
    lidMapping: { getPNForLID: async (lid: string) => this.lids.get(lid) ?? null },
  };
  ended = false;
  ev = {
    on: (event: string, listener: (...args: unknown[]) => void) => {
      this.emitter.on(event, listener);
    },
  } as WhatsAppSocketLike["ev"];
  constructor(readonly auth: AuthenticationState) {}
  async sendMessage(jid: string, content: { text: string }) {
    this.sent.push({ jid, text: content.text });
    this.events.push({ what: "send", jid, at: Date.now() });
    return { key: { id: `BOT${this.sent.length}`, remoteJid: jid, fromMe: true } };
  }
  async readMessages(keys: WAMessageKey[]) {
    this.read.push(...keys);
  }
  async sendPresenceUpdate(type: "composing" | "paused", jid: string) {
    this.events.push({ what: type, jid, at: Date.now() });
  }
  end() {
    this.ended = true;
  }
}

const resident = "6281234567890@s.whatsapp.net";
const residentLid = "123456789012345@lid";
const group = "120363012345678901@g.us";
let database: AppDatabase;
let awas: Awas;
let clock: TestClock;
const sockets: FakeSocket[] = [];
let messageSeq = 0;
const socket = () => sockets.at(-1) as FakeSocket;

function upsert(
  content: Record<string, unknown>,
  id = `3EB0${++messageSeq}`,
  key: Record<string, unknown> = {},
) {
  return proto.WebMessageInfo.fromObject({
    key: { remoteJid: resident, fromMe: false, id, ...key },
    messageTimestamp: 1795143000 + messageSeq,
    message: content,
  });
}

/** Hands messages to the socket and waits until the last one's read receipt went out. */
async function deliver(...infos: proto.WebMessageInfo[]) {
  const last = infos.at(-1)?.key?.id;
  socket().emitter.emit("messages.upsert", { messages: infos, type: "notify" });
  const deadline = Date.now() + 15_000;
  while (!socket().read.some((key) => key.id === last)) {
    if (Date.now() > deadline) throw new Error("the message was not handled");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A message from the resident; returns what the bot sent back through the fake socket. */
async function say(
  content: Record<string, unknown> | string,
  id?: string,
  key: Record<string, unknown> = {},
) {
  clock.advance(4000); // under the per-minute limit
  const before = socket().sent.length;
  const info = upsert(typeof content === "string" ? { conversation: content } : content, id, key);
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

const tokenFor = async (role: "admin" | "officer" | "viewer") => {
  const account = await addStaff(database.db, {
    email: `${role}-${messageSeq}@example.org`,
    name: role,
    role,
    ...(role === "admin" ? {} : { regionCode: "19.06" }),
  });
  return issueToken(database.db, account.id);
};

const health = async () => (await awas.app.request("/healthz")).json();

describe(`WhatsApp over a fake socket on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    clock = fixedClock();
    awas = await createTestAwas(
      database,
      { WHATSAPP_ENABLED: "true", WHATSAPP_GROUPS: group },
      clock,
      {
        whatsappSocket: (auth) => {
          const fake = new FakeSocket(auth);
          sockets.push(fake);
          return fake;
        },
      },
    );
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

  it("shows pairing with the QR, then open, and /healthz names each state", async () => {
    expect(awas.whatsapp?.state()).toBe("pairing");
    expect(await health()).toEqual({
      status: "degraded",
      channels: { webchat: "ok", whatsapp: "pairing" },
    });
    socket().emitter.emit("connection.update", { qr: "2@fake-qr-data" });
    const deadline = Date.now() + 5000;
    while (!awas.whatsapp?.qr() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(awas.whatsapp?.qr()).toMatch(/^data:image\/png;base64,/);
    socket().emitter.emit("connection.update", { connection: "open" });
    expect(awas.whatsapp?.state()).toBe("open");
    expect(awas.whatsapp?.qr()).toBeUndefined();
    expect(await health()).toEqual({ status: "ok", channels: { webchat: "ok", whatsapp: "open" } });
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

  it("/whatsapp/status refuses officer and viewer tokens", async () => {
    for (const role of ["officer", "viewer"] as const) {
      const response = await awas.app.request("/whatsapp/status", {
        headers: { Authorization: `Bearer ${await tokenFor(role)}` },
      });
      expect(response.status).toBe(403);
      expect(JSON.stringify(await response.json())).not.toContain("open");
    }
  });

  it("drives a whole report: numbered menu, photo evidence, ticket code, cek", async () => {
    const menu = await say("halo", "3EB0-HALO");
    expect(menu).toContain("1. Laporkan pelanggaran");
    expect(menu).toContain("_Balas dengan angka 1–7._");
    // A read receipt for exactly the message that came in.
    expect(socket().read).toContainEqual({ remoteJid: resident, fromMe: false, id: "3EB0-HALO" });
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

  it("acknowledges a location pin the resident shares", async () => {
    expect(
      await say({ locationMessage: { degreesLatitude: -2.87, degreesLongitude: 108.27 } }),
    ).toContain("Lokasi Anda kami terima.");
  });

  it("reads a reply quoting the bot's numbered menu as the answer to it", async () => {
    await say("menu");
    const menuMessage = socket().sent.at(-1);
    const reply = await say({
      extendedTextMessage: {
        text: "1",
        contextInfo: {
          stanzaId: `BOT${socket().sent.length}`,
          participant: `${bot}@s.whatsapp.net`,
          quotedMessage: { conversation: menuMessage?.text },
        },
      },
    });
    expect(reply).toContain("1. Politik uang");
    await say("batal");
  });

  it("keeps one conversation when the person writes by phone number, then by LID only", async () => {
    await say("menu");
    // WhatsApp taught Baileys the mapping (device 0 of the number), then a message came
    // under the LID alone, with no remoteJidAlt.
    socket().lids.set(residentLid, "6281234567890:0@s.whatsapp.net");
    const before = socket().sent.length;
    const reply = await say("1", undefined, { remoteJid: residentLid });
    expect(reply).toContain("1. Politik uang");
    expect(
      socket()
        .sent.slice(before)
        .every((sent) => sent.jid === resident),
    ).toBe(true);
    expect(
      await database.db.select().from(contacts).where(eq(contacts.channel, "whatsapp")),
    ).toHaveLength(1);
    await say("batal");
  });

  it("shows typing before a long answer, and pauses it after sending", async () => {
    const answer = await say("apakah awas netral?");
    expect(answer.length).toBeGreaterThan(300);
    const events = socket().events.filter((event) => event.jid === resident);
    const long = events.findIndex((event) => event.what === "composing");
    expect(events.slice(long, long + 3).map((event) => event.what)).toEqual([
      "composing",
      "send",
      "paused",
    ]);
  });

  it("paces replies to one chat at least a second apart", () => {
    const sends = socket().events.filter(
      (event) => event.what === "send" && event.jid === resident,
    );
    expect(sends.length).toBeGreaterThan(20);
    // Several replies to one message (greeting and menu, say) would otherwise go out at once.
    for (let index = 1; index < sends.length; index++) {
      expect((sends[index]?.at ?? 0) - (sends[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  });

  /** What the bot sent after `before`, once it has sent `count` (group answers are not awaited). */
  async function sentAfter(before: number, count: number) {
    await expect.poll(() => socket().sent.length - before).toBeGreaterThanOrEqual(count);
    return socket().sent.slice(before);
  }

  it("in a configured group, points lapor to the private chat and collects nothing", async () => {
    clock.advance(60_000); // past any group's cooldown
    const inboundBefore = (await database.db.select().from(inboundMessages)).length;
    const before = socket().sent.length;
    const member = { participant: "6285700000001@s.whatsapp.net" };
    await deliver(
      upsert({ conversation: "halo semua, besok rapat" }, undefined, {
        remoteJid: group,
        ...member,
      }),
      upsert({ conversation: "lapor" }, undefined, {
        remoteJid: "120363099999999999@g.us",
        ...member,
      }),
      upsert({ conversation: "Lapor, ada bagi-bagi amplop" }, undefined, {
        remoteJid: group,
        ...member,
      }),
    );
    const sent = await sentAfter(before, 1);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.jid).toBe(group);
    expect(sent[0]?.text).toContain("Laporan hanya diterima lewat chat pribadi");
    expect(sent[0]?.text).toContain(`https://wa.me/${bot}?text=lapor`);
    expect(await database.db.select().from(inboundMessages)).toHaveLength(inboundBefore);
    expect(
      await database.db.select().from(contacts).where(eq(contacts.channel, "whatsapp")),
    ).toHaveLength(1);
  });

  it("in a configured group, answers tanya briefly from the knowledge base", async () => {
    clock.advance(60_000); // past the group's cooldown after the lapor answer
    const before = socket().sent.length;
    await deliver(
      upsert({ conversation: "/tanya kapan pemilu berikutnya?" }, undefined, {
        remoteJid: group,
        participant: "6285700000001@s.whatsapp.net",
      }),
    );
    const [answer] = await sentAfter(before, 1);
    expect(answer?.jid).toBe(group);
    expect(answer?.text).toContain("belum ditetapkan");
    expect(answer?.text).toContain("Tanya lebih lanjut lewat chat pribadi.");
    expect(answer?.text).toContain(`https://wa.me/${bot}`);
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
