import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import enConsole from "../../locales/en/console.json" with { type: "json" };
import idConsole from "../../locales/id/console.json" with { type: "json" };
import idErrors from "../../locales/id/errors.json" with { type: "json" };
import { type BroadcastService, createBroadcastService } from "../../src/broadcasts/broadcasts";
import { lockContact } from "../../src/conversations/contacts";
import { broadcastConsoleRoutes, wibDateTime } from "../../src/http/routes/console/broadcasts";
import { sessionCookie } from "../../src/http/routes/console/shared";
import { addStaff } from "../../src/staff/accounts";
import { readConsoleSession } from "../../src/staff/console-sessions";
import { issuePasswordLink } from "../../src/staff/password-links";
import type { AppDatabase } from "../../src/storage/database";
import {
  broadcastRecipients,
  broadcasts,
  calendarEvents,
  staff,
  subscriptions,
} from "../../src/storage/schema";
import { createTestAwas } from "../support/app-harness";
import { fixedClock, translator } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

let database: AppDatabase;
let awas: Awaited<ReturnType<typeof createTestAwas>>;
let app: Hono;
let service: BroadcastService;
const kicked: string[] = [];
const clock = fixedClock();
const password = "pengawas-partisipatif-2026";
let nextChat = 710_000;

interface Browser {
  cookie: string;
  csrf: string;
}

const form = (fields: [string, string][], headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  body: new URLSearchParams(fields).toString(),
});

const get = (path: string, who: Browser) => app.request(path, { headers: { cookie: who.cookie } });

const post = (path: string, who: Browser, fields: [string, string][] = []) =>
  app.request(path, form([["_csrf", who.csrf], ...fields], { cookie: who.cookie }));

/**
 * The real console (login, set-password, security page) with the broadcast pages in front of
 * it, behind the same session and form-token checks the console's middleware makes, until
 * `consoleRoutes` mounts them itself.
 */
function withBroadcastPages(): Hono {
  const wrapper = new Hono();
  const pages = new Hono<{ Variables: Record<string, unknown> }>();
  pages.use("*", async (c, next) => {
    const cookie = getCookie(c, sessionCookie);
    const session = cookie
      ? await readConsoleSession(database.db, cookie, clock(), 60 * 60 * 1000)
      : undefined;
    if (!session) return c.text("Unauthorized", 401);
    c.set("staff", session.staff);
    c.set("csrf", session.csrfToken);
    if (c.req.method === "POST") {
      const body = await c.req.parseBody();
      if (body._csrf !== session.csrfToken) return c.text("csrf", 403);
    }
    return next();
  });
  pages.route(
    "/",
    broadcastConsoleRoutes({
      db: database.db,
      keyring: awas.keyring,
      translator,
      regionName: (code) => `R${code}`,
      clock,
      broadcasts: service,
    }) as never,
  );
  wrapper.route("/staff/broadcasts", pages);
  wrapper.all("*", (c) => awas.app.fetch(c.req.raw));
  return wrapper;
}

/** Creates an account, sets its password with the one-time link, and logs in. */
async function signIn(email: string, role: string, regionCode?: string): Promise<Browser> {
  const account = await addStaff(database.db, { email, name: `Petugas ${role}`, role, regionCode });
  const token = await issuePasswordLink(database.db, account.id, clock());
  const set = await awas.app.request(
    "/staff/set-password",
    form([
      ["token", token],
      ["password", password],
      ["confirm", password],
    ]),
  );
  expect(set.status).toBe(303);
  const login = await awas.app.request(
    "/staff/login",
    form([
      ["email", email],
      ["password", password],
    ]),
  );
  expect(login.status).toBe(303);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const page = await (await awas.app.request("/staff/security", { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  expect(csrf).not.toBe("");
  return { cookie, csrf };
}

async function subscribe(count: number, regions: string[], unsubscribed = false) {
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const { contact } = await lockContact(tx, awas.keyring, "telegram", String(nextChat++), "id");
      await tx.insert(subscriptions).values({
        contactId: contact.id,
        regionCodes: regions,
        language: "id",
        role: "public",
        subscribedAt: clock(),
        unsubscribedAt: unsubscribed ? clock() : null,
      });
    }
  });
}

let admin: Browser;
let beltim: Browser;
let jambi: Browser;
let viewer: Browser;
let broadcastId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  awas = await createTestAwas(database, { RATE_LIMIT_PER_MINUTE: "1000" }, clock);
  service = createBroadcastService({
    db: database.db,
    clock,
    approvalRequired: false,
    kick: async (id) => {
      kicked.push(id);
    },
    sendTest: async () => true,
  });
  app = withBroadcastPages();
  admin = await signIn("admin@example.org", "admin");
  beltim = await signIn("beltim@example.org", "officer", "19.06");
  jambi = await signIn("jambi@example.org", "officer", "15");
  viewer = await signIn("viewer@example.org", "viewer");
  await subscribe(4, ["19.06"]);
  await subscribe(2, ["19"]);
  await subscribe(3, ["15"]);
  await subscribe(1, ["19.06"], true);
}, 90_000);

