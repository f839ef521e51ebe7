import { and, asc, eq, isNull, ne } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { recordAudit } from "../../../audit/audit-log";
import type { Actor, Identity } from "../../../casework/casework";
import { CSV_MIME_TYPE, toCsv } from "../../../casework/csv";
import {
  findLikelyDuplicates,
  groupDuplicates,
  linkedReports,
  linkReports,
  unlinkReports,
} from "../../../casework/duplicates";
import { CaseworkError, caseworkStatus } from "../../../casework/errors";
import { makePreview } from "../../../casework/evidence-preview";
import { normalizeTicket, type QueueFilters } from "../../../casework/queue";
import { findScopedReport } from "../../../casework/report-detail";
import { inScope } from "../../../casework/scope";
import { type ForwardTarget, forwardTargets } from "../../../casework/stages";
import { ErrorPage } from "../../../console/pages/account";
import { QueuePage } from "../../../console/pages/queue";
import { ReportPage } from "../../../console/pages/report";
import { jakartaDate } from "../../../knowledge/calendar";
import { reportCategories, reportingWindowDays, reportStages } from "../../../reports/categories";
import type { Db } from "../../../storage/database";
import { organizations, regions, reportEvents, staff } from "../../../storage/schema";
import type { ConsoleDeps } from "./index";
import { consoleKit, type Env, securityHeaders } from "./shared";

