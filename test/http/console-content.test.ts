import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { shippedKnowledge } from "../../src/content/knowledge-articles";
import { createLiveContent, type LiveContent } from "../../src/content/live-content";
import { contentRoutes } from "../../src/http/routes/console/content";
import { seedCalendar } from "../../src/knowledge/calendar-store";
import { seedKnowledge } from "../../src/knowledge/seed";
import { addStaff, type StaffAccount } from "../../src/staff/accounts";
import type { ConsoleStaff } from "../../src/staff/console-sessions";
import type { AppDatabase } from "../../src/storage/database";
import { auditLog, calendarEvents, knowledgeArticles } from "../../src/storage/schema";
import { fixedClock, silentLog, testKeyring } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { testRegions } from "../support/engine-driver";

const shipped = shippedKnowledge();
const csrf = "test-form-token";
const now = "2026-11-20T03:00:00Z";

let database: AppDatabase;
let content: LiveContent;
let app: Hono;
let admin: ConsoleStaff;
let officer: ConsoleStaff;
/** Who the stand-in session middleware signs in. */
let signedIn: ConsoleStaff;
let reloads = 0;

/**
 * The content routes as console/index.tsx mounts them, behind a stand-in for its session
 * middleware: it sets `staff` and `csrf` and, like the real one, refuses a POST without the form
 * token.
 */
function consoleWithContent(): Hono {
  const staffApp = new Hono<{ Variables: { staff: ConsoleStaff; csrf: string } }>();
  staffApp.use("*", async (c, next) => {
    c.set("staff", signedIn);
    c.set("csrf", csrf);
    if (c.req.method === "POST") {
      const form = await c.req.parseBody();
      if (form._csrf !== csrf) return c.text("Forbidden", 403);
    }
    return next();
  });
  staffApp.route(
    "/content",
    contentRoutes({
      db: database.db,
      keyring: testKeyring(),
      translator: content.translator,
      clock: fixedClock(now),
      log: silentLog,
      regionName: (code) => (code === "19.71" ? "Kota Pangkal Pinang" : code),
      content: {
        reload: async () => {
          reloads += 1;
          await content.reload();
        },
      },
    }),
  );
  const root = new Hono();
  root.route("/staff", staffApp);
  return root;
}

const get = (path: string) => app.request(path);
function post(path: string, fields: Record<string, string>, token = csrf) {
  return app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
}

function topicForm(answerId: string, titleId = shipped.id["tps_hours.title"] ?? "") {
  return {
    title_id: titleId,
    answer_id: answerId,
    title_en: shipped.en["tps_hours.title"] ?? "",
    answer_en: shipped.en["tps_hours.answer"] ?? "",
  };
}

const voting2029 = {
  election: "pilkada_2029",
  nameId: "Pilkada 2029",
  nameEn: "the 2029 regional elections (Pilkada)",
  kind: "voting",
  start: "2029-11-28",
  end: "2029-11-28",
  scopeLevel: "national",
  scopeCodes: "",
  source: "Keputusan KPU (contoh uji)",
  note: "",
};

const audits = (subject: string) =>
  database.db.select().from(auditLog).where(eq(auditLog.subject, subject));
const article = async (topicId: string, language: string) =>
  (
    await database.db
      .select()
      .from(knowledgeArticles)
      .where(and(eq(knowledgeArticles.topicId, topicId), eq(knowledgeArticles.language, language)))
  )[0];

