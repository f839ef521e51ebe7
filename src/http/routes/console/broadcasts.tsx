import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import {
  BroadcastImageError,
  type BroadcastImageProblem,
  createWithImage,
} from "../../../broadcasts/broadcast-image";
import {
  type Audience,
  audienceRecipients,
  type BroadcastActor,
  type BroadcastCounts,
  BroadcastError,
  type BroadcastErrorCode,
  type BroadcastService,
  broadcastErrorStatus,
  upcomingCalendarEvents,
  withinRegion,
} from "../../../broadcasts/broadcasts";
import { ErrorPage } from "../../../console/pages/account";
import {
  type BroadcastListItem,
  BroadcastPage,
  BroadcastsPage,
  broadcastChannels,
  broadcastRoles,
  type ComposeValues,
  type EventOption,
  emptyCompose,
  PreviewPage,
  type RegionOption,
} from "../../../console/pages/broadcasts";
import { formatIndonesianDate } from "../../../knowledge/indonesian-dates";
import {
  broadcastRecipients,
  broadcasts as broadcastsTable,
  regions as regionsTable,
  staff as staffTable,
} from "../../../storage/schema";
import type { ConsoleDeps } from "./index";
import { consoleKit, type Env } from "./shared";

export interface BroadcastConsoleDeps
  extends Pick<ConsoleDeps, "db" | "keyring" | "translator" | "regionName" | "whatsapp" | "clock"> {
  broadcasts: BroadcastService;
  /** How a picture's address is downloaded (tests pass their own). */
  fetchImage?: typeof fetch;
}

const listLimit = 50;
const maxText = 4000;
const errorCodes = Object.keys(broadcastErrorStatus) as BroadcastErrorCode[];
const actions = ["pause", "resume", "cancel", "approve", "test"] as const;
type Action = (typeof actions)[number];
const localDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The broadcast pages, mounted at /staff/broadcasts inside the console (whose middleware has
 * checked the session and, for a POST, the form token): the list and the composer, a preview
 * with the exact recipient count, and one broadcast's progress with its actions. Admins and
 * officers only; an officer sees and sends within their area, as the service allows.
 */
