import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Audience,
  type BroadcastActor,
  createBroadcastService,
} from "../../src/broadcasts/broadcasts";
import {
  type ChannelPace,
  createChannelPace,
  replyPacing,
} from "../../src/broadcasts/channel-pace";
import { createBroadcastDelivery } from "../../src/broadcasts/delivery";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter";
import type { ChannelAdapter, ChannelId } from "../../src/channels/types";
import { lockContact } from "../../src/conversations/contacts";
import { outboxPriority, readMailbox } from "../../src/conversations/outbox";
import type { Keyring } from "../../src/privacy/keyring";
import { addStaff } from "../../src/staff/accounts";
import type { AppDatabase } from "../../src/storage/database";
import { broadcastRecipients, contacts, outbox, subscriptions } from "../../src/storage/schema";
import { fixedClock, silentLog, type TestClock, testKeyring } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { type StandInBotApi, startStandInBotApi } from "../support/telegram-bot-api";
import { telegramRateRule } from "../support/telegram-rate-limit";

let database: AppDatabase;
let api: StandInBotApi;
let keyring: Keyring;
let admin: BroadcastActor;
/** Chat ids are unique across the file: every test has its own subscribers. */
let nextChat = 100_000;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startStandInBotApi();
  keyring = testKeyring();
  const account = await addStaff(database.db, {
    email: "admin@example.org",
    name: "Admin",
    role: "admin",
  });
  admin = { id: account.id, role: "admin", regionCode: null };
}, 60_000);

afterAll(async () => {
  await database?.close();
  await api?.close();
});

interface Subscriber {
  chatId: number;
  contactId: string;
  regions?: string[];
  language?: "id" | "en";
}

/** Telegram (or web chat) contacts subscribed to `regions`, in one transaction. */
async function subscribe(
  count: number,
  options: { regions: string[]; language?: "id" | "en"; channel?: ChannelId },
  clock: TestClock,
): Promise<Subscriber[]> {
  const channel = options.channel ?? "telegram";
  return database.db.transaction(async (tx) => {
    const out: Subscriber[] = [];
    for (let i = 0; i < count; i++) {
      const chatId = nextChat++;
      const address = channel === "telegram" ? String(chatId) : `web-${chatId}-conversation`;
      const { contact } = await lockContact(tx, keyring, channel, address, "id");
      await tx.update(contacts).set({ lastInboundAt: clock() }).where(eq(contacts.id, contact.id));
      await tx.insert(subscriptions).values({
        contactId: contact.id,
        regionCodes: options.regions,
        language: options.language ?? "id",
        role: "public",
        subscribedAt: clock(),
      });
      out.push({ chatId, contactId: contact.id, language: options.language ?? "id" });
    }
    return out;
  });
}

async function unsubscribe(people: Subscriber[], clock: TestClock) {
  await database.db
    .update(subscriptions)
    .set({ unsubscribedAt: clock() })
    .where(
      inArray(
        subscriptions.contactId,
        people.map((p) => p.contactId),
      ),
    );
}

/** A virtual clock and a sleep that moves it: no test here waits on the wall clock. */
function virtualTime() {
  const clock = fixedClock();
  const sleep = async (ms: number) => clock.advance(ms);
  return { clock, sleep };
}

function service(clock: TestClock, kicked: string[] = []) {
  return createBroadcastService({
    db: database.db,
    clock,
    approvalRequired: false,
    kick: async (id) => {
      kicked.push(id);
    },
    sendTest: async () => true,
  });
}

async function createBroadcast(clock: TestClock, audience: Audience, textEn?: string) {
  return service(clock).create(admin, {
    text: `Imbauan: jangan terima politik uang (${nextChat})`,
    ...(textEn ? { textEn } : {}),
    audience,
  });
}

/** The Telegram adapter over the stand-in behind the flood rule at `perSecond`. */
function ruledTelegram(clock: TestClock, perSecond: number, blocked?: Set<number>) {
  const rule = telegramRateRule({ clock, perSecond, ...(blocked ? { blocked } : {}) });
  const telegram = createTelegramAdapter({
    token: api.token,
    apiRoot: api.apiRoot,
    fetch: rule.fetch,
  });
  return { rule, telegram };
}

