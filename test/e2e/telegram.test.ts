import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import callbackQuery from "../fixtures/telegram/callback-query.json";
import groupCommand from "../fixtures/telegram/group-command.json";
import photo from "../fixtures/telegram/photo-caption.json";
import text from "../fixtures/telegram/text.json";
import unknownUpdate from "../fixtures/telegram/unknown-update.json";
import {
  type RunningServer,
  repoRoot,
  startServer,
  stopAllServers,
} from "../support/server-process";
import { type StandInBotApi, startStandInBotApi } from "../support/telegram-bot-api";

/**
 * The real server in a child process with Telegram switched on, talking to the project's
 * stand-in Bot API server: a resident files a report with buttons and a photo, gets a ticket
 * code and checks it with /cek, as a new user would.
 */
const secret = "uji-rahasia_123";
const chatId = text.message.chat.id;
/** The private chat the helpers below talk in (each journey its own, for the rate limit). */
let chat = { ...text.message.chat };
let api: StandInBotApi;
let server: RunningServer;
let updateId = 880_000_000;
let inviteCode = "";
let dataDir = "";
let messageId = 1000;

const webhook = () => `${server.url}/telegram/webhook`;

/** A private-chat text update from the resident, as Telegram would send it. */
function typed(words: string) {
  const update: Record<string, unknown> = {
    update_id: ++updateId,
    message: {
      ...text.message,
      from: { ...text.message.from, id: chat.id },
      chat,
      message_id: ++messageId,
      text: words,
    },
  };
  const command = /^\/\w+/.exec(words);
  if (command) {
    (update.message as Record<string, unknown>).entities = [
      { offset: 0, length: command[0].length, type: "bot_command" },
    ];
  }
  return update;
}

/** A press of the button `data` under the bot's last message. */
function pressed(data: string) {
  const last = lastMessage();
  return {
    update_id: ++updateId,
    callback_query: {
      ...callbackQuery.callback_query,
      id: `cb-${updateId}`,
      data,
      from: { ...callbackQuery.callback_query.from, id: chat.id },
      message: {
        ...callbackQuery.callback_query.message,
        chat,
        message_id: 5000 + updateId,
        text: String(last?.params.text ?? ""),
        reply_markup: last?.params.reply_markup,
      },
    },
  };
}

const sent = () =>
  api.calls("sendMessage").filter((call) => Number(call.params.chat_id) === chat.id);
const lastMessage = () => sent().at(-1);
const sentTexts = () => sent().map((call) => String(call.params.text));

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Delivers an update and waits until the bot has sent `replies` more messages to the chat. */
async function say(update: unknown, replies = 1) {
  const before = sent().length;
  expect(await api.deliver(webhook(), update, secret)).toBe(200);
  await until(() => sent().length >= before + replies || undefined, `${replies} replies`);
  // Replies of one message go out together; give stragglers a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return sentTexts().slice(before);
}

