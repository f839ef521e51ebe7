import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { readAudit } from "../../../audit/audit-log";
import type { BroadcastService } from "../../../broadcasts/broadcasts";
import type { Actor, Casework } from "../../../casework/casework";
import { CaseworkError, caseworkStatus } from "../../../casework/errors";
import type { QueueFilters } from "../../../casework/queue";
import { normalizeTicket } from "../../../casework/queue";
import type { Translator } from "../../../i18n/translator";
import type { Keyring } from "../../../privacy/keyring";
import type { Db } from "../../../storage/database";
import { requireStaff, type StaffVariables } from "../../staff-auth";
import { broadcastRoutes } from "./broadcasts";
import { body, errors, json, security } from "./openapi-kit";
import { questionRoutes } from "./questions";
import {
  AssignSchema,
  AuditQuerySchema,
  AuditSchema,
  IdentitySchema,
  OkSchema,
  QueueQuerySchema,
  QueueSchema,
  ReasonSchema,
  ReportSchema,
  StageChangeSchema,
  TextSchema,
  TicketParam,
} from "./schemas";

export interface ApiV1Deps {
  db: Db;
  keyring: Keyring;
  casework: Casework;
  translator: Translator;
  /** Imbauan broadcasts (issue 8); their routes are served only when given. */
  broadcasts?: BroadcastService;
}

type Env = { Variables: StaffVariables };

const routes = {
  list: createRoute({
    method: "get",
    path: "/reports",
    summary: "The queue: reports and tips in your area, newest first",
    security,
    request: { query: QueueQuerySchema },
    responses: { 200: json(QueueSchema, "One page of the queue"), ...errors },
  }),
  get: createRoute({
    method: "get",
    path: "/reports/{ticket}",
    summary: "One report, without who filed it",
    security,
    request: { params: TicketParam },
    responses: { 200: json(ReportSchema, "The report"), ...errors },
  }),
  stage: createRoute({
    method: "post",
    path: "/reports/{ticket}/stage",
    summary: "Move a report to another stage; the reporter is told in their language",
    security,
    request: { params: TicketParam, body: body(StageChangeSchema) },
    responses: { 200: json(OkSchema, "Changed"), ...errors },
  }),
  notes: createRoute({
    method: "post",
    path: "/reports/{ticket}/notes",
    summary: "An internal note (never sent to the reporter)",
    security,
    request: { params: TicketParam, body: body(TextSchema) },
    responses: { 201: json(OkSchema, "Added"), ...errors },
  }),
  replies: createRoute({
    method: "post",
    path: "/reports/{ticket}/replies",
    summary: 'A message to the reporter through the bot ("Petugas Bawaslu: …")',
    security,
    request: { params: TicketParam, body: body(TextSchema) },
    responses: { 201: json(OkSchema, "Queued for delivery"), ...errors },
  }),
  unseal: createRoute({
    method: "post",
    path: "/reports/{ticket}/unseal",
    summary: "Who filed it (identified reports only); the reason is logged",
    security,
    request: { params: TicketParam, body: body(ReasonSchema) },
    responses: { 200: json(IdentitySchema, "The identity"), ...errors },
  }),
  assign: createRoute({
    method: "post",
    path: "/reports/{ticket}/assign",
    summary: "Assign the report to an officer (null to unassign)",
    security,
    request: { params: TicketParam, body: body(AssignSchema) },
    responses: { 200: json(OkSchema, "Assigned"), ...errors },
  }),
  audit: createRoute({
    method: "get",
    path: "/audit",
    summary: "The audit log, newest first (admins)",
    security,
    request: { query: AuditQuerySchema },
    responses: { 200: json(AuditSchema, "Entries"), ...errors },
  }),
};

