import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import callbackQuery from "../fixtures/telegram/callback-query.json";
import largeDocument from "../fixtures/telegram/large-document.json";
import photoCaption from "../fixtures/telegram/photo-caption.json";
import text from "../fixtures/telegram/text.json";
import unknownUpdate from "../fixtures/telegram/unknown-update.json";
import { type StandInBotApi, startStandInBotApi, UploadedFile } from "./telegram-bot-api";

let api: StandInBotApi;

beforeAll(async () => {
  api = await startStandInBotApi();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.clear();
});

interface Envelope {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

async function call(method: string, params: Record<string, unknown> = {}) {
  const response = await fetch(`${api.apiRoot}/bot${api.token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as Envelope };
}

// biome-ignore lint/suspicious/noExplicitAny: results are checked field by field
const result = (envelope: Envelope) => envelope.result as any;

/** A multipart body written the way grammY writes it: no space after ':', unquoted filename. */
function grammyMultipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const boundary = "----------stand1n2test3boundary4";
  const parts = Object.entries(fields).map(
    ([key, value]) => `content-disposition:form-data;name="${key}"\r\n\r\n${value}`,
  );
  const head = Buffer.from(`--${boundary}\r\n${parts.join(`\r\n--${boundary}\r\n`)}`);
  const filePart = Buffer.concat([
    Buffer.from(
      `\r\n--${boundary}\r\ncontent-disposition:form-data;name="${file.name}";filename=bukti.jpg\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--`),
  ]);
  return { body: Buffer.concat([head, filePart]), boundary };
}

describe("stand-in Bot API: calls", () => {
  it("answers getMe with the test bot", async () => {
    const { status, body } = await call("getMe");
    expect(status).toBe(200);
    expect(result(body)).toMatchObject({ is_bot: true, username: "AwasUjiBot", id: api.bot.id });
  });

  it("records sendMessage and answers with a Message echoing chat, text and keyboard", async () => {
    const keyboard = {
      inline_keyboard: [[{ text: "Laporkan pelanggaran", callback_data: "report" }]],
    };
    const first = await call("sendMessage", {
      chat_id: 6100000001,
      text: "Apa yang ingin Anda lakukan?",
      reply_markup: keyboard,
    });
    const second = await call("sendMessage", { chat_id: "6100000001", text: "Halo" });
    expect(first.status).toBe(200);
    expect(result(first.body)).toMatchObject({
      from: { username: "AwasUjiBot" },
      chat: { id: 6100000001, type: "private" },
      text: "Apa yang ingin Anda lakukan?",
      reply_markup: keyboard,
    });
    expect(result(first.body).date).toEqual(expect.any(Number));
    expect(result(second.body).message_id).toBe(result(first.body).message_id + 1);
    const calls = api.calls("sendMessage");
    expect(calls).toHaveLength(2);
    expect(calls[0]?.params).toMatchObject({ chat_id: 6100000001, reply_markup: keyboard });
    expect(calls[0]?.at).toBeInstanceOf(Date);
    expect(calls[0]?.status).toBe(200);
    expect(api.calls("SENDMESSAGE")).toHaveLength(2);
    expect(api.calls()).toHaveLength(2);
  });

  it("refuses what Telegram refuses: empty text, long text, bad HTML, oversized button data", async () => {
    const empty = await call("sendMessage", { chat_id: 1, text: " " });
    expect(empty.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: message text is empty",
    });
    const long = await call("sendMessage", { chat_id: 1, text: "a".repeat(4097) });
    expect(long.body.description).toBe("Bad Request: message is too long");
    const html = await call("sendMessage", {
      chat_id: 1,
      text: "ketik cek <kode>",
      parse_mode: "HTML",
    });
    expect(html.body.description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "kode" at byte offset 10',
    );
    const escaped = await call("sendMessage", {
      chat_id: 1,
      text: "<b>ketik</b> cek &lt;kode&gt;",
      parse_mode: "HTML",
    });
    expect(result(escaped.body).text).toBe("ketik cek <kode>");
    const button = await call("sendMessage", {
      chat_id: 1,
      text: "Pilih",
      reply_markup: { inline_keyboard: [[{ text: "x", callback_data: "d".repeat(65) }]] },
    });
    expect(button.body.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const missing = await call("sendMessage", { text: "Halo" });
    expect(missing.body.description).toBe("Bad Request: chat_id is empty");
  });

  it("edits a pressed button's message once; the same edit again is 'not modified'", async () => {
    // Delivering an update teaches the stand-in its chat and message (the URL may answer 404).
    await api.deliver(`${api.apiRoot}/nowhere`, callbackQuery, undefined);
    const { chat, message_id } = callbackQuery.callback_query.message;
    const edit = { chat_id: chat.id, message_id, text: "Laporkan pelanggaran ✓" };
    const first = await call("editMessageText", edit);
    expect(first.status).toBe(200);
    expect(result(first.body)).toMatchObject({ message_id, text: "Laporkan pelanggaran ✓" });
    expect(result(first.body).reply_markup).toBeUndefined();
    expect(result(first.body).edit_date).toEqual(expect.any(Number));
    const again = await call("editMessageText", edit);
    expect(again.status).toBe(400);
    expect(again.body.description).toMatch(/^Bad Request: message is not modified/);
    const markup = await call("editMessageReplyMarkup", { chat_id: chat.id, message_id });
    expect(markup.body.description).toMatch(/^Bad Request: message is not modified/);
    expect((await call("answerCallbackQuery", { callback_query_id: "1" })).body).toEqual({
      ok: true,
      result: true,
    });
    expect((await call("sendChatAction", { chat_id: 1, action: "typing" })).body.result).toBe(true);
  });

  it("answers an unknown method with 404 and a wrong token with 401", async () => {
    const unknown = await call("sendTelepathy", { chat_id: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      ok: false,
      error_code: 404,
      description: "Not Found: method not found",
    });
    const response = await fetch(`${api.apiRoot}/bot123:wrong/getMe`, { method: "POST" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      ok: false,
      error_code: 401,
      description: "Unauthorized",
    });
    const file = await fetch(`${api.apiRoot}/file/bot123:wrong/photos/file_0.jpg`);
    expect(file.status).toBe(401);
    expect(api.calls("getMe")).toHaveLength(0);
  });

  it("registers commands per language", async () => {
    const id = [{ command: "lapor", description: "Laporkan pelanggaran" }];
    const en = [{ command: "lapor", description: "Report a violation" }];
    expect((await call("setMyCommands", { commands: id })).body.result).toBe(true);
    expect((await call("setMyCommands", { commands: en, language_code: "en" })).body.result).toBe(
      true,
    );
    expect(result((await call("getMyCommands")).body)).toEqual(id);
    expect(result((await call("getMyCommands", { language_code: "en" })).body)).toEqual(en);
    expect(result((await call("getMyCommands", { language_code: "fr" })).body)).toEqual([]);
    const bad = await call("setMyCommands", { commands: [{ command: "Lapor", description: "x" }] });
    expect(bad.body.description).toBe("Bad Request: BOT_COMMAND_INVALID");
  });
});

describe("stand-in Bot API: files", () => {
  it("serves a file by getFile and download", async () => {
    const largest = photoCaption.message.photo.at(-1);
    if (!largest) throw new Error("fixture has no photo");
    const bytes = new Uint8Array(
      fs.readFileSync(path.join(import.meta.dirname, "../../package.json")),
    );
    api.addFile(largest.file_id, bytes);
    const { status, body } = await call("getFile", { file_id: largest.file_id });
    expect(status).toBe(200);
    const file = result(body);
    expect(file).toMatchObject({ file_id: largest.file_id, file_size: bytes.byteLength });
    expect(file.file_unique_id).toEqual(expect.any(String));
    expect(file.file_path).toMatch(/^photos\/file_\d+\.jpg$/);
    const download = await fetch(`${api.apiRoot}/file/bot${api.token}/${file.file_path}`);
    expect(download.status).toBe(200);
    const got = new Uint8Array(await download.arrayBuffer());
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    expect(sha(got)).toBe(sha(bytes));
    const missing = await fetch(`${api.apiRoot}/file/bot${api.token}/photos/none.jpg`);
    expect(missing.status).toBe(404);
    expect((await call("getFile", { file_id: "AgACnothing" })).body.description).toBe(
      "Bad Request: invalid file_id",
    );
  });

  it("refuses getFile for a file over 20 MB, as Telegram does", async () => {
    const { document } = largeDocument.message;
    api.addFile(document.file_id, new Uint8Array(16), { fileSize: document.file_size });
    const { status, body } = await call("getFile", { file_id: document.file_id });
    expect(status).toBe(400);
    expect(body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: file is too big",
    });
  });

  it("takes sendPhoto as grammY's multipart and serves the upload back", async () => {
    const bytes = Buffer.from("not really a jpeg");
    const { body, boundary } = grammyMultipart(
      {
        chat_id: "6100000001",
        photo: "attach://p1",
        caption: "bukti diterima",
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] }),
      },
      { name: "p1", bytes },
    );
    const response = await fetch(`${api.apiRoot}/bot${api.token}/sendPhoto`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(response.status).toBe(200);
    const message = result((await response.json()) as Envelope);
    expect(message).toMatchObject({ chat: { id: 6100000001 }, caption: "bukti diterima" });
    expect(message.photo).toHaveLength(1);
    const [recorded] = api.calls("sendPhoto");
    expect(recorded?.params.chat_id).toBe(6100000001);
    expect(recorded?.params.reply_markup).toEqual({
      inline_keyboard: [[{ text: "OK", callback_data: "ok" }]],
    });
    const photo = recorded?.params.photo;
    expect(photo).toBeInstanceOf(UploadedFile);
    expect((photo as UploadedFile).fileName).toBe("bukti.jpg");
    expect(Buffer.from((photo as UploadedFile).content).toString()).toBe("not really a jpeg");
    const file = result((await call("getFile", { file_id: message.photo[0].file_id })).body);
    const download = await fetch(`${api.apiRoot}/file/bot${api.token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe("not really a jpeg");
  });

  it("takes sendDocument as standard FormData", async () => {
    const form = new FormData();
    form.set("chat_id", "6100000001");
    form.set("document", new Blob(["%PDF-1.4"], { type: "application/pdf" }), "tanda-terima.pdf");
    const response = await fetch(`${api.apiRoot}/bot${api.token}/sendDocument`, {
      method: "POST",
      body: form,
    });
    expect(response.status).toBe(200);
    const message = result((await response.json()) as Envelope);
    expect(message.document).toMatchObject({
      file_name: "tanda-terima.pdf",
      mime_type: "application/pdf",
      file_size: 8,
    });
    const missing = await call("sendDocument", { chat_id: 1 });
    expect(missing.body.description).toBe("Bad Request: there is no document in the request");
  });
});