const count = (values: number[]) => {
  const counted = new Map<number, number>();
  for (const value of values) counted.set(value, (counted.get(value) ?? 0) + 1);
  return counted;
};

describe(`broadcast delivery on ${testDatabaseKind}`, () => {
  it("reaches every reachable subscriber of the region exactly once under Telegram's flood rule, waits out each retry_after, and counts the blocked unreachable", async () => {
    const { clock, sleep } = virtualTime();
    const beltim = await subscribe(240, { regions: ["19.06"] }, clock);
    const province = await subscribe(40, { regions: ["19"] }, clock);
    const english = await subscribe(20, { regions: ["19.06"], language: "en" }, clock);
    const elsewhere = await subscribe(10, { regions: ["19.01"] }, clock);
    const leftBefore = await subscribe(10, { regions: ["19.06"] }, clock);
    await unsubscribe(leftBefore, clock);
    const blocked = new Set([...beltim.slice(0, 12), ...province.slice(0, 3)].map((s) => s.chatId));

    // The pace allows 30/s; the platform only 20 in any sliding second: it will say 429.
    const { rule, telegram } = ruledTelegram(clock, 20, blocked);
    const delivery = createBroadcastDelivery({
      database,
      keyring,
      adapters: { telegram },
      log: silentLog,
      clock,
      sleep,
      concurrency: 1,
    });
    const created = await createBroadcast(
      clock,
      { regions: ["19.06"] },
      "Advisory: do not accept money politics",
    );
    expect(created).toMatchObject({ state: "sending", recipients: 300 });

    // Three people leave after the fan-out but before their turn.
    await delivery.fanOut(created.id);
    const leftDuring = beltim.slice(-3);
    await unsubscribe(leftDuring, clock);

    const outcome = await delivery.run(created.id, {
      budgetMs: Number.POSITIVE_INFINITY,
      maxInlineWaitMs: Number.POSITIVE_INFINITY,
    });
    expect(outcome).toEqual({ kind: "done" });

    const reachable = [...beltim.slice(0, -3), ...province, ...english].filter(
      (s) => !blocked.has(s.chatId),
    );
    const received = count(rule.delivered);
    expect([...received.keys()].sort()).toEqual(reachable.map((s) => s.chatId).sort());
    expect([...received.values()].every((times) => times === 1)).toBe(true);
    for (const s of [...elsewhere, ...leftBefore, ...leftDuring]) {
      expect(received.has(s.chatId)).toBe(false);
    }
    // The rule was hit, and no send ever arrived while a retry_after ran.
    expect(rule.rateLimited.length).toBeGreaterThan(0);
    expect(rule.duringRetryAfter).toEqual([]);
    // English readers got the English text; the others the Indonesian one.
    expect(rule.textsTo(english[5]?.chatId as number)).toEqual([
      "Advisory: do not accept money politics",
    ]);
    expect(rule.textsTo(beltim[50]?.chatId as number)[0]).toMatch(/^Imbauan: jangan terima/);

    const status = await service(clock).status(admin, created.id);
    expect(status.state).toBe("done");
    expect(status.counts).toEqual({
      total: 300,
      sent: reachable.length,
      failed: 0,
      unreachable: blocked.size,
      uncertain: 0,
      pending: 0,
      skipped: 3,
    });
    const marked = await database.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          inArray(
            contacts.id,
            [...beltim, ...province].filter((s) => blocked.has(s.chatId)).map((s) => s.contactId),
          ),
          isNotNull(contacts.unreachableAt),
        ),
      );
    expect(marked).toHaveLength(blocked.size);
  }, 120_000);

  it("under the platform's limit of 30 it sends at most 30 in any sliding second and is never refused", async () => {
    const { clock, sleep } = virtualTime();
    const people = await subscribe(90, { regions: ["15.71"] }, clock);
    const { rule, telegram } = ruledTelegram(clock, 30);
    const delivery = createBroadcastDelivery({
      database,
      keyring,
      adapters: { telegram },
      log: silentLog,
      clock,
      sleep,
      concurrency: 1,
    });
    const started = clock().getTime();
    const created = await createBroadcast(clock, { regions: ["15.71"] });
    expect(await delivery.run(created.id, { budgetMs: Number.POSITIVE_INFINITY })).toEqual({
      kind: "done",
    });
    expect(rule.rateLimited).toEqual([]);
    expect(rule.maxInWindow()).toBe(30);
    expect(count(rule.delivered).size).toBe(people.length);
    // 90 messages, 30 per window of 1020 ms: the last 30 start after 2 s (virtual), not earlier.
    expect(clock().getTime() - started).toBeGreaterThanOrEqual(2040);
  });

  it("after a kill between claim and answer, marks the in-flight send uncertain and never repeats it; the rest go once", async () => {
    const { clock, sleep } = virtualTime();
    const people = await subscribe(30, { regions: ["15.09"] }, clock);
    const { rule, telegram } = ruledTelegram(clock, 1000);

    // The first process: its 12th send reaches Telegram, then the process "dies" (never answers).
    let sends = 0;
    let died: () => void = () => {};
    const dead = new Promise<void>((resolve) => {
      died = resolve;
    });
    const dying: ChannelAdapter = {
      ...telegram,
      async send(address, message) {
        const result = await telegram.send(address, message);
        if (++sends === 12) {
          died();
          return new Promise(() => {});
        }
        return result;
      },
    };
    const first = createBroadcastDelivery({
      database,
      keyring,
      adapters: { telegram: dying },
      log: silentLog,
      clock,
      sleep,
      concurrency: 1,
    });
    const created = await createBroadcast(clock, { regions: ["15.09"] });
    void first.run(created.id, { budgetMs: Number.POSITIVE_INFINITY });
    await dead;
    expect((await service(clock).status(admin, created.id)).counts).toMatchObject({
      sent: 11,
      pending: 19, // 18 waiting + 1 "sending", shown as pending while it is in flight
    });

    // The restart: in-flight rows become uncertain before anything is sent again.
    const second = createBroadcastDelivery({
      database,
      keyring,
      adapters: { telegram },
      log: silentLog,
      clock,
      sleep,
      concurrency: 1,
    });
    expect(await second.recoverInFlight()).toBe(1);
    expect(await second.run(created.id, { budgetMs: Number.POSITIVE_INFINITY })).toEqual({
      kind: "done",
    });

    const received = count(rule.delivered);
    expect([...received.keys()].sort()).toEqual(people.map((p) => p.chatId).sort());
    expect([...received.values()].every((times) => times === 1)).toBe(true);
    const status = await service(clock).status(admin, created.id);
    expect(status).toMatchObject({
      state: "done",
      counts: { total: 30, sent: 29, uncertain: 1, pending: 0, failed: 0 },
    });
  });

  it("retries a 5xx with backoff and gives a recipient up as failed after the last attempt", async () => {
    const { clock, sleep } = virtualTime();
    const people = await subscribe(2, { regions: ["15.08"] }, clock);
    const { rule, telegram } = ruledTelegram(clock, 1000);
    const delivery = createBroadcastDelivery({
      database,
      keyring,
      adapters: { telegram },
      log: silentLog,
      clock,
      sleep,
      concurrency: 1,
      maxAttempts: 3,
    });
    const created = await createBroadcast(clock, { regions: ["15.08"] });
    await delivery.fanOut(created.id);
    // The first person's sends fail twice, then pass; the second's fail every time.
    api.clear();
    api.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" }, 2);
    expect((await delivery.deliverBatch(created.id)).kind).toBe("more");
    // Both wait for their backoff: nothing is due now.
    const waiting = await delivery.deliverBatch(created.id);
    expect(waiting.kind).toBe("wait");
    api.failNext("sendMessage", { error_code: 500, description: "Internal Server Error" }, 3);
    const outcome = await delivery.run(created.id, {
      budgetMs: Number.POSITIVE_INFINITY,
      maxInlineWaitMs: Number.POSITIVE_INFINITY,
    });
    expect(outcome).toEqual({ kind: "done" });
    const status = await service(clock).status(admin, created.id);
    expect(status.counts).toMatchObject({ total: 2, sent: 1, failed: 1, pending: 0 });
    expect(count(rule.delivered).size).toBe(1);
    expect(people.some((p) => rule.delivered.includes(p.chatId))).toBe(true);
  });

  it("sends none of the claimed rows still waiting for a slot when the broadcast is paused", async () => {
    const { clock, sleep } = virtualTime();
    await subscribe(4, { regions: ["15.05"] }, clock);
    const { rule, telegram } = ruledTelegram(clock, 1000);
    // A gate that hands out no slot until the test opens it.
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    let waiting = 0;
    const gate: ChannelPace = {
      take: async () => {
        waiting++;
        await opened;
        return () => {};
      },
      chatFreeAt: () => 0,
      block: () => {},
      blockedUntil: () => 0,
    };
    const delivery = createBroadcastDelivery({
      database,
      keyring,
      adapters: { telegram },
      log: silentLog,
      clock,
      sleep,
      paces: { telegram: gate },
      concurrency: 4,
    });
    const broadcasts = service(clock);
    const created = await createBroadcast(clock, { regions: ["15.05"] });
    const batch = delivery.deliverBatch(created.id);
    while (waiting < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await broadcasts.pause(admin, created.id);
    open();
    await batch;
    expect(rule.delivered).toEqual([]);
    expect((await broadcasts.status(admin, created.id)).counts).toMatchObject({
      sent: 0,
      pending: 4,
    });
    // Resumed, each goes out once.
    await broadcasts.resume(admin, created.id);
    expect(await delivery.run(created.id)).toEqual({ kind: "done" });
    expect(count(rule.delivered).size).toBe(4);
    expect([...count(rule.delivered).values()].every((n) => n === 1)).toBe(true);
  });

  it("sends nothing while paused and nothing after a cancel", async () => {
    const { clock, sleep } = virtualTime();
    await subscribe(5, { regions: ["15.07"] }, clock);
    const { rule, telegram } = ruledTelegram(clock, 1000);
    const delivery = createBroadcastDelivery({
      database,
      keyring,
      adapters: { telegram },
      log: silentLog,
      clock,
      sleep,
      batchSize: 2,
      concurrency: 1,
    });
    const broadcasts = service(clock);
    const created = await createBroadcast(clock, { regions: ["15.07"] });
    expect((await delivery.deliverBatch(created.id)).kind).toBe("more");
    expect(rule.delivered).toHaveLength(2);
    await broadcasts.pause(admin, created.id);
    expect(await delivery.run(created.id)).toEqual({ kind: "stopped" });
    expect(rule.delivered).toHaveLength(2);
    await broadcasts.resume(admin, created.id);
    expect((await delivery.deliverBatch(created.id)).kind).toBe("more");
    expect(rule.delivered).toHaveLength(4);
    await broadcasts.cancel(admin, created.id);
    expect(await delivery.run(created.id)).toEqual({ kind: "stopped" });
    expect(rule.delivered).toHaveLength(4);
    expect((await broadcasts.status(admin, created.id)).state).toBe("cancelled");
  });

  it("puts a web chat subscriber's broadcast in their mailbox once, in the bulk lane, in their language", async () => {
    const { clock, sleep } = virtualTime();
    const [reader] = await subscribe(
      1,
      { regions: ["15.06"], channel: "webchat", language: "en" },
      clock,
    );
    const webchat: ChannelAdapter = {
      channel: "webchat",
      normalizeInbound: () => [],
      render: (message) => message,
      send: async () => {
        throw new Error("a pull channel is never pushed to");
      },
      state: () => "ok",
    };
    const delivery = createBroadcastDelivery({
      database,
      keyring,
      adapters: { webchat },
      log: silentLog,
      clock,
      sleep,
    });
    const created = await createBroadcast(
      clock,
      { regions: ["15.06"] },
      "Check your name on the voter list",
    );
    expect(await delivery.run(created.id)).toEqual({ kind: "done" });
    expect(await delivery.run(created.id)).toEqual({ kind: "stopped" });
    const contactId = reader?.contactId as string;
    const mailbox = await readMailbox(database.db, keyring, contactId, { limit: 10 });
    expect(mailbox.messages.map((m) => m.text)).toEqual(["Check your name on the voter list"]);
    const [row] = await database.db
      .select({ priority: outbox.priority })
      .from(outbox)
      .where(eq(outbox.contactId, contactId));
    expect(row?.priority).toBe(outboxPriority.bulk);
    const [recipient] = await database.db
      .select({ state: broadcastRecipients.state })
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.contactId, contactId));
    expect(recipient?.state).toBe("sent");
  });
});