describe("Telegram, end to end against a stand-in Bot API server", () => {
  beforeAll(async () => {
    api = await startStandInBotApi();
    // Staff register an organisation before the server runs (the embedded database has one owner).
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "awas-e2e-telegram-"));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/staff/cli.ts",
        "org",
        "add",
        "--name",
        "Relawan Uji",
        "--region",
        "19.06",
      ],
      { cwd: repoRoot, env },
    );
    inviteCode = stdout.trimEnd().split("\n").at(-1) ?? "";
    server = await startServer({
      dataDir,
      env: {
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_WEBHOOK_SECRET: secret,
        TELEGRAM_API_ROOT: api.apiRoot,
      },
    });
  }, 90_000);
  afterAll(async () => {
    await stopAllServers();
    await api.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("files a report with buttons and a photo, and /cek shows its stage", async () => {
    const menu = await say(typed("/start"), 2);
    expect(menu.join("\n")).toContain("Awas");
    expect(lastMessage()?.params.reply_markup).toMatchObject({
      inline_keyboard: expect.arrayContaining([
        [{ text: "Laporkan pelanggaran", callback_data: "report" }],
      ]),
    });

    const categories = await say(pressed("report"), 2);
    expect(categories.at(-1)).toContain("Apa jenis pelanggarannya?");
    // The press is answered and its message edited, so it cannot be pressed again.
    await until(
      () => api.calls("answerCallbackQuery").length > 0 || undefined,
      "answerCallbackQuery",
    );
    await until(() => api.calls("editMessageText").length > 0 || undefined, "editMessageText");

    await say(pressed("politik_uang"));
    await say(typed("desa Lalang, Manggar"), 2);
    await say(typed("tadi pagi"));
    await say(typed("Timses membagikan amplop berisi uang 100 ribu ke warga di depan masjid."));
    await say(typed("tidak tahu"));
    await say(typed("tidak ada"));

    api.addFile(photo.message.photo.at(-1)?.file_id ?? "", new Uint8Array([9, 8, 7, 6]));
    const received = await say({
      update_id: ++updateId,
      message: { ...photo.message, message_id: ++messageId },
    });
    expect(received.join("\n")).toContain("1");
    // The file is fetched in the queue, not inside the webhook request.
    await until(() => api.calls("getFile").length > 0 || undefined, "getFile");

    await say(typed("selesai"));
    const summary = await say(pressed("tip"), 2);
    expect(summary.join("\n")).toContain("Bukti: 1 file");
    const receipt = await say(pressed("send"));
    const code = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt.join("\n"))?.[0];
    expect(code).toBeDefined();

    const status = await say(typed(`/cek ${code}`));
    expect(status.join("\n")).toContain(code);
    expect(status.join("\n").toLowerCase()).toContain("informasi awal");
  }, 120_000);

  it("a relayer joins by deep link, relays a witness's report, and finds it under /laporanku", async () => {
    expect(inviteCode).toMatch(/^ORG-/);
    chat = { ...text.message.chat, id: chatId + 7, first_name: "Relawan" };
    const joined = await say(typed(`/start org-${inviteCode}`));
    expect(joined.join("\n")).toContain("Relawan Uji");
    const asked = await say(typed("/lapor"));
    expect(asked.join("\n")).toContain("meneruskan laporan orang lain");
    await say(pressed("relay"));
    await say(typed("Bu Sari, 0812 0000 1111"));
    await say(pressed("yes"), 2);
    await say(pressed("kampanye_hitam"));
    await say(typed("kec. Manggar"), 2);
    await say(typed("lewati"), 2);
    await say(typed("kemarin"));
    await say(pressed("yes"));
    await say(typed("Selebaran fitnah tentang calon disebar di pasar, kata saksi."));
    await say(typed("tidak tahu"));
    await say(typed("tidak ada"));
    await say(typed("selesai"));
    await say(pressed("tip"), 2);
    const receipt = await say(pressed("send"));
    const code = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt.join("\n"))?.[0] ?? "missing";
    const mine = await say(typed("/laporanku"));
    expect(mine.join("\n")).toContain(code);
    expect(mine.join("\n")).toContain("diteruskan untuk Relawan Uji");
  }, 120_000);

  it("refuses an update with a wrong secret with 401, and replies to nobody", async () => {
    const before = api.calls().length;
    expect(await api.deliver(webhook(), typed("halo"), "salah")).toBe(401);
    expect(await api.deliver(webhook(), typed("halo"), undefined)).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(api.calls().length).toBe(before);
  });

  it("handles a redelivered update once: no second reply", async () => {
    chat = { ...text.message.chat, id: chatId + 9 };
    const update = typed("menu");
    await say(update, 1);
    const before = sent().length;
    expect(await api.deliver(webhook(), update, secret)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sent().length).toBe(before);
  });

  it("answers /lapor in a group with a button to the private chat, collecting nothing there", async () => {
    const groupId = groupCommand.message.chat.id;
    expect(await api.deliver(webhook(), groupCommand, secret)).toBe(200);
    const reply = await until(
      () => api.calls("sendMessage").find((call) => Number(call.params.chat_id) === groupId),
      "the group reply",
    );
    expect(reply.params.reply_markup).toMatchObject({
      inline_keyboard: [[{ url: "https://t.me/AwasUjiBot?start=lapor" }]],
    });
  });

  it("answers bad requests with 4xx and ignores unknown update types with 200", async () => {
    const post = (body: string) =>
      fetch(webhook(), {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body,
      });
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ message: { text: "x" } }))).status).toBe(400);
    expect(
      (await post(JSON.stringify({ update_id: 1, pad: "x".repeat(2 * 1024 * 1024) }))).status,
    ).toBe(413);
    expect(await api.deliver(webhook(), unknownUpdate, secret)).toBe(200);
  });
});

describe("Telegram in polling mode (development, no public URL)", () => {
  let pollApi: StandInBotApi;
  let pollServer: RunningServer;
  beforeAll(async () => {
    pollApi = await startStandInBotApi();
    pollServer = await startServer({
      env: {
        TELEGRAM_BOT_TOKEN: pollApi.token,
        TELEGRAM_MODE: "polling",
        TELEGRAM_API_ROOT: pollApi.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: undefined,
      },
    });
  }, 90_000);
  afterAll(async () => {
    await pollServer.stop();
    await pollApi.close();
  });

  it("takes updates from getUpdates in order and answers each once", async () => {
    pollApi.queueUpdate({ ...text, update_id: 990_001 });
    pollApi.queueUpdate({
      update_id: 990_002,
      message: { ...text.message, message_id: 9_001, text: "tanya kapan pemilu berikutnya?" },
    });
    const replies = await until(() => {
      const texts = pollApi
        .calls("sendMessage")
        .filter((call) => Number(call.params.chat_id) === chatId)
        .map((call) => String(call.params.text));
      return texts.length >= 3 ? texts : undefined;
    }, "polled replies");
    expect(replies[0]).toContain("Awas");
    expect(replies.at(-1)).toContain("belum ditetapkan");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      pollApi.calls("sendMessage").filter((c) => Number(c.params.chat_id) === chatId),
    ).toHaveLength(3);
  }, 60_000);
});
