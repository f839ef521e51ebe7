import { proto } from "baileys";
import { describe, expect, it } from "vitest";
import { readWhatsAppMessage } from "../../src/channels/whatsapp/normalize";

/** Real protobuf messages, built the way Baileys decodes them off the wire. */
const at = new Date("2026-11-20T03:00:00Z");
const resident = "6281234567890@s.whatsapp.net";
const residentLid = "123456789012345@lid";
const message = (key: Record<string, unknown>, content: Record<string, unknown>) =>
  proto.WebMessageInfo.fromObject({
    key: { remoteJid: resident, fromMe: false, id: "3EB0A1B2C3D4E5F6", ...key },
    messageTimestamp: 1795143000,
    pushName: "Warga Uji",
    message: content,
  });
const read = (info: proto.WebMessageInfo, groups: string[] = []) =>
  readWhatsAppMessage(info, at, { groups: new Set(groups) });
const inbound = (info: proto.WebMessageInfo) => {
  const event = read(info);
  if (event.kind !== "message") throw new Error(event.kind);
  return event.message;
};
const group = "120363000000000000@g.us";

describe("reading WhatsApp messages", () => {
  it("reads plain and extended text, deduped by the message key id", () => {
    expect(inbound(message({}, { conversation: "halo" }))).toMatchObject({
      channel: "whatsapp",
      address: resident,
      externalId: "msg:3EB0A1B2C3D4E5F6",
      text: "halo",
    });
    const reply = message(
      { id: "3EB0REPLY" },
      {
        extendedTextMessage: {
          text: "2",
          contextInfo: { stanzaId: "BOTMSG1", quotedMessage: { conversation: "Pilih 1-5" } },
        },
      },
    );
    expect(inbound(reply).text).toBe("2");
  });

  it("announces an image with its caption by reference, to download in the queue", () => {
    const photo = inbound(
      message(
        {},
        {
          imageMessage: {
            mimetype: "image/jpeg",
            caption: "ini buktinya",
            fileLength: 123456,
            mediaKey: new Uint8Array([1, 2, 3]),
            directPath: "/v/t62.7118-24/abc",
          },
        },
      ),
    );
    expect(photo.text).toBe("ini buktinya");
    expect(photo.media?.[0]).toMatchObject({
      kind: "image",
      mimeType: "image/jpeg",
      byteSize: 123456,
    });
    expect(photo.media?.[0]?.remoteRef).toContain("directPath");
  });

  it("refuses a file over the size cap, saying so, and keeps nothing of it", () => {
    const big = message(
      {},
      {
        documentMessage: { mimetype: "video/mp4", fileLength: 80_000_000, fileName: "rekaman.mp4" },
      },
    );
    const event = readWhatsAppMessage(big, at, { maxMediaBytes: 50 * 1024 * 1024 });
    expect(event.kind === "message" && event.message.media).toBeUndefined();
    expect(event.kind === "message" && event.message.refusedMedia).toEqual({
      count: 1,
      maxBytes: 50 * 1024 * 1024,
    });
  });

  it("reads a location pin", () => {
    const pin = inbound(
      message({}, { locationMessage: { degreesLatitude: -2.87, degreesLongitude: 108.27 } }),
    );
    expect(pin.location).toEqual({ latitude: -2.87, longitude: 108.27 });
  });

  it("makes one person of a phone number and a LID", () => {
    // Baileys sets remoteJidAlt on the decoded key (it is not a protobuf field).
    const decoded = message({ remoteJid: residentLid }, { conversation: "x" });
    Object.assign(decoded.key ?? {}, { remoteJidAlt: resident });
    const byLid = inbound(decoded);
    expect(byLid.address).toBe(resident);
    // Someone first seen by the LID alone is found there, and moves to the number.
    expect(byLid.formerAddress).toBe(residentLid);
    const lidOnly = inbound(message({ remoteJid: residentLid }, { conversation: "x" }));
    expect(lidOnly.address).toBe(residentLid);
    expect(lidOnly.formerAddress).toBeUndefined();
  });

  it("ignores the bot's own messages, status broadcasts and groups not configured", () => {
    expect(read(message({ fromMe: true }, { conversation: "x" }))).toMatchObject({
      kind: "ignored",
    });
    expect(read(message({ remoteJid: "status@broadcast" }, { conversation: "x" }))).toMatchObject({
      kind: "ignored",
      reason: "broadcast",
    });
    const lapor = message({ remoteJid: group, participant: resident }, { conversation: "lapor" });
    expect(read(lapor)).toMatchObject({ kind: "ignored", reason: "group" });
    expect(read(lapor, ["120363999999999999@g.us"])).toMatchObject({ kind: "ignored" });
  });

  it("in a configured group, reads only lapor and tanya, never a message to collect", () => {
    const inGroup = (content: Record<string, unknown>) =>
      read(message({ remoteJid: group, participant: resident }, content), [group]);
    expect(inGroup({ conversation: "Lapor, ada amplop" })).toMatchObject({
      kind: "group_command",
      group,
      command: { name: "lapor" },
    });
    expect(
      inGroup({ extendedTextMessage: { text: "/tanya kapan hari pemungutan suara?" } }),
    ).toMatchObject({
      kind: "group_command",
      command: { name: "tanya", question: "kapan hari pemungutan suara?" },
    });
    for (const chatter of ["halo semua", "laporan saya kemarin", "1", "menu"]) {
      expect(inGroup({ conversation: chatter })).toMatchObject({
        kind: "ignored",
        reason: "group_chatter",
      });
    }
    expect(
      inGroup({ locationMessage: { degreesLatitude: -2.87, degreesLongitude: 108.27 } }),
    ).toMatchObject({ kind: "ignored", reason: "group_chatter" });
  });

  it("reads a pressed button or list row as a choice", () => {
    expect(
      inbound(message({}, { buttonsResponseMessage: { selectedButtonId: "report" } })),
    ).toMatchObject({ choice: "report" });
    const row = inbound(
      message({}, { listResponseMessage: { singleSelectReply: { selectedRowId: "status" } } }),
    );
    expect(row.choice).toBe("status");
    expect(row.text).toBeUndefined();
  });

  it("unwraps ephemeral messages", () => {
    const wrapped = message({}, { ephemeralMessage: { message: { conversation: "rahasia" } } });
    expect(inbound(wrapped).text).toBe("rahasia");
  });
});
