import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { recordAudit } from "../../../audit/audit-log";
import { LoginPage, SetPasswordPage } from "../../../console/pages/account";
import type { Language } from "../../../engine/types";
import {
  createConsoleSession,
  endConsoleSession,
  readConsoleSession,
} from "../../../staff/console-sessions";
import { attemptLogin } from "../../../staff/login";
import { describePasswordLink, setPasswordWithLink } from "../../../staff/password-links";
import { staff } from "../../../storage/schema";
import type { ConsoleDeps } from "./index";
import { consoleKit, type Env, languageCookie, sameSecret, sessionCookie } from "./shared";

/** The pages without a session: login, setting a password from a link, the language. */
export function authRoutes(deps: ConsoleDeps) {
  const { db } = deps;
  const app = new Hono<Env>();
  const { ctxFor, page } = consoleKit(deps);

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

  // Open to everyone (the session middleware lets it through); a signed-in officer's choice is
  // also saved on their account, with the form token checked here.
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

  return app;
}

/** Signing out: mounted after the session middleware, which has checked the form token. */
export function logoutRoutes(deps: ConsoleDeps) {
  const { db } = deps;
  const app = new Hono<Env>();

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

  return app;
}
