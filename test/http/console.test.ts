import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import idCasework from "../../locales/id/casework.json" with { type: "json" };
import idConsole from "../../locales/id/console.json" with { type: "json" };
import { sessionCookie } from "../../src/http/routes/console";
import { addOrganization } from "../../src/organizations/organizations";
import { addStaff } from "../../src/staff/accounts";
import { issuePasswordLink } from "../../src/staff/password-links";
import type { AppDatabase } from "../../src/storage/database";
import { auditLog, staff } from "../../src/storage/schema";
import { conversationId, createTestAwas, postJson } from "../support/app-harness";
import { fixedClock } from "../support/conductor-harness";
import {
  type ConsoleBrowser,
  consoleClient,
  consolePassword,
  formPost,
} from "../support/console-client";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { phonePhotoWithGps } from "../support/photos";
import {
  fileReportOverWebchat,
  reporterName,
  reportStory,
  webchatMessages,
} from "../support/reports";

let database: AppDatabase;
let awas: Awaited<ReturnType<typeof createTestAwas>>;
let ticket: string;
let conversation: string;
const clock = fixedClock();
const password = consolePassword;
const form = formPost;
let get: ReturnType<typeof consoleClient>["get"];
let post: ReturnType<typeof consoleClient>["post"];
let signIn: ReturnType<typeof consoleClient>["signIn"];
type Browser = ConsoleBrowser;

let admin: Browser;
let officer: Browser;
let jambi: Browser;
let viewer: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  awas = await createTestAwas(database, { RATE_LIMIT_PER_MINUTE: "1000" }, clock);
  ({ get, post, signIn } = consoleClient(awas.app, database, clock));
  const photo = await phonePhotoWithGps();
  ({ ticket, conversation } = await fileReportOverWebchat(awas.app, undefined, undefined, [
    { bytes: photo, name: "amplop.jpg", type: "image/jpeg" },
  ]));
  admin = await signIn("admin@example.org", "admin");
  officer = await signIn("beltim@example.org", "officer", "19.06");
  jambi = await signIn("jambi@example.org", "officer", "15");
  viewer = await signIn("viewer@example.org", "viewer");
}, 90_000);

afterAll(() => database?.close());

