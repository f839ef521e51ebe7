import { timingSafeEqual } from "node:crypto";
import { and, asc, desc, eq, isNull, ne } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Child } from "hono/jsx";
import QRCode from "qrcode";
import { readAudit, recordAudit } from "../../audit/audit-log";
import type { Actor, Casework, Identity } from "../../casework/casework";
import { CSV_MIME_TYPE, toCsv } from "../../casework/csv";
import { loadDashboard } from "../../casework/dashboard";
import {
  findLikelyDuplicates,
  groupDuplicates,
  linkedReports,
  linkReports,
  unlinkReports,
} from "../../casework/duplicates";
import { CaseworkError, caseworkStatus } from "../../casework/errors";
import { makePreview } from "../../casework/evidence-preview";
import { normalizeTicket, type QueueFilters } from "../../casework/queue";
import { findScopedReport } from "../../casework/report-detail";
import { regencyRisks } from "../../casework/risk-map";
import { inScope } from "../../casework/scope";
import { type ForwardTarget, forwardTargets } from "../../casework/stages";
import type { WhatsAppConnection } from "../../channels/whatsapp/connection";
import { type ConsoleStaff, type PageContext, pageContext } from "../../console/context";
import { ErrorPage, LoginPage, SecurityPage, SetPasswordPage } from "../../console/pages/account";
import { AuditPage, QuestionsPage, TokensPage, WhatsAppPage } from "../../console/pages/admin";
import { DashboardPage } from "../../console/pages/dashboard";
import { QueuePage } from "../../console/pages/queue";
import { ReportPage } from "../../console/pages/report";
import type { ContentReloader } from "../../content/live-content";
import type { Language } from "../../engine/types";
import type { Translator } from "../../i18n/translator";
import { jakartaDate } from "../../knowledge/calendar";
import type { Logger } from "../../logger";
import type { Keyring } from "../../privacy/keyring";
import { reportCategories, reportingWindowDays, reportStages } from "../../reports/categories";
import {
  createConsoleSession,
  endConsoleSession,
  readConsoleSession,
} from "../../staff/console-sessions";
import { attemptLogin, confirmOwnPassword, disableTotp, enableTotp } from "../../staff/login";
import { describePasswordLink, setPasswordWithLink } from "../../staff/password-links";
import { issueTelegramLinkCode, linkedTelegram, unlinkTelegram } from "../../staff/telegram-link";
import { issueToken } from "../../staff/tokens";
import { generateTotpSecret, totpUri } from "../../staff/totp";
import type { Db } from "../../storage/database";
import { organizations, regions, reportEvents, staff, staffTokens } from "../../storage/schema";
import { contentRoutes } from "./console-content";

export interface ConsoleDeps {
  db: Db;
  keyring: Keyring;
  translator: Translator;
  casework: Casework;
  clock: () => Date;
  log: Logger;
  /** How long a console session lasts without activity. */
  sessionMs: number;
  /** Names a region code for people ("Manggar, Kab. Belitung Timur"). */
  regionName: (code: string) => string;
  /** The public address (PUBLIC_URL), an accepted Origin besides the request's own. */
  publicUrl: string;
  whatsapp?: WhatsAppConnection | undefined;
  /** Shown as a t.me link beside a Telegram link code. */
  telegramBotUsername?: string | undefined;
  /** Rebuilds what the bot answers after staff edit the knowledge base or the calendar. */
  content: ContentReloader;
}

type Env = { Variables: { staff: ConsoleStaff; csrf: string; language: Language } };

/** The session cookie: host-only, HTTPS-only (browsers treat localhost as secure), no scripts. */
export const sessionCookie = "__Host-awas_staff";
const languageCookie = "awas_console_language";
const formLimitBytes = 64 * 1024;

