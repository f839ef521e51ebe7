import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter";
import { toTelegramHtml } from "../../src/channels/telegram/format";
import { readTelegramUpdate } from "../../src/channels/telegram/normalize";
import audio from "../fixtures/telegram/audio.json";
import callbackQuery from "../fixtures/telegram/callback-query.json";
import commandCek from "../fixtures/telegram/command-cek.json";
import commandStart from "../fixtures/telegram/command-start.json";
import commandStartLapor from "../fixtures/telegram/command-start-lapor.json";
import documentUpdate from "../fixtures/telegram/document.json";
import edited from "../fixtures/telegram/edited-message.json";
import forwarded from "../fixtures/telegram/forwarded.json";
import groupChatter from "../fixtures/telegram/group-chatter.json";
import groupCommand from "../fixtures/telegram/group-command.json";
import invalid from "../fixtures/telegram/invalid.json";
import largeDocument from "../fixtures/telegram/large-document.json";
import location from "../fixtures/telegram/location.json";
import blocked from "../fixtures/telegram/my-chat-member-blocked.json";
import unblocked from "../fixtures/telegram/my-chat-member-unblocked.json";
import photo from "../fixtures/telegram/photo-caption.json";
import text from "../fixtures/telegram/text.json";
import unknownUpdate from "../fixtures/telegram/unknown-update.json";
import video from "../fixtures/telegram/video.json";
import voice from "../fixtures/telegram/voice.json";
import { type StandInBotApi, startStandInBotApi } from "../support/telegram-bot-api";
import { runChannelContract } from "./contract";

const at = new Date("2026-11-20T03:00:00Z");
const read = (update: unknown) => readTelegramUpdate(update, at, { botUsername: "AwasUjiBot" });
const messageOf = (update: unknown) => {
  const event = read(update);
  if (event.kind !== "message" && event.kind !== "callback") throw new Error(event.kind);
  return event.message;
};

runChannelContract("telegram", () => ({
  // Nothing listens on port 9: sends come back as typed failures, which is what is checked.
  adapter: createTelegramAdapter({ token: "1:contract", apiRoot: "http://127.0.0.1:9" }),
  fixtures: { text, choice: callbackQuery, invalid, address: String(text.message.chat.id) },
}));

describe("reading Telegram updates", () => {
  it("dedupes a message by its update_id", () => {
    expect(messageOf(text).externalId).toBe(`update:${text.update_id}`);
  });

  it("turns /start deep links into the words the flows know", () => {
    expect(messageOf(commandStart).text).toBe("/start");
    expect(messageOf(commandStartLapor).text).toBe("lapor");
    expect(messageOf(commandCek).text).toBe(commandCek.message.text);
    const startWith = (payload: string) =>
      messageOf({
        ...commandStart,
        message: { ...commandStart.message, text: `/start ${payload}` },
      }).text;
    expect(startWith("org-ORG-7K3M-Q9ZD")).toBe("/gabung ORG-7K3M-Q9ZD");
    expect(startWith("org-LSN-7K3M-Q9ZD")).toBe("/gabung LSN-7K3M-Q9ZD");
    expect(startWith("cek-LPR-7K3M-Q9ZD")).toBe("cek LPR-7K3M-Q9ZD");
    expect(startWith("something-else")).toBe("/start");
  });

  it("keeps a button press's business key, so a double tap with a new update_id is a duplicate", () => {
    const first = messageOf(callbackQuery);
    const again = messageOf({ ...callbackQuery, update_id: callbackQuery.update_id + 7 });
    expect(first.choice).toBe(callbackQuery.callback_query.data);
    expect(again.externalId).toBe(first.externalId);
    const event = read(callbackQuery);
    expect(event.kind === "callback" && event.callback.label).toEqual(expect.any(String));
  });

  it("announces photos, documents, voice notes, audio and video by file_id, to fetch later", () => {
    const largest = photo.message.photo.at(-1);
    expect(messageOf(photo).media).toEqual([
      {
        kind: "image",
        mimeType: "image/jpeg",
        byteSize: largest?.file_size,
        remoteRef: largest?.file_id,
      },
    ]);
    expect(messageOf(photo).text).toBe(photo.message.caption);
    expect(messageOf(documentUpdate).media?.[0]).toMatchObject({
      kind: "document",
      fileName: documentUpdate.message.document.file_name,
    });
    expect(messageOf(voice).media?.[0]?.kind).toBe("audio");
    expect(messageOf(audio).media?.[0]?.kind).toBe("audio");
    expect(messageOf(video).media?.[0]?.kind).toBe("video");
  });

  it("refuses a file over the 20 MB download limit, saying how many, and keeps nothing of it", () => {
    const message = messageOf(largeDocument);
    expect(message.media).toBeUndefined();
    expect(message.refusedMedia).toEqual({ count: 1, maxBytes: 20 * 1024 * 1024 });
  });

  it("reads a location pin", () => {
    expect(messageOf(location).location).toEqual({
      latitude: location.message.location.latitude,
      longitude: location.message.location.longitude,
    });
  });

  it("keeps who a forwarded message came from, and when, as evidence metadata", () => {
    expect(messageOf(forwarded).forwarded).toEqual({
      kind: "user",
      name: "Saksi Uji",
      sentAt: new Date(forwarded.message.forward_origin.date * 1000).toISOString(),
    });
  });

  it("reads blocking and unblocking the bot as membership changes", () => {
    expect(read(blocked)).toEqual({
      kind: "membership",
      address: String(blocked.my_chat_member.chat.id),
      blocked: true,
    });
    expect(read(unblocked)).toMatchObject({ kind: "membership", blocked: false });
  });

  it("answers a command in a group, and ignores the group's other chatter", () => {
    expect(read(groupCommand)).toMatchObject({ kind: "group_command", command: "lapor" });
    expect(read(groupChatter)).toEqual({ kind: "ignored", reason: "group_chatter" });
  });

  it("ignores edits and update types it does not handle", () => {
    expect(read(edited)).toEqual({ kind: "ignored", reason: "edited" });
    expect(read(unknownUpdate)).toEqual({ kind: "ignored", reason: "unsupported_update" });
  });
});

