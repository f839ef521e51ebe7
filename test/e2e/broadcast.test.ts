import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Awas } from "../../src/server";
import { addStaff } from "../../src/staff/accounts";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { createTestAwas } from "../support/app-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { type RuledBotApi, startRuledBotApi } from "../support/ruled-bot-api";
import { telegramPeople, webhookPoster } from "../support/telegram-user";

/**
 * Issue #8's "Done when", scaled from 600 people to 60 to keep the suite quick (the benchmark
 * runs the 600): Telegram users subscribe with /langganan and pick Belitung Timur, 5 % of them
 * then block the bot, an admin posts a broadcast for 19.06 over the API, and Telegram — here
 * the stand-in Bot API behind its real flood rule of 30 a second — sees each reachable person
 * get it exactly once, and nothing sent while a retry_after runs.
 */
const secret = "uji_siaran_rahasia";
const people = 60;
const firstChat = 7_300_000_001;
let database: AppDatabase;
let botApi: RuledBotApi;
let awas: Awas;
const blocked = new Set<number>();

beforeAll(async () => {
  database = await createTestDatabase();
  botApi = await startRuledBotApi({ perSecond: 30, blocked });
  awas = await createTestAwas(database, {
    ...botApi.env(secret),
  });
  await awas.start();
}, 60_000);

afterAll(async () => {
  await awas?.stop();
  await database?.close();
  await botApi?.close();
});

describe(`an imbauan to Telegram subscribers, end to end, on ${testDatabaseKind}`, () => {
  it("reaches every reachable subscriber exactly once, counts the blocked unreachable, and the API says done", async () => {
    const person = telegramPeople({
      post: webhookPoster(awas.app, secret),
      arrivals: botApi.arrivals,
    });
    const chats = Array.from({ length: people }, (_, i) => firstChat + i);
    await Promise.all(
      chats.map(async (chatId) => {
        const done = await person(chatId).subscribe("Belitung Timur");
        expect(done.text).toContain("Belitung Timur");
      }),
    );
    // 5 % block the bot after subscribing.
    for (const chatId of chats.filter((_, i) => i % 20 === 0)) blocked.add(chatId);

    const admin = await addStaff(database.db, {
      email: "admin@example.org",
      name: "Admin",
      role: "admin",
    });
    const token = await issueToken(database.db, admin.id, "e2e");
    const api = (path: string, body?: unknown) =>
      awas.app.request(`/api/v1${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const text = "Imbauan Bawaslu Belitung Timur: tolak politik uang, laporkan lewat chat ini.";
    const created = await api("/broadcasts", { text, audience: { regions: ["19.06"] } });
    expect(created.status).toBe(201);
    const { id, recipients, state } = (await created.json()) as {
      id: string;
      recipients: number;
      state: string;
    };
    expect({ recipients, state }).toEqual({ recipients: people, state: "sending" });

    let status = { state, counts: {} as Record<string, number> };
    const deadline = Date.now() + 60_000;
    while (status.state === "sending" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await (await api(`/broadcasts/${id}`)).json()) as typeof status;
    }
    expect(status).toMatchObject({
      state: "done",
      counts: {
        total: people,
        sent: people - blocked.size,
        failed: 0,
        unreachable: blocked.size,
        uncertain: 0,
        pending: 0,
      },
    });

    const got = new Map<number, number>();
    for (const a of botApi.arrivals) {
      if (a.text === text && a.status === 200) got.set(a.chatId, (got.get(a.chatId) ?? 0) + 1);
    }
    const reachable = chats.filter((c) => !blocked.has(c));
    expect(reachable.every((c) => got.get(c) === 1)).toBe(true);
    expect([...blocked].some((c) => got.has(c))).toBe(false);
    expect(botApi.rule.duringRetryAfter).toEqual([]);
  }, 120_000);
});