describe("a channel's send gate", () => {
  /** A gate on a virtual clock, and the times (ms after t0) at which it handed out slots. */
  function gate(perSecond: number) {
    const clock = fixedClock();
    // The clock moves when the wait ends (after what was already due ran), to the time the
    // wait was for: a wait cut short and begun again does not move it twice.
    const sleep = (ms: number) => {
      const until = clock().getTime() + ms;
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          if (clock().getTime() < until) clock.set(new Date(until));
          resolve();
        }),
      );
    };
    const t0 = clock().getTime();
    const pace = createChannelPace({ perSecond, perChatMs: 1000, windowMs: 1000, clock, sleep });
    const granted: string[] = [];
    const take = async (kind: "reply" | "bulk", chat: string) => {
      const answered = await pace.take(kind, chat);
      granted.push(`${chat}@${clock().getTime() - t0}`);
      return answered;
    };
    return { clock, t0, pace, granted, take };
  }

  it("starts a send only once the send perSecond places back was answered a window ago", async () => {
    const { clock, granted, take } = gate(3);
    const first = await take("bulk", "a");
    (await take("bulk", "b"))();
    (await take("bulk", "c"))();
    const fourth = take("bulk", "d");
    // The first send is still unanswered: the fourth waits for its answer, then a window.
    clock.advance(400);
    first();
    (await fourth)();
    expect(granted).toEqual(["a@0", "b@167", "c@334", "d@1734"]);
  });

  it("gives a waiting reply the next slot, ahead of broadcast sends that waited longer", async () => {
    const { granted, take } = gate(2);
    (await take("bulk", "s1"))();
    (await take("bulk", "s2"))();
    // Each is answered as soon as it starts.
    const answer = (taken: Promise<() => void>) => taken.then((answered) => answered());
    await Promise.all([
      answer(take("bulk", "s3")),
      answer(take("bulk", "s4")),
      answer(take("reply", "resident")),
    ]);
    expect(granted.slice(2)).toEqual(["resident@1000", "s3@1250", "s4@2000"]);
  });

  it("spaces broadcast sends to one chat a second apart", async () => {
    const { clock, t0, pace, take } = gate(30);
    (await take("bulk", "same"))();
    expect(pace.chatFreeAt("same")).toBe(t0 + 1000);
    expect(pace.chatFreeAt("other")).toBeLessThanOrEqual(clock().getTime());
  });

  it("holds broadcasts and replies while the channel waits out a retry_after a reply got", async () => {
    const { clock, t0, pace, granted, take } = gate(30);
    const replies = replyPacing(pace, clock);
    const limited = await replies.send(
      { contactId: "resident-1", priority: 0, lastInboundAt: clock() },
      async () => ({ ok: false, code: "RATE_LIMITED", retryAfterMs: 7000 }),
    );
    expect(limited.outcome).toBe("delivered");
    expect(pace.blockedUntil()).toBe(t0 + 7000);
    // While the channel waits out the 429, a reply waits too instead of extending the wait.
    let delivered = false;
    const held = await replies.send(
      { contactId: "resident-2", priority: 0, lastInboundAt: clock() },
      async () => {
        delivered = true;
        return { ok: true };
      },
    );
    expect(held).toEqual({
      outcome: "held",
      until: new Date(t0 + 7000),
      reason: "channel_rate_limited",
    });
    expect(delivered).toBe(false);
    (await take("bulk", "subscriber"))();
    expect(granted).toEqual(["subscriber@7000"]);
  });
});