describe("stand-in Bot API: failures on demand", () => {
  it("answers 429 with retry_after, then succeeds", async () => {
    api.failNext("sendMessage", { error_code: 429, retry_after: 7 }, 2);
    const first = await call("sendMessage", { chat_id: 1, text: "Halo" });
    expect(first.status).toBe(429);
    expect(first.body).toEqual({
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    expect((await call("getMe")).status).toBe(200);
    expect((await call("sendMessage", { chat_id: 1, text: "Halo" })).status).toBe(429);
    expect((await call("sendMessage", { chat_id: 1, text: "Halo" })).status).toBe(200);
    expect(api.calls("sendMessage").map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it("answers 403 for a blocked bot, and '*' fails any method", async () => {
    api.failNext("sendMessage", {
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    const blocked = await call("sendMessage", { chat_id: 1, text: "Halo" });
    expect(blocked.status).toBe(403);
    expect(blocked.body).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    api.failNext("*", { error_code: 502, description: "Bad Gateway" });
    expect((await call("getMe")).body).toEqual({
      ok: false,
      error_code: 502,
      description: "Bad Gateway",
    });
    expect((await call("getMe")).status).toBe(200);
  });

  it("forgets pending failures on clear()", async () => {
    api.failNext("getMe", { error_code: 500, description: "Internal Server Error" });
    api.clear();
    expect((await call("getMe")).status).toBe(200);
  });
});

describe("stand-in Bot API: updates", () => {
  it("answers getUpdates in order with offset semantics", async () => {
    const second = { ...text, update_id: text.update_id + 1 };
    const third = { ...text, update_id: text.update_id + 2 };
    api.queueUpdate(text);
    api.queueUpdate(second);
    api.queueUpdate(third);
    const all = result((await call("getUpdates")).body);
    expect(all.map((u: { update_id: number }) => u.update_id)).toEqual([
      text.update_id,
      second.update_id,
      third.update_id,
    ]);
    // Updates stay until an offset confirms them.
    expect(result((await call("getUpdates", { limit: 1 })).body)).toHaveLength(1);
    const after = result((await call("getUpdates", { offset: second.update_id })).body);
    expect(after.map((u: { update_id: number }) => u.update_id)).toEqual([
      second.update_id,
      third.update_id,
    ]);
    expect(result((await call("getUpdates", { offset: -1 })).body)[0].update_id).toBe(
      third.update_id,
    );
    expect(result((await call("getUpdates", { offset: third.update_id + 1 })).body)).toEqual([]);
  });

  it("long-polls until an update arrives, and times out empty", async () => {
    const started = Date.now();
    const held = call("getUpdates", { timeout: 5 });
    setTimeout(() => api.queueUpdate({ ...text, update_id: 990000001 }), 100);
    const { body } = await held;
    expect(result(body).map((u: { update_id: number }) => u.update_id)).toEqual([990000001]);
    expect(Date.now() - started).toBeLessThan(3000);
    const empty = await call("getUpdates", { offset: 990000002, timeout: 1 });
    expect(result(empty.body)).toEqual([]);
  });

  it("sends only allowed update types; message_reaction needs asking for", async () => {
    api.queueUpdate(unknownUpdate);
    api.queueUpdate({ ...text, update_id: unknownUpdate.update_id + 1 });
    const defaults = result((await call("getUpdates")).body);
    expect(defaults.map((u: Record<string, unknown>) => Object.keys(u)[1])).toEqual(["message"]);
    api.queueUpdate({ ...unknownUpdate, update_id: unknownUpdate.update_id + 2 });
    const asked = result(
      (await call("getUpdates", { allowed_updates: ["message_reaction"] })).body,
    );
    expect(asked.map((u: { update_id: number }) => u.update_id)).toEqual([
      unknownUpdate.update_id + 2,
    ]);
    await call("getUpdates", { offset: unknownUpdate.update_id + 3, allowed_updates: [] });
  });

  it("records the webhook and refuses getUpdates while it is set", async () => {
    const bad = await call("setWebhook", { url: "http://example.test/telegram/webhook" });
    expect(bad.body.description).toBe(
      "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    );
    const set = await call("setWebhook", {
      url: "https://awas.example/telegram/webhook",
      secret_token: "rahasia_uji-123",
      allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"],
    });
    expect(set.body).toEqual({ ok: true, result: true, description: "Webhook was set" });
    expect(api.webhook()).toEqual({
      url: "https://awas.example/telegram/webhook",
      secretToken: "rahasia_uji-123",
      allowedUpdates: ["message", "edited_message", "callback_query", "my_chat_member"],
    });
    const info = result((await call("getWebhookInfo")).body);
    expect(info).toMatchObject({
      url: "https://awas.example/telegram/webhook",
      has_custom_certificate: false,
      allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"],
    });
    expect(info.secret_token).toBeUndefined();
    expect((await call("getUpdates")).status).toBe(409);
    const badSecret = await call("setWebhook", {
      url: "https://a.example/",
      secret_token: "a+b/c=",
    });
    expect(badSecret.status).toBe(400);
    expect((await call("deleteWebhook")).body.result).toBe(true);
    expect(api.webhook()).toBeUndefined();
    expect(result((await call("getWebhookInfo")).body).url).toBe("");
  });
});

describe("stand-in Bot API: webhook delivery", () => {
  let server: http.Server;
  let url: string;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let answer: { status: number; body?: unknown } = { status: 200 };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        if (answer.body === undefined) {
          res.writeHead(answer.status).end();
        } else {
          res.writeHead(answer.status, { "content-type": "application/json" });
          res.end(JSON.stringify(answer.body));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    answer = { status: 200 };
  });

  it("posts the update as JSON with the secret header and returns the status", async () => {
    expect(await api.deliver(url, text, "rahasia_uji-123")).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers["x-telegram-bot-api-secret-token"]).toBe("rahasia_uji-123");
    expect(received[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(received[0]?.body ?? "")).toEqual(text);
  });

  it("sends no secret header when there is no secret, and passes the status through", async () => {
    answer = { status: 401 };
    expect(await api.deliver(url, text, undefined)).toBe(401);
    expect(received[0]?.headers["x-telegram-bot-api-secret-token"]).toBeUndefined();
  });

  it("executes a method call answered in the webhook response, as Telegram does", async () => {
    answer = { status: 200, body: { method: "sendMessage", chat_id: 6100000001, text: "Halo!" } };
    expect(await api.deliver(url, text, "s")).toBe(200);
    const [sent] = api.calls("sendMessage");
    expect(sent?.params).toEqual({ chat_id: 6100000001, text: "Halo!" });
    expect(sent?.status).toBe(200);
  });
});

describe("Telegram update fixtures", () => {
  const dir = path.join(import.meta.dirname, "../fixtures/telegram");
  const updates = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json") && name !== "invalid.json")
    .map((name) => ({
      name,
      update: JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as Record<string, unknown>,
    }));

  it("has one update per file, each with a distinct update_id and one update type", () => {
    expect(updates.map(({ name }) => name).sort()).toEqual(
      [
        "audio.json",
        "callback-query.json",
        "command-cek.json",
        "command-start-lapor.json",
        "command-start.json",
        "document.json",
        "edited-message.json",
        "forwarded.json",
        "group-chatter.json",
        "group-command.json",
        "large-document.json",
        "location.json",
        "my-chat-member-blocked.json",
        "my-chat-member-unblocked.json",
        "photo-caption.json",
        "text.json",
        "unknown-update.json",
        "video.json",
        "voice.json",
      ].sort(),
    );
    const ids = updates.map(({ update }) => update.update_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { name, update } of updates) {
      expect(Number.isInteger(update.update_id), name).toBe(true);
      expect(Object.keys(update), name).toHaveLength(2);
    }
  });

  it("puts command entities exactly over the command", () => {
    for (const { name, update } of updates) {
      const message = update.message as
        | { text?: string; entities?: { offset: number; length: number; type: string }[] }
        | undefined;
      for (const entity of message?.entities ?? []) {
        const command = message?.text?.slice(entity.offset, entity.offset + entity.length);
        expect(command, name).toMatch(/^\/[a-z]+(@AwasUjiBot)?$/);
      }
    }
  });
});
