import { afterAll, beforeAll, describe, expect, it } from "vitest";
import idConsole from "../../locales/id/console.json" with { type: "json" };
import { totpCode } from "../../src/staff/totp";
import type { AppDatabase } from "../../src/storage/database";
import { createTestAwas } from "../support/app-harness";
import { fixedClock } from "../support/conductor-harness";
import { type ConsoleBrowser, consoleClient, consolePassword } from "../support/console-client";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { fileReportOverWebchat } from "../support/reports";

let database: AppDatabase;
let awas: Awaited<ReturnType<typeof createTestAwas>>;
let client: ReturnType<typeof consoleClient>;
const clock = fixedClock();
let admin: ConsoleBrowser;
let officer: ConsoleBrowser;

/** The actions in the audit log's table, newest first. */
const auditActions = async (who: ConsoleBrowser) => {
  const page = await (await client.get("/staff/audit", who)).text();
  const cell = new RegExp(`data-label="${idConsole["audit.col.action"]}">([a-z_]+)</td>`, "g");
  return [...page.matchAll(cell)].map((match) => match[1]);
};

beforeAll(async () => {
  database = await createTestDatabase();
  awas = await createTestAwas(database, { RATE_LIMIT_PER_MINUTE: "1000" }, clock);
  client = consoleClient(awas.app, database, clock);
  admin = await client.signIn("admin@example.org", "admin");
  officer = await client.signIn("beltim@example.org", "officer", "19.06");
}, 90_000);

afterAll(() => database?.close());

describe(`the staff console's account pages on ${testDatabaseKind}`, () => {
  it("mints an API token after the password, and a revoked token no longer opens the API", async () => {
    const wrong = await client.post("/staff/tokens", officer, { label: "laptop", password: "x" });
    expect(wrong.status).toBe(400);
    const minted = await client.post("/staff/tokens", officer, {
      label: "skrip rekap",
      password: consolePassword,
    });
    expect(minted.status).toBe(200);
    const page = await minted.text();
    const token = /id="new-token">\s*([^<\s]+)\s*</.exec(page)?.[1] ?? "";
    expect(token.length).toBeGreaterThan(20);
    const bearer = { headers: { Authorization: `Bearer ${token}` } };
    expect((await awas.app.request("/api/v1/reports", bearer)).status).toBe(200);

    const revokeAction = /action="(\/staff\/tokens\/[0-9a-f-]{36}\/revoke)"/.exec(page)?.[1];
    expect(revokeAction).toBeDefined();
    const revoked = await client.post(revokeAction as string, officer, {});
    expect(revoked.status).toBe(303);
    expect((await awas.app.request("/api/v1/reports", bearer)).status).toBe(401);
    const tokens = await (await client.get("/staff/tokens", officer)).text();
    expect(tokens).toContain(idConsole["tokens.revoked"]);
    const audit = await auditActions(admin);
    expect(audit).toContain("token_created");
    expect(audit).toContain("token_revoked");
  });

  it("turns two-step login on with an authenticator code, asks for it at login, and off with the password", async () => {
    const { account } = await client.signIn("dua.langkah@example.org", "officer", "19.06");
    const me = await client.logIn(account.email);
    if (me instanceof Response) throw new Error("login failed");
    const security = await (await client.get("/staff/security", me)).text();
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(security)?.[1] ?? "";
    expect(secret).not.toBe("");
    const badCode = await client.post("/staff/security/totp/enable", me, {
      secret,
      code: "000000",
    });
    expect(await badCode.text()).toContain(idConsole["security.totp_wrong"]);

    const on = await client.post("/staff/security/totp/enable", me, {
      secret,
      code: totpCode(secret, clock()),
    });
    expect(await on.text()).toContain(idConsole["security.totp_on"]);
    const withoutCode = await client.logIn(account.email);
    expect(withoutCode).toBeInstanceOf(Response);
    expect((withoutCode as Response).status).toBe(400);
    expect(await (withoutCode as Response).text()).toContain('name="totp"');
    // The code that turned it on is spent; the app's next one logs in, once.
    expect(await client.logIn(account.email, totpCode(secret, clock()))).toBeInstanceOf(Response);
    clock.advance(30_000);
    const withCode = await client.logIn(account.email, totpCode(secret, clock()));
    expect(withCode).not.toBeInstanceOf(Response);

    const off = await client.post("/staff/security/totp/disable", me, {
      password: consolePassword,
    });
    expect(await off.text()).toContain(idConsole["security.totp_off"]);
    expect(await client.logIn(account.email)).not.toBeInstanceOf(Response);
  });

  it("shows admins the WhatsApp connection state, and no one else", async () => {
    const page = await client.get("/staff/whatsapp", admin);
    expect(page.status).toBe(200);
    expect(await page.clone().text()).toContain(idConsole["whatsapp.state.disabled"]);
    expect((await client.get("/staff/whatsapp", officer)).status).toBe(403);
    // Nothing to connect again while the channel is off, and never for an officer.
    expect(await page.clone().text()).not.toContain('action="/staff/whatsapp/connect"');
    expect((await client.post("/staff/whatsapp/connect", officer, {})).status).toBe(403);
    expect((await client.post("/staff/whatsapp/connect", admin, {})).status).toBe(303);
    expect(await auditActions(admin)).not.toContain("whatsapp_connect_again");
  });

  it("links two reports as one incident and unlinks them, on both timelines and in the audit log", async () => {
    const first = await fileReportOverWebchat(awas.app);
    const second = await fileReportOverWebchat(awas.app);
    const link = await client.post(`/staff/reports/${first.ticket}/link`, officer, {
      other: second.ticket.toLowerCase(),
      linked: "true",
    });
    expect(link.status).toBe(303);
    const secondPage = await (await client.get(`/staff/reports/${second.ticket}`, officer)).text();
    expect(secondPage).toContain(
      idConsole["report.event.linked"]
        .replace("{{who}}", "Petugas officer")
        .replace("{{ticket}}", first.ticket),
    );
    const unlink = await client.post(`/staff/reports/${second.ticket}/link`, officer, {
      other: first.ticket,
      linked: "false",
    });
    expect(unlink.status).toBe(303);
    const firstPage = await (await client.get(`/staff/reports/${first.ticket}`, officer)).text();
    expect(firstPage).toContain(
      idConsole["report.event.unlinked"]
        .replace("{{who}}", "Petugas officer")
        .replace("{{ticket}}", second.ticket),
    );
    const audit = await auditActions(admin);
    expect(audit).toContain("reports_linked");
    expect(audit).toContain("reports_unlinked");
  });
});
