import { and, countDistinct, eq, gt, gte, lt, max, sql } from "drizzle-orm";
import { outboxPriority } from "../../conversations/outbox";
import type { OutboundPacing, PacedSend } from "../../jobs/outbox-sender";
import type { Logger } from "../../logger";
import type { Db } from "../../storage/database";
import { broadcastRecipients, outbox } from "../../storage/schema";

/** WIB is UTC+7 all year (no daylight saving). */
const wibOffsetMs = 7 * 3_600_000;
const dayMs = 86_400_000;

/** The instant the WIB calendar day containing `at` began (00:00 WIB). */
export function wibDayStart(at: Date): Date {
  return new Date(Math.floor((at.getTime() + wibOffsetMs) / dayMs) * dayMs - wibOffsetMs);
}

export interface WhatsAppPacingDeps {
  db: Db;
  log: Logger;
  clock: () => Date;
  /** Unique recipients of business-initiated messages per WIB day (WHATSAPP_DAILY_CAP). */
  dailyCap: number;
  /** Least time between two business-initiated messages (WHATSAPP_NOTICE_GAP_SECONDS). */
  gapSeconds: number;
  /** Random extra on top of each gap, as a fraction of it: 0.5 = +0–50 %. */
  jitter?: number;
  /** [0, 1), like Math.random. */
  random?: () => number;
}

/** A slot promised to a held contact is dropped when it comes back this late (or never). */
const promiseStaleMs = 10 * 60_000;

/**
 * Ban-aware pacing of business-initiated WhatsApp messages (status updates, broadcasts:
 * outbox priority above `reply`), for the outbox sender (ADR 0006, issue 5):
 *
 * - only to contacts who wrote first (`lastInboundAt` set), else refused;
 * - one at a time across the number, each at least the gap plus a random 0–jitter share of it
 *   after the previous one, so never a fixed interval and never a burst after a pause;
 * - at most `dailyCap` unique recipients per WIB day. The count and the last send time come
 *   from the outbox itself (sent WhatsApp rows with priority > 0 since 00:00 WIB), so they
 *   survive a restart and are the same for every instance. Over the cap a message is held
 *   until 00:00 WIB, never dropped; a recipient already counted today is not counted again.
 *
 * A held contact is promised the next free slot, and later ones line up behind it, so N held
 * messages wake one after another instead of all at once. Replies (priority 0) pass straight
 * through: no lock, no query, no wait.
 */
