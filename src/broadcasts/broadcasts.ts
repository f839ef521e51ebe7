import { and, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { AuditAction, AuditEntry } from "../audit/audit-log";
import { jakartaDate } from "../knowledge/calendar";
import type { Db, DbOrTx } from "../storage/database";
import { broadcastRecipients, broadcasts, calendarEvents, contacts } from "../storage/schema";
import { activeSubscribers } from "./subscriptions";

/**
 * Imbauan broadcasts: who may create one and for whom, the states it moves through, and its
 * figures. Delivery itself is `delivery.ts`; the queue wiring `src/jobs/broadcast-jobs.ts`.
 *
 * States: scheduled | awaiting_approval | sending | paused | done | cancelled | failed.
 * A broadcast is "queued" when it is `sending` with no `startedAt` yet: the fan-out (one
 * `broadcast_recipients` row per recipient) has not run.
 */

export type BroadcastState =
  | "draft"
  | "scheduled"
  | "awaiting_approval"
  | "sending"
  | "paused"
  | "done"
  | "cancelled"
  | "failed";

export interface Audience {
  regions?: string[];
  channels?: string[];
  roles?: string[];
  /** Organisation ids (ormas or party group): their relayers or liaisons. */
  organisations?: string[];
}

export interface BroadcastActor {
  id: string;
  role: "admin" | "officer" | "viewer";
  /** An officer's province or kab/kota; null = everywhere. */
  regionCode: string | null;
  /** For the audit log: who, and where they acted from. */
  email?: string;
  via?: AuditEntry["via"];
}

export type BroadcastErrorCode =
  | "not_found"
  | "forbidden"
  | "outside_scope"
  | "not_allowed"
  | "own_approval"
  | "no_telegram"
  | "test_failed"
  | "event_unknown"
  | "event_started";

export class BroadcastError extends Error {
  override name = "BroadcastError";
  constructor(readonly code: BroadcastErrorCode) {
    super(code);
  }
}

export const broadcastErrorStatus: Record<BroadcastErrorCode, 400 | 403 | 404 | 409> = {
  not_found: 404,
  forbidden: 403,
  outside_scope: 403,
  not_allowed: 409,
  own_approval: 403,
  no_telegram: 409,
  test_failed: 409,
  event_unknown: 400,
  event_started: 409,
};

/**
 * A broadcast attached to an election-calendar event goes out on the event's first day (a WIB
 * day) at this hour WIB: in the morning, when people read it, not at midnight.
 */
export const eventSendHourWib = 7;

/** The WIB day whose events' broadcasts are due at `now`: today from 07:00, else yesterday. */
function lastDueEventDay(now: Date): string {
  const wibHour = (now.getUTCHours() + 7) % 24;
  return wibHour >= eventSendHourWib
    ? jakartaDate(now)
    : jakartaDate(new Date(now.getTime() - 86_400_000));
}

export interface BroadcastCounts {
  total: number;
  sent: number;
  failed: number;
  unreachable: number;
  uncertain: number;
  pending: number;
  /** Unsubscribed after the fan-out: not sent, not a failure. */
  skipped: number;
}

export interface BroadcastStatus {
  id: string;
  state: BroadcastState;
  counts: BroadcastCounts;
  /** Messages per second over the last minute. */
  ratePerSecond: number;
  /** Seconds left at that rate; null when nothing is moving or nothing is left. */
  etaSeconds: number | null;
}

export interface BroadcastServiceDeps {
  db: Db;
  clock: () => Date;
  /** BROADCAST_APPROVAL=required: a second staff member, not the author, approves. */
  approvalRequired: boolean;
  /** Asks the queue to fan out / go on delivering this broadcast (broadcast-jobs `kick`). */
  kick: (broadcastId: string) => Promise<void>;
  /** Sends it to one contact at once (the staff member's own Telegram); delivery's `sendTest`. */
  sendTest: (
    contactId: string,
    content: { text: string; imageMediaId: number | null },
  ) => Promise<boolean>;
  /** Appends to the audit log (on the same connection or transaction as `db`). */
  audit?: (entry: AuditEntry) => Promise<void>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether `id` can be a broadcast's id (a UUID), before asking the database. */
export const isBroadcastId = (id: string) => uuidPattern.test(id);

/** `code` is `scope` or lies inside it ("19.06.01" inside "19.06", not "19.060"). */
export function withinRegion(code: string, scope: string | null): boolean {
  return scope === null || code === scope || code.startsWith(`${scope}.`);
}

/** The contacts a broadcast goes to now: active, reachable subscribers matching the audience. */
export async function audienceRecipients(
  db: DbOrTx,
  audience: Audience,
): Promise<{ contactId: string; channel: string }[]> {
  const ids = await activeSubscribers(db, {
    ...(audience.regions ? { regions: audience.regions } : {}),
    ...(audience.channels ? { channels: audience.channels } : {}),
    ...(audience.roles ? { roles: audience.roles } : {}),
    ...(audience.organisations ? { organisations: audience.organisations } : {}),
  });
  const out: { contactId: string; channel: string }[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const rows = await db
      .select({ contactId: contacts.id, channel: contacts.channel })
      .from(contacts)
      .where(inArray(contacts.id, chunk))
      .orderBy(contacts.id);
    out.push(...rows);
  }
  return out;
}

export async function broadcastCounts(db: DbOrTx, broadcastId: string): Promise<BroadcastCounts> {
  const rows = await db
    .select({ state: broadcastRecipients.state, n: sql<number>`count(*)::int` })
    .from(broadcastRecipients)
    .where(eq(broadcastRecipients.broadcastId, broadcastId))
    .groupBy(broadcastRecipients.state);
  const counts: BroadcastCounts = {
    total: 0,
    sent: 0,
    failed: 0,
    unreachable: 0,
    uncertain: 0,
    pending: 0,
    skipped: 0,
  };
  for (const row of rows) {
    const n = Number(row.n);
    counts.total += n;
    // A row being sent right now is still pending for the figures.
    const key = row.state === "sending" ? "pending" : row.state;
    if (key in counts) counts[key as keyof BroadcastCounts] += n;
  }
  return counts;
}

export function createBroadcastService(deps: BroadcastServiceDeps) {
  const { db } = deps;

  async function load(actor: BroadcastActor, id: string) {
    if (!isBroadcastId(id)) throw new BroadcastError("not_found");
    const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, id));
    if (!row) throw new BroadcastError("not_found");
    // An officer sees only broadcasts whose every region lies in their area.
    if (actor.role === "officer" && !audienceWithin(row.audience, actor.regionCode)) {
      throw new BroadcastError("not_found");
    }
    return row;
  }

  function audienceWithin(audience: Audience, scope: string | null): boolean {
    if (scope === null) return true;
    const regions = audience.regions;
    return (
      regions !== undefined &&
      regions.length > 0 &&
      regions.every((code) => withinRegion(code, scope))
    );
  }

  /** The event must exist and its broadcasts must not be due yet. */
  async function upcomingEvent(id: string) {
    const [event] = await db
      .select({ startsOn: calendarEvents.startsOn })
      .from(calendarEvents)
      .where(and(eq(calendarEvents.id, id), isNull(calendarEvents.removedAt)));
    if (!event) throw new BroadcastError("event_unknown");
    if (event.startsOn <= lastDueEventDay(deps.clock())) throw new BroadcastError("event_started");
  }

  /** Every change staff make to a broadcast is audited: who, what, from where. */
  async function audited(
    actor: BroadcastActor,
    action: AuditAction,
    id: string,
    detail?: Record<string, unknown>,
  ) {
    await deps.audit?.({
      actor: actor.email ? { id: actor.id, email: actor.email } : null,
      action,
      subject: id,
      ...(detail ? { detail } : {}),
      via: actor.via ?? "api",
    });
  }

  function mayCompose(actor: BroadcastActor) {
    if (actor.role !== "admin" && actor.role !== "officer") throw new BroadcastError("forbidden");
  }

  /** Moves `id` from one of `from` to `to`; false when it was in none of them (raced). */
  async function transition(id: string, from: BroadcastState[], set: Record<string, unknown>) {
    const updated = await db
      .update(broadcasts)
      .set(set)
      .where(and(eq(broadcasts.id, id), inArray(broadcasts.state, from)))
      .returning({ id: broadcasts.id });
    if (updated.length === 0) throw new BroadcastError("not_allowed");
  }

  return {
    async create(
      actor: BroadcastActor,
      input: {
        text: string;
        textEn?: string | null;
        audience: Audience;
        sendAt?: Date | null;
        /** Sent by itself when this calendar event starts (instead of `sendAt`). */
        calendarEventId?: string | null;
        /** Its picture, stored already (`broadcast-image.ts`). */
        imageMediaId?: number | null;
      },
    ): Promise<{ id: string; state: BroadcastState; recipients: number }> {
      mayCompose(actor);
      const calendarEventId = input.calendarEventId ?? null;
      if (calendarEventId !== null) await upcomingEvent(calendarEventId);
      const audience: Audience = { ...input.audience };
      if (actor.role === "officer" && actor.regionCode !== null) {
        if (!audience.regions || audience.regions.length === 0) {
          audience.regions = [actor.regionCode];
        } else if (!audienceWithin(audience, actor.regionCode)) {
          throw new BroadcastError("outside_scope");
        }
      }
      const now = deps.clock();
      const scheduled =
        calendarEventId !== null ||
        (input.sendAt !== undefined && input.sendAt !== null && input.sendAt > now);
      const state: BroadcastState = deps.approvalRequired
        ? "awaiting_approval"
        : scheduled
          ? "scheduled"
          : "sending";
      const recipients = (await audienceRecipients(db, audience)).length;
      const [row] = await db
        .insert(broadcasts)
        .values({
          authorId: actor.id,
          text: input.text,
          textEn: input.textEn ?? null,
          audience: audience as Record<string, string[]>,
          state,
          sendAt: calendarEventId === null ? (input.sendAt ?? null) : null,
          calendarEventId,
          imageMediaId: input.imageMediaId ?? null,
          createdAt: now,
        })
        .returning({ id: broadcasts.id });
      if (!row) throw new Error("broadcast insert returned nothing");
      await audited(actor, "broadcast_created", row.id, {
        state,
        recipients,
        audience,
        ...(calendarEventId ? { calendarEventId } : {}),
        image: Boolean(input.imageMediaId),
      });
      if (state === "sending") await deps.kick(row.id);
      return { id: row.id, state, recipients };
    },

    async status(actor: BroadcastActor, id: string): Promise<BroadcastStatus> {
      const row = await load(actor, id);
      const counts = await broadcastCounts(db, row.id);
      const now = deps.clock();
      const [recent] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(broadcastRecipients)
        .where(
          and(
            eq(broadcastRecipients.broadcastId, row.id),
            gt(broadcastRecipients.sentAt, new Date(now.getTime() - 60_000)),
          ),
        );
      const ratePerSecond = Math.round((Number(recent?.n ?? 0) / 60) * 10) / 10;
      const etaSeconds =
        row.state === "sending" && counts.pending > 0 && ratePerSecond > 0
          ? Math.ceil(counts.pending / ratePerSecond)
          : null;
      return { id: row.id, state: row.state as BroadcastState, counts, ratePerSecond, etaSeconds };
    },

    async pause(actor: BroadcastActor, id: string) {
      mayCompose(actor);
      await load(actor, id);
      await transition(id, ["sending"], { state: "paused" });
      await audited(actor, "broadcast_paused", id);
    },

    async resume(actor: BroadcastActor, id: string) {
      mayCompose(actor);
      await load(actor, id);
      await transition(id, ["paused"], { state: "sending" });
      await audited(actor, "broadcast_resumed", id);
      await deps.kick(id);
    },

    async cancel(actor: BroadcastActor, id: string) {
      mayCompose(actor);
      await load(actor, id);
      await transition(id, ["draft", "scheduled", "awaiting_approval", "sending", "paused"], {
        state: "cancelled",
        finishedAt: deps.clock(),
      });
      await audited(actor, "broadcast_cancelled", id);
    },

    async approve(actor: BroadcastActor, id: string) {
      mayCompose(actor);
      const row = await load(actor, id);
      if (row.authorId === actor.id) throw new BroadcastError("own_approval");
      const now = deps.clock();
      const later =
        row.calendarEventId !== null ||
        (row.sendAt !== null && row.sendAt.getTime() > now.getTime());
      await transition(id, ["awaiting_approval"], {
        state: later ? "scheduled" : "sending",
        approvedBy: actor.id,
      });
      await audited(actor, "broadcast_approved", id);
      if (!later) await deps.kick(id);
      return { state: (later ? "scheduled" : "sending") as BroadcastState };
    },

    /** Sends the broadcast to the staff member themselves, on their linked Telegram. */
    async test(actor: BroadcastActor & { telegramContactId: string | null }, id: string) {
      mayCompose(actor);
      const row = await load(actor, id);
      if (!actor.telegramContactId) throw new BroadcastError("no_telegram");
      const content = { text: row.text, imageMediaId: row.imageMediaId };
      if (!(await deps.sendTest(actor.telegramContactId, content))) {
        throw new BroadcastError("test_failed");
      }
      await audited(actor, "broadcast_tested", id);
    },
  };
}