/** The staff console under /staff: server-rendered pages, a cookie session, CSRF-checked forms. */
export function consoleRoutes(deps: ConsoleDeps) {
  const { db, casework, translator } = deps;
  const app = new Hono<Env>();
  const label = (language: Language) => (key: string) => translator.text(language, key);

  const cookieLanguage = (c: Context): Language =>
    getCookie(c, languageCookie) === "en"
      ? "en"
      : getCookie(c, languageCookie) === "id"
        ? "id"
        : /^\s*en\b/i.test(c.req.header("accept-language") ?? "")
          ? "en"
          : "id";

  const ctxFor = (c: Context<Env>): PageContext => {
    const staffMember = c.get("staff") as ConsoleStaff | undefined;
    const language = staffMember?.language ?? cookieLanguage(c);
    return pageContext(translator, language, {
      ...(staffMember ? { staff: staffMember, csrf: c.get("csrf") } : {}),
      path: c.req.path,
      regionName: deps.regionName,
      whatsappEnabled: deps.whatsapp !== undefined,
    });
  };
  const page = (c: Context<Env>, body: Child, status: 200 | 400 | 403 | 404 | 409 | 429 = 200) => {
    securityHeaders(c);
    return c.html(`<!doctype html>${String(body)}`, status);
  };
  const actorOf = (c: Context<Env>): Actor => {
    const member = c.get("staff");
    return { id: member.id, email: member.email, role: member.role, regionCode: member.regionCode };
  };

  // The bearer-token API under /staff/api has its own authentication.
  const isApi = (c: Context) => c.req.path.startsWith("/staff/api/");

  // Forms only: a body larger than this is not one of ours.
  app.use("*", async (c, next) => {
    if (c.req.method !== "POST" || isApi(c)) return next();
    return bodyLimit({
      maxSize: formLimitBytes,
      onError: (cc) => cc.text("Payload Too Large", 413),
    })(c, next);
  });

  // Cross-site form posts are refused by Origin / Sec-Fetch-Site before anything else.
  app.use("*", async (c, next) => {
    if (c.req.method === "POST" && !isApi(c) && !sameOrigin(c, deps.publicUrl)) {
      return page(c, <ErrorPage ctx={ctxFor(c)} text={ctxFor(c).t("csrf_failed")} />, 403);
    }
    return next();
  });

  // --- Pages without a session -----------------------------------------------------------------

  app.get("/login", (c) =>
    page(
      c,
      <LoginPage
        ctx={ctxFor(c)}
        notice={c.req.query("done") ? ctxFor(c).t("set_password.done") : undefined}
      />,
    ),
  );

  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const email = String(form.email ?? "").slice(0, 254);
    const password = String(form.password ?? "").slice(0, 200);
    const totp = typeof form.totp === "string" && form.totp.trim() ? form.totp : undefined;
    const now = deps.clock();
    const result = await attemptLogin(
      db,
      deps.keyring,
      { email, password, ...(totp ? { totp } : {}) },
      now,
    );
    const ctx = ctxFor(c);
    if (!result.ok) {
      if (result.reason !== "totp_required") {
        await recordAudit(
          db,
          deps.keyring,
          {
            actor: null,
            action: "login_failed",
            subject: email.toLowerCase(),
            detail: { reason: result.reason },
            via: "console",
          },
          now,
        );
      }
      const error =
        result.reason === "blocked"
          ? ctx.t("login.blocked", { seconds: String(result.retryAfterSeconds ?? 60) })
          : ctx.t(`login.${result.reason}`);
      const askTotp = result.reason === "totp_required" || result.reason === "totp_invalid";
      return page(
        c,
        <LoginPage ctx={ctx} email={email} askTotp={askTotp} error={error} />,
        result.reason === "blocked" ? 429 : 400,
      );
    }
    const session = await createConsoleSession(db, result.staff.id, now, deps.sessionMs);
    await recordAudit(
      db,
      deps.keyring,
      { actor: result.staff, action: "login", via: "console" },
      now,
    );
    setCookie(c, sessionCookie, session.cookieValue, {
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      expires: session.expiresAt,
    });
    return c.redirect("/staff", 303);
  });

  app.get("/set-password", async (c) => {
    const token = c.req.query("token") ?? "";
    const account = await describePasswordLink(db, token, deps.clock());
    const ctx = ctxFor(c);
    return page(
      c,
      <SetPasswordPage
        ctx={ctx}
        token={token}
        account={account}
        error={account ? undefined : ctx.t("set_password.invalid_link")}
      />,
      account ? 200 : 404,
    );
  });

  app.post("/set-password", async (c) => {
    const form = await c.req.parseBody();
    const token = String(form.token ?? "");
    const password = String(form.password ?? "");
    const ctx = ctxFor(c);
    const now = deps.clock();
    const account = await describePasswordLink(db, token, now);
    if (!account) {
      return page(
        c,
        <SetPasswordPage ctx={ctx} token={token} error={ctx.t("set_password.invalid_link")} />,
        404,
      );
    }
    if (password !== String(form.confirm ?? "")) {
      return page(
        c,
        <SetPasswordPage
          ctx={ctx}
          token={token}
          account={account}
          error={ctx.t("set_password.mismatch")}
        />,
        400,
      );
    }
    const result = await setPasswordWithLink(db, token, password, now);
    if (!result.ok) {
      const key =
        result.reason === "invalid_link"
          ? "set_password.invalid_link"
          : `set_password.${result.reason}`;
      return page(
        c,
        <SetPasswordPage ctx={ctx} token={token} account={account} error={ctx.t(key)} />,
        400,
      );
    }
    await recordAudit(
      db,
      deps.keyring,
      {
        actor: { id: result.staffId, email: account.email },
        action: "password_set",
        via: "console",
      },
      now,
    );
    return c.redirect("/staff/login?done=1", 303);
  });

  // --- Everything else needs a session (and a form token on every POST) ------------------------

  app.use("*", async (c, next) => {
    const open = ["/staff/login", "/staff/set-password", "/staff/language"];
    if (open.includes(c.req.path) || isApi(c)) return next();
    const cookie = getCookie(c, sessionCookie);
    const session = cookie
      ? await readConsoleSession(db, cookie, deps.clock(), deps.sessionMs)
      : undefined;
    if (!session) {
      if (c.req.method === "GET") return c.redirect("/staff/login", 303);
      return c.text("Unauthorized", 401);
    }
    c.set("staff", session.staff);
    c.set("csrf", session.csrfToken);
    if (c.req.method === "POST") {
      const form = await c.req.parseBody();
      if (!sameSecret(String(form._csrf ?? ""), session.csrfToken)) {
        return page(c, <ErrorPage ctx={ctxFor(c)} text={ctxFor(c).t("csrf_failed")} />, 403);
      }
    }
    return next();
  });

  app.post("/language", async (c) => {
    const form = await c.req.parseBody();
    const language: Language = form.language === "en" ? "en" : "id";
    const cookie = getCookie(c, sessionCookie);
    const session = cookie
      ? await readConsoleSession(db, cookie, deps.clock(), deps.sessionMs)
      : undefined;
    if (session) {
      if (!sameSecret(String(form._csrf ?? ""), session.csrfToken)) return c.text("Forbidden", 403);
      await db.update(staff).set({ language }).where(eq(staff.id, session.staff.id));
    }
    setCookie(c, languageCookie, language, {
      path: "/staff",
      sameSite: "Lax",
      httpOnly: true,
      secure: true,
      maxAge: 365 * 86400,
    });
    const back = String(form.back ?? "/staff");
    return c.redirect(back.startsWith("/staff") && !back.startsWith("//") ? back : "/staff", 303);
  });

  app.post("/logout", async (c) => {
    const cookie = getCookie(c, sessionCookie);
    if (cookie) await endConsoleSession(db, cookie);
    await recordAudit(
      db,
      deps.keyring,
      { actor: c.get("staff"), action: "logout", via: "console" },
      deps.clock(),
    );
    deleteCookie(c, sessionCookie, { path: "/", secure: true });
    return c.redirect("/staff/login", 303);
  });

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
      db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
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

  // --- Questions, dashboard, audit, tokens, security, WhatsApp ---------------------------------

  app.get("/questions", async (c) => {
    const ctx = ctxFor(c);
    const questions = await casework.questions(actorOf(c));
    return page(
      c,
      <QuestionsPage
        ctx={ctx}
        questions={questions}
        canAnswer={ctx.staff?.role !== "viewer"}
        flash={c.req.query("saved") ? { kind: "ok", text: ctx.t("report.saved") } : undefined}
      />,
    );
  });
  app.post("/questions/:ticket/answer", async (c) => {
    const form = await c.req.parseBody();
    try {
      await casework.answerQuestion(
        actorOf(c),
        normalizeTicket(c.req.param("ticket")),
        form.text,
        "console",
      );
      return c.redirect("/staff/questions?saved=1", 303);
    } catch (error) {
      if (!(error instanceof CaseworkError)) throw error;
      const ctx = ctxFor(c);
      return page(
        c,
        <ErrorPage
          ctx={ctx}
          text={translator.text(ctx.language, `errors:casework.${error.code}`)}
        />,
        caseworkStatus[error.code],
      );
    }
  });

  app.get("/dashboard", async (c) => {
    const ctx = ctxFor(c);
    const actor = actorOf(c);
    const dashboard = await loadDashboard(db, actor, { now: deps.clock() });
    const risks = regencyRisks.filter((risk) => inScope(actor, risk.regencyCode));
    return page(
      c,
      <DashboardPage ctx={ctx} dashboard={dashboard} risks={risks} label={label(ctx.language)} />,
    );
  });

  app.route("/content", contentRoutes(deps));

  app.get("/audit", async (c) => {
    const ctx = ctxFor(c);
    if (ctx.staff?.role !== "admin")
      return page(c, <ErrorPage ctx={ctx} text={ctx.t("error.forbidden")} />, 403);
    const before = Number(c.req.query("before"));
    const result = await readAudit(
      db,
      deps.keyring,
      Number.isSafeInteger(before) && before > 0 ? { before } : {},
    );
    return page(c, <AuditPage ctx={ctx} items={result.items} nextCursor={result.nextCursor} />);
  });

  const tokensOf = (staffId: string) =>
    db
      .select({
        id: staffTokens.id,
        label: staffTokens.label,
        createdAt: staffTokens.createdAt,
        lastUsedAt: staffTokens.lastUsedAt,
        revokedAt: staffTokens.revokedAt,
      })
      .from(staffTokens)
      .where(eq(staffTokens.staffId, staffId))
      .orderBy(desc(staffTokens.createdAt));
  app.get("/tokens", async (c) =>
    page(c, <TokensPage ctx={ctxFor(c)} tokens={await tokensOf(c.get("staff").id)} />),
  );
  app.post("/tokens", async (c) => {
    const form = await c.req.parseBody();
    const member = c.get("staff");
    if (!(await confirmOwnPassword(db, member.id, String(form.password ?? ""), deps.clock()))) {
      const ctx = ctxFor(c);
      return page(
        c,
        <TokensPage
          ctx={ctx}
          tokens={await tokensOf(member.id)}
          error={ctx.t("reauth.wrong_password")}
        />,
        400,
      );
    }
    const tokenLabel =
      String(form.label ?? "")
        .trim()
        .slice(0, 80) || undefined;
    const token = await issueToken(db, member.id, tokenLabel);
    await recordAudit(
      db,
      deps.keyring,
      {
        actor: member,
        action: "token_created",
        detail: { label: tokenLabel ?? null },
        via: "console",
      },
      deps.clock(),
    );
    return page(
      c,
      <TokensPage ctx={ctxFor(c)} tokens={await tokensOf(member.id)} created={token} />,
      200,
    );
  });
  app.post("/tokens/:id/revoke", async (c) => {
    const member = c.get("staff");
    const id = c.req.param("id");
    if (/^[0-9a-f-]{36}$/.test(id)) {
      const revoked = await db
        .update(staffTokens)
        .set({ revokedAt: deps.clock() })
        .where(
          and(
            eq(staffTokens.id, id),
            eq(staffTokens.staffId, member.id),
            isNull(staffTokens.revokedAt),
          ),
        )
        .returning({ id: staffTokens.id });
      if (revoked.length > 0) {
        await recordAudit(
          db,
          deps.keyring,
          { actor: member, action: "token_revoked", subject: id, via: "console" },
          deps.clock(),
        );
      }
    }
    return c.redirect("/staff/tokens", 303);
  });

  const securityPage = async (
    c: Context<Env>,
    extra: { error?: string; notice?: string; telegramCode?: string } = {},
  ) => {
    const member = c.get("staff");
    const [row] = await db
      .select({ totp: staff.totpSecretSealed })
      .from(staff)
      .where(eq(staff.id, member.id));
    const telegram = {
      telegramLinked: await linkedTelegram(db, member.id),
      telegramBot: deps.telegramBotUsername,
    };
    if (row?.totp) return page(c, <SecurityPage ctx={ctxFor(c)} totpOn {...telegram} {...extra} />);
    const secret = generateTotpSecret();
    const qrDataUrl = await QRCode.toDataURL(totpUri(secret, member.email), {
      margin: 1,
      width: 200,
    });
    return page(
      c,
      <SecurityPage
        ctx={ctxFor(c)}
        totpOn={false}
        secret={secret}
        qrDataUrl={qrDataUrl}
        {...telegram}
        {...extra}
      />,
      extra.error ? 400 : 200,
    );
  };
  // The code is shown on this response only: never in a URL.
  app.post("/security/telegram/code", async (c) => {
    const member = c.get("staff");
    const code = await issueTelegramLinkCode(db, member.id, deps.clock());
    await recordAudit(
      db,
      deps.keyring,
      { actor: member, action: "telegram_link_code", via: "console" },
      deps.clock(),
    );
    return securityPage(c, { telegramCode: code });
  });
  app.post("/security/telegram/unlink", async (c) => {
    const member = c.get("staff");
    if (await unlinkTelegram(db, member.id)) {
      await recordAudit(
        db,
        deps.keyring,
        { actor: member, action: "telegram_unlinked", via: "console" },
        deps.clock(),
      );
    }
    return securityPage(c, { notice: ctxFor(c).t("telegram_link.unlinked") });
  });
  app.get("/security", (c) => securityPage(c));
  app.post("/security/totp/enable", async (c) => {
    const form = await c.req.parseBody();
    const member = c.get("staff");
    const now = deps.clock();
    const ok = await enableTotp(
      db,
      deps.keyring,
      member.id,
      String(form.secret ?? ""),
      String(form.code ?? ""),
      now,
    );
    if (!ok) return securityPage(c, { error: ctxFor(c).t("security.totp_wrong") });
    await recordAudit(
      db,
      deps.keyring,
      { actor: member, action: "totp_enabled", via: "console" },
      now,
    );
    return securityPage(c, { notice: ctxFor(c).t("report.saved") });
  });
  app.post("/security/totp/disable", async (c) => {
    const member = c.get("staff");
    const form = await c.req.parseBody();
    if (!(await confirmOwnPassword(db, member.id, String(form.password ?? ""), deps.clock()))) {
      return securityPage(c, { error: ctxFor(c).t("reauth.wrong_password") });
    }
    await disableTotp(db, member.id);
    await recordAudit(
      db,
      deps.keyring,
      { actor: member, action: "totp_disabled", via: "console" },
      deps.clock(),
    );
    return securityPage(c, { notice: ctxFor(c).t("report.saved") });
  });

  app.get("/whatsapp", (c) => {
    const ctx = ctxFor(c);
    if (ctx.staff?.role !== "admin")
      return page(c, <ErrorPage ctx={ctx} text={ctx.t("error.forbidden")} />, 403);
    const connection = deps.whatsapp;
    return page(
      c,
      <WhatsAppPage
        ctx={ctx}
        state={connection ? connection.state() : "disabled"}
        qr={connection?.qr()}
      />,
    );
  });

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

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A form post from our own pages: same Origin (or PUBLIC_URL's), or no browser headers at all. */
function sameOrigin(c: Context, publicUrl: string): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = c.req.header("origin");
  if (!origin) return true;
  return origin === new URL(c.req.url).origin || origin === new URL(publicUrl).origin;
}

export function securityHeaders(c: Context) {
  c.header(
    "Content-Security-Policy",
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; media-src 'self'; " +
      "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  // Not "no-referrer": with it, browsers send "Origin: null" on form posts, defeating the check.
  c.header("Referrer-Policy", "same-origin");
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
  c.header("Cache-Control", "no-store");
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
