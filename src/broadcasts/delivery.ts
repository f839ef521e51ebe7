import { setTimeout as realSleep } from "node:timers/promises";
import { and, asc, eq, inArray, isNull, lte, min, notInArray, or, sql } from "drizzle-orm";
import type {
  ChannelAdapter,
  ChannelId,
  OutboundImage,
  OutboundMessage,
  SendResult,
} from "../channels/types";
import { openContactAddress } from "../conversations/contacts";
import { outboxPriority, writeOutbox } from "../conversations/outbox";
import type { OutboundPacing } from "../jobs/outbox-sender";
import type { Logger } from "../logger";
import type { Keyring } from "../privacy/keyring";
import type { AppDatabase } from "../storage/database";
import { broadcastRecipients, broadcasts, contacts, subscriptions } from "../storage/schema";
import { readBroadcastImage } from "./broadcast-image";
import { type Audience, audienceRecipients } from "./broadcasts";
import { type ChannelPace, createChannelPace, telegramPace } from "./channel-pace";

/**
 * Delivery of imbauan broadcasts: the fan-out (one `broadcast_recipients` row per recipient,
 * written when sending starts) and the sender that works through them at each channel's pace.
 *
 * Never twice: a row is claimed `pending → sending` (committed) right before its send, and only
 * the send's answer moves it on. A row still `sending` when a process starts (or when a send
 * throws) may or may not have gone out, so it becomes `uncertain` and is never sent again.
 */

export interface BroadcastDeliveryDeps {
  database: AppDatabase;
  keyring: Keyring;
  adapters: Partial<Record<ChannelId, ChannelAdapter>>;
  log: Logger;
  clock: () => Date;
  /** Waits `ms`; tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Send gates per channel, shared with the outbox; Telegram gets `telegramPace` when none is given. */
  paces?: Partial<Record<ChannelId, ChannelPace>>;
  /** WhatsApp's ban-aware pacing, the same object the outbox sender uses. */
  whatsappPacing?: OutboundPacing;
  /** Rows looked at per batch. */
  batchSize?: number;
  /** Sends in flight at once (each still waits for its slot). */
  concurrency?: number;
  /** 5xx / network failures before a recipient is given up as failed. */
  maxAttempts?: number;
}

export type BatchOutcome =
  | { kind: "more" }
  | { kind: "done" }
  /** Nothing due now; try again after `waitMs` (rate limit, backoff, pacing). */
  | { kind: "wait"; waitMs: number }
  /** Not sending (paused, cancelled, done, unknown). */
  | { kind: "stopped" };

interface Candidate {
  contactId: string;
  channel: ChannelId;
  addressSealed: string;
  lastInboundAt: Date | null;
  unreachableAt: Date | null;
  language: string | null;
  subscribed: boolean;
}

/** What every recipient of a broadcast is sent, in their language. */
interface BroadcastContent {
  text: string;
  textEn: string | null;
  image?: OutboundImage;
}

/** Where the web chat page fetches a broadcast's picture (`src/http/routes/chat.ts`). */
export const broadcastImagePath = (broadcastId: string) => `/chat/images/${broadcastId}`;

const backoffMs = (attempts: number) => Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 300_000);

