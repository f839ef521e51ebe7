import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ChannelAdapter,
  ChannelId,
  InboundMessage,
  OutboundMessage,
} from "../../src/channels/types";
import { createWhatsAppPacing, wibDayStart } from "../../src/channels/whatsapp/pacing";
import { loadConfig } from "../../src/config";
import { lockContact, markContactSeen } from "../../src/conversations/contacts";
import { outboxPriority, writeOutbox } from "../../src/conversations/outbox";
import { createOutboxSender, startOutboxJobs } from "../../src/jobs/outbox-sender";
import { createJobQueue, type JobQueue } from "../../src/jobs/queue";
import { createLogger, type Logger } from "../../src/logger";
import type { Keyring } from "../../src/privacy/keyring";
import type { AppDatabase } from "../../src/storage/database";
import { broadcastRecipients, broadcasts, contacts, outbox } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  silentLog,
  type TestClock,
  testKeyring,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const gapMs = 3000;

/** A channel that records what it sent, to whom and at which (injected) instant. */
function recordingChannel(channel: ChannelId, clock: () => Date) {
  const sent: { address: string; text: string; at: number }[] = [];
  const adapter: ChannelAdapter = {
    channel,
    normalizeInbound: () => [],
    render: (message: OutboundMessage) => message,
    async send(address, message) {
      sent.push({ address, text: message.text, at: clock().getTime() });
      return { ok: true };
    },
    state: () => "ok",
  };
  return { adapter, sent };
}

