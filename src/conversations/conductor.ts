import { createHash } from "node:crypto";
import { and, count, eq, gt } from "drizzle-orm";
import type { ChannelId, InboundMessage } from "../channels/types";
import { detectLanguage } from "../engine/language";
import type { Engine } from "../engine/runtime";
import type { EngineEvent, EngineInput, JsonValue, Language, Say, Session } from "../engine/types";
import type { Translator } from "../i18n/translator";
import type { Logger } from "../logger";
import type { Keyring } from "../privacy/keyring";
import { staffForContact } from "../staff/telegram-link";
import type { AppDatabase, Tx } from "../storage/database";
import { contacts, inboundMessages, media } from "../storage/schema";
import { lockContact, markContactSeen } from "./contacts";
import { outboxPriority, repliesTo, type StoredOutboundMessage, writeOutbox } from "./outbox";
import { renderMessages } from "./render";
import { idleWaitingSessions, loadSession, saveAbandonedDraft, saveSession } from "./sessions";

export type ConductorStep = "lock" | "dedupe" | "run" | "persist" | "commit" | "dispatch";

/**
 * Domain handlers for engine events other than messages (reports, lookups…). They run inside
 * the conductor's transaction, so their rows commit with the session and the outbox. What they
 * return is said to the person at that point of the conversation.
 */
export type EventHandler = (
  tx: Tx,
  event: Extract<EngineEvent, { type: "action" }>,
  context: EventContext,
) => Promise<Say[] | undefined>;

export interface EventContext {
  contactId: string;
  /** The inbound message being handled. */
  inboundId: number;
  channel: ChannelId;
  language: Language;
  now: Date;
  /**
   * Runs `task` once the transaction has committed (e.g. asking the queue to deliver a broadcast
   * this message created: a job must not look for a row that is not there yet). A failing task
   * is logged, never undone: it must be safe to lose (a sweep picks its work up later).
   */
  afterCommit: (task: () => Promise<void>) => void;
}

/** Thrown by a handler when a generated value collided (a ticket code): the message is re-run. */
export class RetryableConflictError extends Error {
  override name = "RetryableConflictError";
}

const maxConflictRetries = 3;

export interface ConductorDeps {
  database: AppDatabase;
  keyring: Keyring;
  engine: Engine;
  translator: Translator;
  log: Logger;
  clock: () => Date;
  rateLimitPerMinute: number;
  eventHandlers?: Record<string, EventHandler>;
  /** Nudges the outbox sender after a commit; losing a nudge is harmless (a sweep re-nudges). */
  dispatch?: (contactId: string, priority: number) => Promise<void>;
  /** Queues fetching files the channel announced by reference (rows are committed first). */
  fetchMedia?: (mediaIds: number[]) => Promise<void>;
  /** Test hook: throw from here to simulate a crash at a step boundary. */
  beforeStep?: (step: ConductorStep) => void;
}

export type ReceiveOutcome = "handled" | "duplicate" | "rate_limited";

export interface ReceiveResult {
  outcome: ReceiveOutcome;
  contactId: string;
  language: Language;
  /** The messages written for this inbound (for a duplicate: those of the original). */
  replies: StoredOutboundMessage[];
}

const inboundAad = "inbound_messages.payload";
export const mediaAad = "media.content";
const mediaNameAad = "media.name";
export const mediaRefAad = "media.remote_ref";

/**
 * The one path every inbound message takes, on every channel:
 * dedupe → lock the contact → run the engine → persist session, domain rows and outbox in ONE
 * transaction → let the outbox sender deliver.
 */
