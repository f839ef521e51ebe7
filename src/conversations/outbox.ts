import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { ChannelId, OutboundMessage } from "../channels/types";
import type { Keyring } from "../privacy/keyring";
import type { DbOrTx } from "../storage/database";
import { outbox } from "../storage/schema";

/** Replies to what a person just wrote go before anything sent in bulk. */
export const outboxPriority = { reply: 0, notice: 5, bulk: 10 } as const;

const payloadAad = "outbox.payload";

export interface StoredOutboundMessage extends OutboundMessage {
  id: number;
}

export async function writeOutbox(
  tx: DbOrTx,
  keyring: Keyring,
  entry: {
    contactId: string;
    channel: ChannelId;
    inboundId?: number;
    priority?: number;
    createdAt: Date;
  },
  messages: OutboundMessage[],
): Promise<StoredOutboundMessage[]> {
  if (messages.length === 0) return [];
  const rows = await tx
    .insert(outbox)
    .values(
      messages.map((message) => ({
        contactId: entry.contactId,
        channel: entry.channel,
        inboundId: entry.inboundId ?? null,
        priority: entry.priority ?? outboxPriority.reply,
        payloadSealed: keyring.sealJson(message, payloadAad),
        createdAt: entry.createdAt,
      })),
    )
    .returning({ id: outbox.id });
  return rows.map((row, i) => ({ id: row.id, ...(messages[i] as OutboundMessage) }));
}

function openPayload(keyring: Keyring, sealed: string | null): OutboundMessage | undefined {
  return sealed === null ? undefined : keyring.openJson<OutboundMessage>(sealed, payloadAad);
}

function opened(
  keyring: Keyring,
  rows: { id: number; payloadSealed: string | null }[],
): StoredOutboundMessage[] {
  const messages: StoredOutboundMessage[] = [];
  for (const row of rows) {
    const payload = openPayload(keyring, row.payloadSealed);
    if (payload) messages.push({ id: row.id, ...payload });
  }
  return messages;
}

/** The replies written for one inbound message (a redelivered duplicate gets them again). */
export async function repliesTo(
  db: DbOrTx,
  keyring: Keyring,
  inboundId: number,
): Promise<StoredOutboundMessage[]> {
  const rows = await db
    .select({ id: outbox.id, payloadSealed: outbox.payloadSealed })
    .from(outbox)
    .where(eq(outbox.inboundId, inboundId))
    .orderBy(asc(outbox.id));
  return opened(keyring, rows);
}

/**
 * A pull channel's mailbox (the web chat): messages after a cursor, or the latest ones.
 * Purged payloads are skipped, not shown empty.
 */
export async function readMailbox(
  db: DbOrTx,
  keyring: Keyring,
  contactId: string,
  options: { after?: number; limit: number },
): Promise<{ messages: StoredOutboundMessage[]; cursor: number }> {
  const condition =
    options.after === undefined
      ? eq(outbox.contactId, contactId)
      : and(eq(outbox.contactId, contactId), gt(outbox.id, options.after));
  const rows = await db
    .select({ id: outbox.id, payloadSealed: outbox.payloadSealed })
    .from(outbox)
    .where(condition)
    .orderBy(options.after === undefined ? desc(outbox.id) : asc(outbox.id))
    .limit(options.limit);
  if (options.after === undefined) rows.reverse();
  const cursor = rows.at(-1)?.id ?? options.after ?? 0;
  return { messages: opened(keyring, rows), cursor };
}

export interface PendingOutbound extends StoredOutboundMessage {
  contactId: string;
  channel: ChannelId;
  attempts: number;
}

/**
 * Due messages of one contact, in the order they must arrive. A message held back (rate
 * limit, retry) holds back the ones after it, so the person never reads them out of order.
 */
export async function takeDueForContact(
  db: DbOrTx,
  keyring: Keyring,
  contactId: string,
  now: Date,
  limit = 20,
): Promise<PendingOutbound[]> {
  const rows = await db
    .select({
      id: outbox.id,
      contactId: outbox.contactId,
      channel: outbox.channel,
      attempts: outbox.attempts,
      notBefore: outbox.notBefore,
      payloadSealed: outbox.payloadSealed,
    })
    .from(outbox)
    .where(and(eq(outbox.contactId, contactId), eq(outbox.status, "pending")))
    .orderBy(asc(outbox.priority), asc(outbox.id))
    .limit(limit);
  const pending: PendingOutbound[] = [];
  for (const row of rows) {
    if (row.notBefore && row.notBefore > now) break;
    const payload = openPayload(keyring, row.payloadSealed);
    if (!payload) continue;
    pending.push({
      ...payload,
      id: row.id,
      contactId: row.contactId,
      channel: row.channel as ChannelId,
      attempts: row.attempts,
    });
  }
  return pending;
}

export async function markSent(tx: DbOrTx, ids: number[], at: Date) {
  if (ids.length === 0) return;
  await tx
    .update(outbox)
    .set({ status: "sent", sentAt: at, attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, ids));
}

export async function markRetry(tx: DbOrTx, id: number, notBefore: Date, error: string) {
  await tx
    .update(outbox)
    .set({ notBefore, lastError: error, attempts: sql`${outbox.attempts} + 1` })
    .where(eq(outbox.id, id));
}

export async function markFailed(tx: DbOrTx, ids: number[], error: string) {
  if (ids.length === 0) return;
  await tx
    .update(outbox)
    .set({ status: "failed", lastError: error, attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, ids));
}

/** Contacts with messages waiting longer than `olderThan`: the sweep nudges the sender again. */
export async function contactsWithStalePending(
  db: DbOrTx,
  now: Date,
  olderThan: Date,
  limit = 500,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ contactId: outbox.contactId })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "pending"),
        lte(outbox.createdAt, olderThan),
        or(isNull(outbox.notBefore), lte(outbox.notBefore, now)),
      ),
    )
    .limit(limit);
  return rows.map((row) => row.contactId);
}
