import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelAdapter, OutboundMessage, SendResult } from "../../src/channels/types";
import { createOutboxSender, startOutboxJobs } from "../../src/jobs/outbox-sender";
import { createJobQueue } from "../../src/jobs/queue";
import type { AppDatabase } from "../../src/storage/database";
import { contacts, outbox } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  silentLog,
  testKeyring,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

/** A channel that records what it was asked to send and answers from a script. */
function recordingChannel(answers: SendResult[] = []) {
  const sent: { address: string; text: string }[] = [];
  const adapter: ChannelAdapter = {
    channel: "webchat",
    normalizeInbound: () => [],
    render: (message: OutboundMessage) => message,
    async send(address, message) {
      const answer = answers.shift() ?? { ok: true };
      if (answer.ok) sent.push({ address, text: message.text });
      return answer;
    },
    state: () => "ok",
  };
  return { adapter, sent };
}

let database: AppDatabase;
let n = 0;
const address = () => `outbox-test-${process.pid}-${++n}-xxxx`;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function statuses(contactId: string) {
  const rows = await database.db
    .select({ status: outbox.status })
    .from(outbox)
    .where(eq(outbox.contactId, contactId))
    .orderBy(outbox.id);
  return rows.map((row) => row.status);
}

describe(`outbox sender on ${testDatabaseKind}`, () => {
  it("delivers a contact's messages in order to its address, once", async () => {
    const keyring = testKeyring();
    const clock = fixedClock();
    const to = address();
    const { conductor } = await createTestConductor(database, { keyring, clock });
    const received = await conductor.receive(webchatMessage(to, "halo"));
    const channel = recordingChannel();
    const sender = createOutboxSender({
      database,
      keyring,
      adapters: { webchat: channel.adapter },
      log: silentLog,
      clock,
    });
    expect(await sender.deliverContact(received.contactId)).toEqual({ sent: 2, failed: 0 });
    expect(channel.sent.map((m) => m.address)).toEqual([to, to]);
    expect(channel.sent.map((m) => m.text)).toEqual(received.replies.map((r) => r.text));
    expect(await sender.deliverContact(received.contactId)).toEqual({ sent: 0, failed: 0 });
    expect(await statuses(received.contactId)).toEqual(["sent", "sent"]);
  });

  it("waits retry_after on a rate limit, keeping later messages behind the first", async () => {
    const keyring = testKeyring();
    const clock = fixedClock();
    const { conductor } = await createTestConductor(database, { keyring, clock });
    const received = await conductor.receive(webchatMessage(address(), "halo"));
    const channel = recordingChannel([{ ok: false, code: "RATE_LIMITED", retryAfterMs: 30_000 }]);
    const sender = createOutboxSender({
      database,
      keyring,
      adapters: { webchat: channel.adapter },
      log: silentLog,
      clock,
    });
    expect(await sender.deliverContact(received.contactId)).toEqual({
      sent: 0,
      failed: 0,
      retryAfterMs: 30_000,
    });
    expect(await sender.deliverContact(received.contactId)).toEqual({ sent: 0, failed: 0 });
    clock.advance(31_000);
    expect(await sender.deliverContact(received.contactId)).toEqual({ sent: 2, failed: 0 });
    expect(channel.sent.map((m) => m.text)).toEqual(received.replies.map((r) => r.text));
  });

  it("marks the contact unreachable and fails its pending messages when the channel says so", async () => {
    const keyring = testKeyring();
    const { conductor } = await createTestConductor(database, { keyring });
    const received = await conductor.receive(webchatMessage(address(), "halo"));
    const channel = recordingChannel([{ ok: false, code: "UNREACHABLE" }]);
    const sender = createOutboxSender({
      database,
      keyring,
      adapters: { webchat: channel.adapter },
      log: silentLog,
      clock: () => new Date(),
    });
    expect(await sender.deliverContact(received.contactId)).toEqual({ sent: 0, failed: 2 });
    expect(await statuses(received.contactId)).toEqual(["failed", "failed"]);
    const [contact] = await database.db
      .select({ unreachableAt: contacts.unreachableAt })
      .from(contacts)
      .where(eq(contacts.id, received.contactId));
    expect(contact?.unreachableAt).not.toBeNull();
  });

  it("retries a transient failure with backoff, gives up after the attempt limit, and goes on with the next", async () => {
    const keyring = testKeyring();
    const clock = fixedClock();
    const { conductor } = await createTestConductor(database, { keyring, clock });
    const received = await conductor.receive(webchatMessage(address(), "menu"));
    const failing = { ok: false, code: "TRANSIENT", detail: "502" } as const;
    const channel = recordingChannel([failing, failing]);
    const sender = createOutboxSender({
      database,
      keyring,
      adapters: { webchat: channel.adapter },
      log: silentLog,
      clock,
      maxAttempts: 2,
    });
    expect((await sender.deliverContact(received.contactId)).retryAfterMs).toBe(60_000);
    clock.advance(61_000);
    expect(await sender.deliverContact(received.contactId)).toEqual({ sent: 1, failed: 1 });
    expect(await statuses(received.contactId)).toEqual(["failed", "sent"]);
  });

  it("finds contacts whose messages were left pending, for the sweep", async () => {
    const keyring = testKeyring();
    const clock = fixedClock();
    const { conductor } = await createTestConductor(database, { keyring, clock });
    const received = await conductor.receive(webchatMessage(address(), "halo"));
    const sender = createOutboxSender({ database, keyring, adapters: {}, log: silentLog, clock });
    expect(await sender.staleContacts()).not.toContain(received.contactId);
    clock.advance(20_000);
    expect(await sender.staleContacts()).toContain(received.contactId);
  });

  it("delivers through the real queue after the conductor's nudge", async () => {
    const keyring = testKeyring();
    const queue = createJobQueue({ database, log: silentLog });
    await queue.start();
    try {
      const channel = recordingChannel();
      const sender = createOutboxSender({
        database,
        keyring,
        adapters: { webchat: channel.adapter },
        log: silentLog,
        clock: () => new Date(),
      });
      const dispatch = await startOutboxJobs(queue, sender);
      const { conductor } = await createTestConductor(database, {
        keyring,
        clock: () => new Date(),
        dispatch,
      });
      const received = await conductor.receive(webchatMessage(address(), "halo"));
      const deadline = Date.now() + 20_000;
      while (channel.sent.length < received.replies.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(channel.sent.map((m) => m.text)).toEqual(received.replies.map((r) => r.text));
      expect(await statuses(received.contactId)).toEqual(["sent", "sent"]);
    } finally {
      await queue.stop();
    }
  });
});
