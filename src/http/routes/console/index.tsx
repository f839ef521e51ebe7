import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import type { BroadcastService } from "../../../broadcasts/broadcasts";
import type { Casework } from "../../../casework/casework";
import type { WhatsAppConnection } from "../../../channels/whatsapp/connection";
import { ErrorPage } from "../../../console/pages/account";
import type { ContentReloader } from "../../../content/live-content";
import type { Translator } from "../../../i18n/translator";
import type { Logger } from "../../../logger";
import type { Keyring } from "../../../privacy/keyring";
import { readConsoleSession } from "../../../staff/console-sessions";
import type { Db } from "../../../storage/database";
import { accountRoutes } from "./account";
import { adminRoutes } from "./admin";
import { authRoutes, logoutRoutes } from "./auth";
import { broadcastConsoleRoutes } from "./broadcasts";
import { contentRoutes } from "./content";
import { reportRoutes } from "./reports";
import { consoleKit, type Env, sameSecret, sessionCookie } from "./shared";

export { securityHeaders, sessionCookie } from "./shared";

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
  /** Imbauan broadcasts: the composer and the progress pages. */
  broadcasts?: BroadcastService | undefined;
}

const formLimitBytes = 64 * 1024;

/** The staff console under /staff: server-rendered pages, a cookie session, CSRF-checked forms. */
export function consoleRoutes(deps: ConsoleDeps) {
  const { db } = deps;
  const app = new Hono<Env>();
  const { ctxFor, page } = consoleKit(deps);

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

  // Pages without a session: login, set-password, language.
  app.route("/", authRoutes(deps));

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

  app.route("/", logoutRoutes(deps));
  app.route("/", reportRoutes(deps));
  app.route("/", adminRoutes(deps));
  app.route("/content", contentRoutes(deps));
  if (deps.broadcasts) {
    app.route("/broadcasts", broadcastConsoleRoutes({ ...deps, broadcasts: deps.broadcasts }));
  }
  app.route("/", accountRoutes(deps));

  return app;
}

/** A form post from our own pages: same Origin (or PUBLIC_URL's), or no browser headers at all. */
function sameOrigin(c: Context, publicUrl: string): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = c.req.header("origin");
  if (!origin) return true;
  return origin === new URL(c.req.url).origin || origin === new URL(publicUrl).origin;
}
