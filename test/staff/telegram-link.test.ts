import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { jsx } from "hono/jsx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelId } from "../../src/channels/types";
import { pageContext } from "../../src/console/context";
import { TelegramLinkSection } from "../../src/console/pages/telegram-link";
import type { Conductor } from "../../src/conversations/conductor";
import { addStaff, disableStaff } from "../../src/staff/accounts";
import {
  issueTelegramLinkCode,
  linkedTelegram,
  staffForContact,
  unlinkTelegram,
} from "../../src/staff/telegram-link";
import type { AppDatabase } from "../../src/storage/database";
import { staff, staffLinkCodes } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  type TestClock,
  translator,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

let database: AppDatabase;
let conductor: Conductor;
let clock: TestClock;
let sequence = 0;

const invalid = "Kode itu tidak berlaku.";
const minute = 60_000;

/** What the bot answers one message, and the contact it came from. */
async function send(address: string, text: string, channel: ChannelId = "telegram") {
  clock.advance(4000); // under the 20-per-minute limit
  const result = await conductor.receive({
    channel,
    address: `${address}-${process.pid}`,
    externalId: `staff-link-${++sequence}`,
    receivedAt: clock(),
    text,
  });
  return {
    text: result.replies.map((reply) => reply.text).join("\n"),
    contactId: result.contactId,
  };
}

async function newStaff(name: string) {
  return addStaff(database.db, {
    email: `${name.toLowerCase().replace(/\W/g, ".")}-${++sequence}@example.org`,
    name,
    role: "officer",
    regionCode: "19.06",
  });
}

async function linkedContactOf(staffId: string) {
  const [row] = await database.db
    .select({ contactId: staff.telegramContactId })
    .from(staff)
    .where(eq(staff.id, staffId));
  return row?.contactId ?? null;
}

