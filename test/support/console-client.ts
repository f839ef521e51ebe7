import { expect } from "vitest";
import { addStaff } from "../../src/staff/accounts";
import { issuePasswordLink } from "../../src/staff/password-links";
import type { AppDatabase } from "../../src/storage/database";

interface RequestingApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** A logged-in browser as far as the server can tell: its session cookie and form token. */
export interface ConsoleBrowser {
  cookie: string;
  csrf: string;
}

export const consolePassword = "pengawas-partisipatif-2026";

export const formPost = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  body: new URLSearchParams(fields).toString(),
});

/** Requests to the staff console as people with accounts would make them. */
export function consoleClient(app: RequestingApp, database: AppDatabase, clock: () => Date) {
  const get = (path: string, who?: ConsoleBrowser) =>
    app.request(path, { headers: who ? { cookie: who.cookie } : {} });

  const post = (
    path: string,
    who: ConsoleBrowser,
    fields: Record<string, string>,
    csrf = who.csrf,
  ) => app.request(path, formPost({ _csrf: csrf, ...fields }, { cookie: who.cookie }));

  /** Logs in with the password (and a TOTP code, if given); the browser, or the response. */
  async function logIn(email: string, totp?: string): Promise<ConsoleBrowser | Response> {
    const login = await app.request(
      "/staff/login",
      formPost({ email, password: consolePassword, ...(totp ? { totp } : {}) }),
    );
    if (login.status !== 303) return login;
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const page = await (await app.request("/staff/security", { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    expect(csrf).not.toBe("");
    return { cookie, csrf };
  }

  /** Creates an account, sets its password with the one-time link, and logs in. */
  async function signIn(email: string, role: string, regionCode?: string) {
    const account = await addStaff(database.db, {
      email,
      name: `Petugas ${role}`,
      role,
      regionCode,
    });
    const token = await issuePasswordLink(database.db, account.id, clock());
    const set = await app.request(
      "/staff/set-password",
      formPost({ token, password: consolePassword, confirm: consolePassword }),
    );
    expect(set.status).toBe(303);
    const browser = await logIn(email);
    if (browser instanceof Response) throw new Error(`login failed: ${browser.status}`);
    return { ...browser, account };
  }

  return { get, post, logIn, signIn };
}