/** The queue, its CSV export, one report and what officers do on it, and its evidence. */
export function reportRoutes(deps: ConsoleDeps) {
  const { db, casework, translator } = deps;
  const app = new Hono<Env>();
  const { label, ctxFor, page, actorOf } = consoleKit(deps);

  // --- The queue ---------------------------------------------------------------------------------

  app.get("/", async (c) => {
    const ctx = ctxFor(c);
    const actor = actorOf(c);
    const query = queueQuery(c.req.query());
    const filters = filtersFrom(query);
    const [pageResult, counts, openQuestions, regencies, orgs] = await Promise.all([
      casework.list(actor, filters, { ...(query.cursor ? { cursor: query.cursor } : {}) }),
      casework.counts(actor, filters),
      casework.openQuestionCount(actor),
      regenciesFor(db, actor),
      // Only an ormas relays reports; party liaison groups never appear in this filter.
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(eq(organizations.kind, "ormas"))
        .orderBy(asc(organizations.name)),
    ]);
    const groups = await groupDuplicates(
      db,
      deps.keyring,
      actor,
      pageResult.items.map((item) => item.id),
    );
    const byGroup = new Map<string, string[]>();
    for (const item of pageResult.items) {
      const group = groups.get(item.id);
      if (group) byGroup.set(group, [...(byGroup.get(group) ?? []), item.ticket]);
    }
    const duplicates = new Map<string, string[]>();
    for (const item of pageResult.items) {
      const group = groups.get(item.id);
      const twins = group
        ? (byGroup.get(group) ?? []).filter((ticket) => ticket !== item.ticket)
        : [];
      if (twins.length > 0) duplicates.set(item.id, twins);
    }
    return page(
      c,
      <QueuePage
        ctx={ctx}
        query={query}
        items={pageResult.items}
        counts={counts}
        nextCursor={pageResult.nextCursor}
        searchedReports={pageResult.searchedReports}
        regencies={regencies}
        organizations={orgs}
        duplicates={duplicates}
        openQuestions={openQuestions}
        label={label(ctx.language)}
      />,
    );
  });

  // A POST with the form token: an export is an action (audited), never a link another site
  // could make a signed-in officer follow.
  app.post("/export.csv", async (c) => {
    const actor = actorOf(c);
    const form = await c.req.parseBody();
    const filters = filtersFrom(
      queueQuery(Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]))),
    );
    const rows: string[][] = [];
    let cursor: string | undefined;
    // The whole filtered queue, a page at a time (bounded, like a page of the console).
    for (let pages = 0; pages < 50; pages++) {
      const result = await casework.list(actor, filters, {
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      for (const item of result.items) {
        rows.push([
          item.ticket,
          item.type,
          item.stage,
          item.category,
          item.regionCode ?? "",
          item.regionCode ? deps.regionName(item.regionCode) : "",
          item.channel,
          item.createdAt.toISOString(),
          item.knownOn,
          item.hasEvidence ? "yes" : "no",
          item.missingForFormal.join(" "),
          item.relayedBy ?? "",
          item.assignedTo ?? "",
        ]);
      }
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    await recordAudit(
      db,
      deps.keyring,
      {
        actor: c.get("staff"),
        action: "export",
        detail: {
          format: "csv",
          rows: rows.length,
          filters: { ...filters, text: filters.text ? "…" : undefined },
        },
        via: "console",
      },
      deps.clock(),
    );
    const csv = toCsv(
      [
        "ticket",
        "type",
        "stage",
        "category",
        "region_code",
        "region",
        "channel",
        "created_at",
        "known_on",
        "has_evidence",
        "missing_for_formal",
        "relayed_by",
        "assigned_to",
      ],
      rows,
    );
    c.header("Content-Type", CSV_MIME_TYPE);
    c.header("Content-Disposition", `attachment; filename="awas-${jakartaDate(deps.clock())}.csv"`);
    c.header("Cache-Control", "no-store");
    return c.body(csv);
  });

  // --- One report --------------------------------------------------------------------------------

  const reportPage = async (
    c: Context<Env>,
    ticket: string,
    extra: {
      identity?: Identity;
      flash?: { kind: "ok" | "error"; text: string };
      status?: 200 | 400 | 403 | 404 | 409;
    } = {},
  ) => {
    const ctx = ctxFor(c);
    const actor = actorOf(c);
    const report = await casework.detail(actor, ticket);
    if (!report) return page(c, <ErrorPage ctx={ctx} text={ctx.t("error.not_found")} />, 404);
    const [likely, linked, officers] = await Promise.all([
      findLikelyDuplicates(db, deps.keyring, actor, report.id),
      linkedReports(db, report.id, actor),
      db
        .select({ id: staff.id, name: staff.name, regionCode: staff.regionCode })
        .from(staff)
        .where(and(isNull(staff.disabledAt), ne(staff.role, "viewer")))
        .orderBy(asc(staff.name)),
    ]);
    const duplicates = [
      ...linked.map((row) => ({ ticket: row.ticketCode, similarity: 1, linked: true })),
      ...likely
        .filter((row) => !linked.some((link) => link.reportId === row.reportId))
        .map((row) => ({ ticket: row.ticketCode, similarity: row.similarity, linked: false })),
    ];
    const today = Date.parse(`${jakartaDate(deps.clock())}T00:00:00Z`);
    const known = Date.parse(`${report.knownOn}T00:00:00Z`);
    return page(
      c,
      <ReportPage
        ctx={ctx}
        report={report}
        label={label(ctx.language)}
        officers={officers.filter((officer) =>
          inScope({ id: "", role: "officer", regionCode: officer.regionCode }, report.regionCode),
        )}
        duplicates={duplicates}
        windowDaysLeft={reportingWindowDays - Math.round((today - known) / 86_400_000)}
        identity={extra.identity}
        flash={extra.flash}
      />,
      extra.status ?? 200,
    );
  };

  app.get("/reports/:ticket", (c) =>
    reportPage(
      c,
      normalizeTicket(c.req.param("ticket")),
      c.req.query("saved") ? { flash: { kind: "ok", text: ctxFor(c).t("report.saved") } } : {},
    ),
  );

  /** Runs a report action from a form; a refusal shows the page again with the reason. */
  const reportAction =
    (
      act: (
        c: Context<Env>,
        actor: Actor,
        ticket: string,
        form: Record<string, unknown>,
      ) => Promise<unknown>,
    ) =>
    async (c: Context<Env>) => {
      const ticket = normalizeTicket(c.req.param("ticket") ?? "");
      const form = await c.req.parseBody();
      try {
        const result = await act(c, actorOf(c), ticket, form);
        // Only an unseal returns something: the identity, shown on this one response.
        if (result) return reportPage(c, ticket, { identity: result as Identity });
        return c.redirect(`/staff/reports/${ticket}?saved=1`, 303);
      } catch (error) {
        if (!(error instanceof CaseworkError)) throw error;
        const ctx = ctxFor(c);
        const text = translator.text(ctx.language, `errors:casework.${error.code}`);
        if (error.code === "not_found")
          return page(c, <ErrorPage ctx={ctx} text={ctx.t("error.not_found")} />, 404);
        return reportPage(c, ticket, {
          flash: { kind: "error", text },
          status: caseworkStatus[error.code] === 404 ? 404 : caseworkStatus[error.code],
        });
      }
    };

  app.post(
    "/reports/:ticket/stage",
    reportAction(async (_c, actor, ticket, form) => {
      const stage = String(form.stage ?? "");
      if (!(reportStages as readonly string[]).includes(stage)) throw new CaseworkError("invalid");
      const target = String(form.forwardedTo ?? "");
      const forwardedTo = (forwardTargets as readonly string[]).includes(target)
        ? (target as ForwardTarget)
        : undefined;
      const note = String(form.note ?? "").trim();
      await casework.changeStage(
        actor,
        ticket,
        {
          stage: stage as (typeof reportStages)[number],
          ...(note ? { note } : {}),
          ...(forwardedTo ? { forwardedTo } : {}),
        },
        "console",
      );
    }),
  );
  app.post(
    "/reports/:ticket/reply",
    reportAction((_c, actor, ticket, form) => casework.reply(actor, ticket, form.text, "console")),
  );
  app.post(
    "/reports/:ticket/note",
    reportAction((_c, actor, ticket, form) =>
      casework.addNote(actor, ticket, form.text, "console"),
    ),
  );
  app.post(
    "/reports/:ticket/unseal",
    reportAction((_c, actor, ticket, form) =>
      casework.unseal(actor, ticket, form.reason, "console"),
    ),
  );
  app.post(
    "/reports/:ticket/assign",
    reportAction((_c, actor, ticket, form) => {
      const id = String(form.staffId ?? "");
      if (id !== "" && !/^[0-9a-f-]{36}$/.test(id)) throw new CaseworkError("invalid");
      return casework.assign(actor, ticket, id || null, "console");
    }),
  );
  app.post(
    "/reports/:ticket/link",
    reportAction(async (c, actor, ticket, form) => {
      if (actor.role === "viewer") throw new CaseworkError("forbidden");
      const other = normalizeTicket(String(form.other ?? ""));
      const now = deps.clock();
      await db.transaction(async (tx) => {
        const a = await findScopedReport(tx, actor, ticket);
        const b = await findScopedReport(tx, actor, other);
        if (!a || !b || a.id === b.id) throw new CaseworkError("not_found");
        const linking = form.linked === "true";
        const changed = linking
          ? await linkReports(tx, a.id, b.id, actor.id, now)
          : await unlinkReports(tx, a.id, b.id);
        if (!changed) return;
        const kind = linking ? "linked" : "unlinked";
        await tx.insert(reportEvents).values([
          { reportId: a.id, kind, staffId: actor.id, meta: { ticket: other }, at: now },
          { reportId: b.id, kind, staffId: actor.id, meta: { ticket }, at: now },
        ]);
        await recordAudit(
          tx,
          deps.keyring,
          {
            actor: c.get("staff"),
            action: linking ? "reports_linked" : "reports_unlinked",
            subject: ticket,
            detail: { other },
            via: "console",
          },
          now,
        );
      });
    }),
  );

  // Evidence: originals as they were received; image previews re-encoded without EXIF.
  app.get("/evidence/:id/preview", async (c) => {
    const file = await evidenceFor(c);
    if (!file) return notFound(c);
    const preview = await makePreview(file.bytes, file.mimeType);
    if (!preview) return notFound(c);
    securityHeaders(c);
    c.header("Content-Type", preview.mimeType);
    c.header("Cache-Control", "private, max-age=300");
    return c.body(new Uint8Array(preview.bytes));
  });
  // Originals keep their metadata (a photo's GPS can place the reporter): officers and admins
  // only, and every download is in the audit log.
  app.get("/evidence/:id", async (c) => {
    if (c.get("staff").role === "viewer") {
      const ctx = ctxFor(c);
      return page(c, <ErrorPage ctx={ctx} text={ctx.t("error.forbidden")} />, 403);
    }
    const file = await evidenceFor(c);
    if (!file) return notFound(c);
    await recordAudit(
      db,
      deps.keyring,
      {
        actor: c.get("staff"),
        action: "evidence_downloaded",
        subject: file.ticket,
        detail: { media: file.id },
        via: "console",
      },
      deps.clock(),
    );
    securityHeaders(c);
    const playable = file.mimeType.startsWith("video/") || file.mimeType.startsWith("audio/");
    c.header("Content-Type", playable ? file.mimeType : "application/octet-stream");
    c.header("Cache-Control", "private, no-store");
    if (file.sha256) c.header("X-Evidence-SHA256", file.sha256);
    if (!playable || c.req.query("download")) {
      c.header(
        "Content-Disposition",
        `attachment; filename="${file.ticket}-${file.id}${extensionOf(file.mimeType)}"`,
      );
    }
    return c.body(new Uint8Array(file.bytes));
  });
  const evidenceFor = async (c: Context<Env>) => {
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    return casework.evidenceFile(actorOf(c), id);
  };
  const notFound = (c: Context<Env>) =>
    page(c, <ErrorPage ctx={ctxFor(c)} text={ctxFor(c).t("error.not_found")} />, 404);

  return app;
}

