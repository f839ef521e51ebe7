import { eq } from "drizzle-orm";
import type { ChannelAdapter, ChannelId } from "../channels/types";
import { openContactAddress } from "../conversations/contacts";
import {
  contactsWithStalePending,
  markFailed,
  markRetry,
  markSent,
  takeDueForContact,
} from "../conversations/outbox";
import type { Logger } from "../logger";
import type { Keyring } from "../privacy/keyring";
import type { AppDatabase } from "../storage/database";
import { contacts } from "../storage/schema";
import type { JobQueue } from "./queue";

export const outboxDeliverQueue = "outbox-deliver";
export const outboxSweepQueue = "outbox-sweep";

export interface OutboxSenderDeps {
  database: AppDatabase;
  keyring: Keyring;
  adapters: Partial<Record<ChannelId, ChannelAdapter>>;
  log: Logger;
  clock: () => Date;
  /** Transient failures before a message is given up as failed. */
  maxAttempts?: number;
}

export interface DeliveryReport {
  sent: number;
  retryAfterMs?: number;
  failed: number;
}

/**
 * Delivers one contact's due outbox messages in order. Sending happens outside any
 * transaction (a network call must never hold the embedded database's only connection);
 * the per-contact job policy keeps two senders off one contact.
 */
export function createOutboxSender(deps: OutboxSenderDeps) {
  const maxAttempts = deps.maxAttempts ?? 8;
  const log = deps.log.child({ module: "outbox" });

  async function deliverContact(contactId: string): Promise<DeliveryReport> {
    const db = deps.database.db;
    const now = deps.clock();
    const [contact] = await db
      .select({ addressSealed: contacts.addressSealed, channel: contacts.channel })
      .from(contacts)
      .where(eq(contacts.id, contactId));
    const due = await takeDueForContact(db, deps.keyring, contactId, now);
    const report: DeliveryReport = { sent: 0, failed: 0 };
    if (!contact || due.length === 0) return report;
    const adapter = deps.adapters[contact.channel as ChannelId];
    if (!adapter) {
      // The channel is switched off; the messages wait until it is back.
      log.warn({ contactId, channel: contact.channel }, "no adapter for pending outbox messages");
      return report;
    }
    const address = openContactAddress(deps.keyring, contact.addressSealed);
    for (const [index, message] of due.entries()) {
      const result = await adapter.send(address, message);
      if (result.ok) {
        await markSent(db, [message.id], deps.clock());
        report.sent++;
        continue;
      }
      if (result.code === "UNREACHABLE") {
        const rest = due.slice(index).map((m) => m.id);
        await db.transaction(async (tx) => {
          await markFailed(tx, rest, "unreachable");
          await tx.update(contacts).set({ unreachableAt: now }).where(eq(contacts.id, contactId));
        });
        log.info({ contactId }, "contact unreachable; pending messages failed");
        report.failed += rest.length;
        return report;
      }
      const delay =
        result.code === "RATE_LIMITED"
          ? result.retryAfterMs
          : Math.min(60_000 * 2 ** message.attempts, 3_600_000);
      if (result.code === "TRANSIENT" && message.attempts + 1 >= maxAttempts) {
        await markFailed(db, [message.id], result.detail ?? "transient");
        report.failed++;
        continue;
      }
      // Later messages wait too, so the person reads them in order.
      await markRetry(db, message.id, new Date(now.getTime() + delay), result.code);
      report.retryAfterMs = delay;
      return report;
    }
    return report;
  }

  async function staleContacts(): Promise<string[]> {
    const now = deps.clock();
    return contactsWithStalePending(deps.database.db, now, new Date(now.getTime() - 15_000));
  }

  return { deliverContact, staleContacts };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;

/** pg-boss runs higher priorities first; the outbox uses 0 for replies, larger for bulk. */
function queuePriority(outboxPriority: number): number {
  return Math.max(0, 100 - outboxPriority);
}

/**
 * Wires the sender to the queue: a nudge job per contact, and a sweep every minute that
 * re-nudges anything left pending (a nudge lost in a crash loses no message).
 * Returns the conductor's `dispatch`.
 */
export async function startOutboxJobs(queue: JobQueue, sender: OutboxSender) {
  await queue.ensureQueue(outboxDeliverQueue, { policy: "stately", retryLimit: 5 });
  await queue.ensureQueue(outboxSweepQueue, { policy: "short" });
  const dispatch = async (contactId: string, priority: number, startAfterSeconds?: number) => {
    await queue.send(
      outboxDeliverQueue,
      { contactId },
      {
        singletonKey: contactId,
        priority: queuePriority(priority),
        ...(startAfterSeconds ? { startAfterSeconds } : {}),
      },
    );
  };
  await queue.work<{ contactId: string }>(outboxDeliverQueue, { batchSize: 10 }, async (jobs) => {
    for (const job of jobs) {
      const report = await sender.deliverContact(job.data.contactId);
      if (report.retryAfterMs !== undefined) {
        await dispatch(job.data.contactId, 0, Math.ceil(report.retryAfterMs / 1000));
      }
    }
  });
  await queue.work(outboxSweepQueue, { batchSize: 1 }, async () => {
    for (const contactId of await sender.staleContacts()) await dispatch(contactId, 0);
  });
  await queue.schedule(outboxSweepQueue, "* * * * *");
  return (contactId: string, priority: number) => dispatch(contactId, priority);
}
