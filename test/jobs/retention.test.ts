import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createJobQueue } from "../../src/jobs/queue";
import {
  purgeExpiredData,
  retentionCron,
  retentionQueue,
  startRetentionJob,
} from "../../src/jobs/retention";
import type { AppDatabase } from "../../src/storage/database";
import { abandonedDrafts, contacts, outbox } from "../../src/storage/schema";
import { fixedClock, silentLog } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const now = new Date("2026-11-20T03:17:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const daysAgo = (days: number) => hoursAgo(days * 24);

let database: AppDatabase;
let n = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

// Every purge sweeps the whole database, so each test starts from empty tables.
beforeEach(async () => {
  await database.db.delete(abandonedDrafts);
  await database.db.delete(outbox);
  await database.db.delete(contacts);
});

async function insertContact(): Promise<string> {
  const [row] = await database.db
    .insert(contacts)
    .values({
      channel: "webchat",
      addressIndex: `retention-${process.pid}-${++n}`,
      addressSealed: "sealed-address",
    })
    .returning({ id: contacts.id });
  if (!row) throw new Error("contact not inserted");
  return row.id;
}

async function insertDrafts(contactId: string, ages: Date[]) {
  await database.db.insert(abandonedDrafts).values(
    ages.map((createdAt, i) => ({
      contactId,
      flowId: "lapor",
      reason: "expired",
      dataSealed: `draft-${i}`,
      createdAt,
    })),
  );
}

/** The four kinds of outbox row the purge tells apart, labelled by their payload. */
async function insertOutboxRows(contactId: string) {
  const base = { contactId, channel: "webchat" };
  await database.db.insert(outbox).values([
    {
      ...base,
      payloadSealed: "sent-old",
      status: "sent",
      createdAt: daysAgo(2),
      sentAt: daysAgo(2),
    },
    {
      ...base,
      payloadSealed: "sent-recent",
      status: "sent",
      createdAt: hoursAgo(1),
      sentAt: hoursAgo(1),
    },
    // Pending for days (e.g. the channel is switched off): still to be sent, so kept.
    { ...base, payloadSealed: "pending", status: "pending", createdAt: daysAgo(3) },
    { ...base, payloadSealed: "failed-old", status: "failed", createdAt: daysAgo(2) },
    { ...base, payloadSealed: "failed-recent", status: "failed", createdAt: hoursAgo(1) },
  ]);
}

async function draftCreatedTimes() {
  const rows = await database.db
    .select({ createdAt: abandonedDrafts.createdAt })
    .from(abandonedDrafts)
    .orderBy(asc(abandonedDrafts.createdAt));
  return rows.map((row) => row.createdAt.toISOString());
}

async function outboxPayloads() {
  const rows = await database.db
    .select({ status: outbox.status, payload: outbox.payloadSealed })
    .from(outbox)
    .orderBy(asc(outbox.id));
  return rows;
}

describe(`retention purge on ${testDatabaseKind}`, () => {
  it("deletes drafts past the retention period and keeps recent ones", async () => {
    const contactId = await insertContact();
    await insertDrafts(contactId, [daysAgo(40), daysAgo(31), daysAgo(29), hoursAgo(1)]);
    const report = await purgeExpiredData(database.db, { now, draftRetentionDays: 30 });
    expect(report).toEqual({ drafts: 2, outboxPayloads: 0 });
    expect(await draftCreatedTimes()).toEqual([
      daysAgo(29).toISOString(),
      hoursAgo(1).toISOString(),
    ]);
  });

  it("blanks old sent and old failed payloads, keeping the rows, recent ones and pending ones", async () => {
    const contactId = await insertContact();
    await insertOutboxRows(contactId);
    const report = await purgeExpiredData(database.db, { now, draftRetentionDays: 30 });
    expect(report).toEqual({ drafts: 0, outboxPayloads: 2 });
    expect(await outboxPayloads()).toEqual([
      { status: "sent", payload: null },
      { status: "sent", payload: "sent-recent" },
      { status: "pending", payload: "pending" },
      { status: "failed", payload: null },
      { status: "failed", payload: "failed-recent" },
    ]);
  });

  it("honours a shorter outbox payload window", async () => {
    const contactId = await insertContact();
    await insertOutboxRows(contactId);
    const report = await purgeExpiredData(database.db, {
      now,
      draftRetentionDays: 30,
      outboxPayloadHours: 0.5,
    });
    expect(report).toEqual({ drafts: 0, outboxPayloads: 4 });
    expect((await outboxPayloads()).map((row) => row.payload)).toEqual([
      null,
      null,
      "pending",
      null,
      null,
    ]);
  });

  it("returns zeros when run again", async () => {
    const contactId = await insertContact();
    await insertDrafts(contactId, [daysAgo(40), hoursAgo(1)]);
    await insertOutboxRows(contactId);
    const options = { now, draftRetentionDays: 30 };
    expect(await purgeExpiredData(database.db, options)).toEqual({ drafts: 1, outboxPayloads: 2 });
    expect(await purgeExpiredData(database.db, options)).toEqual({ drafts: 0, outboxPayloads: 0 });
    expect(await draftCreatedTimes()).toHaveLength(1);
  });

  it("purges a backlog larger than the batch size completely", async () => {
    const contactId = await insertContact();
    // 7 old drafts in batches of 3: two full batches and a short one.
    await insertDrafts(contactId, [
      ...Array.from({ length: 7 }, (_, i) => daysAgo(31 + i)),
      hoursAgo(1),
    ]);
    await database.db.insert(outbox).values(
      Array.from({ length: 6 }, (_, i) => ({
        contactId,
        channel: "webchat",
        payloadSealed: `old-${i}`,
        status: "sent",
        createdAt: daysAgo(3),
        sentAt: daysAgo(2),
      })),
    );
    const report = await purgeExpiredData(database.db, {
      now,
      draftRetentionDays: 30,
      batchSize: 3,
    });
    // 6 outbox rows are exactly two full batches: the loop must still stop after an empty one.
    expect(report).toEqual({ drafts: 7, outboxPayloads: 6 });
    expect(await draftCreatedTimes()).toEqual([hoursAgo(1).toISOString()]);
    const [left] = await database.db
      .select({ count: sql<number>`count(*)::int` })
      .from(outbox)
      .where(sql`${outbox.payloadSealed} is not null`);
    expect(left?.count).toBe(0);
    expect((await outboxPayloads()).length).toBe(6);
  });

  it("rejects a batch size that would never make progress", async () => {
    await expect(
      purgeExpiredData(database.db, { now, draftRetentionDays: 30, batchSize: 0 }),
    ).rejects.toThrow(RangeError);
  });

  it("startRetentionJob schedules a daily purge, and its job purges", async () => {
    const clock = fixedClock(now.toISOString());
    const contactId = await insertContact();
    await insertDrafts(contactId, [daysAgo(40), hoursAgo(1)]);
    const queue = createJobQueue({ database, log: silentLog });
    await queue.start();
    try {
      await startRetentionJob(queue, { database, clock, draftRetentionDays: 30, log: silentLog });
      const result = await database.db.execute(
        sql`select cron, timezone from pgboss.schedule where name = ${retentionQueue}`,
      );
      // PGlite's drizzle driver returns { rows }, postgres.js an array of rows.
      const rows = Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows;
      expect(rows).toEqual([{ cron: retentionCron, timezone: "UTC" }]);

      // What the cron would send, sent now: the worker runs the purge.
      await queue.send(retentionQueue, {});
      const deadline = Date.now() + 10_000;
      while ((await draftCreatedTimes()).length > 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await draftCreatedTimes()).toEqual([hoursAgo(1).toISOString()]);
    } finally {
      await queue.stop();
    }
  });
});