describe("rendering for Telegram", () => {
  it("escapes HTML in what people wrote and turns *bold* into <b>", () => {
    expect(toTelegramHtml("Kode: *LPR-1* <script> & co")).toBe(
      "Kode: <b>LPR-1</b> &lt;script&gt; &amp; co",
    );
  });
});

describe("sending through a Bot API server", () => {
  let api: StandInBotApi;
  beforeAll(async () => {
    api = await startStandInBotApi();
  });
  afterAll(() => api.close());
  const adapter = () => createTelegramAdapter({ token: api.token, apiRoot: api.apiRoot });

  it("sends choices as an inline keyboard, one button per row", async () => {
    const result = await adapter().send("6100000001", {
      text: "Pilih *satu*:",
      choices: [
        { id: "report", label: "Lapor" },
        { id: "status", label: "Cek" },
      ],
    });
    expect(result.ok).toBe(true);
    const [call] = api.calls("sendMessage").slice(-1);
    expect(call?.params).toMatchObject({
      chat_id: "6100000001",
      text: "Pilih <b>satu</b>:",
      parse_mode: "HTML",
      reply_markup: {
        inline_keyboard: [
          [{ text: "Lapor", callback_data: "report" }],
          [{ text: "Cek", callback_data: "status" }],
        ],
      },
    });
  });

  it("reports 429 with its retry_after, and 403 as unreachable", async () => {
    api.failNext("sendMessage", { error_code: 429, retry_after: 7 });
    expect(await adapter().send("6100000001", { text: "a" })).toEqual({
      ok: false,
      code: "RATE_LIMITED",
      retryAfterMs: 7000,
    });
    api.failNext("sendMessage", {
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    expect(await adapter().send("6100000001", { text: "a" })).toMatchObject({
      ok: false,
      code: "UNREACHABLE",
    });
  });

  it("downloads a file by file_id, and refuses one over 20 MB", async () => {
    api.addFile("file-small", new Uint8Array([1, 2, 3]));
    expect([...((await adapter().downloadMedia?.("file-small")) ?? [])]).toEqual([1, 2, 3]);
    api.addFile("file-big", new Uint8Array([1]), { fileSize: 25_000_000 });
    await expect(adapter().downloadMedia?.("file-big")).rejects.toThrow();
  });

  it("answers a pressed button and removes its keyboard, showing the choice", async () => {
    const result = await adapter().settleCallback({
      id: "cb-1",
      chatId: 6100000001,
      messageId: 55,
      messageText: "Apa yang ingin Anda lakukan?",
      label: "Lapor",
    });
    expect(result.ok).toBe(true);
    expect(api.calls("answerCallbackQuery").at(-1)?.params).toMatchObject({
      callback_query_id: "cb-1",
    });
    expect(api.calls("editMessageText").at(-1)?.params).toMatchObject({
      chat_id: 6100000001,
      message_id: 55,
      text: "Apa yang ingin Anda lakukan?\n\n✓ Lapor",
    });
  });
});
