import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { audienceRecipients } from "../../src/broadcasts/broadcasts";
import { placesOf } from "../../src/broadcasts/subscriptions";
import { createBroadcastComposeParsers } from "../../src/broadcasts/telegram-compose";
import type { ChannelId } from "../../src/channels/types";
import type { Conductor } from "../../src/conversations/conductor";
import { lockContact } from "../../src/conversations/contacts";
import { loadSession } from "../../src/conversations/sessions";
import type { InputParser, ParseResult } from "../../src/engine/runtime";
import type { JsonValue } from "../../src/engine/types";
import type { Keyring } from "../../src/privacy/keyring";
import { addStaff, disableStaff } from "../../src/staff/accounts";
import { issueTelegramLinkCode } from "../../src/staff/telegram-link";
import type { AppDatabase } from "../../src/storage/database";
import { auditLog, broadcasts, subscriptions } from "../../src/storage/schema";
import { createTestConductor, fixedClock, type TestClock } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { testRegions } from "../support/engine-driver";

/**
 * `/siaran` as the staff member sees it: what they type, what the bot answers, and what is in
 * the database afterwards. The clock stands at Friday 20 November 2026, 10:00 WIB.
 */

let database: AppDatabase;
let keyring: Keyring;
let clock: TestClock;
/** No approval; the console at https://awas.example.org. */
let conductor: Conductor;
/** BROADCAST_APPROVAL=required. */
let approvalConductor: Conductor;
const kicked: string[] = [];
let sequence = 0;
const staffIds = { officer: "", admin: "", viewer: "", officer2: "" };
const consoleUrl = "https://awas.example.org";

type Typed = string | { choice: string };

/**
 * One chat with the bot: `say` returns what the bot answers, one string per message, its
 * buttons as "  [1] Label" lines (as in test/transcripts).
 */
function chat(who: string, channel: ChannelId = "telegram", through = () => conductor) {
  const address = `${who}-${process.pid}`;
  return {
    address,
    async say(typed: Typed): Promise<string[]> {
      clock.advance(4000); // under the 20-per-minute limit
      const result = await through().receive({
        channel,
        address,
        externalId: `siaran-${++sequence}`,
        receivedAt: clock(),
        ...(typeof typed === "string" ? { text: typed } : { choice: typed.choice }),
      });
      return result.replies.map((reply) =>
        [
          reply.text,
          ...(reply.choices ?? []).map((choice, i) => `  [${i + 1}] ${choice.label}`),
        ].join("\n"),
      );
    },
    /** Says each line in turn; returns the answers to the last. */
    async sayAll(...lines: Typed[]): Promise<string[]> {
      let last: string[] = [];
      for (const line of lines) last = await this.say(line);
      return last;
    },
    async contactId(): Promise<string> {
      return database.db.transaction(
        async (tx) => (await lockContact(tx, keyring, channel, address, "id")).contact.id,
      );
    },
  };
}

/** Subscribers (Telegram contacts) of the given regions. */
async function subscribe(count: number, regions: string[]) {
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const { contact } = await lockContact(
        tx,
        keyring,
        "telegram",
        `subscriber-${++sequence}-${process.pid}`,
        "id",
      );
      await tx.insert(subscriptions).values({
        contactId: contact.id,
        regionCodes: regions,
        language: "id",
        role: "public",
        subscribedAt: clock(),
      });
    }
  });
}

async function link(who: ReturnType<typeof chat>, staffId: string) {
  const code = await issueTelegramLinkCode(database.db, staffId, clock());
  const [answer] = await who.say(`/tautkan ${code}`);
  expect(answer).toContain("tertaut ke akun petugas");
}

async function broadcastsBy(staffId: string) {
  return database.db.select().from(broadcasts).where(eq(broadcasts.authorId, staffId));
}

const officer = chat("tg-officer");
const admin = chat("tg-admin");
const viewer = chat("tg-viewer");
const officer2 = chat("tg-officer2", "telegram", () => approvalConductor);

const text = "Masa tenang dimulai besok. Jangan terima uang atau barang dari peserta pemilihan.";