export function createWhatsAppPacing(deps: WhatsAppPacingDeps): OutboundPacing {
  const gapMs = deps.gapSeconds * 1000;
  const jitter = deps.jitter ?? 0.5;
  const random = deps.random ?? Math.random;
  const log = deps.log.child({ module: "whatsapp-pacing" });

  /** The last business-initiated send: by this process, or (from the outbox) by any. */
  let lastAttemptAt: number | undefined;
  /** The jittered gap after it, drawn once per send. */
  let nextGap = 0;
  /** Held contacts and the slot each was told to come back at; later ones line up behind. */
  const promises = new Map<string, number>();
  let tail: number | undefined;
  let warnedDay: number | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  // Whole milliseconds, rounded up: a slot must never fall a fraction before its gap ends.
  const jitteredGap = () => Math.ceil(gapMs * (1 + jitter * random()));

  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = chain.then(task, task);
    chain = run.catch(() => {});
    return run;
  }

  function recomputeTail() {
    tail = promises.size === 0 ? undefined : Math.max(...promises.values());
  }

  function forget(contactId: string) {
    const slot = promises.get(contactId);
    if (slot === undefined) return;
    promises.delete(contactId);
    if (slot === tail) recomputeTail();
  }

  function forgetStale(now: number) {
    let changed = false;
    for (const [contactId, slot] of promises) {
      if (slot < now - promiseStaleMs) {
        promises.delete(contactId);
        changed = true;
      }
    }
    if (changed) recomputeTail();
  }

  /**
   * Business-initiated WhatsApp messages sent today: outbox notices and broadcast sends, one
   * query (outbox_pending_idx, broadcast_recipients_sent_idx).
   */
  async function today(contactId: string, dayStart: Date) {
    const dayEnd = new Date(dayStart.getTime() + 86_400_000);
    const sent = deps.db
      .select({ contactId: outbox.contactId, sentAt: outbox.sentAt })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, "sent"),
          gt(outbox.priority, outboxPriority.reply),
          eq(outbox.channel, "whatsapp"),
          gte(outbox.sentAt, dayStart),
          lt(outbox.sentAt, dayEnd),
        ),
      )
      .unionAll(
        deps.db
          .select({ contactId: broadcastRecipients.contactId, sentAt: broadcastRecipients.sentAt })
          .from(broadcastRecipients)
          .where(
            and(
              eq(broadcastRecipients.channel, "whatsapp"),
              gte(broadcastRecipients.sentAt, dayStart),
              lt(broadcastRecipients.sentAt, dayEnd),
            ),
          ),
      )
      .as("sent_today");
    const [row] = await deps.db
      .select({
        recipients: countDistinct(sent.contactId),
        counted: sql<boolean>`coalesce(bool_or(${sent.contactId} = ${contactId}::uuid), false)`,
        lastSentAt: max(sent.sentAt),
      })
      .from(sent);
    return {
      recipients: Number(row?.recipients ?? 0),
      counted: row?.counted === true,
      lastSentAt: row?.lastSentAt ? new Date(row.lastSentAt).getTime() : undefined,
    };
  }

  /**
   * When `contactId` may send. A promised slot was already spaced with jitter from the one
   * before it, so then only the bare gap since the last send is enforced (a late wake-up).
   * Anyone else takes the next free slot: the jittered gap after the last send, and after
   * everyone already waiting.
   */
  function slotFor(contactId: string, now: number): number {
    const since = (gap: number) =>
      lastAttemptAt === undefined ? Number.NEGATIVE_INFINITY : lastAttemptAt + gap;
    const promised = promises.get(contactId);
    if (promised !== undefined) return Math.max(promised, since(gapMs));
    const slot = Math.max(
      now,
      since(nextGap),
      tail === undefined ? Number.NEGATIVE_INFINITY : tail + jitteredGap(),
    );
    if (slot > now) {
      promises.set(contactId, slot);
      tail = tail === undefined ? slot : Math.max(tail, slot);
    }
    return slot;
  }

  return {
    async send(request, deliver): Promise<PacedSend> {
      if (request.priority <= outboxPriority.reply) {
        return { outcome: "delivered", result: await deliver() };
      }
      if (request.lastInboundAt === null) return { outcome: "refused", reason: "never_wrote" };
      return exclusive(async (): Promise<PacedSend> => {
        const now = deps.clock().getTime();
        forgetStale(now);
        const dayStart = wibDayStart(new Date(now));
        const sent = await today(request.contactId, dayStart);
        // Sent before a restart, or by another instance: space from that one too.
        if (sent.lastSentAt !== undefined && (lastAttemptAt ?? -1) < sent.lastSentAt) {
          lastAttemptAt = sent.lastSentAt;
          nextGap = jitteredGap();
        }
        if (!sent.counted && sent.recipients >= deps.dailyCap) {
          forget(request.contactId);
          const until = new Date(dayStart.getTime() + dayMs);
          if (warnedDay !== dayStart.getTime()) {
            warnedDay = dayStart.getTime();
            log.warn(
              { dailyCap: deps.dailyCap, resumesAt: until.toISOString() },
              "WhatsApp daily cap reached; business-initiated messages wait for the next WIB day",
            );
          }
          return { outcome: "held", until, reason: "daily_cap" };
        }
        const slot = slotFor(request.contactId, now);
        if (slot > now) return { outcome: "held", until: new Date(slot), reason: "paced" };
        forget(request.contactId);
        try {
          return { outcome: "delivered", result: await deliver() };
        } finally {
          // A refused or failed send still reached WhatsApp: the next one waits all the same.
          lastAttemptAt = deps.clock().getTime();
          nextGap = jitteredGap();
        }
      });
    },
  };
}