afterAll(() => database?.close());

const text = "Imbauan: masa tenang dimulai besok. Laporkan politik uang.";
const textEn = "Notice: the quiet period starts tomorrow.";

describe(`broadcast pages of the staff console on ${testDatabaseKind}`, () => {
  it("reads a datetime-local value as WIB", () => {
    expect(wibDateTime("2026-11-21T08:00")?.toISOString()).toBe("2026-11-21T01:00:00.000Z");
    expect(wibDateTime("2026-02-31T08:00")).toBeNull();
    expect(wibDateTime("besok")).toBeNull();
  });

  it("shows the composer with the officer's kab/kota only", async () => {
    const response = await get("/staff/broadcasts", beltim);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(idConsole["broadcasts.new"]);
    expect(page).toContain('value="19.06"');
    expect(page).not.toContain('value="19"');
    expect(page).not.toContain('value="15.');
    expect(page).toContain('type="datetime-local"');
    expect(page).toContain(`name="_csrf" value="${beltim.csrf}"`);
  });

  it("offers an admin whole provinces and their kab/kota", async () => {
    const page = await (await get("/staff/broadcasts", admin)).text();
    expect(page).toContain('name="regions" value="19"');
    expect(page).toContain('name="regions" value="15"');
    expect(page).toContain('name="regions" value="19.06"');
  });

  it("refuses a viewer with 403", async () => {
    expect((await get("/staff/broadcasts", viewer)).status).toBe(403);
    const created = await post("/staff/broadcasts", viewer, [["text", text]]);
    expect(created.status).toBe(403);
  });

  it("asks for the Indonesian text", async () => {
    const response = await post("/staff/broadcasts/preview", beltim, [["text", "  "]]);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(idConsole["broadcasts.error.text_required"]);
  });

  it("previews the texts, the audience and the exact count before creating anything", async () => {
    const response = await post("/staff/broadcasts/preview", beltim, [
      ["text", text],
      ["textEn", textEn],
      ["regions", "19.06"],
      ["channels", "telegram"],
      ["when", "now"],
    ]);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(text);
    expect(page).toContain(textEn);
    expect(page).toContain("R19.06");
    // 4 subscribers of Belitung Timur and 2 of the whole province; not the one who left.
    expect(page).toContain(idConsole["broadcasts.preview.recipients"].replace("{{count}}", "6"));
    expect(page).toContain(idConsole["broadcasts.preview.send"]);
    expect(page).toContain('formaction="/staff/broadcasts/edit"');
    expect(await database.db.select().from(broadcasts)).toHaveLength(0);
  });

  it("counts the officer's area when no region is chosen, and a province for an admin", async () => {
    const mine = await (await post("/staff/broadcasts/preview", beltim, [["text", text]])).text();
    expect(mine).toContain(idConsole["broadcasts.preview.recipients"].replace("{{count}}", "6"));
    const jambiPage = await (
      await post("/staff/broadcasts/preview", admin, [
        ["text", text],
        ["regions", "15"],
      ])
    ).text();
    expect(jambiPage).toContain(
      idConsole["broadcasts.preview.recipients"].replace("{{count}}", "3"),
    );
  });

  it("goes back to the form with the values kept", async () => {
    const response = await post("/staff/broadcasts/edit", beltim, [
      ["text", text],
      ["textEn", textEn],
      ["regions", "19.06"],
      ["channels", "telegram"],
      ["when", "later"],
      ["sendAt", "2026-11-21T08:00"],
    ]);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(`>${text}</textarea>`);
    expect(page).toContain(`>${textEn}</textarea>`);
    expect(page).toMatch(/name="regions" value="19.06" checked/);
    expect(page).toMatch(/name="channels" value="telegram" checked/);
    expect(page).toMatch(/name="when" value="later" checked/);
    expect(page).toContain('value="2026-11-21T08:00"');
  });

  it("schedules at a WIB time and refuses a time gone by", async () => {
    const past = await post("/staff/broadcasts/preview", beltim, [
      ["text", text],
      ["when", "later"],
      ["sendAt", "2026-11-20T09:00"], // 02:00 UTC, before the clock's 03:00
    ]);
    expect(past.status).toBe(400);
    expect(await past.text()).toContain(idConsole["broadcasts.error.send_at_past"]);
    const later = await post("/staff/broadcasts", beltim, [
      ["text", "Terjadwal"],
      ["when", "later"],
      ["sendAt", "2026-11-21T08:00"],
    ]);
    expect(later.status).toBe(303);
    const id = (later.headers.get("location") ?? "").split("/").pop()?.split("?")[0] ?? "";
    const [row] = await database.db.select().from(broadcasts).where(eq(broadcasts.id, id));
    expect(row?.state).toBe("scheduled");
    expect(row?.sendAt?.toISOString()).toBe("2026-11-21T01:00:00.000Z");
    await service.cancel({ id: "x", role: "admin", regionCode: null }, id);
  });

  it("attaches it to a calendar event still to come, which the composer offers by date and kind", async () => {
    await database.db.insert(calendarEvents).values({
      id: "uji_masa_tenang_konsol",
      election: "pilkada_2029",
      kind: "masa_tenang",
      startsOn: "2026-11-24",
      endsOn: "2026-11-26",
      scopeLevel: "national",
      scopeCodes: [],
      source: "uji",
    });
    const page = await (await get("/staff/broadcasts", beltim)).text();
    expect(page).toContain(
      '<option value="uji_masa_tenang_konsol">Selasa, 24 November 2026 · Masa tenang · pilkada_2029',
    );
    const unknown = await post("/staff/broadcasts/preview", beltim, [
      ["text", text],
      ["when", "event"],
      ["eventId", "tidak_ada"],
    ]);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain(idErrors["broadcast.event_unknown"]);
    const created = await post("/staff/broadcasts", beltim, [
      ["text", "Besok masa tenang"],
      ["when", "event"],
      ["eventId", "uji_masa_tenang_konsol"],
    ]);
    expect(created.status).toBe(303);
    const id = (created.headers.get("location") ?? "").split("/").pop()?.split("?")[0] ?? "";
    const [row] = await database.db.select().from(broadcasts).where(eq(broadcasts.id, id));
    expect(row).toMatchObject({
      state: "scheduled",
      calendarEventId: "uji_masa_tenang_konsol",
      sendAt: null,
    });
    await service.cancel({ id: "x", role: "admin", regionCode: null }, id);
  });

  it("refuses a picture address that is not http(s), or cannot be fetched, and creates nothing", async () => {
    const before = (await database.db.select({ id: broadcasts.id }).from(broadcasts)).length;
    const ftp = await post("/staff/broadcasts/preview", beltim, [
      ["text", text],
      ["imageUrl", "ftp://example.org/poster.png"],
    ]);
    expect(ftp.status).toBe(400);
    expect(await ftp.text()).toContain(idErrors["broadcast.image_url"]);
    // Port 9 (discard) refuses the connection at once.
    const unreachable = await post("/staff/broadcasts", beltim, [
      ["text", text],
      ["imageUrl", "http://127.0.0.1:9/poster.png"],
    ]);
    expect(unreachable.status).toBe(400);
    expect(await unreachable.text()).toContain(idErrors["broadcast.image_fetch"]);
    expect((await database.db.select({ id: broadcasts.id }).from(broadcasts)).length).toBe(before);
  });

  it("creates it and shows its progress with a self-refreshing page", async () => {
    const created = await post("/staff/broadcasts", beltim, [
      ["text", text],
      ["textEn", textEn],
      ["regions", "19.06"],
      ["channels", "telegram"],
      ["when", "now"],
    ]);
    expect(created.status).toBe(303);
    const location = created.headers.get("location") ?? "";
    expect(location).toMatch(/^\/staff\/broadcasts\/[0-9a-f-]{36}\?done=created$/);
    broadcastId = location.split("/").pop()?.split("?")[0] ?? "";
    expect(kicked).toContain(broadcastId);
    const [row] = await database.db.select().from(broadcasts).where(eq(broadcasts.id, broadcastId));
    expect(row?.audience).toEqual({ regions: ["19.06"], channels: ["telegram"] });
    expect(row?.textEn).toBe(textEn);

    // The fan-out made 6 rows; 3 went out, 1 failed, 2 wait.
    const contacts = await database.db
      .select({ contactId: subscriptions.contactId })
      .from(subscriptions);
    const states = ["sent", "sent", "sent", "failed", "pending", "pending"];
    const chosen = contacts.slice(0, 6);
    await database.db.insert(broadcastRecipients).values(
      chosen.map((contact, i) => ({
        broadcastId,
        contactId: contact.contactId,
        channel: "telegram",
        state: states[i] ?? "pending",
        ...(states[i] === "sent" ? { sentAt: clock() } : {}),
      })),
    );

    const response = await get(location, beltim);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(idConsole["broadcasts.done.created"]);
    expect(page).toContain(idConsole["broadcasts.state.sending"]);
    expect(page).toMatch(/<progress id="progress" max="6" value="4">/);
    expect(page).toContain("3 terkirim · 1 gagal · 0 tak terjangkau · 0 tidak pasti · 2 menunggu");
    expect(page).toContain("0.1 pesan/detik"); // 3 in the last minute
    expect(page).toContain('<meta http-equiv="refresh" content="5"/>');
    expect(page).toContain(`action="/staff/broadcasts/${broadcastId}/pause"`);
    expect(page).not.toContain(`/staff/broadcasts/${broadcastId}/approve`);
    expect(page).toContain(`name="_csrf" value="${beltim.csrf}"`);

    const list = await (await get("/staff/broadcasts", beltim)).text();
    expect(list).toContain(`href="/staff/broadcasts/${broadcastId}"`);
    expect(list).toContain("3/6 terkirim, 1 gagal");
  });

  it("pauses and resumes, each time back on the broadcast's page", async () => {
    const paused = await post(`/staff/broadcasts/${broadcastId}/pause`, beltim);
    expect(paused.status).toBe(303);
    expect(paused.headers.get("location")).toBe(`/staff/broadcasts/${broadcastId}?done=pause`);
    const page = await (await get(paused.headers.get("location") ?? "", beltim)).text();
    expect(page).toContain(idConsole["broadcasts.state.paused"]);
    expect(page).not.toContain('http-equiv="refresh"');
    expect(page).toContain(`action="/staff/broadcasts/${broadcastId}/resume"`);

    // Pausing twice is refused, in the staff member's language.
    const again = await post(`/staff/broadcasts/${broadcastId}/pause`, beltim);
    expect(again.headers.get("location")).toBe(
      `/staff/broadcasts/${broadcastId}?error=not_allowed`,
    );
    const refused = await (await get(again.headers.get("location") ?? "", beltim)).text();
    expect(refused).toContain(idErrors["broadcast.not_allowed"]);

    kicked.length = 0;
    const resumed = await post(`/staff/broadcasts/${broadcastId}/resume`, beltim);
    expect(resumed.headers.get("location")).toBe(`/staff/broadcasts/${broadcastId}?done=resume`);
    expect(kicked).toEqual([broadcastId]);
    const [row] = await database.db
      .select({ state: broadcasts.state })
      .from(broadcasts)
      .where(eq(broadcasts.id, broadcastId));
    expect(row?.state).toBe("sending");
  });

  it("says so when a test send has no linked Telegram", async () => {
    const response = await post(`/staff/broadcasts/${broadcastId}/test`, beltim);
    expect(response.headers.get("location")).toBe(
      `/staff/broadcasts/${broadcastId}?error=no_telegram`,
    );
  });

  it("shows the English texts to English-speaking staff", async () => {
    await database.db
      .update(staff)
      .set({ language: "en" })
      .where(and(eq(staff.email, "admin@example.org")));
    const page = await (await get(`/staff/broadcasts/${broadcastId}`, admin)).text();
    expect(page).toContain(enConsole["broadcasts.state.sending"]);
    expect(page).toContain("3 sent · 1 failed");
    await database.db
      .update(staff)
      .set({ language: "id" })
      .where(eq(staff.email, "admin@example.org"));
  });

  it("hides it from an officer of another province", async () => {
    const response = await get(`/staff/broadcasts/${broadcastId}`, jambi);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain(idErrors["broadcast.not_found"]);
    const list = await (await get("/staff/broadcasts", jambi)).text();
    expect(list).not.toContain(broadcastId);
    expect(list).toContain(idConsole["broadcasts.none"]);
    const pause = await post(`/staff/broadcasts/${broadcastId}/pause`, jambi);
    expect(pause.status).toBe(404);
    expect((await get(`/staff/broadcasts/${broadcastId}`, viewer)).status).toBe(403);
  });

  it("offers approval to someone other than the author only", async () => {
    const approving = createBroadcastService({
      db: database.db,
      clock,
      approvalRequired: true,
      kick: async () => {},
      sendTest: async () => true,
    });
    const [author] = await database.db
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.email, "beltim@example.org"));
    const { id } = await approving.create(
      { id: author?.id ?? "", role: "officer", regionCode: "19.06" },
      { text: "Perlu persetujuan", audience: {} },
    );
    const own = await (await get(`/staff/broadcasts/${id}`, beltim)).text();
    expect(own).toContain(idConsole["broadcasts.state.awaiting_approval"]);
    expect(own).not.toContain(`/staff/broadcasts/${id}/approve`);
    const other = await (await get(`/staff/broadcasts/${id}`, admin)).text();
    expect(other).toContain(`action="/staff/broadcasts/${id}/approve"`);
    const approved = await post(`/staff/broadcasts/${id}/approve`, admin);
    expect(approved.headers.get("location")).toBe(`/staff/broadcasts/${id}?done=approve`);
  });
});