describe(`/siaran in a linked Telegram chat on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    clock = fixedClock("2026-11-20T03:00:00Z");
    // The queue is asked after the commit: the job finds the broadcast (before it, PGlite's one
    // connection would still be held by the transaction, and PostgreSQL would not show the row).
    const kick = async (id: string) => {
      const [row] = await database.db
        .select({ id: broadcasts.id })
        .from(broadcasts)
        .where(eq(broadcasts.id, id));
      kicked.push(row ? id : `not visible: ${id}`);
    };
    ({ conductor, keyring } = await createTestConductor(database, {
      clock,
      broadcastCompose: { approvalRequired: false, kick, consoleUrl },
    }));
    ({ conductor: approvalConductor } = await createTestConductor(database, {
      clock,
      keyring,
      broadcastCompose: { approvalRequired: true, kick, consoleUrl },
    }));
    const people = [
      { key: "officer", role: "officer" as const, regionCode: "19.06" },
      { key: "officer2", role: "officer" as const, regionCode: "19" },
      { key: "admin", role: "admin" as const },
      { key: "viewer", role: "viewer" as const },
    ];
    for (const { key, ...person } of people) {
      const account = await addStaff(database.db, {
        email: `${key}@example.org`,
        name: `Petugas ${key}`,
        ...person,
      });
      staffIds[key as keyof typeof staffIds] = account.id;
    }
    await link(officer, staffIds.officer);
    await link(officer2, staffIds.officer2);
    await link(admin, staffIds.admin);
    await link(viewer, staffIds.viewer);
    await subscribe(4, ["19.06"]); // Belitung Timur
    await subscribe(2, ["19"]); // the whole of Bangka Belitung: they get Belitung Timur's too
    await subscribe(3, ["15"]); // Jambi
  }, 60_000);
  afterAll(() => database.close());
  // Each test starts at the menu, whatever the one before left behind.
  beforeEach(async () => {
    for (const who of [officer, officer2, admin]) await who.say("menu");
  });

  it("takes a linked officer from /siaran to a broadcast for their kab/kota that is sending", async () => {
    expect(await officer.say("/siaran")).toEqual([
      expect.stringContaining("*Siaran imbauan baru.*"),
      "Tulis teks imbauan dalam bahasa Indonesia, persis seperti yang akan dibaca pelanggan.",
    ]);
    expect(await officer.say(text)).toEqual([
      expect.stringContaining("Tulis teks yang sama dalam bahasa Inggris"),
    ]);
    const [askAudience] = await officer.say("lewati");
    expect(askAudience).toContain(
      "Balas *semua* untuk seluruh wilayah tugas Anda (*Kab. Belitung Timur*)",
    );
    expect(await officer.say("Manggar")).toEqual([expect.stringContaining("Kapan dikirim?")]);

    const preview = await officer.say("sekarang");
    const recipients = await audienceRecipients(database.db, { regions: ["19.06"] });
    expect(recipients).toHaveLength(6);
    expect(preview).toEqual([
      [
        "*Pratinjau siaran*",
        `*Teks (bahasa Indonesia):*\n${text}`,
        "*Teks bahasa Inggris:* tidak ada; pelanggan berbahasa Inggris menerima teks bahasa Indonesia.",
        "*Wilayah:* Kab. Belitung Timur",
        `*Penerima saat ini:* ${recipients.length}`,
        "*Waktu kirim:* sekarang",
      ].join("\n\n"),
      [
        "Balas *kirim* untuk membuat siaran ini, *tes* untuk mengirimnya dulu ke chat ini saja, atau *batal*.",
        "  [1] Kirim",
        "  [2] Tes ke saya",
        "  [3] Batal",
      ].join("\n"),
    ]);
    expect(await broadcastsBy(staffIds.officer)).toEqual([]);

    const [created, linkLine] = ((await officer.say("kirim"))[0] ?? "").split("\n\n");
    const [row] = await broadcastsBy(staffIds.officer);
    expect(row).toMatchObject({
      text,
      textEn: null,
      audience: { regions: ["19.06"] },
      state: "sending",
      sendAt: null,
    });
    const id = row?.id ?? "";
    expect(created).toBe(
      `*Siaran dibuat* dan sedang dikirim ke 6 penerima di Kab. Belitung Timur.\nNomor siaran: *${id.slice(0, 8)}*`,
    );
    expect(linkLine).toBe(`Pantau di konsol: ${consoleUrl}/staff/broadcasts/${id}`);
    // The queue is asked to deliver it once the conversation has committed.
    expect(kicked).toEqual([id]);
    // Audited in the same transaction, as made from Telegram.
    const audited = await database.db
      .select({ action: auditLog.action, via: auditLog.via, staffId: auditLog.staffId })
      .from(auditLog)
      .where(eq(auditLog.subject, id));
    expect(audited).toEqual([
      { action: "broadcast_created", via: "telegram", staffId: staffIds.officer },
    ]);
  });

  it("refuses an officer's places outside their area at the audience step, and asks again", async () => {
    await officer.sayAll("/siaran", text, "lewati");
    expect(await officer.say("Kota Jambi")).toEqual([
      "*Kota Jambi* di luar wilayah tugas Anda (*Kab. Belitung Timur*). Siaran Anda hanya boleh untuk wilayah itu: tulis kabupaten/kota di dalamnya, atau balas *semua*.",
      expect.stringContaining("Untuk wilayah mana?"),
    ]);
    const [outside] = await officer.say("seluruh Babel");
    expect(outside).toContain("*Provinsi Kepulauan Bangka Belitung* di luar wilayah tugas Anda");
    // A list offers only what lies in the area.
    const [list] = await officer.say("daftar");
    expect(list).toContain("Pilih satu wilayah");
    expect(list).toContain("Kab. Belitung Timur");
    expect(list).not.toContain("Kota Jambi");
    // Still at the same question: `semua` is the officer's whole area.
    expect(await officer.say("semua")).toEqual([expect.stringContaining("Kapan dikirim?")]);
    const [preview] = await officer.say("sekarang");
    expect(preview).toContain("*Wilayah:* Kab. Belitung Timur");
    await officer.say("batal");
    expect(await broadcastsBy(staffIds.officer)).toHaveLength(1); // only the first test's
  });

  it("with approval required, says so in the preview and leaves the broadcast awaiting approval", async () => {
    await officer2.sayAll("/siaran", text, "skip");
    await officer2.say("beltim, pangkalpinang");
    const [preview] = await officer2.say("sekarang");
    expect(preview).toContain("*Wilayah:* Kab. Belitung Timur, Kota Pangkal Pinang");
    expect(preview).toContain("*Perlu persetujuan:* petugas lain (bukan Anda)");
    const kicksBefore = kicked.length;

    const [reply] = await officer2.say("kirim");
    const [row] = await broadcastsBy(staffIds.officer2);
    expect(row).toMatchObject({
      state: "awaiting_approval",
      audience: { regions: ["19.06", "19.71"] },
    });
    expect(reply).toContain("*Siaran menunggu persetujuan.* Petugas lain (bukan Anda)");
    expect(reply).toContain(`Nomor siaran: *${row?.id.slice(0, 8)}*`);
    expect(kicked).toHaveLength(kicksBefore);
  });

  it("schedules an admin's broadcast in both languages at a WIB time, after a test send to this chat", async () => {
    const english = "The quiet period starts tomorrow. Do not accept money or goods.";
    await admin.sayAll("/siaran", text, english);
    const [askWhen] = await admin.say("seluruh Babel");
    expect(askWhen).toContain("Kapan dikirim?");
    const [preview] = await admin.say("besok 08.00");
    expect(preview).toContain(`*Teks bahasa Inggris:*\n${english}`);
    expect(preview).toContain("*Wilayah:* Provinsi Kepulauan Bangka Belitung");
    expect(preview).toContain("*Waktu kirim:* Sabtu, 21 November 2026, 08.00 WIB");
    const recipients = await audienceRecipients(database.db, { regions: ["19"] });
    expect(preview).toContain(`*Penerima saat ini:* ${recipients.length}`);

    // The test: each text alone, exactly as subscribers get it, then the question again.
    expect(await admin.say("tes")).toEqual([
      expect.stringContaining("*Kiriman uji:*"),
      text,
      english,
      expect.stringContaining("Balas *kirim*"),
    ]);
    expect(await broadcastsBy(staffIds.admin)).toEqual([]);

    const kicksBefore = kicked.length;
    const [reply] = await admin.say({ choice: "send" });
    const [row] = await broadcastsBy(staffIds.admin);
    expect(row).toMatchObject({
      state: "scheduled",
      textEn: english,
      audience: { regions: ["19"] },
      sendAt: new Date("2026-11-21T01:00:00Z"),
    });
    expect(reply).toContain(
      `*Siaran dijadwalkan* pada Sabtu, 21 November 2026, 08.00 WIB untuk pelanggan di Provinsi Kepulauan Bangka Belitung (${recipients.length} penerima saat ini).`,
    );
    expect(kicked).toHaveLength(kicksBefore); // the sweep starts it when its time comes
  });

  it("answers bad input at every step and keeps the question where it was", async () => {
    await officer.say("/siaran");
    expect(await officer.say("👍")).toEqual([
      "Mohon tulis teks imbauannya dengan kata-kata.",
      expect.stringContaining("Tulis teks imbauan"),
    ]);
    expect((await officer.say("/lapor"))[0]).toContain("terbaca sebagai perintah");
    expect((await officer.say("x".repeat(4001)))[0]).toBe(
      "Teks ini 4001 karakter, padahal paling panjang 4000. Mohon persingkat lalu kirim lagi.",
    );
    await officer.sayAll(text, "tidak ada");
    expect((await officer.say("kota antah berantah"))[0]).toContain(
      "*kota antah berantah* belum saya kenali",
    );
    await officer.say("Belitung Timur");
    expect(await officer.say("kapan-kapan")).toEqual([
      expect.stringContaining("waktu itu belum saya pahami"),
      expect.stringContaining("Kapan dikirim?"),
    ]);
    expect((await officer.say("09.00"))[0]).toContain("Waktu itu sudah lewat.");
    expect((await officer.say("besok"))[0]).toContain("Jam berapa (WIB)?");
    expect((await officer.say("31/11 08.00"))[0]).toContain("tidak ada di kalender");
    await officer.say("jam 7 malam");
    expect((await officer.say("mungkin"))[0]).toContain("tidak ada di pilihan");
    // The cancel button: nothing made.
    expect(await officer.say({ choice: "cancel" })).toEqual([
      "Siaran dibatalkan. Tidak ada yang dibuat atau dikirim.",
    ]);
    expect(await broadcastsBy(staffIds.officer)).toHaveLength(1);
  });

  it("leaves no broadcast after `batal`, at the last step or mid-way", async () => {
    await officer.sayAll("/siaran", text, "lewati", "semua", "sekarang");
    expect(await officer.say("batal")).toEqual([
      "Baik, dibatalkan.",
      expect.stringContaining("Apa yang ingin Anda lakukan?"),
    ]);
    await officer.sayAll("/siaran", text);
    expect((await officer.say("batal"))[0]).toBe("Baik, dibatalkan.");
    // The next message is not taken for a broadcast's text.
    await officer.say("kirim");
    expect(await broadcastsBy(staffIds.officer)).toHaveLength(1);
  });

  it("creates nothing when the chat is unlinked or the account disabled before `kirim`", async () => {
    const member = await addStaff(database.db, {
      email: "leaving@example.org",
      name: "Petugas Pindah",
      role: "officer",
      regionCode: "19.06",
    });
    const leaving = chat("tg-leaving");
    await link(leaving, member.id);
    await leaving.sayAll("/siaran", text, "lewati", "semua", "sekarang");
    await disableStaff(database.db, member.id);
    expect(await leaving.say("kirim")).toEqual([
      "Chat ini tidak tertaut ke akun admin atau petugas yang aktif, jadi siaran tidak dapat dibuat dari sini.",
    ]);
    expect(await broadcastsBy(member.id)).toEqual([]);
  });

  it("refuses a resident, a viewer, the web chat and WhatsApp, and starts nothing", async () => {
    const resident = chat("tg-resident");
    expect(await resident.say("/siaran")).toEqual([
      "*/siaran* hanya untuk petugas Bawaslu yang akun Telegram-nya sudah ditautkan. Petugas dapat menautkannya dengan kode dari konsol petugas (menu *Keamanan akun*): kirim *tautkan KODE* di sini.",
    ]);
    expect((await loadSession(database.db, keyring, await resident.contactId()))?.run).toBe(
      undefined,
    );
    expect(await viewer.say("siaran")).toEqual([
      "Akun petugas Anda hanya untuk melihat, jadi tidak dapat membuat siaran. Hubungi admin bila Anda perlu mengirim imbauan.",
    ]);
    const web = chat("web-visitor", "webchat");
    expect(await web.say("/siaran")).toEqual([
      "*/siaran* hanya untuk petugas Bawaslu, di chat pribadi Telegram yang sudah ditautkan ke akun petugas.",
    ]);
    const whatsapp = chat("6281234567890", "whatsapp");
    expect((await whatsapp.say("siaran"))[0]).toContain("hanya untuk petugas Bawaslu");
    // In the person's language.
    const english = chat("web-english", "webchat");
    await english.say("language");
    expect(await english.say("/siaran")).toEqual([
      "*/siaran* is only for Bawaslu staff, in a private Telegram chat linked to their staff account.",
    ]);
    const total = await database.db.select({ id: broadcasts.id }).from(broadcasts);
    expect(total).toHaveLength(3); // the officer's, the second officer's and the admin's
  });

  it("speaks English to a staff member whose conversation is in English", async () => {
    await admin.say("language");
    expect(await admin.say("/siaran")).toEqual([
      expect.stringContaining("*New advisory broadcast.*"),
      "Write the advisory in Indonesian, exactly as subscribers will read it.",
    ]);
    await admin.sayAll(text, "skip");
    expect((await admin.say("Kota Jambi"))[0]).toContain("When should it go?");
    const [preview, question] = await admin.say("now");
    expect(preview).toContain("*Regions:* Kota Jambi");
    expect(preview).toContain("*Sending:* now");
    expect(question).toContain("Reply *send*");
    expect((await admin.say("cancel"))[0]).toBe("OK, cancelled.");
    await admin.say("bahasa");
  });
});

describe("reading a broadcast's audience and texts", () => {
  let parsers: Record<string, InputParser>;
  beforeAll(async () => {
    parsers = createBroadcastComposeParsers({ regions: await testRegions() });
  });
  const now = new Date("2026-11-20T03:00:00Z");
  const officerOf = (scope: string) => ({ role: "officer", scope });
  const admin = { role: "admin", scope: null };
  const audience = (typed: string, vars: Record<string, JsonValue>) => {
    const result: ParseResult = (parsers.broadcast_audience as InputParser)(typed, {
      now,
      language: "id",
      vars,
    });
    if (result.ok === true) return { codes: placesOf(result.value)?.codes };
    if (result.ok === "offer") return { offered: result.options.map((option) => option.label) };
    return { error: result.error };
  };

  it("reads `semua` as the officer's whole area, and as every province for an admin", () => {
    expect(audience("semua", officerOf("19.06"))).toEqual({ codes: ["19.06"] });
    expect(audience("wilayah saya", officerOf("19"))).toEqual({ codes: ["19"] });
    expect(audience("semua", admin)).toEqual({ codes: ["15", "19"] });
  });

  it("lets a province officer name kab/kota inside their province", () => {
    expect(audience("beltim, pangkalpinang", officerOf("19"))).toEqual({
      codes: ["19.06", "19.71"],
    });
  });

  it("refuses places outside the officer's area, naming them", () => {
    expect(audience("beltim, Kota Jambi", officerOf("19"))).toEqual({
      error: {
        key: "broadcast:audience_outside",
        params: { places: "Kota Jambi", area: "Provinsi Kepulauan Bangka Belitung" },
      },
    });
    expect(audience("Jambi", officerOf("19.06"))).toMatchObject({
      error: { key: "broadcast:audience_outside" },
    });
  });

  it("offers from the list only what lies in the officer's area", () => {
    expect(audience("daftar", officerOf("19.06"))).toEqual({ offered: ["Kab. Belitung Timur"] });
    expect(audience("daftar", admin).offered).toHaveLength(20);
  });

  it("asks again rather than dropping a name it does not know beside known ones", () => {
    expect(audience("beltim, abcdef", admin)).toEqual({
      error: { key: "broadcast:audience_unknown", params: { typed: "abcdef" } },
    });
  });

  it("reads `lewati`, `skip` and a dash as no English text", () => {
    const english = parsers.broadcast_text_en as InputParser;
    const context = { now, language: "id" as const, vars: {} };
    for (const typed of ["lewati", "Skip", "-", "tidak ada", "tanpa"]) {
      expect(english(typed, context)).toEqual({ ok: true, value: null });
    }
    expect(english("  Do not accept money.  ", context)).toEqual({
      ok: true,
      value: "Do not accept money.",
    });
  });
});