export function broadcastConsoleRoutes(deps: BroadcastConsoleDeps) {
  const { db, translator, broadcasts } = deps;
  const app = new Hono<Env>();
  const { ctxFor, page } = consoleKit(deps);

  const actorOf = (c: Context<Env>): BroadcastActor => {
    const member = c.get("staff");
    return {
      id: member.id,
      role: member.role,
      regionCode: member.regionCode,
      email: member.email,
      via: "console",
    };
  };
  const errorText = (c: Context<Env>, code: BroadcastErrorCode | BroadcastImageProblem) =>
    translator.text(ctxFor(c).language, `errors:broadcast.${code}`);

  // Viewers read reports; broadcasts are for those who may send them.
  app.use("*", async (c, next) => {
    const role = c.get("staff")?.role;
    if (role !== "admin" && role !== "officer") {
      const ctx = ctxFor(c);
      return page(c, <ErrorPage ctx={ctx} text={ctx.t("error.forbidden")} />, 403);
    }
    return next();
  });

  /** Provinces and kab/kota the staff member may address, each province before its own. */
  /** Calendar events still to start, labelled "24 November 2029 · Masa tenang · pilkada_2029". */
  async function eventOptions(c: Context<Env>): Promise<EventOption[]> {
    const ctx = ctxFor(c);
    const rows = await upcomingCalendarEvents(db, deps.clock());
    return rows.map((row) => ({
      id: row.id,
      label: [
        formatIndonesianDate(row.startsOn, ctx.language),
        ctx.t(`content.kind.${row.kind}`),
        row.electionName ?? row.election,
      ].join(" · "),
    }));
  }

  async function regionOptions(actor: BroadcastActor): Promise<RegionOption[]> {
    const rows = await db
      .select({ code: regionsTable.code, name: regionsTable.name, level: regionsTable.level })
      .from(regionsTable)
      .where(inArray(regionsTable.level, ["province", "regency"]))
      .orderBy(asc(regionsTable.code));
    return rows
      .filter((row) => withinRegion(row.code, actor.regionCode))
      .map((row) => ({
        code: row.code,
        name: row.name,
        level: row.level === "province" ? ("province" as const) : ("regency" as const),
      }));
  }

  /** Newest first; an officer only those whose every region lies in their area (as `status`). */
  async function listFor(actor: BroadcastActor): Promise<BroadcastListItem[]> {
    const scope = actor.role === "officer" ? actor.regionCode : null;
    const conditions = scope
      ? and(
          sql`jsonb_array_length(coalesce(${broadcastsTable.audience}->'regions', '[]'::jsonb)) > 0`,
          sql`not exists (select 1 from jsonb_array_elements_text(${broadcastsTable.audience}->'regions') as r(code) where not (r.code = ${scope}::text or starts_with(r.code, ${scope}::text || '.')))`,
        )
      : undefined;
    const rows = await db
      .select({
        id: broadcastsTable.id,
        state: broadcastsTable.state,
        text: broadcastsTable.text,
        createdAt: broadcastsTable.createdAt,
        sendAt: broadcastsTable.sendAt,
        audience: broadcastsTable.audience,
      })
      .from(broadcastsTable)
      .where(conditions)
      .orderBy(desc(broadcastsTable.createdAt), desc(broadcastsTable.id))
      .limit(listLimit);
    // The same rule in code, whatever the SQL above let through.
    const visible = rows.filter(
      (row) =>
        scope === null ||
        (Array.isArray(row.audience.regions) &&
          row.audience.regions.length > 0 &&
          row.audience.regions.every((code) => withinRegion(code, scope))),
    );
    const counts = new Map<string, BroadcastCounts>();
    if (visible.length > 0) {
      const grouped = await db
        .select({
          id: broadcastRecipients.broadcastId,
          state: broadcastRecipients.state,
          n: sql<number>`count(*)::int`,
        })
        .from(broadcastRecipients)
        .where(
          inArray(
            broadcastRecipients.broadcastId,
            visible.map((row) => row.id),
          ),
        )
        .groupBy(broadcastRecipients.broadcastId, broadcastRecipients.state);
      for (const row of grouped) {
        const entry = counts.get(row.id) ?? zeroCounts();
        const n = Number(row.n);
        entry.total += n;
        const key = row.state === "sending" ? "pending" : row.state;
        if (key in entry) entry[key as keyof BroadcastCounts] += n;
        counts.set(row.id, entry);
      }
    }
    return visible.map((row) => ({
      id: row.id,
      state: row.state,
      text: row.text,
      createdAt: row.createdAt,
      sendAt: row.sendAt,
      counts: counts.get(row.id) ?? zeroCounts(),
    }));
  }

  async function listPage(
    c: Context<Env>,
    values: ComposeValues,
    error?: string,
    status: 200 | 400 | 403 = 200,
  ) {
    const actor = actorOf(c);
    const [items, regions, events] = await Promise.all([
      listFor(actor),
      regionOptions(actor),
      eventOptions(c),
    ]);
    return page(
      c,
      <BroadcastsPage
        ctx={ctxFor(c)}
        items={items}
        regions={regions}
        events={events}
        values={values}
        error={error}
      />,
      status,
    );
  }

  /**
   * The form checked and turned into what the service takes: the audience exactly as `create`
   * will store it (an officer's empty choice is their area), so the preview counts the same.
   */
  async function readCompose(c: Context<Env>): Promise<
    | {
        ok: true;
        values: ComposeValues;
        audience: Audience;
        sendAt: Date | null;
        event: EventOption | undefined;
      }
    | { ok: false; values: ComposeValues; error: string }
  > {
    const form = await c.req.parseBody({ all: true });
    const list = (name: string) => {
      const value = form[name] ?? form[`${name}[]`];
      const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
      return [...new Set(all.filter((item): item is string => typeof item === "string"))];
    };
    const one = (name: string) => {
      const value = form[name];
      const first = Array.isArray(value) ? value[0] : value;
      return typeof first === "string" ? first : "";
    };
    const actor = actorOf(c);
    const offered = new Set((await regionOptions(actor)).map((region) => region.code));
    const values: ComposeValues = {
      text: one("text").replace(/\r\n/g, "\n").trim(),
      textEn: one("textEn").replace(/\r\n/g, "\n").trim(),
      regions: list("regions")
        .filter((code) => offered.has(code))
        .sort(),
      channels: list("channels").filter((channel) =>
        (broadcastChannels as readonly string[]).includes(channel),
      ),
      roles: list("roles").filter((role) => (broadcastRoles as readonly string[]).includes(role)),
      when: one("when") === "later" ? "later" : one("when") === "event" ? "event" : "now",
      sendAt: one("sendAt").trim(),
      eventId: one("eventId").trim(),
      imageUrl: one("imageUrl").trim(),
    };
    const ctx = ctxFor(c);
    if (values.text === "") {
      return { ok: false, values, error: ctx.t("broadcasts.error.text_required") };
    }
    if (values.text.length > maxText || values.textEn.length > maxText) {
      return { ok: false, values, error: ctx.t("broadcasts.error.text_too_long") };
    }
    if (values.imageUrl !== "" && !/^https?:\/\/\S+$/i.test(values.imageUrl)) {
      return { ok: false, values, error: errorText(c, "image_url") };
    }
    let event: EventOption | undefined;
    if (values.when === "event") {
      event = (await eventOptions(c)).find((option) => option.id === values.eventId);
      if (!event) return { ok: false, values, error: errorText(c, "event_unknown") };
    }
    let sendAt: Date | null = null;
    if (values.when === "later") {
      sendAt = wibDateTime(values.sendAt);
      if (!sendAt) return { ok: false, values, error: ctx.t("broadcasts.error.send_at_invalid") };
      if (sendAt.getTime() <= deps.clock().getTime()) {
        return { ok: false, values, error: ctx.t("broadcasts.error.send_at_past") };
      }
    }
    // Regions covered by a chosen province add nothing; keep the province.
    const regions = values.regions.filter(
      (code) => !values.regions.some((other) => other !== code && withinRegion(code, other)),
    );
    const audience: Audience = {};
    if (regions.length > 0) audience.regions = regions;
    else if (actor.role === "officer" && actor.regionCode !== null) {
      audience.regions = [actor.regionCode];
    }
    if (values.channels.length > 0) audience.channels = values.channels;
    if (values.roles.length > 0) audience.roles = values.roles;
    return { ok: true, values, audience, sendAt, event };
  }

  app.get("/", (c) => listPage(c, emptyCompose));

  app.post("/preview", async (c) => {
    const read = await readCompose(c);
    if (!read.ok) return listPage(c, read.values, read.error, 400);
    const recipients = (await audienceRecipients(db, read.audience)).length;
    return page(
      c,
      <PreviewPage
        ctx={ctxFor(c)}
        values={read.values}
        audience={read.audience}
        recipients={recipients}
        sendAt={read.sendAt}
        event={read.event}
      />,
    );
  });

  // "Ubah" on the preview: the composer again, with what was typed.
  app.post("/edit", async (c) => {
    const read = await readCompose(c);
    return listPage(c, read.values, read.ok ? undefined : read.error);
  });

  app.post("/", async (c) => {
    const read = await readCompose(c);
    if (!read.ok) return listPage(c, read.values, read.error, 400);
    try {
      const created = await createWithImage(deps, read.values.imageUrl, (imageMediaId) =>
        broadcasts.create(actorOf(c), {
          text: read.values.text,
          textEn: read.values.textEn === "" ? null : read.values.textEn,
          audience: read.audience,
          sendAt: read.sendAt,
          calendarEventId: read.event?.id ?? null,
          imageMediaId,
        }),
      );
      return c.redirect(`/staff/broadcasts/${created.id}?done=created`, 303);
    } catch (error) {
      if (error instanceof BroadcastImageError) {
        return listPage(c, read.values, errorText(c, error.problem), 400);
      }
      if (!(error instanceof BroadcastError)) throw error;
      return listPage(c, read.values, errorText(c, error.code), 400);
    }
  });

  app.get("/:id", async (c) => {
    const id = c.req.param("id");
    const actor = actorOf(c);
    const ctx = ctxFor(c);
    let status: Awaited<ReturnType<BroadcastService["status"]>>;
    try {
      status = await broadcasts.status(actor, id);
    } catch (error) {
      if (!(error instanceof BroadcastError)) throw error;
      return page(
        c,
        <ErrorPage ctx={ctx} text={errorText(c, error.code)} />,
        broadcastErrorStatus[error.code],
      );
    }
    const [row] = await db
      .select({
        id: broadcastsTable.id,
        text: broadcastsTable.text,
        textEn: broadcastsTable.textEn,
        audience: broadcastsTable.audience,
        sendAt: broadcastsTable.sendAt,
        createdAt: broadcastsTable.createdAt,
        authorId: broadcastsTable.authorId,
        authorName: staffTable.name,
      })
      .from(broadcastsTable)
      .leftJoin(staffTable, eq(staffTable.id, broadcastsTable.authorId))
      .where(eq(broadcastsTable.id, status.id));
    if (!row) {
      return page(c, <ErrorPage ctx={ctx} text={errorText(c, "not_found")} />, 404);
    }
    const done = c.req.query("done");
    const failed = c.req.query("error");
    return page(
      c,
      <BroadcastPage
        ctx={ctx}
        detail={row}
        status={status}
        canAct={true}
        canApprove={status.state === "awaiting_approval" && row.authorId !== actor.id}
        notice={
          done && (done === "created" || (actions as readonly string[]).includes(done))
            ? ctx.t(`broadcasts.done.${done}`)
            : undefined
        }
        error={
          failed && (errorCodes as string[]).includes(failed)
            ? errorText(c, failed as BroadcastErrorCode)
            : undefined
        }
      />,
    );
  });

  app.post("/:id/:action", async (c) => {
    const id = c.req.param("id");
    const name = c.req.param("action");
    if (!(actions as readonly string[]).includes(name)) return c.notFound();
    const action = name as Action;
    const actor = actorOf(c);
    try {
      if (action === "test") {
        const [member] = await db
          .select({ telegramContactId: staffTable.telegramContactId })
          .from(staffTable)
          .where(eq(staffTable.id, actor.id));
        await broadcasts.test(
          { ...actor, telegramContactId: member?.telegramContactId ?? null },
          id,
        );
      } else {
        await broadcasts[action](actor, id);
      }
    } catch (error) {
      if (!(error instanceof BroadcastError)) throw error;
      if (error.code === "not_found") {
        const ctx = ctxFor(c);
        return page(c, <ErrorPage ctx={ctx} text={errorText(c, error.code)} />, 404);
      }
      return c.redirect(`/staff/broadcasts/${id}?error=${error.code}`, 303);
    }
    return c.redirect(`/staff/broadcasts/${id}?done=${action}`, 303);
  });

  return app;
}

function zeroCounts(): BroadcastCounts {
  return { total: 0, sent: 0, failed: 0, unreachable: 0, uncertain: 0, pending: 0, skipped: 0 };
}

/** `2026-02-10T08:00` read as WIB (UTC+7, no daylight saving); null when not a real time. */
export function wibDateTime(value: string): Date | null {
  const match = localDateTime.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h - 7, mi));
  // Date.UTC rolls 31 February over into March: refuse what does not round-trip.
  const back = new Date(at.getTime() + 7 * 3_600_000);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h
  ) {
    return null;
  }
  return at;
}
