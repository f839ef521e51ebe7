import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Child } from "hono/jsx";
import type { Actor } from "../../../casework/casework";
import { type ConsoleStaff, type PageContext, pageContext } from "../../../console/context";
import type { Language } from "../../../engine/types";
import type { ConsoleDeps } from "./index";

export type Env = { Variables: { staff: ConsoleStaff; csrf: string; language: Language } };

/** The session cookie: host-only, HTTPS-only (browsers treat localhost as secure), no scripts. */
export const sessionCookie = "__Host-awas_staff";
export const languageCookie = "awas_console_language";

/** What every console page handler needs: its texts, its context, the page itself, the actor. */
export function consoleKit(deps: Pick<ConsoleDeps, "translator" | "regionName" | "whatsapp">) {
  const { translator } = deps;
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
  return { label, ctxFor, page, actorOf };
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
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
