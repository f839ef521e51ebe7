/**
 * Broadcast delivery against Telegram's flood rule (issue #8, "Benchmark" and "Done when").
 *
 * The real app runs in process (PGlite in memory, or PostgreSQL with DATABASE_URL on a scratch
 * database) with Telegram switched on. Its Bot API is a local HTTP server on 127.0.0.1 that
 * enforces the rule of the test stand-in (`test/support/telegram-rate-limit.ts`): at most 30
 * sendMessage in any sliding second, else 429 with `retry_after`, and 403 for blocked chats;
 * what it lets through goes to the project's stand-in Bot API (`test/support/telegram-bot-api.ts`).
 *
 * 600 Telegram users subscribe over the webhook as a new user would (/langganan, "Belitung
 * Timur", two taps), then 5 % of them block the bot. Two
 * broadcasts, each posted by an admin over the API and polled until done:
 *   1. alone: the achieved rate against the limit of 30;
 *   2. with a new resident writing to the bot every 200 ms (a Telegram webhook update): the time
 *      until their reply reaches the Bot API.
 * Prints figures; asserts nothing. Usage: npx tsx scripts/bench-broadcast.ts
 */

import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { renderWebchatPage } from "../src/channels/webchat/page";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { generateDataKey } from "../src/privacy/keyring";
import { createAwas } from "../src/server";
import { addStaff } from "../src/staff/accounts";
import { issueToken } from "../src/staff/tokens";
import { openDatabase } from "../src/storage/database";
import { startRuledBotApi } from "../test/support/ruled-bot-api";
import { telegramPeople } from "../test/support/telegram-user";
import { scratchDatabaseUrl } from "./support/scratch-database";

