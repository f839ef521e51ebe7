import { EventEmitter } from "node:events";
import { type AuthenticationState, initAuthCreds, proto } from "baileys";
import { beforeAll, describe, expect, it } from "vitest";
import { createWhatsAppAdapter } from "../../src/channels/whatsapp/adapter";
import type { DatabaseAuthState } from "../../src/channels/whatsapp/auth-state";
import {
  createWhatsAppConnection,
  type WhatsAppSocketLike,
} from "../../src/channels/whatsapp/connection";
import { silentLog } from "../support/conductor-harness";
import { runChannelContract } from "./contract";

/** Baileys' socket with no network: events in, sends recorded. */
class FakeSocket implements WhatsAppSocketLike {
  readonly emitter = new EventEmitter();
  readonly sent: { jid: string; content: unknown }[] = [];
  ev = {
    on: (event: string, listener: (...args: unknown[]) => void) => {
      this.emitter.on(event, listener);
    },
  } as WhatsAppSocketLike["ev"];
  async sendMessage(jid: string, content: unknown) {
    this.sent.push({ jid, content });
    return { key: { id: `BOT${this.sent.length}`, remoteJid: jid, fromMe: true } };
  }
  end() {}
}

const resident = "6281234567890@s.whatsapp.net";
const sockets: FakeSocket[] = [];
const auth: DatabaseAuthState = {
  state: { creds: { ...initAuthCreds(), registered: true }, keys: {} } as AuthenticationState,
  saveCreds: async () => {},
  clear: async () => {},
};
const connection = createWhatsAppConnection({
  loadAuth: async () => auth,
  makeSocket: () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  },
  log: silentLog,
  onMessages: async () => {},
});
const adapter = createWhatsAppAdapter({ connection, hint: () => "", log: silentLog });

/** Real protobuf messages, as Baileys hands them to `messages.upsert`. */
const incoming = (id: string, message: Record<string, unknown>) =>
  proto.WebMessageInfo.fromObject({
    key: { remoteJid: resident, fromMe: false, id },
    messageTimestamp: 1795143000,
    pushName: "Warga Uji",
    message,
  });

beforeAll(async () => {
  await connection.start();
  const deadline = Date.now() + 5000;
  while (sockets.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  sockets[0]?.emitter.emit("connection.update", { connection: "open" });
});

runChannelContract("whatsapp", () => ({
  adapter,
  fixtures: {
    text: incoming("3EB0CONTRACT1", { conversation: "halo" }),
    choice: incoming("3EB0CONTRACT2", {
      buttonsResponseMessage: { selectedButtonId: "report", selectedDisplayText: "Lapor" },
    }),
    invalid: [
      { why: "not an object", payload: "halo" },
      { why: "null", payload: null },
      { why: "no key", payload: { message: { conversation: "halo" } } },
      { why: "a key without an id", payload: { key: { remoteJid: resident } } },
      { why: "a key without a chat", payload: { key: { id: "3EB0X" } } },
    ],
    address: resident,
  },
}));

describe("whatsapp adapter over the fake socket", () => {
  it("delivers the contract's send through the socket", async () => {
    const before = sockets[0]?.sent.length ?? 0;
    expect(await adapter.send(resident, { text: "Halo" })).toMatchObject({ ok: true });
    expect(sockets[0]?.sent.slice(before)).toEqual([{ jid: resident, content: { text: "Halo" } }]);
  });
});