export type BroadcastService = ReturnType<typeof createBroadcastService>;

/** Calendar events a broadcast can still be attached to (not started by 07:00 WIB), soonest first. */
export async function upcomingCalendarEvents(
  db: DbOrTx,
  now: Date,
): Promise<
  { id: string; kind: string; election: string; electionName: string | null; startsOn: string }[]
> {
  return db
    .select({
      id: calendarEvents.id,
      kind: calendarEvents.kind,
      election: calendarEvents.election,
      electionName: calendarEvents.electionNameId,
      startsOn: calendarEvents.startsOn,
    })
    .from(calendarEvents)
    .where(and(isNull(calendarEvents.removedAt), gt(calendarEvents.startsOn, lastDueEventDay(now))))
    .orderBy(calendarEvents.startsOn, calendarEvents.id);
}

/**
 * Scheduled broadcasts whose time has come become `sending`; their ids, to kick. One attached
 * to a calendar event is due from 07:00 WIB on the event's first day, as the calendar says
 * then (staff may have moved the dates since); one whose event was removed stays scheduled.
 */
export async function promoteDueBroadcasts(db: Db, now: Date): Promise<string[]> {
  const timed = await db
    .update(broadcasts)
    .set({ state: "sending" })
    .where(and(eq(broadcasts.state, "scheduled"), lte(broadcasts.sendAt, now)))
    .returning({ id: broadcasts.id });
  const dueEvents = db
    .select({ id: calendarEvents.id })
    .from(calendarEvents)
    .where(
      and(isNull(calendarEvents.removedAt), lte(calendarEvents.startsOn, lastDueEventDay(now))),
    );
  const attached = await db
    .update(broadcasts)
    .set({ state: "sending", sendAt: now })
    .where(
      and(
        eq(broadcasts.state, "scheduled"),
        isNotNull(broadcasts.calendarEventId),
        inArray(broadcasts.calendarEventId, dueEvents),
      ),
    )
    .returning({ id: broadcasts.id });
  return [...timed, ...attached].map((row) => row.id);
}

/** Broadcasts that are sending (a kick lost in a crash is found again by the sweep). */
export async function sendingBroadcasts(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: broadcasts.id })
    .from(broadcasts)
    .where(eq(broadcasts.state, "sending"));
  return rows.map((row) => row.id);
}
