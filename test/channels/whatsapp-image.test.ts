import { describe, expect, it } from "vitest";
import { createWhatsAppAdapter } from "../../src/channels/whatsapp/adapter";
import type {
  WhatsAppConnection,
  WhatsAppSocketLike,
} from "../../src/channels/whatsapp/connection";
import { silentLog } from "../support/conductor-harness";

describe("WhatsApp sends an imbauan's picture", () => {
  it("as an image message with the text as its caption", async () => {
    const sent: { jid: string; content: Record<string, unknown> }[] = [];
    const socket = {
      async sendMessage(jid: string, content: Record<string, unknown>) {
        sent.push({ jid, content });
        return { key: { id: "BOT1", remoteJid: jid, fromMe: true } };
      },
    } as unknown as WhatsAppSocketLike;
    const connection = { socket: () => socket, state: () => "open" } as WhatsAppConnection;
    const adapter = createWhatsAppAdapter({ connection, hint: () => "", log: silentLog });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const jid = "6281234567890@s.whatsapp.net";
    const result = await adapter.send(jid, {
      text: "Imbauan: *tolak* politik uang",
      image: { bytes, mimeType: "image/jpeg", key: "media-1" },
    });
    expect(result).toEqual({ ok: true, externalId: "BOT1" });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.jid).toBe(jid);
    expect(sent[0]?.content).toMatchObject({
      mimetype: "image/jpeg",
      caption: "Imbauan: *tolak* politik uang",
    });
    expect(Buffer.compare(sent[0]?.content.image as Buffer, Buffer.from(bytes))).toBe(0);
    expect(sent[0]?.content).not.toHaveProperty("text");
  });
});