describe(`linking a staff member's Telegram on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    clock = fixedClock();
    ({ conductor } = await createTestConductor(database, { clock }));
  });
  afterAll(() => database.close());

  it("links the Telegram contact that sends a fresh code, naming the staff member", async () => {
    const member = await newStaff("Siti Petugas");
    const code = await issueTelegramLinkCode(database.db, member.id, clock());
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    const answer = await send("tg-siti", `/tautkan ${code}`);
    expect(answer.text).toContain("tertaut ke akun petugas *Siti Petugas*");
    expect(await linkedTelegram(database.db, member.id)).toBe(true);
    expect(await staffForContact(database.db, answer.contactId)).toMatchObject({
      id: member.id,
      name: "Siti Petugas",
      role: "officer",
    });
  });

  it("stores only the code's SHA-256, and reads it typed loosely (lower case, space, O for 0)", async () => {
    const member = await newStaff("Budi Petugas");
    const code = await issueTelegramLinkCode(database.db, member.id, clock());
    const canonical = code.replace("-", "");
    const [row] = await database.db
      .select()
      .from(staffLinkCodes)
      .where(eq(staffLinkCodes.staffId, member.id));
    expect(row?.codeHash).toBe(createHash("sha256").update(canonical).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(canonical);

    // A code whose only digits are zeros keeps its dash: with neither a digit nor a dash,
    // "tautkan kqmz oabc" is ordinary text (flows/staff-link.ts), and the test would be a coin toss.
    const separator = /[1-9]/.test(canonical) ? " " : "-";
    const loose = `${canonical.slice(0, 4)}${separator}${canonical.slice(4)}`
      .toLowerCase()
      .replace(/0/g, "o");
    const answer = await send("tg-budi", `/link ${loose}`);
    expect(answer.text).toContain("Budi Petugas");
    expect(await linkedContactOf(member.id)).toBe(answer.contactId);
  });

  it("accepts a code once: the same code from another Telegram account is not valid", async () => {
    const member = await newStaff("Rina Petugas");
    const code = await issueTelegramLinkCode(database.db, member.id, clock());
    const first = await send("tg-rina", `tautkan ${code}`);
    expect(first.text).toContain("Rina Petugas");

    const second = await send("tg-rina-other", `tautkan ${code}`);
    expect(second.text).toContain(invalid);
    expect(second.text).not.toContain("Rina");
    expect(await linkedContactOf(member.id)).toBe(first.contactId);
  });

  it("answers an expired code and a made-up code alike, and links nothing", async () => {
    const member = await newStaff("Dedi Petugas");
    const code = await issueTelegramLinkCode(database.db, member.id, clock());
    clock.advance(15 * minute);
    const expired = await send("tg-dedi", `/tautkan ${code}`);
    const madeUp = await send("tg-dedi", "/tautkan 7K3M-Q9ZD");
    expect(expired.text).toContain(invalid);
    expect(madeUp.text).toBe(expired.text);
    expect(await linkedTelegram(database.db, member.id)).toBe(false);
  });

  it("lets only the newest code work", async () => {
    const member = await newStaff("Eka Petugas");
    const older = await issueTelegramLinkCode(database.db, member.id, clock());
    const newer = await issueTelegramLinkCode(database.db, member.id, clock());
    expect((await send("tg-eka", `/tautkan ${older}`)).text).toContain(invalid);
    expect((await send("tg-eka", `/tautkan ${newer}`)).text).toContain("Eka Petugas");
  });

  it("tells a web chat contact it works in Telegram only, links nothing and keeps the code", async () => {
    const member = await newStaff("Fajar Petugas");
    const code = await issueTelegramLinkCode(database.db, member.id, clock());
    const web = await send("web-fajar", `/tautkan ${code}`, "webchat");
    expect(web.text).toContain("hanya bisa dilakukan di Telegram");
    expect(await linkedTelegram(database.db, member.id)).toBe(false);
    expect((await send("web-fajar", "tautkan", "webchat")).text).toContain("hanya bisa");

    expect((await send("tg-fajar", `/tautkan ${code}`)).text).toContain("Fajar Petugas");
  });

  it("moves the link to a second Telegram account of the same staff member", async () => {
    const member = await newStaff("Gita Petugas");
    const phone = await send(
      "tg-gita-phone",
      `/tautkan ${await issueTelegramLinkCode(database.db, member.id, clock())}`,
    );
    const laptop = await send(
      "tg-gita-laptop",
      `/tautkan ${await issueTelegramLinkCode(database.db, member.id, clock())}`,
    );
    expect(laptop.text).toContain("Gita Petugas");
    expect(await linkedContactOf(member.id)).toBe(laptop.contactId);
    expect(await staffForContact(database.db, phone.contactId)).toBeUndefined();
  });

  it("moves a Telegram account linked to one staff member to the next one it links", async () => {
    const first = await newStaff("Hadi Petugas");
    const second = await newStaff("Indah Petugas");
    const shared = await send(
      "tg-shared",
      `/tautkan ${await issueTelegramLinkCode(database.db, first.id, clock())}`,
    );
    await send(
      "tg-shared",
      `/tautkan ${await issueTelegramLinkCode(database.db, second.id, clock())}`,
    );
    expect(await linkedTelegram(database.db, first.id)).toBe(false);
    expect(await linkedContactOf(second.id)).toBe(shared.contactId);
    expect((await staffForContact(database.db, shared.contactId))?.id).toBe(second.id);
  });

  it("refuses the code of a disabled account, and a disabled account's link grants nothing", async () => {
    const member = await newStaff("Joko Petugas");
    const code = await issueTelegramLinkCode(database.db, member.id, clock());
    await disableStaff(database.db, member.id);
    expect((await send("tg-joko", `/tautkan ${code}`)).text).toContain(invalid);
    expect(await linkedTelegram(database.db, member.id)).toBe(false);

    const linkedThenDisabled = await newStaff("Kiki Petugas");
    const kiki = await send(
      "tg-kiki",
      `/tautkan ${await issueTelegramLinkCode(database.db, linkedThenDisabled.id, clock())}`,
    );
    await disableStaff(database.db, linkedThenDisabled.id);
    expect(await staffForContact(database.db, kiki.contactId)).toBeUndefined();
  });

  it("unlinks, and a code issued before unlinking no longer links", async () => {
    const member = await newStaff("Lia Petugas");
    const linked = await send(
      "tg-lia",
      `/tautkan ${await issueTelegramLinkCode(database.db, member.id, clock())}`,
    );
    const pending = await issueTelegramLinkCode(database.db, member.id, clock());
    expect(await unlinkTelegram(database.db, member.id)).toBe(true);
    expect(await linkedTelegram(database.db, member.id)).toBe(false);
    expect(await staffForContact(database.db, linked.contactId)).toBeUndefined();
    expect(await unlinkTelegram(database.db, member.id)).toBe(false);
    expect((await send("tg-lia", `/tautkan ${pending}`)).text).toContain(invalid);
  });

  it("stops checking codes from a contact for 15 minutes after 5 failures", async () => {
    const member = await newStaff("Maya Petugas");
    for (let i = 0; i < 5; i++) {
      expect((await send("tg-guesser", `/tautkan 7K3M-Q9Z${i}`)).text).toContain(invalid);
    }
    const code = await issueTelegramLinkCode(database.db, member.id, clock());
    expect((await send("tg-guesser", `/tautkan ${code}`)).text).toContain("Terlalu banyak");
    expect(await linkedTelegram(database.db, member.id)).toBe(false);
    // Another Telegram account is not held back by this one's failures.
    expect((await send("tg-maya", `/tautkan ${code}`)).text).toContain("Maya Petugas");

    clock.advance(15 * minute);
    const fresh = await issueTelegramLinkCode(database.db, member.id, clock());
    expect((await send("tg-guesser", `/tautkan ${fresh}`)).text).toContain("Maya Petugas");
  });

  it("reads ordinary sentences after the trigger word as text, and explains a bare /tautkan", async () => {
    for (const sentence of ["tautkan akun saya", "tautkan sekarang", "/link https://example.org"]) {
      // From the menu, where trigger words apply (an answered question's choices keep them off).
      await send("tg-chatty", "menu");
      const answer = await send("tg-chatty", sentence);
      expect(answer.text, sentence).not.toContain(invalid);
      expect(answer.text, sentence).not.toContain("Terlalu banyak");
    }
    await send("tg-chatty", "menu");
    expect((await send("tg-chatty", "/tautkan")).text).toContain("buat kode penautan");
    // None of it counted as a failed attempt: five wrong codes are still allowed.
    for (let i = 0; i < 5; i++) {
      expect((await send("tg-chatty", `/tautkan 7K3M-Q9Z${i}`)).text).toContain(invalid);
    }
  });
});

describe("the console's Telegram section", () => {
  const ctx = (language: "id" | "en") =>
    pageContext(translator, language, {
      csrf: "csrf-token-1",
      path: "/staff/security",
      regionName: (code) => code,
      whatsappEnabled: false,
    });
  const render = (props: Parameters<typeof TelegramLinkSection>[0]) =>
    String(jsx(TelegramLinkSection, props));

  it("shows a new code as the command to send, with both forms carrying the CSRF token", () => {
    const html = render({
      ctx: ctx("id"),
      linked: true,
      code: "7K3M-Q9ZD",
      botUsername: "AwasBot",
    });
    expect(html).toContain("/tautkan 7K3M-Q9ZD");
    expect(html).toContain("berlaku 15 menit");
    expect(html).toContain('action="/staff/security/telegram/code"');
    expect(html).toContain('action="/staff/security/telegram/unlink"');
    expect(html.match(/name="_csrf" value="csrf-token-1"/g)).toHaveLength(2);
    expect(html).toContain('href="https://t.me/AwasBot"');
    expect(html).not.toContain("telegram_link.");
  });

  it("offers no unlink button and no code when nothing is linked or issued", () => {
    const html = render({ ctx: ctx("en"), linked: false });
    expect(html).toContain("No Telegram account is linked");
    expect(html).not.toContain("/staff/security/telegram/unlink");
    expect(html).not.toContain("/tautkan");
    expect(html).not.toContain("telegram_link.");
  });
});