describe(`staff console on ${testDatabaseKind}`, () => {
  it("sends a visitor without a session to the login page", async () => {
    const response = await get("/staff");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/staff/login");
  });

  it("sets a host-only, secure, HTTP-only, same-site session cookie", async () => {
    const response = await awas.app.request(
      "/staff/login",
      form({ email: "admin@example.org", password }),
    );
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie.startsWith(`${sessionCookie}=`)).toBe(true);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("refuses a wrong password with a clear message and logs the failure", async () => {
    const response = await awas.app.request(
      "/staff/login",
      form({ email: "admin@example.org", password: "salah-sekali-ini" }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(idConsole["login.invalid"]);
    const failures = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "login_failed"));
    expect(failures.length).toBeGreaterThan(0);
  });

  it("does not take a set-password link twice", async () => {
    const account = await addStaff(database.db, {
      email: "once@example.org",
      name: "Once",
      role: "viewer",
    });
    const token = await issuePasswordLink(database.db, account.id, clock());
    const fields = { token, password, confirm: password };
    expect((await awas.app.request("/staff/set-password", form(fields))).status).toBe(303);
    const again = await awas.app.request("/staff/set-password", form(fields));
    expect(again.status).toBe(404);
    expect(await again.text()).toContain(idConsole["set_password.invalid_link"]);
  });

  it("lists the report filed a minute ago in the queue", async () => {
    const page = await (await get("/staff", admin)).text();
    expect(page).toContain(ticket);
    expect(page).toContain("Politik uang");
  });

  it("offers the ormas in the queue's relayed-by filter, never a party liaison group", async () => {
    const ormas = await addOrganization(database.db, {
      name: "Relawan Demokrasi Beltim",
      regionCode: "19.06",
    });
    const party = await addOrganization(database.db, {
      kind: "party",
      name: "Partai X, Belitung Timur",
      regionCode: "19.06",
    });
    const page = await (await get("/staff", admin)).text();
    expect(page).toContain(`value="${ormas.organization.id}"`);
    expect(page).toContain("Relawan Demokrasi Beltim");
    expect(page).not.toContain(party.organization.id);
    expect(page).not.toContain("Partai X");
  });

  it("shows the story and the evidence but keeps the reporter's name sealed", async () => {
    const response = await get(`/staff/reports/${ticket}`, officer);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(reportStory);
    expect(page).not.toContain(reporterName);
    expect(page).toContain(idConsole["report.identity_sealed"]);
    expect(page).toMatch(/SHA-256: [0-9a-f]{64}/);
  });

  it("serves an image preview without the EXIF location, and the original untouched", async () => {
    const page = await (await get(`/staff/reports/${ticket}`, officer)).text();
    const mediaId = /\/staff\/evidence\/(\d+)\/preview/.exec(page)?.[1];
    expect(mediaId).toBeDefined();
    const preview = await get(`/staff/evidence/${mediaId}/preview`, officer);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/jpeg");
    const previewBytes = Buffer.from(await preview.arrayBuffer());
    expect((await sharp(previewBytes).metadata()).exif).toBeUndefined();
    expect(previewBytes.includes(Buffer.from("Exif"))).toBe(false);
    const original = await get(`/staff/evidence/${mediaId}`, officer);
    const originalBytes = Buffer.from(await original.arrayBuffer());
    expect((await sharp(originalBytes).metadata()).exif).toBeDefined();
    expect(original.headers.get("content-disposition")).toContain("attachment");
    expect((await get(`/staff/evidence/${mediaId}`, jambi)).status).toBe(404);
    // Originals keep the GPS: not for viewers, and every download is audited.
    expect((await get(`/staff/evidence/${mediaId}`, viewer)).status).toBe(403);
    expect(await (await get("/staff/audit", admin)).text()).toContain("evidence_downloaded");
  });

  it("answers 404 to an officer of another province, for the page and the evidence", async () => {
    const response = await get(`/staff/reports/${ticket}`, jambi);
    expect(response.status).toBe(404);
    expect(await (await get("/staff", jambi)).text()).not.toContain(ticket);
  });

  it("gives a viewer no way to open the identity or change anything", async () => {
    const page = await (await get(`/staff/reports/${ticket}`, viewer)).text();
    expect(page).not.toContain(reporterName);
    expect(page).not.toContain("Bu Sari");
    expect(page).toContain(idConsole["report.identity_viewer"]);
    expect(page).not.toContain(`/staff/reports/${ticket}/stage`);
    const refused = await post(`/staff/reports/${ticket}/stage`, viewer, { stage: "dikaji" });
    expect(refused.status).toBe(403);
  });

  it("refuses a form without the session's token, and a cross-site form, changing nothing", async () => {
    const forged = await post(`/staff/reports/${ticket}/stage`, officer, { stage: "dikaji" }, "x");
    expect(forged.status).toBe(403);
    const crossSite = await awas.app.request(
      `/staff/reports/${ticket}/stage`,
      form(
        { _csrf: officer.csrf, stage: "dikaji" },
        { cookie: officer.cookie, origin: "https://evil.example" },
      ),
    );
    expect(crossSite.status).toBe(403);
    expect(await (await get(`/staff/reports/${ticket}`, officer)).text()).toContain(
      'class="badge ">Diterima',
    );
  });

  it("moves the report to dikaji and replies; the reporter reads both in the web chat", async () => {
    const stage = await post(`/staff/reports/${ticket}/stage`, officer, { stage: "dikaji" });
    expect(stage.status).toBe(303);
    const reply = await post(`/staff/reports/${ticket}/reply`, officer, {
      text: "Terima kasih, kami sedang mengkaji laporan Anda.",
    });
    expect(reply.status).toBe(303);
    const messages = await webchatMessages(awas.app, conversation);
    expect(messages.some((text) => text.includes("*Sedang dikaji*") && text.includes(ticket))).toBe(
      true,
    );
    expect(messages.at(-1)).toBe(
      idCasework.officer_reply
        .replace("{{text}}", "Terima kasih, kami sedang mengkaji laporan Anda.")
        .replace("{{code}}", ticket),
    );
  });

  it("shows a refused stage change on the page with the reason", async () => {
    const response = await post(`/staff/reports/${ticket}/stage`, officer, {
      stage: "perlu_dilengkapi",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Tahap ini perlu keterangan");
  });

  it("opens the identity with a written reason, once, and logs it", async () => {
    const response = await post(`/staff/reports/${ticket}/unseal`, officer, {
      reason: "Perlu klarifikasi langsung untuk kajian awal",
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(reporterName);
    expect(await (await get(`/staff/reports/${ticket}`, officer)).text()).not.toContain(
      reporterName,
    );
    const audit = await (await get("/staff/audit", admin)).text();
    expect(audit).toContain("identity_unsealed");
    expect(audit).toContain("Perlu klarifikasi langsung untuk kajian awal");
    expect((await get("/staff/audit", officer)).status).toBe(403);
  });

  it("exports the filtered queue as CSV without identities, and logs the export", async () => {
    expect((await get("/staff/export.csv?region=19.06", officer)).status).toBe(404);
    const response = await post("/staff/export.csv", officer, { region: "19.06" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const csv = await response.text();
    expect(csv.split("\r\n")[0]).toContain("ticket,type,stage,category");
    expect(csv).toContain(ticket);
    expect(csv).not.toContain(reporterName);
    expect(csv).not.toContain("3456");
    expect(await (await get("/staff/audit", admin)).text()).toContain("export");
  });

  it("shows the dashboard with the report counted in its kab/kota", async () => {
    const response = await get("/staff/dashboard", officer);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Kabupaten Belitung Timur");
    expect(page).toContain("<svg");
  });

  it("answers a question ticket through the bot more than once, then closes it, from the questions page", async () => {
    const asker = conversationId();
    const ask = (text: string, index: number) =>
      awas.app.request(
        "/chat/messages",
        postJson({ conversationId: asker, text, messageId: `question-${index}-0000` }),
      );
    await ask(
      "tanya petugas Bolehkah kepala desa ikut rapat tim sukses? HP saya 0812 3456 7890",
      1,
    );
    const receipt = (await (await ask("Kirim", 2)).json()) as { replies: { text: string }[] };
    const code = /TNY-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt.replies.map((r) => r.text).join())?.[0];
    if (!code) throw new Error("no question ticket code");
    expect(await (await get("/staff", officer)).text()).toContain("pertanyaan untuk petugas");
    const questions = await (await get("/staff/questions", officer)).text();
    expect(questions).toContain("Bolehkah kepala desa ikut rapat tim sukses?");
    expect(questions).not.toContain("3456");
    const officerMessage = (text: string) =>
      idCasework.question_reply.replaceAll("{{code}}", code).replace("{{text}}", text);
    for (const text of ["Tidak boleh: kepala desa wajib netral.", "Dasarnya UU 6/2014 Pasal 29."]) {
      const replied = await post(`/staff/questions/${code}/reply`, officer, { text });
      expect(replied.status).toBe(303);
      expect((await webchatMessages(awas.app, asker)).at(-1)).toBe(officerMessage(text));
    }
    await ask("Kalau hanya datang menonton?", 3);
    const answered = await (await get("/staff/questions", officer)).text();
    expect(answered).toContain("Dasarnya UU 6/2014 Pasal 29.");
    expect(answered).toContain("Kalau hanya datang menonton?");
    expect(answered).toContain(`/staff/questions/${code}/reply`);
    expect((await post(`/staff/questions/${code}/reply`, viewer, { text: "x" })).status).toBe(403);
    expect((await post(`/staff/questions/${code}/close`, viewer, { note: "" })).status).toBe(403);
    const closed = await post(`/staff/questions/${code}/close`, officer, { note: "" });
    expect(closed.status).toBe(303);
    expect((await webchatMessages(awas.app, asker)).at(-1)).toContain(code);
    const page = await (await get("/staff/questions", officer)).text();
    expect(page).toContain(idConsole["questions.status.closed"]);
    expect(page).not.toContain(`/staff/questions/${code}/reply`);
  });

  it("asks for the password again before minting an API token", async () => {
    const refused = await post("/staff/tokens", officer, { label: "laptop", password: "salah" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).not.toMatch(/awas_[A-Za-z0-9_-]{43}/);
    const made = await post("/staff/tokens", officer, { label: "laptop", password });
    expect(await made.text()).toMatch(/awas_[A-Za-z0-9_-]{43}/);
  });

  it("assigns a report only to an officer who may see it", async () => {
    const accounts = await database.db.select().from(staff);
    const byEmail = (email: string) => accounts.find((row) => row.email === email)?.id ?? "";
    const outside = await post(`/staff/reports/${ticket}/assign`, officer, {
      staffId: byEmail("jambi@example.org"),
    });
    expect(outside.status).toBe(400);
    const inside = await post(`/staff/reports/${ticket}/assign`, officer, {
      staffId: byEmail("beltim@example.org"),
    });
    expect(inside.status).toBe(303);
    expect(await (await get(`/staff/reports/${ticket}`, admin)).text()).toContain(
      "menugaskan Petugas officer",
    );
  });

  it("offers the broadcast composer to officers, not to viewers", async () => {
    const page = await get("/staff/broadcasts", officer);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/staff/broadcasts/preview"');
    expect((await get("/staff/broadcasts", viewer)).status).toBe(403);
  });

  it("logs out, and the old cookie no longer opens anything", async () => {
    const someone = await signIn("leaving@example.org", "viewer");
    const out = await post("/staff/logout", someone, {});
    expect(out.status).toBe(303);
    expect((await get("/staff", someone)).status).toBe(303);
  });
});