/** The staff REST API under /api/v1, described at /api/v1/openapi.json. */
export function apiV1Routes(deps: ApiV1Deps) {
  const { casework, translator } = deps;
  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const detail = result.error.issues
          .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
          .join("; ");
        return c.json(
          {
            error: {
              code: "invalid_request",
              message: translator.text(languageOf(c), {
                key: "errors:invalid_request",
                params: { detail },
              }),
            },
          },
          400,
        );
      }
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", {
    type: "http",
    scheme: "bearer",
    description: "A staff API token (npm run staff -- token, or the console's Tokens page)",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Awas staff API",
      version: "1",
      description:
        'Triage reports of election violations by region, move them through the legal stages, and answer reporters and the questions residents ask officers ("Tanya petugas") through the bot. Officers see only their area: anything outside it is 404.',
    },
  });
  app.use("/reports/*", requireStaff({ db: deps.db }));
  app.use("/reports", requireStaff({ db: deps.db }));
  app.use("/questions", requireStaff({ db: deps.db }));
  app.use("/questions/*", requireStaff({ db: deps.db }));
  app.use("/audit", requireStaff({ db: deps.db }));
  if (deps.broadcasts) {
    app.use("/broadcasts", requireStaff({ db: deps.db }));
    app.use("/broadcasts/*", requireStaff({ db: deps.db }));
  }

  app.onError((error, c) => {
    if (error instanceof CaseworkError) {
      const message = translator.text(languageOf(c), `errors:casework.${error.code}`);
      return c.json({ error: { code: error.code, message } }, caseworkStatus[error.code]);
    }
    // The request validator refuses a body it cannot parse this way, before any schema runs.
    if (error instanceof HTTPException && error.status === 400) {
      const language = languageOf(c);
      if (/JSON/.test(error.message)) {
        const message = translator.text(language, "errors:invalid_json");
        return c.json({ error: { code: "invalid_json", message } }, 400);
      }
      const message = translator.text(language, {
        key: "errors:invalid_request",
        params: { detail: error.message },
      });
      return c.json({ error: { code: "invalid_request", message } }, 400);
    }
    throw error;
  });

  const actorOf = (c: Context<Env>): Actor => {
    const staff = c.get("staff");
    return { id: staff.id, email: staff.email, role: staff.role, regionCode: staff.regionCode };
  };
  const ticketOf = (c: { req: { valid(target: "param"): { ticket: string } } }) =>
    normalizeTicket(c.req.valid("param").ticket);

  app.openapi(routes.list, async (c) => {
    const query = c.req.valid("query");
    const filters: QueueFilters = {
      type: query.type,
      stage: query.stage,
      category: query.category,
      region: query.region,
      from: query.from,
      to: query.to,
      channel: query.channel,
      organizationId: query.organization,
      hasEvidence: query.hasEvidence,
      incomplete: query.incomplete,
      ticket: query.ticket,
      text: query.q,
    };
    const page = await casework.list(actorOf(c), filters, {
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
    });
    return c.json(
      {
        items: page.items.map(({ id: _id, knownOn: _knownOn, createdAt, ...item }) => ({
          ...item,
          createdAt: createdAt.toISOString(),
        })),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        ...(page.searchedReports !== undefined ? { searchedReports: page.searchedReports } : {}),
      },
      200,
    );
  });

  app.openapi(routes.get, async (c) => {
    const detail = await casework.detail(actorOf(c), ticketOf(c));
    if (!detail) throw new CaseworkError("not_found");
    const { id: _id, ...report } = detail;
    return c.json(
      {
        ...report,
        createdAt: report.createdAt.toISOString(),
        stageUpdatedAt: report.stageUpdatedAt.toISOString(),
        evidence: report.evidence.map((item) => ({ ...item, addedAt: item.addedAt.toISOString() })),
        timeline: report.timeline.map(({ id: _entryId, at, ...entry }) => ({
          ...entry,
          at: at.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(routes.stage, async (c) => {
    await casework.changeStage(actorOf(c), ticketOf(c), c.req.valid("json"), "api");
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(routes.notes, async (c) => {
    await casework.addNote(actorOf(c), ticketOf(c), c.req.valid("json").text, "api");
    return c.json({ ok: true as const }, 201);
  });

  app.openapi(routes.replies, async (c) => {
    await casework.reply(actorOf(c), ticketOf(c), c.req.valid("json").text, "api");
    return c.json({ ok: true as const }, 201);
  });

  app.openapi(routes.unseal, async (c) => {
    const identity = await casework.unseal(
      actorOf(c),
      ticketOf(c),
      c.req.valid("json").reason,
      "api",
    );
    return c.json(identity, 200);
  });

  app.openapi(routes.assign, async (c) => {
    await casework.assign(actorOf(c), ticketOf(c), c.req.valid("json").staffId, "api");
    return c.json({ ok: true as const }, 200);
  });

  questionRoutes(app, { casework, actorOf });

  if (deps.broadcasts) {
    broadcastRoutes(app, {
      db: deps.db,
      keyring: deps.keyring,
      translator,
      broadcasts: deps.broadcasts,
    });
  }

  app.openapi(routes.audit, async (c) => {
    if (c.get("staff").role !== "admin") throw new CaseworkError("forbidden");
    const query = c.req.valid("query");
    const page = await readAudit(deps.db, deps.keyring, query);
    return c.json(
      {
        items: page.items.map((item) => ({ ...item, at: item.at.toISOString() })),
        ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
      },
      200,
    );
  });

  return app;
}

function languageOf(c: Context): "id" | "en" {
  const staff = (c as Context<Env>).get("staff") as StaffVariables["staff"] | undefined;
  if (staff) return staff.language;
  return /^\s*en\b/i.test(c.req.header("accept-language") ?? "") ? "en" : "id";
}
