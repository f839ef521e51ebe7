import { and, desc, eq, isNull } from "drizzle-orm";
import { type Context, Hono } from "hono";
import QRCode from "qrcode";
import { recordAudit } from "../../../audit/audit-log";
import { SecurityPage } from "../../../console/pages/account";
import { TokensPage } from "../../../console/pages/admin";
import { confirmOwnPassword, disableTotp, enableTotp } from "../../../staff/login";
import {
  issueTelegramLinkCode,
  linkedTelegram,
  unlinkTelegram,
} from "../../../staff/telegram-link";
import { issueToken } from "../../../staff/tokens";
import { generateTotpSecret, totpUri } from "../../../staff/totp";
import { staff, staffTokens } from "../../../storage/schema";
import type { ConsoleDeps } from "./index";
import { consoleKit, type Env } from "./shared";

/** A staff member's own account: API tokens, two-step login (TOTP) and the Telegram link. */
export function accountRoutes(deps: ConsoleDeps) {
  const { db } = deps;
  const app = new Hono<Env>();
  const { ctxFor, page } = consoleKit(deps);

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

  return app;
}