/** The queue's query string, only the names it knows, each bounded. */
function queueQuery(raw: Record<string, string>): Record<string, string> {
  const names = [
    "type",
    "stage",
    "category",
    "region",
    "from",
    "to",
    "channel",
    "organization",
    "hasEvidence",
    "incomplete",
    "ticket",
    "q",
    "cursor",
  ];
  const query: Record<string, string> = {};
  for (const name of names) {
    const value = raw[name]?.trim();
    if (value) query[name] = value.slice(0, 200);
  }
  return query;
}

/** Filters from the query; a value that is not one of ours is ignored rather than refused. */
function filtersFrom(query: Record<string, string>): QueueFilters {
  const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[]) =>
    allowed.includes(value as T) ? (value as T) : undefined;
  const day = (value: string | undefined) =>
    value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
  const flag = (value: string | undefined) =>
    value === "true" ? true : value === "false" ? false : undefined;
  return {
    type: oneOf(query.type, ["report", "tip"] as const),
    stage: oneOf(query.stage, reportStages),
    category: oneOf(query.category, reportCategories),
    region: query.region && /^\d{2}(\.\d{2}){0,3}$/.test(query.region) ? query.region : undefined,
    from: day(query.from),
    to: day(query.to),
    channel: oneOf(query.channel, ["webchat", "telegram", "whatsapp"] as const),
    organizationId:
      query.organization && /^[0-9a-f-]{36}$/.test(query.organization)
        ? query.organization
        : undefined,
    hasEvidence: flag(query.hasEvidence),
    incomplete: flag(query.incomplete),
    ticket: query.ticket,
    text: query.q,
  };
}

/** The kab/kota a staff member may filter by. */
async function regenciesFor(db: Db, actor: Actor) {
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(eq(regions.level, "regency"))
    .orderBy(asc(regions.code));
  return rows.filter(
    (row) =>
      inScope(actor, row.code) ||
      (actor.regionCode !== null && row.code.startsWith(actor.regionCode)),
  );
}

function extensionOf(mimeType: string): string {
  const known: Record<string, string> = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
    "audio/ogg": ".ogg",
    "audio/mpeg": ".mp3",
    "application/pdf": ".pdf",
  };
  return known[mimeType] ?? "";
}