/** A pino destination that keeps every line, to read what was logged. */
function capturingLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const log = createLogger({ level: "info" }, { write: (line: string) => raw.push(line) });
  return { log, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Random numbers from a fixed list, round and round. */
function randomFrom(values: number[]) {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

/**
 * The outbox is the pacing's memory, shared by every sender on a database (as by instances of
 * one number): tests that share a database each live on a day of their own.
 */
let days = 0;
const ownDay = () => fixedClock(new Date(Date.UTC(2026, 9, 1 + 2 * days++, 3)).toISOString());

/** Everything one test needs: a clock, a keyring, channels, and helpers to write the outbox. */
function world(database: AppDatabase, options: { clock?: TestClock; keyring?: Keyring } = {}) {
  const clock = options.clock ?? ownDay();
  const keyring = options.keyring ?? testKeyring();
  const whatsapp = recordingChannel("whatsapp", clock);
  const telegram = recordingChannel("telegram", clock);
  const webchat = recordingChannel("webchat", clock);
  let n = 0;

  async function contact(channel: ChannelId, wrote = true) {
    const address =
      channel === "whatsapp"
        ? `62812${process.pid}${++n}${crypto.randomInt(1e6)}@s.whatsapp.net`
        : `${channel}-${process.pid}-${++n}-${crypto.randomUUID()}`;
    const id = await database.db.transaction(async (tx) => {
      const { contact: row } = await lockContact(tx, keyring, channel, address, "id");
      if (wrote) await markContactSeen(tx, row.id, new Date(clock().getTime() - 3_600_000), "id");
      return row.id;
    });
    return { id, address, channel };
  }

  async function write(
    to: { id: string; channel: ChannelId },
    text: string,
    priority: number = outboxPriority.notice,
  ) {
    await writeOutbox(
      database.db,
      keyring,
      { contactId: to.id, channel: to.channel, priority, createdAt: clock() },
      [{ text }],
    );
  }

  function sender(pacingOptions: { dailyCap?: number; random?: () => number; log?: Logger } = {}) {
    const pacing = createWhatsAppPacing({
      db: database.db,
      log: pacingOptions.log ?? silentLog,
      clock,
      dailyCap: pacingOptions.dailyCap ?? 200,
      gapSeconds: gapMs / 1000,
      random: pacingOptions.random ?? randomFrom([0.5]),
    });
    return createOutboxSender({
      database,
      keyring,
      adapters: {
        whatsapp: whatsapp.adapter,
        telegram: telegram.adapter,
        webchat: webchat.adapter,
      },
      pacing: { whatsapp: pacing },
      log: silentLog,
      clock,
    });
  }

  /**
   * Plays the job queue on the injected clock: every contact is delivered at once, then each
   * held one again exactly when it asked to be woken, until nothing waits or `until` passes.
   */
  async function run(
    deliver: ReturnType<typeof sender>,
    contactIds: string[],
    until = clock().getTime() + 600_000,
  ) {
    const wake = new Map(contactIds.map((id) => [id, clock().getTime()]));
    while (wake.size > 0) {
      const [id, at] = [...wake.entries()].sort((a, b) => a[1] - b[1])[0] as [string, number];
      if (at > until) break;
      wake.delete(id);
      if (at > clock().getTime()) clock.set(new Date(at));
      const report = await deliver.deliverContact(id);
      if (report.retryAfterMs !== undefined) wake.set(id, clock().getTime() + report.retryAfterMs);
    }
  }

  return { clock, keyring, whatsapp, telegram, webchat, contact, write, sender, run };
}

async function rows(database: AppDatabase, contactId: string) {
  return database.db
    .select({
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      notBefore: outbox.notBefore,
    })
    .from(outbox)
    .where(eq(outbox.contactId, contactId))
    .orderBy(outbox.id);
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));

describe(`WhatsApp pacing of business-initiated messages on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("sends notices to several contacts one at a time, each gap plus 0–50 % jitter after the last, also after a pause", async () => {
    const w = world(database);
    const people = await Promise.all([1, 2, 3, 4, 5].map(() => w.contact("whatsapp")));
    for (const person of people) await w.write(person, "Status laporan Anda berubah.");
    const sender = w.sender({ random: randomFrom([0, 0.9, 0.3, 0.999, 0.6]) });

    await w.run(
      sender,
      people.map((p) => p.id),
    );
    expect(w.whatsapp.sent).toHaveLength(5);
    expect(new Set(w.whatsapp.sent.map((s) => s.address))).toEqual(
      new Set(people.map((p) => p.address)),
    );
    const first = gaps(w.whatsapp.sent.map((s) => s.at));
    for (const gap of first) {
      expect(gap).toBeGreaterThanOrEqual(gapMs);
      expect(gap).toBeLessThanOrEqual(gapMs * 1.5);
    }
    expect(new Set(first).size).toBeGreaterThan(1); // jittered, not a fixed interval
    // Holding is not a failed attempt: each row was tried exactly once, when it went.
    for (const person of people) {
      expect(await rows(database, person.id)).toMatchObject([{ status: "sent", attempts: 1 }]);
    }

    // An hour of silence earns no burst: the next three are spaced all the same.
    w.clock.advance(3_600_000);
    for (const person of people.slice(0, 3)) await w.write(person, "Laporan Anda diteruskan.");
    await w.run(
      sender,
      people.slice(0, 3).map((p) => p.id),
    );
    const after = w.whatsapp.sent.slice(5).map((s) => s.at);
    expect(after).toHaveLength(3);
    for (const gap of gaps(after)) {
      expect(gap).toBeGreaterThanOrEqual(gapMs);
      expect(gap).toBeLessThanOrEqual(gapMs * 1.5);
    }
  });

  it("keeps one person's notices in order, and gap apart, when they have several", async () => {
    const w = world(database);
    const person = await w.contact("whatsapp");
    await w.write(person, "satu");
    await w.write(person, "dua", outboxPriority.bulk);
    await w.write(person, "tiga");
    const sender = w.sender();
    await w.run(sender, [person.id]);
    // Notices (5) before the broadcast (10), each kind in the order written.
    expect(w.whatsapp.sent.map((s) => s.text)).toEqual(["satu", "tiga", "dua"]);
    for (const gap of gaps(w.whatsapp.sent.map((s) => s.at))) {
      expect(gap).toBeGreaterThanOrEqual(gapMs);
    }
  });

  it("sends a reply to a resident at once while notices wait for their turn", async () => {
    const w = world(database);
    const [first, second] = [await w.contact("whatsapp"), await w.contact("whatsapp")];
    await w.write(first, "pemberitahuan 1");
    await w.write(second, "pemberitahuan 2");
    const sender = w.sender();
    const start = w.clock().getTime();

    expect(await sender.deliverContact(first.id)).toEqual({ sent: 1, failed: 0 });
    const held = await sender.deliverContact(second.id);
    expect(held).toMatchObject({ sent: 0, failed: 0 });
    expect(held.retryAfterMs).toBeGreaterThanOrEqual(gapMs);

    // The second person writes; the bot's answer goes straight away, ahead of their notice.
    w.clock.advance(200);
    await w.write(second, "jawaban", outboxPriority.reply);
    expect(await sender.deliverContact(second.id)).toMatchObject({ sent: 1, failed: 0 });
    expect(w.whatsapp.sent.at(-1)).toMatchObject({ text: "jawaban", at: start + 200 });
    expect((await rows(database, second.id)).map((r) => r.status)).toEqual(["pending", "sent"]);

    w.clock.set(new Date(start + (held.retryAfterMs ?? 0)));
    expect(await sender.deliverContact(second.id)).toEqual({ sent: 1, failed: 0 });
    expect(w.whatsapp.sent.map((s) => s.text)).toEqual([
      "pemberitahuan 1",
      "jawaban",
      "pemberitahuan 2",
    ]);
  });

  it("refuses a business-initiated message to a contact who never wrote, and logs it", async () => {
    const w = world(database);
    const stranger = await w.contact("whatsapp", false);
    await w.write(stranger, "pesan tanpa diminta");
    await w.write(stranger, "siaran", outboxPriority.bulk);
    const sender = w.sender();
    expect(await sender.deliverContact(stranger.id)).toEqual({ sent: 0, failed: 2 });
    expect(w.whatsapp.sent).toEqual([]);
    expect(await rows(database, stranger.id)).toMatchObject([
      { status: "failed", lastError: "never_wrote" },
      { status: "failed", lastError: "never_wrote" },
    ]);
  });

  it("does not pace, cap or refuse Telegram and web chat", async () => {
    const w = world(database);
    const onWhatsApp = await w.contact("whatsapp");
    const others = [
      await w.contact("telegram"),
      await w.contact("telegram", false),
      await w.contact("webchat"),
      await w.contact("webchat", false),
    ];
    await w.write(onWhatsApp, "wa");
    for (const other of others) {
      await w.write(other, "pemberitahuan");
      await w.write(other, "siaran", outboxPriority.bulk);
    }
    // A cap of one, already used by the WhatsApp notice, and a gap that has not passed.
    const sender = w.sender({ dailyCap: 1 });
    expect(await sender.deliverContact(onWhatsApp.id)).toEqual({ sent: 1, failed: 0 });
    for (const other of others) {
      expect(await sender.deliverContact(other.id)).toEqual({ sent: 2, failed: 0 });
    }
    expect([...w.telegram.sent, ...w.webchat.sent]).toHaveLength(8);
  });
});

describe(`WhatsApp daily cap on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  /** Past sends written straight into the outbox, as earlier runs (or instances) left them. */
  async function alreadySent(
    keyring: Keyring,
    entries: { channel: ChannelId; priority: number; sentAt: Date }[],
  ) {
    const inserted = await database.db
      .insert(contacts)
      .values(
        entries.map(({ channel }) => ({
          channel,
          addressIndex: crypto.randomUUID(),
          addressSealed: keyring.seal(`6281${crypto.randomInt(1e9)}@s.whatsapp.net`, "x"),
          lastInboundAt: new Date("2026-11-01T00:00:00Z"),
        })),
      )
      .returning({ id: contacts.id });
    await database.db.insert(outbox).values(
      entries.map((entry, i) => ({
        contactId: (inserted[i] as { id: string }).id,
        channel: entry.channel,
        priority: entry.priority,
        status: "sent",
        attempts: 1,
        sentAt: entry.sentAt,
        createdAt: entry.sentAt,
      })),
    );
    return inserted.map((row) => row.id);
  }

  it("holds the 201st recipient of the WIB day until 00:00 WIB, still sends to one already counted, and logs once", async () => {
    const dailyCap = loadConfig({ WHATSAPP_ENABLED: "true" }).whatsapp?.dailyCap ?? 0;
    expect(dailyCap).toBe(200);
    // 10:00 WIB on 20 November 2026.
    const clock = fixedClock("2026-11-20T03:00:00Z");
    const w = world(database, { clock });
    const todayWib = wibDayStart(clock());
    expect(todayWib.toISOString()).toBe("2026-11-19T17:00:00.000Z");
    const at = (minutesAfterMidnight: number) =>
      new Date(todayWib.getTime() + minutesAfterMidnight * 60_000);
    await alreadySent(w.keyring, [
      // 198 people got a notice or a broadcast today (WIB) ...
      ...Array.from({ length: 198 }, (_, i) => ({
        channel: "whatsapp" as const,
        priority: i % 2 ? outboxPriority.notice : outboxPriority.bulk,
        sentAt: at(1 + i),
      })),
      // ... and these do not count: yesterday 23:59 WIB, replies, other channels.
      { channel: "whatsapp", priority: outboxPriority.notice, sentAt: at(-1) },
      { channel: "whatsapp", priority: outboxPriority.reply, sentAt: at(300) },
      { channel: "whatsapp", priority: outboxPriority.reply, sentAt: at(301) },
      { channel: "telegram", priority: outboxPriority.notice, sentAt: at(302) },
    ]);
    const [p199, p200, p201, p202] = [
      await w.contact("whatsapp"),
      await w.contact("whatsapp"),
      await w.contact("whatsapp"),
      await w.contact("whatsapp"),
    ] as const;
    const captured = capturingLog();
    const sender = w.sender({ dailyCap, log: captured.log });

    await w.write(p199, "untuk 199");
    await w.write(p200, "untuk 200");
    await w.run(sender, [p199.id, p200.id]);
    expect(w.whatsapp.sent.map((s) => s.text)).toEqual(["untuk 199", "untuk 200"]);

    const nextMidnight = new Date(todayWib.getTime() + 86_400_000);
    await w.write(p201, "untuk 201");
    const held = await sender.deliverContact(p201.id);
    expect(held).toEqual({
      sent: 0,
      failed: 0,
      retryAfterMs: nextMidnight.getTime() - w.clock().getTime(),
    });
    expect(await rows(database, p201.id)).toMatchObject([
      { status: "pending", attempts: 0, lastError: "daily_cap", notBefore: nextMidnight },
    ]);

    // A second notice to someone already counted today still goes, gap after the last.
    await w.write(p199, "lagi untuk 199");
    await w.write(p202, "untuk 202");
    await w.run(sender, [p199.id, p202.id], nextMidnight.getTime() - 1);
    expect(w.whatsapp.sent.map((s) => s.text)).toEqual([
      "untuk 199",
      "untuk 200",
      "lagi untuk 199",
    ]);
    // Replies still go to the person whose notice waits for tomorrow.
    await w.write(p201, "balasan", outboxPriority.reply);
    expect(await sender.deliverContact(p201.id)).toMatchObject({ sent: 1 });
    expect(w.whatsapp.sent.at(-1)?.text).toBe("balasan");

    const warnings = captured.lines().filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    const logged = JSON.stringify(captured.lines());
    for (const person of [p199, p200, p201, p202]) {
      expect(logged).not.toContain(person.id);
      expect(logged).not.toContain(person.address);
    }

    // 00:00 WIB: a new day, a new count; the two held go out, gap apart.
    w.clock.set(nextMidnight);
    await w.run(sender, [p201.id, p202.id], nextMidnight.getTime() + 60_000);
    const tomorrow = w.whatsapp.sent.slice(4);
    expect(tomorrow.map((s) => s.text).sort()).toEqual(["untuk 201", "untuk 202"]);
    expect(tomorrow[0]?.at).toBe(nextMidnight.getTime());
    expect((tomorrow[1]?.at ?? 0) - (tomorrow[0]?.at ?? 0)).toBeGreaterThanOrEqual(gapMs);
  });

  it("counts today's broadcast sends against the cap, as notices are", async () => {
    const clock = fixedClock("2026-11-27T05:00:00Z");
    const w = world(database, { clock });
    const reached = await w.contact("whatsapp");
    const newcomer = await w.contact("whatsapp");
    const [broadcast] = await database.db
      .insert(broadcasts)
      .values({ text: "Imbauan", audience: {}, state: "done", createdAt: clock() })
      .returning({ id: broadcasts.id });
    await database.db.insert(broadcastRecipients).values({
      broadcastId: broadcast?.id as string,
      contactId: reached.id,
      channel: "whatsapp",
      state: "sent",
      attempts: 1,
      sentAt: new Date(clock().getTime() - 600_000),
    });
    await w.write(newcomer, "pemberitahuan");
    const capped = await w.sender({ dailyCap: 1 }).deliverContact(newcomer.id);
    expect(capped).toMatchObject({ sent: 0 });
    expect(capped.retryAfterMs).toBe(
      wibDayStart(clock()).getTime() + 86_400_000 - clock().getTime(),
    );
    expect(w.whatsapp.sent).toHaveLength(0);
  });

  it("counts today's recipients and keeps the gap from the database after a restart", async () => {
    const clock = fixedClock("2026-11-25T05:00:00Z");
    const w = world(database, { clock });
    const counted = await w.contact("whatsapp");
    const newcomer = await w.contact("whatsapp");
    await w.write(counted, "pertama");
    await w.run(w.sender({ dailyCap: 1 }), [counted.id]);
    expect(w.whatsapp.sent).toHaveLength(1);

    // A new process: no memory of the send a second ago, nor of today's count.
    w.clock.advance(1000);
    const restarted = w.sender({ dailyCap: 1 });
    await w.write(newcomer, "baru");
    const capped = await restarted.deliverContact(newcomer.id);
    expect(capped.retryAfterMs).toBe(
      wibDayStart(w.clock()).getTime() + 86_400_000 - w.clock().getTime(),
    );
    await w.write(counted, "kedua");
    const paced = await restarted.deliverContact(counted.id);
    expect(paced).toMatchObject({ sent: 0 });
    expect(paced.retryAfterMs).toBeGreaterThanOrEqual(gapMs - 1000);
    expect(paced.retryAfterMs).toBeLessThanOrEqual(gapMs * 1.5 - 1000);
    expect(w.whatsapp.sent).toHaveLength(1);
  });
});

