import { afterAll, beforeAll, describe, expect, it } from "vitest";
import enCasework from "../../locales/en/casework.json" with { type: "json" };
import enStatus from "../../locales/en/status.json" with { type: "json" };
import type { Awas } from "../../src/server";
import { addStaff } from "../../src/staff/accounts";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { createTestAwas, postJson } from "../support/app-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { identifiedReportLines } from "../support/reports";
import { type RuledBotApi, startRuledBotApi } from "../support/ruled-bot-api";
import { telegramPeople, webhookPoster } from "../support/telegram-user";

/**
 * Staff work reaching a reporter who is not on the web chat: a Telegram user files a report,
 * switches the bot to English, and reads the officer's stage change and reply there, in English.
 */
const secret = "uji_pemberitahuan";
let database: AppDatabase;
let botApi: RuledBotApi;
let awas: Awas;

beforeAll(async () => {
  database = await createTestDatabase();
  botApi = await startRuledBotApi({ perSecond: 30, blocked: new Set() });
  awas = await createTestAwas(database, {
    ...botApi.env(secret),
    RATE_LIMIT_PER_MINUTE: "1000",
  });
  await awas.start();
}, 60_000);

afterAll(async () => {
  await awas?.stop();
  await database?.close();
  await botApi?.close();
});

describe(`an officer's work told to a Telegram reporter, on ${testDatabaseKind}`, () => {
  it("reaches them on Telegram in the language they chose, with the ticket code", async () => {
    const person = telegramPeople({
      post: webhookPoster(awas.app, secret),
      arrivals: botApi.arrivals,
    })(7_400_000_001);
    // "kemarin", not "tadi pagi": on the real clock, a morning that is today skips a question.
    for (const line of identifiedReportLines)
      await person.say(line === "tadi pagi" ? "kemarin" : line);
    const receipt = await person.read(/LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    const ticket = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt.text)?.[0] as string;
    await person.say("language");
    await person.read(/Language: English/);

    const officer = await addStaff(database.db, {
      email: "beltim@example.org",
      name: "Petugas Beltim",
      role: "officer",
      regionCode: "19.06",
    });
    const token = await issueToken(database.db, officer.id);
    const post = (path: string, body: unknown) =>
      awas.app.request(`/api/v1/reports/${ticket}${path}`, {
        ...postJson(body),
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
    expect((await post("/stage", { stage: "dikaji" })).status).toBe(200);
    const notice = await person.read(new RegExp(enStatus["stage.dikaji"]));
    expect(notice.text).toContain(enCasework.stage_changed.split("*")[0] as string);
    expect(notice.text).toContain(ticket);

    expect((await post("/replies", { text: "Please send a photo of the envelope." })).status).toBe(
      201,
    );
    const reply = await person.read(/Please send a photo of the envelope\./);
    expect(reply.text).toContain(ticket);
  });
});