const SUBSCRIBERS = 600;
const BLOCKED_EVERY = 20; // 5 %
const LIMIT = 30;
const RESIDENT_EVERY_MS = 200;
const REGION = "19.06";
const SECRET = "bench-broadcast_secret";
const FIRST_SUBSCRIBER_CHAT = 7_100_000_001;
const FIRST_RESIDENT_CHAT = 6_200_000_001;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadavg = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");
const quantile = (values: number[], q: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
};
const t0 = Date.now();
const progress = (what: string) =>
  process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}\n`);
const ms = (v: number) =>
  Number.isFinite(v) ? `${Math.round(v)} ms` : v === Number.POSITIVE_INFINITY ? "never" : "–";

async function main() {
  const usePostgres = Boolean(process.env.DATABASE_URL);
  const scratch = usePostgres ? await scratchDatabaseUrl("awas_bench_broadcast") : undefined;
  const database = await openDatabase(
    scratch ? { kind: "postgres", url: scratch.url } : { kind: "pglite-memory" },
    { purpose: "benchmark" },
  );
  const subscriberChats = Array.from({ length: SUBSCRIBERS }, (_, i) => FIRST_SUBSCRIBER_CHAT + i);
  const blocked = new Set<number>();
  const botApi = await startRuledBotApi({ perSecond: LIMIT, blocked });

  const config = loadConfig({
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "awas-bench-broadcast-")),
    DATA_KEY: generateDataKey(),
    LOG_LEVEL: "error",
    TELEGRAM_BOT_TOKEN: botApi.token,
    TELEGRAM_API_ROOT: botApi.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_BOT_USERNAME: "AwasUjiBot",
  });
  const template = fs.readFileSync(
    path.resolve(import.meta.dirname, "../src/channels/webchat/page.html"),
    "utf8",
  );
  const awas = await createAwas({
    config,
    database,
    log: createLogger({ level: "error" }),
    webchatTemplate: template,
    renderWebchatPage,
  });
  const db = database.db;
  progress("app built");

  const admin = await addStaff(db, { email: "bench@example.org", name: "Bench", role: "admin" });
  const token = await issueToken(db, admin.id, "bench");
  await awas.start();
  progress("jobs started");
  const server = serve({ fetch: awas.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };

  // 600 Telegram users subscribe as a new user would: /langganan, "Belitung Timur", two taps.
  const setupStarted = Date.now();
  const person = telegramPeople({
    post: (update) =>
      fetch(`${base}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(update),
      }),
    arrivals: botApi.arrivals,
    timeoutMs: 300_000,
  });
  const subscribeOne = (chatId: number) => person(chatId).subscribe("Belitung Timur");
  // 100 people at a time start their conversation.
  for (let i = 0; i < subscriberChats.length; i += 100) {
    await Promise.all(subscriberChats.slice(i, i + 100).map(subscribeOne));
    progress(`${Math.min(i + 100, subscriberChats.length)} subscribed`);
  }
  const setupMs = Date.now() - setupStarted;
  // Then 5 % of them block the bot.
  for (const chatId of subscriberChats.filter((_, i) => i % BLOCKED_EVERY === 0)) {
    blocked.add(chatId);
  }

  // --- Residents ------------------------------------------------------------------------------
  let nextResident = FIRST_RESIDENT_CHAT;
  let updateId = 900_000_000;
  interface Resident {
    chatId: number;
    sentAt: number;
    /** When the webhook answered (the conductor's transaction is done). */
    answeredAt?: number;
    webhookStatus?: number;
  }
  const residents: Resident[] = [];
  const residentSays = async (words: string): Promise<Resident> => {
    const chatId = nextResident++;
    const chat = { id: chatId, first_name: "Warga", type: "private" };
    const update = {
      update_id: ++updateId,
      message: {
        message_id: updateId,
        from: { id: chatId, is_bot: false, first_name: "Warga", language_code: "id" },
        chat,
        date: Math.floor(Date.now() / 1000),
        text: words,
      },
    };
    const resident: Resident = { chatId, sentAt: Date.now() };
    residents.push(resident);
    const response = await fetch(`${base}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(update),
    });
    await response.text();
    resident.answeredAt = Date.now();
    resident.webhookStatus = response.status;
    return resident;
  };
  /** First sendMessage to the chat (any answer), and first one Telegram delivered (200). */
  const replyOf = (resident: Resident) => {
    const calls = botApi.arrivals.filter(
      (a) => a.chatId === resident.chatId && a.at >= resident.sentAt,
    );
    return {
      first: calls[0]?.at,
      delivered: calls.find((a) => a.status === 200)?.at,
      refused: calls.filter((a) => a.status === 429).length,
    };
  };
  const waitForReplies = async (group: Resident[], timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && group.some((r) => replyOf(r).delivered === undefined)) {
      await sleep(50);
    }
  };

  // Warm-up and an idle baseline: 10 residents, one after another, no broadcast running.
  const idle: Resident[] = [];
  for (let i = 0; i < 10; i++) {
    const resident = await residentSays("halo");
    idle.push(resident);
    await waitForReplies([resident], 10_000);
  }

  // --- One broadcast, posted over the API and polled until it is done ---------------------------
  async function broadcast(label: string, withResidents: boolean) {
    const text = `Imbauan (${label}): tolak politik uang, laporkan ke Bawaslu.`;
    const arrivalsBefore = botApi.arrivals.length;
    const duringBefore = botApi.rule.duringRetryAfter.length;
    const limitedBefore = botApi.rule.rateLimited.length;
    const load = loadavg();
    const postedAt = Date.now();
    const created = await fetch(`${base}/api/v1/broadcasts`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ text, audience: { regions: [REGION] } }),
    });
    const { id, recipients, state } = (await created.json()) as {
      id: string;
      recipients: number;
      state: string;
    };
    if (created.status !== 201) throw new Error(`POST /api/v1/broadcasts: ${created.status}`);

    const during: Resident[] = [];
    let sending = true;
    const writers = (async () => {
      if (!withResidents) return;
      const pending: Promise<unknown>[] = [];
      while (sending) {
        pending.push(residentSays("halo").then((r) => during.push(r)));
        await sleep(RESIDENT_EVERY_MS);
      }
      await Promise.all(pending);
    })();

    let status: { state: string; counts: Record<string, number> } = { state, counts: {} };
    let polls = 0;
    const deadline = Date.now() + Number(process.env.BENCH_BROADCAST_TIMEOUT_MS ?? 120_000);
    while (Date.now() < deadline) {
      const response = await fetch(`${base}/api/v1/broadcasts/${id}`, { headers: auth });
      status = (await response.json()) as typeof status;
      polls++;
      if (polls % 8 === 0)
        progress(
          `${label}: ${status.state} ${JSON.stringify(status.counts)}; 429s ${botApi.rule.rateLimited.length}, sendMessage ${botApi.arrivals.length}`,
        );
      if (!["sending", "scheduled", "awaiting_approval", "paused"].includes(status.state)) break;
      await sleep(250);
    }
    const doneAt = Date.now();
    sending = false;
    await writers;
    await waitForReplies(during, 15_000);

    // Figures from what the Bot API saw.
    const arrivals = botApi.arrivals.slice(arrivalsBefore);
    const subscriberSet = new Set(subscriberChats);
    const toSubscribers = arrivals.filter((a) => subscriberSet.has(a.chatId) && a.text === text);
    const accepted = toSubscribers.filter((a) => a.status !== 429); // 200 or 403: in the window
    const span = (accepted.at(-1)?.at ?? 0) - (accepted[0]?.at ?? 0);
    const rate = span > 0 ? (accepted.length - 1) / (span / 1000) : Number.NaN;
    const allAccepted = arrivals.filter(
      (a) =>
        a.status !== 429 && a.at >= (accepted[0]?.at ?? 0) && a.at <= (accepted.at(-1)?.at ?? 0),
    );
    const allRate = span > 0 ? (allAccepted.length - 1) / (span / 1000) : Number.NaN;
    const received = new Map<number, number>();
    for (const a of toSubscribers) {
      if (a.status === 200) received.set(a.chatId, (received.get(a.chatId) ?? 0) + 1);
    }
    const reachable = subscriberChats.filter((c) => !blocked.has(c));
    const exactlyOnce = reachable.filter((c) => received.get(c) === 1).length;
    const twice = [...received.values()].filter((n) => n > 1).length;
    const blockedGot = [...blocked].filter((c) => received.has(c)).length;

    const replies = during.map((r) => ({ r, ...replyOf(r) }));
    // A reply that never reached Telegram counts as infinitely late.
    const latency = replies.map((x) =>
      x.delivered === undefined ? Number.POSITIVE_INFINITY : x.delivered - x.r.sentAt,
    );
    const webhook = during.map((r) => (r.answeredAt ?? r.sentAt) - r.sentAt);
    const toFirstSend = replies
      .filter((x) => x.first !== undefined && x.r.answeredAt !== undefined)
      .map((x) => (x.first as number) - (x.r.answeredAt as number));
    return {
      label,
      load,
      recipients,
      status,
      polls,
      fanOutToFirstSend: (accepted[0]?.at ?? postedAt) - postedAt,
      postToDone: doneAt - postedAt,
      sends: toSubscribers.length,
      accepted: accepted.length,
      rate,
      allRate,
      rateLimited: botApi.rule.rateLimited.length - limitedBefore,
      duringRetryAfter: botApi.rule.duringRetryAfter.length - duringBefore,
      exactlyOnce,
      reachable: reachable.length,
      twice,
      blockedGot,
      residents: during.length,
      replied: latency.filter(Number.isFinite).length,
      repliesRefused: replies.filter((x) => x.refused > 0).length,
      latency,
      webhook,
      toFirstSend,
      loadAfter: loadavg(),
    };
  }

  progress("idle replies done");
  const alone = await broadcast("1", false);
  progress("broadcast 1 done");
  const withResidents = await broadcast("2", true);

  const idleLatency = idle
    .map((r) => (replyOf(r).delivered ?? Number.NaN) - r.sentAt)
    .filter(Number.isFinite);

  // --- Report -----------------------------------------------------------------------------------
  const kind = usePostgres ? "PostgreSQL" : "PGlite (in memory)";
  console.log(
    `\nbench:broadcast on ${kind}, Node ${process.version}, ${os.cpus().length} cores; ` +
      `${SUBSCRIBERS} Telegram subscribers of ${REGION}, ${blocked.size} blocking the bot; ` +
      `Bot API limit ${LIMIT} sendMessage in any sliding second (local HTTP stand-in)`,
  );
  console.log(
    `setup: ${SUBSCRIBERS} people subscribe over the webhook (/langganan, Belitung Timur, 2 taps; 100 at a time, their ~${SUBSCRIBERS * 4} replies paced at 30/s): ${(setupMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `idle reply (no broadcast, ${idleLatency.length} residents): p50 ${ms(quantile(idleLatency, 0.5))}, p95 ${ms(quantile(idleLatency, 0.95))}, max ${ms(Math.max(...idleLatency))}\n`,
  );

  const row = (what: string, a: string, b: string, goal = "") =>
    console.log(`| ${what.padEnd(52)} | ${a.padEnd(16)} | ${b.padEnd(20)} | ${goal.padEnd(12)} |`);
  row("figure", "broadcast alone", "with residents/200ms", "goal");
  row("-".repeat(52), "-".repeat(16), "-".repeat(20), "-".repeat(12));
  const both = (f: (r: typeof alone) => string) => [f(alone), f(withResidents)] as const;
  row("load average (1, 5, 15 min) at the start", ...both((r) => r.load));
  row("load average at the end", ...both((r) => r.loadAfter));
  row(
    "broadcast rate, first → last accepted send (msg/s)",
    ...both((r) => r.rate.toFixed(2)),
    "≥ 28.5",
  );
  row(
    "all sendMessage in that span incl. replies (msg/s)",
    ...both((r) => r.allRate.toFixed(2)),
    "≤ 30",
  );
  row("POST → first send", ...both((r) => ms(r.fanOutToFirstSend)));
  row("POST → API says done (polled every 250 ms)", ...both((r) => ms(r.postToDone)));
  row("broadcast sendMessage calls (incl. 429s)", ...both((r) => String(r.sends)));
  row("429 answers to broadcast sends + replies", ...both((r) => String(r.rateLimited)));
  row("sends arriving during a retry_after", ...both((r) => String(r.duringRetryAfter)), "0");
  row(
    "reachable subscribers who got it exactly once",
    ...both((r) => `${r.exactlyOnce}/${r.reachable}`),
    "all",
  );
  row("subscribers who got it twice or more", ...both((r) => String(r.twice)), "0");
  row("blocked subscribers who got it", ...both((r) => String(r.blockedGot)), "0");
  row("API: state", ...both((r) => r.status.state), "done");
  row(
    "API: total/sent/unreachable/failed/uncertain/pending",
    ...both((r) => {
      const c = r.status.counts;
      return `${c.total}/${c.sent}/${c.unreachable}/${c.failed}/${c.uncertain}/${c.pending}`;
    }),
    `600/570/30/0/0/0`,
  );
  const w = withResidents;
  row("residents writing during the broadcast (replied)", "–", `${w.residents} (${w.replied})`);
  row("resident reply, webhook → first reply delivered: p50", "–", ms(quantile(w.latency, 0.5)));
  row("  p95", "–", ms(quantile(w.latency, 0.95)), "< 1 s");
  row("  max", "–", ms(Math.max(...w.latency)));
  row(
    "  of which webhook answered (conductor tx): p50 / p95",
    "–",
    `${ms(quantile(w.webhook, 0.5))} / ${ms(quantile(w.webhook, 0.95))}`,
  );
  row(
    "  then → first reply send (queue, sender): p50 / p95",
    "–",
    `${ms(quantile(w.toFirstSend, 0.5))} / ${ms(quantile(w.toFirstSend, 0.95))}`,
  );
  row("  replies refused with 429 at least once", "–", String(w.repliesRefused));

  server.close();
  await awas.stop();
  await database.close();
  await botApi.close();
  await scratch?.drop();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