export function createConductor(deps: ConductorDeps) {
  const { keyring, log } = deps;
  const step = (name: ConductorStep) => deps.beforeStep?.(name);

  async function receive(message: InboundMessage): Promise<ReceiveResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await receiveOnce(message);
      } catch (error) {
        if (!(error instanceof RetryableConflictError) || attempt >= maxConflictRetries)
          throw error;
        log.info({ attempt }, "generated value collided; running the message again");
      }
    }
  }

  async function receiveOnce(message: InboundMessage): Promise<ReceiveResult> {
    const now = deps.clock();
    const afterCommit: (() => Promise<void>)[] = [];
    const result = await deps.database.db.transaction(async (tx) => {
      step("lock");
      const guess = detectLanguage(message.text);
      const { contact } = await lockContact(
        tx,
        keyring,
        message.channel,
        message.address,
        guess,
        message.formerAddress,
      );

      step("dedupe");
      const [inbound] = await tx
        .insert(inboundMessages)
        .values({
          channel: message.channel,
          externalId: message.externalId,
          contactId: contact.id,
          payloadSealed: keyring.sealJson(inboundPayload(message), inboundAad),
          outcome: "handled",
          receivedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: inboundMessages.id });
      if (!inbound) {
        const original = await originalInbound(tx, message);
        // Defence in depth: only the conversation that sent it gets the replies again.
        const replies =
          original && original.contactId === contact.id
            ? await repliesTo(tx, keyring, original.id)
            : [];
        return { outcome: "duplicate" as const, contact, replies };
      }

      if (await overRateLimit(tx, contact.id, inbound.id, now)) {
        return rateLimited(tx, contact, inbound.id, now);
      }
      const pendingMedia = await storeMedia(tx, message, contact.id, inbound.id, now);

      step("run");
      const previous = await loadStoredSession(tx, contact.id);
      const refused = refusedMediaSay(message);
      // A message that was only a refused file: say so, and leave the conversation as it is.
      const onlyRefused = refused !== undefined && !hasContent(message);
      const { session, events } = onlyRefused
        ? { session: previous ?? newSession(message, now), events: [] }
        : deps.engine.handle(previous, engineInput(message), now, {
            relayer: Boolean(contact.relayerOrgId),
            ...(await staffFacts(tx, message.channel, contact.id)),
          });
      if (refused) events.unshift(refusedMessage(refused, session.language));

      step("persist");
      const said = await applyEvents(tx, events, {
        contactId: contact.id,
        inboundId: inbound.id,
        channel: message.channel,
        language: session.language,
        now,
        afterCommit: (task) => {
          afterCommit.push(task);
        },
      });
      const replies = await writeOutbox(
        tx,
        keyring,
        { contactId: contact.id, channel: message.channel, inboundId: inbound.id, createdAt: now },
        renderMessages(said, deps.translator),
      );
      await saveSession(tx, keyring, contact.id, session, now);
      await markContactSeen(tx, contact.id, now, session.language);
      step("commit");
      return {
        outcome: "handled" as const,
        contact: { ...contact, language: session.language },
        replies,
        pendingMedia,
      };
    });

    for (const task of afterCommit) {
      try {
        await task();
      } catch (error) {
        log.warn({ err: error }, "a task after the commit failed");
      }
    }

    if (result.outcome === "handled" && result.pendingMedia.length > 0) {
      try {
        await deps.fetchMedia?.(result.pendingMedia);
      } catch (error) {
        // The rows are committed as pending; the media sweep fetches them later.
        log.warn({ err: error }, "could not queue media fetches");
      }
    }

    if (result.replies.length > 0 && result.outcome !== "duplicate") {
      step("dispatch");
      await nudge(result.contact.id, outboxPriority.reply);
    }
    return {
      outcome: result.outcome,
      contactId: result.contact.id,
      language: result.contact.language,
      replies: result.replies,
    };
  }

  async function nudge(contactId: string, priority: number) {
    try {
      await deps.dispatch?.(contactId, priority);
    } catch (error) {
      // The outbox rows are committed; the periodic sweep will nudge the sender again.
      log.warn({ err: error, contactId }, "could not nudge the outbox sender");
    }
  }

  async function originalInbound(tx: Tx, message: InboundMessage) {
    const [row] = await tx
      .select({ id: inboundMessages.id, contactId: inboundMessages.contactId })
      .from(inboundMessages)
      .where(
        and(
          eq(inboundMessages.channel, message.channel),
          eq(inboundMessages.externalId, message.externalId),
        ),
      );
    return row;
  }

  async function overRateLimit(tx: Tx, contactId: string, inboundId: number, now: Date) {
    const since = new Date(now.getTime() - 60_000);
    const [row] = await tx
      .select({ recent: count() })
      .from(inboundMessages)
      .where(and(eq(inboundMessages.contactId, contactId), gt(inboundMessages.receivedAt, since)));
    // The count includes the message just stored; keep `inboundId` for the log only.
    const recent = row?.recent ?? 0;
    if (recent > deps.rateLimitPerMinute) {
      log.info({ contactId, inboundId, recent }, "inbound over the per-contact rate limit");
      return true;
    }
    return false;
  }

  async function rateLimited(
    tx: Tx,
    contact: { id: string; channel: ChannelId; language: Language },
    inboundId: number,
    now: Date,
  ) {
    await tx
      .update(inboundMessages)
      .set({ outcome: "rate_limited" })
      .where(eq(inboundMessages.id, inboundId));
    // The message is kept (not lost) and the person is told it was not processed.
    const replies = await writeOutbox(
      tx,
      keyring,
      { contactId: contact.id, channel: contact.channel, inboundId, createdAt: now },
      [{ text: deps.translator.text(contact.language, "common:rate_limited") }],
    );
    return { outcome: "rate_limited" as const, contact, replies };
  }

  async function storeMedia(
    tx: Tx,
    message: InboundMessage,
    contactId: string,
    inboundId: number,
    now: Date,
  ) {
    const pending: number[] = [];
    for (const item of message.media ?? []) {
      if (!item.content) {
        if (!item.remoteRef) continue;
        // Announced by reference: the row holds the place; the queue fetches the bytes.
        const [row] = await tx
          .insert(media)
          .values({
            contactId,
            inboundId,
            mimeType: item.mimeType,
            byteSize: item.byteSize,
            remoteRefSealed: keyring.seal(item.remoteRef, mediaRefAad),
            nameSealed: item.fileName ? keyring.seal(item.fileName, mediaNameAad) : null,
            fetchState: "pending",
            receivedAt: now,
          })
          .returning({ id: media.id });
        if (row) pending.push(row.id);
        continue;
      }
      await tx.insert(media).values({
        contactId,
        inboundId,
        mimeType: item.mimeType,
        byteSize: item.content.byteLength,
        sha256: createHash("sha256").update(item.content).digest("hex"),
        contentSealed: keyring.seal(item.content, mediaAad),
        nameSealed: item.fileName ? keyring.seal(item.fileName, mediaNameAad) : null,
        receivedAt: now,
      });
    }
    return pending;
  }

  async function loadStoredSession(tx: Tx, contactId: string): Promise<Session | undefined> {
    try {
      return await loadSession(tx, keyring, contactId);
    } catch (error) {
      // An unreadable session (e.g. a retired key) must not silence the person: start afresh.
      log.error({ err: error, contactId }, "stored session unreadable; starting a new one");
      const [row] = await tx
        .select({ language: contacts.language })
        .from(contacts)
        .where(eq(contacts.id, contactId));
      return {
        language: row?.language === "en" ? "en" : "id",
        lastActivityAt: new Date(0).toISOString(),
      };
    }
  }

  /** Persists what the events ask for; returns the message events in order, handlers' included. */
  async function applyEvents(
    tx: Tx,
    events: EngineEvent[],
    context: EventContext,
  ): Promise<EngineEvent[]> {
    const said: EngineEvent[] = [];
    for (const event of events) {
      switch (event.type) {
        case "message":
          said.push(event);
          break;
        case "language_changed":
          break; // stored with the contact once the run is done (markContactSeen)
        case "run_abandoned":
          await saveAbandonedDraft(
            tx,
            keyring,
            {
              contactId: context.contactId,
              flowId: event.flowId,
              reason: event.reason,
              vars: event.vars,
            },
            context.now,
          );
          break;
        case "action": {
          const handler = deps.eventHandlers?.[event.name];
          if (!handler) throw new Error(`No handler for engine action event "${event.name}"`);
          const says = await handler(tx, event, context);
          if (says && says.length > 0) {
            said.push({ type: "message", language: context.language, say: says });
          }
          break;
        }
      }
    }
    return said;
  }

  /** Ends conversations idle past the limit, keeping what they collected as drafts. */
  async function expireIdleSessions(idleMs: number): Promise<number> {
    const now = deps.clock();
    const idle = await idleWaitingSessions(deps.database.db, new Date(now.getTime() - idleMs));
    let expired = 0;
    for (const contactId of idle) {
      await deps.database.db.transaction(async (tx) => {
        await tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(eq(contacts.id, contactId))
          .for("update");
        const session = await loadStoredSession(tx, contactId);
        if (!session) return;
        const result = deps.engine.expireIfIdle(session, now);
        if (!result) return;
        for (const event of result.events) {
          if (event.type !== "run_abandoned") continue;
          await saveAbandonedDraft(
            tx,
            keyring,
            { contactId, flowId: event.flowId, reason: event.reason, vars: event.vars },
            now,
          );
        }
        await saveSession(tx, keyring, contactId, result.session, now);
        expired++;
      });
    }
    return expired;
  }

  return { receive, expireIdleSessions };
}