describe(`outbox wake-ups through the real queue on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("delivers a reply at once to a person whose notice the daily cap holds until tomorrow", async () => {
    const keyring = testKeyring();
    const clock = () => new Date();
    const whatsapp = recordingChannel("whatsapp", clock);
    const real = createJobQueue({ database, log: silentLog });
    // Sees the sender's delayed wake-up once it is queued.
    const delayed: number[] = [];
    const queue: JobQueue = {
      ...real,
      async send(name, data, options) {
        const id = await real.send(name, data, options);
        if (options?.startAfterSeconds && id) delayed.push(options.startAfterSeconds);
        return id;
      },
    };
    await queue.start();
    try {
      const sender = createOutboxSender({
        database,
        keyring,
        adapters: { whatsapp: whatsapp.adapter },
        pacing: {
          whatsapp: createWhatsAppPacing({
            db: database.db,
            log: silentLog,
            clock,
            dailyCap: 1,
            gapSeconds: 3,
          }),
        },
        log: silentLog,
        clock,
      });
      const dispatch = await startOutboxJobs(queue, sender);
      const { conductor } = await createTestConductor(database, { keyring, clock, dispatch });
      const wrote = (address: string, text: string): InboundMessage => ({
        channel: "whatsapp",
        address,
        externalId: crypto.randomUUID(),
        receivedAt: new Date(),
        text,
      });
      const until = async (done: () => Promise<boolean> | boolean) => {
        const deadline = Date.now() + 20_000;
        while (!(await done()) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };

      // Someone else took today's one place.
      const other = await conductor.receive(wrote("6281100000001@s.whatsapp.net", "halo"));
      await writeOutbox(
        database.db,
        keyring,
        { contactId: other.contactId, channel: "whatsapp", priority: 5, createdAt: clock() },
        [{ text: "pemberitahuan lain" }],
      );
      await dispatch(other.contactId, 5);
      await until(() => whatsapp.sent.some((s) => s.text === "pemberitahuan lain"));

      const address = "6281100000002@s.whatsapp.net";
      const first = await conductor.receive(wrote(address, "halo"));
      const to = (text: string) =>
        whatsapp.sent.some((s) => s.address === address && s.text === text);
      await until(() => first.replies.every((r) => to(r.text)));
      await writeOutbox(
        database.db,
        keyring,
        { contactId: first.contactId, channel: "whatsapp", priority: 5, createdAt: clock() },
        [{ text: "pemberitahuan" }],
      );
      await dispatch(first.contactId, 5);
      await until(() => delayed.some((seconds) => seconds > 3600));
      expect((await rows(database, first.contactId)).at(-1)).toMatchObject({
        status: "pending",
        lastError: "daily_cap",
      });

      const toThem = () => whatsapp.sent.filter((s) => s.address === address).map((s) => s.text);
      const before = toThem().length;
      const again = await conductor.receive(wrote(address, "menu"));
      const expected = again.replies.map((r) => r.text);
      await until(() => toThem().length >= before + expected.length);
      expect(toThem().slice(before)).toEqual(expected);
      expect(toThem()).not.toContain("pemberitahuan");
    } finally {
      await queue.stop();
    }
  });
});