export function createBroadcastDelivery(deps: BroadcastDeliveryDeps) {
  const db = deps.database.db;
  const log = deps.log.child({ module: "broadcasts" });
  const sleep = deps.sleep ?? ((ms: number) => realSleep(ms).then(() => {}));
  const batchSize = deps.batchSize ?? 50;
  const concurrency = Math.max(1, deps.concurrency ?? 8);
  const maxAttempts = deps.maxAttempts ?? 5;
  const paces: Partial<Record<ChannelId, ChannelPace>> = {
    telegram: createChannelPace({ ...telegramPace, clock: deps.clock, sleep }),
    ...deps.paces,
  };
  /** Channels told to wait without a pace of their own (WhatsApp pacing, a missing adapter). */
  const holds = new Map<ChannelId, number>();
  const now = () => deps.clock().getTime();

  /** No send on `channel` before `until` (a 429's retry_after). */
  const waitOut = (channel: ChannelId, until: number) => {
    const pace = paces[channel];
    if (pace) pace.block(until);
    else holds.set(channel, Math.max(holds.get(channel) ?? 0, until));
  };

  const blockedUntil = (channel: ChannelId) =>
    Math.max(paces[channel]?.blockedUntil() ?? 0, holds.get(channel) ?? 0);

  /** Writes the recipient rows once, when sending starts. Returns how many there are. */
  async function fanOut(broadcastId: string): Promise<number> {
    return db.transaction(async (tx) => {
      const [row] = await tx
        .select({
          state: broadcasts.state,
          startedAt: broadcasts.startedAt,
          audience: broadcasts.audience,
        })
        .from(broadcasts)
        .where(eq(broadcasts.id, broadcastId))
        .for("update");
      if (row?.state !== "sending" || row.startedAt !== null) return 0;
      const recipients = await audienceRecipients(tx, row.audience as Audience);
      for (let i = 0; i < recipients.length; i += 500) {
        await tx
          .insert(broadcastRecipients)
          .values(
            recipients.slice(i, i + 500).map((r) => ({
              broadcastId,
              contactId: r.contactId,
              channel: r.channel,
              state: "pending",
            })),
          )
          .onConflictDoNothing();
      }
      await tx
        .update(broadcasts)
        .set({ startedAt: deps.clock() })
        .where(eq(broadcasts.id, broadcastId));
      log.info({ broadcastId, recipients: recipients.length }, "broadcast fanned out");
      return recipients.length;
    });
  }

  async function setRow(
    broadcastId: string,
    contactId: string,
    set: Partial<typeof broadcastRecipients.$inferInsert>,
    from = "sending",
  ) {
    await db
      .update(broadcastRecipients)
      .set(set)
      .where(
        and(
          eq(broadcastRecipients.broadcastId, broadcastId),
          eq(broadcastRecipients.contactId, contactId),
          eq(broadcastRecipients.state, from),
        ),
      );
  }

  /**
   * A claimed row that never went out goes back to pending; the attempt is not counted (the
   * platform's limit, a pause or the pacing held it, not the recipient).
   */
  async function unclaim(
    broadcastId: string,
    contactId: string,
    attempts: number,
    retry: { notBefore?: Date; lastError?: string } = {},
  ) {
    await setRow(broadcastId, contactId, {
      state: "pending",
      attempts: Math.max(0, attempts - 1),
      ...retry,
    });
  }

  async function stillSending(broadcastId: string): Promise<boolean> {
    const [row] = await db
      .select({ state: broadcasts.state })
      .from(broadcasts)
      .where(eq(broadcasts.id, broadcastId));
    return row?.state === "sending";
  }

  /** pending → sending, committed; false when someone else took (or closed) the row. */
  async function claim(broadcastId: string, contactId: string): Promise<number | undefined> {
    const [row] = await db
      .update(broadcastRecipients)
      .set({ state: "sending", attempts: sql`${broadcastRecipients.attempts} + 1` })
      .where(
        and(
          eq(broadcastRecipients.broadcastId, broadcastId),
          eq(broadcastRecipients.contactId, contactId),
          eq(broadcastRecipients.state, "pending"),
        ),
      )
      .returning({ attempts: broadcastRecipients.attempts });
    return row?.attempts;
  }

  async function record(
    broadcastId: string,
    candidate: Candidate,
    attempts: number,
    result: SendResult,
  ): Promise<void> {
    const { contactId, channel } = candidate;
    const at = deps.clock();
    if (result.ok) {
      await setRow(broadcastId, contactId, { state: "sent", sentAt: at, lastError: null });
      return;
    }
    if (result.code === "UNREACHABLE") {
      await db.transaction(async (tx) => {
        await tx
          .update(broadcastRecipients)
          .set({ state: "unreachable", lastError: "unreachable" })
          .where(
            and(
              eq(broadcastRecipients.broadcastId, broadcastId),
              eq(broadcastRecipients.contactId, contactId),
              eq(broadcastRecipients.state, "sending"),
            ),
          );
        await tx.update(contacts).set({ unreachableAt: at }).where(eq(contacts.id, contactId));
      });
      return;
    }
    if (result.code === "RATE_LIMITED") {
      log.warn({ channel, retryAfterMs: result.retryAfterMs }, "channel rate limited; it waits");
      await unclaim(broadcastId, contactId, attempts, {
        notBefore: new Date(at.getTime() + result.retryAfterMs),
        lastError: "rate_limited",
      });
      return;
    }
    if (attempts >= maxAttempts) {
      await setRow(broadcastId, contactId, {
        state: "failed",
        lastError: result.detail ?? "transient",
      });
      return;
    }
    await setRow(broadcastId, contactId, {
      state: "pending",
      notBefore: new Date(at.getTime() + backoffMs(attempts)),
      lastError: "transient",
    });
  }

  function messageFor(
    broadcastId: string,
    broadcast: BroadcastContent,
    candidate: Candidate,
  ): OutboundMessage {
    const english = candidate.language === "en" && broadcast.textEn;
    const message: OutboundMessage = english
      ? { text: broadcast.textEn as string, language: "en" }
      : { text: broadcast.text, language: "id" };
    if (broadcast.image) {
      // A pull channel fetches the picture from us; the others are given its bytes.
      if (candidate.channel === "webchat") message.imageUrl = broadcastImagePath(broadcastId);
      else message.image = broadcast.image;
    }
    return message;
  }

  /** The broadcast's picture, read once per process (it never changes). */
  const images = new Map<number, OutboundImage>();
  async function imageOf(mediaId: number | null): Promise<OutboundImage | undefined> {
    if (mediaId === null) return undefined;
    const cached = images.get(mediaId);
    if (cached) return cached;
    const stored = await readBroadcastImage(db, deps.keyring, mediaId);
    if (!stored) return undefined;
    const image: OutboundImage = { ...stored, key: `media-${mediaId}` };
    if (images.size > 20) images.clear();
    images.set(mediaId, image);
    return image;
  }

  /** One recipient: checks, waits for its slot, claims, sends, records. */
  async function deliverOne(
    broadcastId: string,
    broadcast: BroadcastContent,
    candidate: Candidate,
  ): Promise<void> {
    const { contactId, channel } = candidate;
    if (!candidate.subscribed) {
      await setRow(
        broadcastId,
        contactId,
        { state: "skipped", lastError: "unsubscribed" },
        "pending",
      );
      return;
    }
    if (candidate.unreachableAt !== null) {
      await setRow(
        broadcastId,
        contactId,
        { state: "unreachable", lastError: "unreachable" },
        "pending",
      );
      return;
    }
    const adapter = deps.adapters[channel];
    if (!adapter) {
      holds.set(channel, now() + 60_000);
      return;
    }
    const message = messageFor(broadcastId, broadcast, candidate);

    if (channel === "webchat") {
      // A pull channel: the message is in the person's mailbox once written, so writing it and
      // marking the row sent are one transaction.
      await db.transaction(async (tx) => {
        const updated = await tx
          .update(broadcastRecipients)
          .set({ state: "sent", sentAt: deps.clock(), attempts: 1 })
          .where(
            and(
              eq(broadcastRecipients.broadcastId, broadcastId),
              eq(broadcastRecipients.contactId, contactId),
              eq(broadcastRecipients.state, "pending"),
            ),
          )
          .returning({ contactId: broadcastRecipients.contactId });
        if (updated.length === 0) return;
        await writeOutbox(
          tx,
          deps.keyring,
          { contactId, channel, priority: outboxPriority.bulk, createdAt: deps.clock() },
          [message],
        );
      });
      return;
    }

    const pace = paces[channel];
    if (pace) {
      const wait = pace.chatFreeAt(contactId) - now();
      if (wait > 0) await sleep(wait);
    }
    if (blockedUntil(channel) > now()) return; // a 429 came meanwhile: it stays pending
    // Claimed before its slot, so the committed write is not between the slot and the send.
    const attempts = await claim(broadcastId, contactId);
    if (attempts === undefined) return;
    const answered = pace ? await pace.take("bulk", contactId) : () => {};
    try {
      // A 429 may have come while it waited for the slot: back to pending, not sent.
      if (blockedUntil(channel) > now()) {
        await unclaim(broadcastId, contactId, attempts, {
          notBefore: new Date(blockedUntil(channel)),
        });
        return;
      }
      // Paused or cancelled while it waited: nothing more goes out (one primary-key read).
      if (!(await stillSending(broadcastId))) {
        await unclaim(broadcastId, contactId, attempts);
        return;
      }
      await sendClaimed(broadcastId, candidate, message, attempts, answered);
    } finally {
      answered();
    }
  }

  /** Sends a claimed row and records the answer; a throw makes it uncertain. */
  async function sendClaimed(
    broadcastId: string,
    candidate: Candidate,
    message: OutboundMessage,
    attempts: number,
    answered: () => void,
  ): Promise<void> {
    const { contactId, channel } = candidate;
    const adapter = deps.adapters[channel] as ChannelAdapter;
    const address = openContactAddress(deps.keyring, candidate.addressSealed);

    let result: SendResult;
    try {
      if (channel === "whatsapp" && deps.whatsappPacing) {
        const paced = await deps.whatsappPacing.send(
          { contactId, priority: outboxPriority.bulk, lastInboundAt: candidate.lastInboundAt },
          async () => {
            const sent = await adapter.send(address, message);
            // Recorded while the pacing still holds its turn, so the next send's daily count has it.
            if (sent.ok) {
              await setRow(broadcastId, contactId, {
                state: "sent",
                sentAt: deps.clock(),
                lastError: null,
              });
            }
            return sent;
          },
        );
        if (paced.outcome === "refused") {
          await setRow(broadcastId, contactId, { state: "failed", lastError: paced.reason });
          return;
        }
        if (paced.outcome === "held") {
          // Never went out: back to pending, and WhatsApp waits for the slot it was given.
          holds.set(channel, paced.until.getTime());
          await unclaim(broadcastId, contactId, attempts, {
            notBefore: paced.until,
            lastError: paced.reason,
          });
          return;
        }
        result = paced.result;
      } else {
        result = await adapter.send(address, message);
      }
    } catch (error) {
      answered();
      // It may have gone out: never again.
      log.error({ broadcastId, channel, error: String(error) }, "broadcast send threw; uncertain");
      await setRow(broadcastId, contactId, { state: "uncertain", lastError: "send_threw" });
      return;
    }
    // The channel is blocked before the slot is given back, so no send slips into a retry_after.
    if (!result.ok && result.code === "RATE_LIMITED") {
      waitOut(channel, deps.clock().getTime() + result.retryAfterMs);
    }
    answered();
    await record(broadcastId, candidate, attempts, result);
  }

  /** Delivers one batch of due recipients of a `sending` broadcast. */
  async function deliverBatch(broadcastId: string): Promise<BatchOutcome> {
    const [broadcast] = await db
      .select({
        state: broadcasts.state,
        text: broadcasts.text,
        textEn: broadcasts.textEn,
        imageMediaId: broadcasts.imageMediaId,
        startedAt: broadcasts.startedAt,
      })
      .from(broadcasts)
      .where(eq(broadcasts.id, broadcastId));
    if (broadcast?.state !== "sending") return { kind: "stopped" };
    const image = await imageOf(broadcast.imageMediaId);
    const content: BroadcastContent = {
      text: broadcast.text,
      textEn: broadcast.textEn,
      ...(image ? { image } : {}),
    };
    if (broadcast.startedAt === null) await fanOut(broadcastId);

    const at = now();
    const blocked = (["telegram", "whatsapp", "webchat"] as ChannelId[]).filter(
      (channel) => blockedUntil(channel) > at,
    );
    const rows = await db
      .select({
        contactId: broadcastRecipients.contactId,
        channel: broadcastRecipients.channel,
        addressSealed: contacts.addressSealed,
        lastInboundAt: contacts.lastInboundAt,
        unreachableAt: contacts.unreachableAt,
        language: subscriptions.language,
        unsubscribedAt: subscriptions.unsubscribedAt,
        subscribedContact: subscriptions.contactId,
      })
      .from(broadcastRecipients)
      .innerJoin(contacts, eq(contacts.id, broadcastRecipients.contactId))
      .leftJoin(subscriptions, eq(subscriptions.contactId, broadcastRecipients.contactId))
      .where(
        and(
          eq(broadcastRecipients.broadcastId, broadcastId),
          eq(broadcastRecipients.state, "pending"),
          or(
            isNull(broadcastRecipients.notBefore),
            lte(broadcastRecipients.notBefore, new Date(at)),
          ),
          ...(blocked.length > 0 ? [notInArray(broadcastRecipients.channel, blocked)] : []),
        ),
      )
      .orderBy(asc(broadcastRecipients.contactId))
      .limit(batchSize);

    if (rows.length === 0) return finishOrWait(broadcastId, at);

    const queue: Candidate[] = rows.map((row) => ({
      contactId: row.contactId,
      channel: row.channel as ChannelId,
      addressSealed: row.addressSealed,
      lastInboundAt: row.lastInboundAt,
      unreachableAt: row.unreachableAt,
      language: row.language,
      subscribed: row.subscribedContact !== null && row.unsubscribedAt === null,
    }));
    const lane = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (blockedUntil(next.channel) > now()) continue;
        await deliverOne(broadcastId, content, next);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane));
    return { kind: "more" };
  }

  async function finishOrWait(broadcastId: string, at: number): Promise<BatchOutcome> {
    const [open] = await db
      .select({
        open: sql<number>`count(*)::int`,
        next: min(broadcastRecipients.notBefore),
      })
      .from(broadcastRecipients)
      .where(
        and(
          eq(broadcastRecipients.broadcastId, broadcastId),
          inArray(broadcastRecipients.state, ["pending", "sending"]),
        ),
      );
    if (Number(open?.open ?? 0) === 0) {
      await db
        .update(broadcasts)
        .set({ state: "done", finishedAt: deps.clock() })
        .where(and(eq(broadcasts.id, broadcastId), eq(broadcasts.state, "sending")));
      log.info({ broadcastId }, "broadcast done");
      return { kind: "done" };
    }
    const candidates = [
      open?.next ? new Date(open.next).getTime() : Number.POSITIVE_INFINITY,
      ...(["telegram", "whatsapp", "webchat"] as ChannelId[])
        .map(blockedUntil)
        .filter((until) => until > at),
    ];
    const soonest = Math.min(...candidates);
    // Rows being sent by another worker, or nothing dated: look again shortly.
    const waitMs = Number.isFinite(soonest) ? Math.max(50, soonest - at) : 1000;
    return { kind: "wait", waitMs };
  }

  /**
   * Delivers batch after batch for up to `budgetMs`, waiting in place for pauses shorter than
   * `maxInlineWaitMs`; returns what is left to do (the job re-queues itself on "more"/"wait").
   */
  async function run(
    broadcastId: string,
    options: { budgetMs?: number; maxInlineWaitMs?: number; stopping?: () => boolean } = {},
  ): Promise<BatchOutcome> {
    const budgetMs = options.budgetMs ?? 60_000;
    const maxInlineWaitMs = options.maxInlineWaitMs ?? 5_000;
    const started = now();
    for (;;) {
      const outcome = await deliverBatch(broadcastId);
      if (outcome.kind === "done" || outcome.kind === "stopped") return outcome;
      if (options.stopping?.() || now() - started >= budgetMs) return outcome;
      if (outcome.kind === "wait") {
        if (outcome.waitMs > maxInlineWaitMs) return outcome;
        await sleep(outcome.waitMs);
      }
    }
  }

  /**
   * At start-up (before any worker runs): every row left `sending` may have gone out, so it
   * becomes `uncertain` and is never sent again. Returns how many.
   */
  async function recoverInFlight(): Promise<number> {
    const rows = await db
      .update(broadcastRecipients)
      .set({ state: "uncertain", lastError: "in_flight_at_restart" })
      .where(eq(broadcastRecipients.state, "sending"))
      .returning({ contactId: broadcastRecipients.contactId });
    if (rows.length > 0)
      log.warn({ rows: rows.length }, "broadcast sends in flight at restart marked uncertain");
    return rows.length;
  }

  /** The test send to a staff member's own linked chat: true when it went out. */
  async function sendTest(
    contactId: string,
    content: { text: string; imageMediaId: number | null },
  ): Promise<boolean> {
    const [contact] = await db
      .select({ channel: contacts.channel, addressSealed: contacts.addressSealed })
      .from(contacts)
      .where(eq(contacts.id, contactId));
    const adapter = contact ? deps.adapters[contact.channel as ChannelId] : undefined;
    if (!contact || !adapter) return false;
    const image = await imageOf(content.imageMediaId);
    const result = await adapter.send(openContactAddress(deps.keyring, contact.addressSealed), {
      text: content.text,
      language: "id",
      ...(image ? { image } : {}),
    });
    return result.ok;
  }

  return { fanOut, deliverBatch, run, recoverInFlight, sendTest };
}

export type BroadcastDelivery = ReturnType<typeof createBroadcastDelivery>;