export type Conductor = ReturnType<typeof createConductor>;

/**
 * `staff: { role, region }` when a private Telegram chat is linked to an enabled staff account
 * (what `/siaran` checks first); nothing otherwise. Other channels cannot be linked.
 */
async function staffFacts(
  tx: Tx,
  channel: ChannelId,
  contactId: string,
): Promise<Record<string, JsonValue>> {
  if (channel !== "telegram") return {};
  const member = await staffForContact(tx, contactId);
  return member ? { staff: { role: member.role, region: member.regionCode } } : {};
}

function engineInput(message: InboundMessage): EngineInput {
  if (message.choice !== undefined) return { kind: "choice", id: message.choice };
  if (message.location && !message.media?.length && !message.text) {
    return { kind: "location", ...message.location };
  }
  const count = message.media?.length ?? 0;
  if (count > 0) {
    return message.text
      ? { kind: "media", count, caption: message.text }
      : { kind: "media", count };
  }
  return { kind: "text", text: message.text ?? "" };
}

/** What is kept of an inbound message: everything but file bytes (stored sealed in `media`). */
function inboundPayload(message: InboundMessage) {
  return {
    text: message.text,
    choice: message.choice,
    location: message.location,
    media: message.media?.map(({ content: _content, ...meta }) => meta),
    forwarded: message.forwarded,
    refusedMedia: message.refusedMedia,
  };
}

function hasContent(message: InboundMessage): boolean {
  return (
    message.text !== undefined ||
    message.choice !== undefined ||
    message.location !== undefined ||
    (message.media?.length ?? 0) > 0
  );
}

function refusedMediaSay(message: InboundMessage): Say | undefined {
  const refused = message.refusedMedia;
  if (!refused || refused.count === 0) return undefined;
  const megabytes = String(Math.floor(refused.maxBytes / (1024 * 1024)));
  return { key: "common:file_too_large", params: { count: String(refused.count), max: megabytes } };
}

function refusedMessage(say: Say, language: Language): EngineEvent {
  return { type: "message", language, say: [say] };
}

function newSession(message: InboundMessage, now: Date): Session {
  return { language: detectLanguage(message.text), lastActivityAt: now.toISOString() };
}