describe(`the console's content pages on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedKnowledge(database.db, shipped);
    await seedCalendar(database.db);
    content = await createLiveContent({
      db: database.db,
      regions: await testRegions(),
      log: silentLog,
      engine: {
        idleMs: 3600_000,
        ticketPrefix: "LPR",
        dataController: "x",
        draftRetentionDays: 30,
      },
    });
    const account = ({ id, email, name, role, regionCode }: StaffAccount): ConsoleStaff => ({
      id,
      email,
      name,
      role,
      regionCode,
      language: "id",
    });
    admin = account(
      await addStaff(database.db, {
        email: "admin@bawaslu.example",
        name: "Admin Konten",
        role: "admin",
      }),
    );
    officer = account(
      await addStaff(database.db, {
        email: "petugas@bawaslu.example",
        name: "Petugas",
        role: "officer",
        regionCode: "19.06",
      }),
    );
    app = consoleWithContent();
  });
  beforeEach(() => {
    signedIn = admin;
  });
  afterAll(async () => {
    await content.stop();
    await database.close();
  });

  it("lists every topic and the calendar by today's WIB date, with the form token in every form", async () => {
    const response = await get("/staff/content");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    // As the console's: "no-referrer" would make browsers post forms with "Origin: null".
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    const html = await response.text();
    expect(html).toContain("Jam buka TPS");
    expect(html).toContain("/staff/content/topics/tps_hours");
    expect(html).toContain("Hari ini (WIB): ");
    // Everything shipped is past on 20 Nov 2026, and nothing is ahead.
    expect(html).toContain('data-timing="past"');
    expect(html).not.toContain('data-timing="coming"');
    expect(html).toContain("Belum ada hari pemungutan suara yang akan datang");
    expect(html).toContain("Pilkada ulang 2025");
    expect(html).toContain("Kota Pangkal Pinang (19.71)");

    const form = await (await get("/staff/content/topics/tps_hours")).text();
    expect(form).toContain('maxlength="600"');
    expect(form).toContain(`dari paling banyak 600 karakter`);
    const forms = form.match(/<form method="post"/g) ?? [];
    const tokens = form.match(new RegExp(`name="_csrf" value="${csrf}"`, "g")) ?? [];
    // The language switch and logout live in the layout; every form carries the token.
    expect(forms.length).toBeGreaterThan(0);
    expect(tokens.length).toBe(forms.length);
  });

  it("saves an edited answer, records it in the audit log and puts it in use", async () => {
    const edited =
      "TPS buka pukul 07.00–13.00 waktu setempat (diperbarui petugas).\r\nSumber: KPU.";
    const before = reloads;
    const response = await post("/staff/content/topics/tps_hours", topicForm(edited));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/staff/content/topics/tps_hours?flash=saved");
    expect(reloads).toBe(before + 1);

    const row = await article("tps_hours", "id");
    expect(row?.answer).toBe(edited.replace("\r\n", "\n"));
    expect(row?.editedBy).toBe(admin.id);
    // English was sent unchanged: it stays shipped, so a later version may still update it.
    expect((await article("tps_hours", "en"))?.editedAt).toBeNull();
    expect(content.translator.text("id", "knowledge:tps_hours.answer")).toBe(
      edited.replace("\r\n", "\n"),
    );

    const [entry] = await audits("tps_hours");
    expect(entry).toMatchObject({
      action: "content_edited",
      staffId: admin.id,
      via: "console",
      detail: { content: "knowledge_topic", change: "edited", languages: ["id"] },
    });
    // No text, name or e-mail in the detail.
    expect(JSON.stringify(entry?.detail)).not.toMatch(/TPS|Admin|@/);

    const page = await (await get("/staff/content/topics/tps_hours?flash=saved")).text();
    expect(page).toContain("Tersimpan. Bot sudah memakai isi yang baru.");
    const list = await (await get("/staff/content")).text();
    expect(list).toMatch(/Diubah petugas[\s\S]*Admin Konten/);
  });

  it("refuses an answer over 600 characters or without its source line, saying why, and writes nothing", async () => {
    const stored = (await article("tps_hours", "id"))?.answer;
    const audited = (await audits("tps_hours")).length;
    const before = reloads;
    // A browser sends line ends as CR LF; each counts as one character.
    const long = `${"a".repeat(590)}\r\nSumber: KPU.`;
    const response = await post("/staff/content/topics/tps_hours", topicForm(long));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Bahasa Indonesia: jawaban 603 karakter, paling banyak 600.");
    expect(html).toContain("603 dari paling banyak 600 karakter");
    // What was typed is shown again, to be shortened.
    expect(html).toContain("a".repeat(590));

    const noSource = await post(
      "/staff/content/topics/tps_hours",
      topicForm("TPS buka pukul 07.00.", "x".repeat(51)),
    );
    expect(noSource.status).toBe(400);
    const text = await noSource.text();
    expect(text).toContain("baris terakhir jawaban harus dasar hukum atau sumber");
    expect(text).toContain("judul lebih dari 50 karakter");

    const phone = await post(
      "/staff/content/topics/tps_hours",
      topicForm("Hubungi 0812 3456 7890 untuk info.\nSumber: KPU."),
    );
    expect(await phone.text()).toContain("tampak ada nomor telepon");

    expect((await article("tps_hours", "id"))?.answer).toBe(stored);
    expect(await audits("tps_hours")).toHaveLength(audited);
    expect(reloads).toBe(before);
  });

  it("restores the shipped text and audits it", async () => {
    const response = await post("/staff/content/topics/tps_hours/restore", {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/staff/content/topics/tps_hours?flash=restored");
    const row = await article("tps_hours", "id");
    expect(row?.answer).toBe(shipped.id["tps_hours.answer"]);
    expect(row?.editedAt).toBeNull();
    expect(content.translator.text("id", "knowledge:tps_hours.answer")).toBe(
      shipped.id["tps_hours.answer"],
    );
    const entries = await audits("tps_hours");
    expect(entries.map((entry) => entry.detail)).toContainEqual({
      content: "knowledge_topic",
      change: "restored",
      languages: ["id"],
    });
  });

  it("adds a 2029 voting day, which the bot's calendar uses and the list shows as coming", async () => {
    const response = await post("/staff/content/events", voting2029);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/staff/content?flash=saved#calendar");
    expect(content.current().calendar.nextVoting(new Date(now))?.id).toBe("pilkada_2029.voting");
    expect(content.translator.text("id", "ask:election.pilkada_2029")).toBe("Pilkada 2029");

    const [entry] = await audits("pilkada_2029.voting");
    expect(entry).toMatchObject({
      action: "content_edited",
      staffId: admin.id,
      detail: {
        content: "calendar_event",
        change: "added",
        election: "pilkada_2029",
        kind: "voting",
        start: "2029-11-28",
        end: "2029-11-28",
        scope: "national",
      },
    });

    const html = await (await get("/staff/content?flash=saved")).text();
    expect(html).toContain('data-timing="coming"');
    expect(html).toContain("Pilkada 2029");
    expect(html).toContain("H-1104");
    expect(html).not.toContain("Belum ada hari pemungutan suara yang akan datang");
  });

  it("refuses an event that ends before it starts or has bad region codes, and says so", async () => {
    const response = await post("/staff/content/events", {
      ...voting2029,
      kind: "campaign",
      start: "2029-11-23",
      end: "2029-09-24",
      scopeLevel: "regency",
      scopeCodes: "Pangkalpinang",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Tanggal selesai tidak boleh sebelum tanggal mulai.");
    expect(html).toContain("Kode wilayah tidak sesuai");
    expect(html).toContain('value="Pangkalpinang"');
    const rows = await database.db
      .select()
      .from(calendarEvents)
      .where(eq(calendarEvents.id, "pilkada_2029.campaign"));
    expect(rows).toHaveLength(0);

    const unnamed = await post("/staff/content/events", {
      ...voting2029,
      election: "pemilu_2029",
      nameId: "",
      nameEn: "",
    });
    expect(unnamed.status).toBe(400);
    expect(await unnamed.text()).toContain("Pemilihan baru perlu nama");
  });

  it("changes an event through its form, and removes it", async () => {
    const form = await (await get("/staff/content/events/pilkada_2029.voting")).text();
    expect(form).toContain('value="2029-11-28"');
    const changed = await post("/staff/content/events/pilkada_2029.voting", {
      ...voting2029,
      start: "2029-11-29",
      end: "2029-11-29",
    });
    expect(changed.status).toBe(303);
    expect(content.current().calendar.nextVoting(new Date(now))?.start).toBe("2029-11-29");

    const removed = await post("/staff/content/events/pilkada_2029.voting/remove", {});
    expect(removed.status).toBe(303);
    expect(removed.headers.get("location")).toBe("/staff/content?flash=removed#calendar");
    expect(content.current().calendar.nextVoting(new Date(now))).toBeUndefined();
    const changes = (await audits("pilkada_2029.voting")).map((entry) => entry.detail?.change);
    expect(changes).toEqual(expect.arrayContaining(["added", "changed", "removed"]));
    expect((await get("/staff/content/events/pilkada_2029.voting")).status).toBe(404);
    expect((await post("/staff/content/events/pilkada_2029.voting/remove", {})).status).toBe(404);
  });

  it("answers 404 for a topic that does not exist", async () => {
    expect((await get("/staff/content/topics/no_such_topic")).status).toBe(404);
    expect((await post("/staff/content/topics/no_such_topic", topicForm("x"))).status).toBe(404);
  });

  it("shows an officer a 403 page and changes nothing for them", async () => {
    signedIn = officer;
    const before = reloads;
    const page = await get("/staff/content");
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("<!doctype html>");
    expect((await get("/staff/content/topics/tps_hours")).status).toBe(403);
    const edit = await post(
      "/staff/content/topics/tps_hours",
      topicForm("Teks petugas wilayah.\nSumber: KPU."),
    );
    expect(edit.status).toBe(403);
    const add = await post("/staff/content/events", { ...voting2029, election: "pilkada_2031" });
    expect(add.status).toBe(403);
    expect((await article("tps_hours", "id"))?.answer).toBe(shipped.id["tps_hours.answer"]);
    expect(
      await database.db
        .select()
        .from(calendarEvents)
        .where(eq(calendarEvents.election, "pilkada_2031")),
    ).toHaveLength(0);
    expect(
      await database.db.select().from(auditLog).where(eq(auditLog.staffId, officer.id)),
    ).toEqual([]);
    expect(reloads).toBe(before);
  });
});
