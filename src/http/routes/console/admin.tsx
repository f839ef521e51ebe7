import { type Context, Hono } from "hono";
import { readAudit, recordAudit } from "../../../audit/audit-log";
import type { Actor } from "../../../casework/casework";
import { loadDashboard } from "../../../casework/dashboard";
import { CaseworkError, caseworkStatus } from "../../../casework/errors";
import { normalizeTicket } from "../../../casework/queue";
import { regencyRisks } from "../../../casework/risk-map";
import { inScope } from "../../../casework/scope";
import { ErrorPage } from "../../../console/pages/account";
import { AuditPage, WhatsAppPage } from "../../../console/pages/admin";
import { DashboardPage } from "../../../console/pages/dashboard";
import { QuestionsPage } from "../../../console/pages/questions";
import type { ConsoleDeps } from "./index";
import { consoleKit, type Env } from "./shared";

/** Residents' questions for officers, the dashboard, the audit log and the WhatsApp connection. */
export function adminRoutes(deps: ConsoleDeps) {
  const { db, casework, translator } = deps;
  const app = new Hono<Env>();
  const { label, ctxFor, page, actorOf } = consoleKit(deps);

  app.get("/questions", async (c) => {
    const ctx = ctxFor(c);
    const questions = await casework.questions(actorOf(c));
    return page(
      c,
      <QuestionsPage
        ctx={ctx}
        questions={questions}
        canAnswer={ctx.staff?.role !== "viewer"}
        label={label(ctx.language)}
        flash={c.req.query("saved") ? { kind: "ok", text: ctx.t("report.saved") } : undefined}
      />,
    );
  });

  /** A form post on one question: the change, then back to the question on the page. */
  const questionAction =
    (act: (actor: Actor, ticket: string, form: Record<string, unknown>) => Promise<void>) =>
    async (c: Context<Env>) => {
      const ticket = normalizeTicket(c.req.param("ticket") ?? "");
      try {
        await act(actorOf(c), ticket, await c.req.parseBody());
        return c.redirect(`/staff/questions?saved=1#${encodeURIComponent(ticket)}`, 303);
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
    };
  app.post(
    "/questions/:ticket/reply",
    questionAction((actor, ticket, form) =>
      casework.answerQuestion(actor, ticket, form.text, "console"),
    ),
  );
  app.post(
    "/questions/:ticket/close",
    questionAction((actor, ticket, form) =>
      casework.closeQuestion(actor, ticket, form.note, "console"),
    ),
  );

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

  const whatsappPage = (c: Context<Env>) => {
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
        pairingCode={connection?.pairingCode()}
      />,
    );
  };
  app.get("/whatsapp", whatsappPage);
  // After a logout on the phone or another client taking the number, the bot waits for a
  // person: an admin asks it to connect again (a new QR, or the number back).
  app.post("/whatsapp/connect", async (c) => {
    const member = c.get("staff");
    if (member?.role !== "admin") return whatsappPage(c);
    if (deps.whatsapp?.connectAgain()) {
      await recordAudit(
        db,
        deps.keyring,
        { actor: member, action: "whatsapp_connect_again", via: "console" },
        deps.clock(),
      );
    }
    return c.redirect("/staff/whatsapp", 303);
  });

  return app;
}
