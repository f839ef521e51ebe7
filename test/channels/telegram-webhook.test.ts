import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findContact } from "../../src/conversations/contacts";
import type { Awas } from "../../src/server";
import type { AppDatabase } from "../../src/storage/database";
import { contacts, inboundMessages, media, outbox } from "../../src/storage/schema";
import callbackQuery from "../fixtures/telegram/callback-query.json";
import groupChatter from "../fixtures/telegram/group-chatter.json";
import groupCommand from "../fixtures/telegram/group-command.json";
import largeDocument from "../fixtures/telegram/large-document.json";
import blocked from "../fixtures/telegram/my-chat-member-blocked.json";
import unblocked from "../fixtures/telegram/my-chat-member-unblocked.json";
import photo from "../fixtures/telegram/photo-caption.json";
import text from "../fixtures/telegram/text.json";
import { createTestAwas } from "../support/app-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { type StandInBotApi, startStandInBotApi } from "../support/telegram-bot-api";

/** The webhook in-process on the test database (both PGlite and PostgreSQL runs). */
const secret = "uji_rahasia";
let api: StandInBotApi;
let database: AppDatabase;
let awas: Awas;
const address = String(text.message.chat.id);

const post = (update: unknown) =>
  awas.app.request("/telegram/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
    body: JSON.stringify(update),
  });

async function contactRow() {
  const found = await findContact(database.db, awas.keyring, "telegram", address);
  if (!found) return undefined;
  const [row] = await database.db.select().from(contacts).where(eq(contacts.id, found.id));
  return row;
}

describe(`the Telegram webhook on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    api = await startStandInBotApi();
    database = await createTestDatabase();
    awas = await createTestAwas(database, {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: api.apiRoot,
    });
  });
  afterAll(async () => {
    await database.close();
    await api.close();
  });

  it("stores a private message once, however often Telegram redelivers it", async () => {
    expect((await post(text)).status).toBe(200);
    expect((await post(text)).status).toBe(200);
    const rows = await database.db
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.channel, "telegram"));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.externalId).toBe(`update:${text.update_id}`);
  });

  it("treats a double tap on one button (new update_id) as one press", async () => {
    await post(callbackQuery);
    await post({ ...callbackQuery, update_id: callbackQuery.update_id + 1000 });
    const presses = await database.db
      .select()
      .from(inboundMessages)
      .where(
        eq(
          inboundMessages.externalId,
          `callback:${callbackQuery.callback_query.from.id}:${callbackQuery.callback_query.message.message_id}:${callbackQuery.callback_query.data}`,
        ),
      );
    expect(presses).toHaveLength(1);
  });

  it("records a photo as pending, to be fetched by the queue, not in the request", async () => {
    expect((await post(photo)).status).toBe(200);
    const [row] = await database.db.select().from(media).where(eq(media.fetchState, "pending"));
    expect(row?.contentSealed).toBeNull();
    expect(row?.remoteRefSealed).toEqual(expect.any(String));
    expect(row?.remoteRefSealed).not.toContain(photo.message.photo.at(-1)?.file_id ?? "-");
    expect(api.calls("getFile")).toHaveLength(0);
  });

  it("tells the person a file over 20 MB was not kept, and keeps nothing of it", async () => {
    const before = await database.db.select().from(media);
    expect((await post(largeDocument)).status).toBe(200);
    expect(await database.db.select().from(media)).toHaveLength(before.length);
    const contact = await contactRow();
    const messages = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.contactId, contact?.id ?? ""));
    expect(messages.length).toBeGreaterThan(0);
    const texts = messages.map((row) =>
      awas.keyring.openText(row.payloadSealed ?? "", "outbox.payload"),
    );
    expect(texts.some((payload) => payload.includes("maksimal 20 MB"))).toBe(true);
  });

  it("marks the contact unreachable when they block the bot, and clears it when they unblock", async () => {
    expect((await post(blocked)).status).toBe(200);
    expect((await contactRow())?.unreachableAt).toBeInstanceOf(Date);
    expect((await post(unblocked)).status).toBe(200);
    expect((await contactRow())?.unreachableAt).toBeNull();
  });

  it("ignores chatter in groups: nothing stored, nothing sent", async () => {
    const before = await database.db.select().from(inboundMessages);
    expect((await post(groupChatter)).status).toBe(200);
    expect(await database.db.select().from(inboundMessages)).toHaveLength(before.length);
  });

  it("answers /tanya in a group briefly from the knowledge base, with a way to the private chat", async () => {
    const question = "/tanya@AwasUjiBot kapan pemilu berikutnya?";
    const update = {
      ...groupCommand,
      update_id: groupCommand.update_id + 500,
      message: {
        ...groupCommand.message,
        text: question,
        entities: [{ offset: 0, length: "/tanya@AwasUjiBot".length, type: "bot_command" }],
      },
    };
    expect((await post(update)).status).toBe(200);
    const groupId = groupCommand.message.chat.id;
    const deadline = Date.now() + 5000;
    let reply: ReturnType<StandInBotApi["calls"]>[number] | undefined;
    while (!reply && Date.now() < deadline) {
      reply = api.calls("sendMessage").find((call) => Number(call.params.chat_id) === groupId);
      if (!reply) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(String(reply?.params.text)).toContain("belum ditetapkan");
    expect(reply?.params.reply_markup).toMatchObject({
      inline_keyboard: [[{ url: "https://t.me/AwasUjiBot?start=tanya" }]],
    });
    // Nothing of the group is stored as a conversation.
    const stored = await database.db.select().from(inboundMessages);
    expect(stored.every((row) => row.externalId !== `update:${update.update_id}`)).toBe(true);
  });
});
