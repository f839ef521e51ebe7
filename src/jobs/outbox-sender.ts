import { eq, inArray } from "drizzle-orm";
import type { ChannelAdapter, ChannelId, SendResult } from "../channels/types";
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
import { contacts, outbox } from "../storage/schema";
import type { JobQueue } from "./queue";

export const outboxDeliverQueue = "outbox-deliver";
export const outboxSweepQueue = "outbox-sweep";
/**
 * Delayed nudges: a held contact is woken through here, not by a delayed job in the deliver
 * queue, whose "stately" policy would then drop every nudge for that contact (a new reply
 * included) until the delayed job ran.
 */
export const outboxWakeQueue = "outbox-wake";

/** What a channel's pacing policy is told about one message before it goes out. */
export interface PacingRequest {
  contactId: string;
  /** `outboxPriority`: 0 answers what the person just wrote; higher is business-initiated. */
  priority: number;
  /** When the person last wrote to us; null when they never did. */
  lastInboundAt: Date | null;
}

export type PacedSend =
  /** `deliver` ran (and marked the message sent if it went); its answer. */
  | { outcome: "delivered"; result: SendResult }
  /** Not now: the message (and those after it) waits until `until`. Not counted as an attempt. */
  | { outcome: "held"; until: Date; reason: string }
  /** Never: the message is marked failed. */
  | { outcome: "refused"; reason: string };

/**
 * A channel's rules for when a message may go out (WhatsApp: `createWhatsAppPacing`). It
 * calls `deliver` itself, so it can keep sends one at a time.
 */
export interface OutboundPacing {
  send(request: PacingRequest, deliver: () => Promise<SendResult>): Promise<PacedSend>;
}

export interface OutboxSenderDeps {
  database: AppDatabase;
  keyring: Keyring;
  adapters: Partial<Record<ChannelId, ChannelAdapter>>;
  log: Logger;
  clock: () => Date;
  /** Transient failures before a message is given up as failed. */
  maxAttempts?: number;
  /** Per-channel pacing (WhatsApp's ban-aware rules); a channel without one sends at once. */
  pacing?: Partial<Record<ChannelId, OutboundPacing>>;
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
      .select({
        addressSealed: contacts.addressSealed,
        channel: contacts.channel,
        lastInboundAt: contacts.lastInboundAt,
      })
      .from(contacts)
      .where(eq(contacts.id, contactId));
    const due = await takeDueForContact(db, deps.keyring, contactId, now);
    const report: DeliveryReport = { sent: 0, failed: 0 };
    if (!contact || due.length === 0) return report;
    const channel = contact.channel as ChannelId;
    const adapter = deps.adapters[channel];
    if (!adapter) {
      // The channel is switched off; the messages wait until it is back.
      log.warn({ contactId, channel: contact.channel }, "no adapter for pending outbox messages");
      return report;
    }
    const pacing = deps.pacing?.[channel];
    const priorities = pacing ? await priorityOf(due.map((m) => m.id)) : new Map<number, number>();
    const address = openContactAddress(deps.keyring, contact.addressSealed);
    for (const [index, message] of due.entries()) {
      const deliver = async (): Promise<SendResult> => {
        const result = await adapter.send(address, message);
        if (result.ok) await markSent(db, [message.id], deps.clock());
        return result;
      };
      const paced: PacedSend = pacing
        ? await pacing.send(
            {
              contactId,
              priority: priorities.get(message.id) ?? 0,
              lastInboundAt: contact.lastInboundAt,
            },
            deliver,
          )
        : { outcome: "delivered", result: await deliver() };
      if (paced.outcome === "refused") {
        await markFailed(db, [message.id], paced.reason);
        log.warn({ contactId, channel, reason: paced.reason }, "outbox message refused by pacing");
        report.failed++;
        continue;
      }
      if (paced.outcome === "held") {
        // Later messages wait behind it (takeDueForContact stops at it): order is kept.
        await db
          .update(outbox)
          .set({ notBefore: paced.until, lastError: paced.reason })
          .where(eq(outbox.id, message.id));
        report.retryAfterMs = Math.max(0, paced.until.getTime() - deps.clock().getTime());
        return report;
      }
      const result = paced.result;
      if (result.ok) {
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

  async function priorityOf(ids: number[]): Promise<Map<number, number>> {
    const rows = await deps.database.db
      .select({ id: outbox.id, priority: outbox.priority })
      .from(outbox)
      .where(inArray(outbox.id, ids));
    return new Map(rows.map((row) => [row.id, row.priority]));
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
 * Wires the sender to the queue: a nudge job per contact, a delayed wake-up for a contact whose
 * messages were held, and a sweep every minute that re-nudges anything left pending (a nudge
 * lost in a crash loses no message). Returns the conductor's `dispatch`.
 *
 * A held contact is woken through its own queue so the deliver queue never holds a delayed
 * job: with the "stately" policy one waiting job per contact would swallow every later nudge,
 * and a reply to what the person just wrote would wait for a notice's pacing or the daily cap.
 */
export async function startOutboxJobs(queue: JobQueue, sender: OutboxSender) {
  await queue.ensureQueue(outboxDeliverQueue, { policy: "stately", retryLimit: 5 });
  await queue.ensureQueue(outboxWakeQueue, { policy: "standard" });
  await queue.ensureQueue(outboxSweepQueue, { policy: "short" });
  const dispatch = async (contactId: string, priority: number) => {
    await queue.send(
      outboxDeliverQueue,
      { contactId },
      { singletonKey: contactId, priority: queuePriority(priority) },
    );
  };
  await queue.work<{ contactId: string }>(outboxDeliverQueue, { batchSize: 10 }, async (jobs) => {
    for (const job of jobs) {
      const report = await sender.deliverContact(job.data.contactId);
      if (report.retryAfterMs === undefined) continue;
      const startAfterSeconds = Math.ceil(report.retryAfterMs / 1000);
      if (startAfterSeconds <= 0) {
        await dispatch(job.data.contactId, 0);
      } else {
        await queue.send(outboxWakeQueue, { contactId: job.data.contactId }, { startAfterSeconds });
      }
    }
  });
  await queue.work<{ contactId: string }>(outboxWakeQueue, { batchSize: 10 }, async (jobs) => {
    for (const job of jobs) await dispatch(job.data.contactId, 0);
  });
  await queue.work(outboxSweepQueue, { batchSize: 1 }, async () => {
    for (const contactId of await sender.staleContacts()) await dispatch(contactId, 0);
  });
  await queue.schedule(outboxSweepQueue, "* * * * *");
  return dispatch;
}
