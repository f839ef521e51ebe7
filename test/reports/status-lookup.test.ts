import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import enMenu from "../../locales/en/menu.json" with { type: "json" };
import enStatus from "../../locales/en/status.json" with { type: "json" };
import idStatus from "../../locales/id/status.json" with { type: "json" };
import type { Conductor } from "../../src/conversations/conductor";
import {
  computeCheckChar,
  generateTicketCode,
  parseTicketCode,
} from "../../src/reports/ticket-code";
import type { AppDatabase } from "../../src/storage/database";
import { reports } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  type TestClock,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const ticketCode = "LPR-6YZR-HCY0";
const pin = "737190";
const wrongPin = "111111";
const ownerAddress = `webchat-status-owner-${process.pid}`;
let conversations = 0;
const otherConversation = () => `webchat-status-other-${process.pid}-${++conversations}`;

const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? "");

/** The status answer for the filed report (stage "diterima", filed on Friday 20 November 2026). */
const statusText = {
  id: `${fill(idStatus.summary, {
    code: ticketCode,
    stage: idStatus["stage.diterima"],
    updated: "Jumat, 20 November 2026",
  })}\n\n${idStatus["next.diterima"]}`,
  en: `${fill(enStatus.summary, {
    code: ticketCode,
    stage: enStatus["stage.diterima"],
    updated: "Friday, 20 November 2026",
  })}\n\n${enStatus["next.diterima"]}`,
};

let database: AppDatabase;
let conductor: Conductor;
let clock: TestClock;

const say = async (address: string, text: string) => {
  const result = await conductor.receive(webchatMessage(address, text));
  expect(result.outcome).toBe("handled");
  return result.replies.map((reply) => reply.text);
};

beforeAll(async () => {
  database = await createTestDatabase();
  clock = fixedClock();
  // The fixed clock puts the whole report in one minute: lift the per-minute limit.
  ({ conductor } = await createTestConductor(database, { clock, rateLimitPerMinute: 1000 }));
  for (const text of [
    "lapor",
    "1",
    "desa Lalang, Manggar",
    "tadi pagi",
    "1",
    "Ada pembagian amplop berisi uang di rumah kepala dusun.",
    "Pak Budi, tim sukses paslon nomor 2",
    "Bu Sari, warga Desa Lalang",
    "selesai",
    "2",
    "1",
    "Siti Aminah",
    "Jl. Merdeka No. 5, Desa Lalang",
    "0812 3456 7890",
    "lewati",
  ])
    await say(ownerAddress, text);
  const receipt = (await say(ownerAddress, "Kirim")).join("\n");
  expect(receipt).toContain(ticketCode);
  expect(receipt).toContain(pin);
});

afterAll(() => database?.close());

describe(`cek (status lookup) on ${testDatabaseKind}`, () => {
  it("shows the status to the conversation that filed the report, without a PIN", async () => {
    expect(await say(ownerAddress, `cek ${ticketCode}`)).toEqual([statusText.id]);
  });

  it("shows the status to another conversation only with the right PIN", async () => {
    const other = otherConversation();
    expect(await say(other, `cek ${ticketCode}`)).toEqual([idStatus.not_found]);
    expect(await say(other, `cek ${ticketCode} ${wrongPin}`)).toEqual([idStatus.not_found]);
    expect(await say(other, `cek lpr 6yzr hcy0 ${pin}`)).toEqual([statusText.id]);
  });

  it("answers a wrong-format or unknown code with not_found and no details", async () => {
    const payload = "0000000";
    const unknown = `LPR-${payload.slice(0, 4)}-${payload.slice(4)}${computeCheckChar(payload)}`;
    expect(parseTicketCode(unknown, "LPR")).toBe(unknown);
    const anotherValid = generateTicketCode("LPR");
    const wrongCheck = `${ticketCode.slice(0, -1)}${ticketCode.endsWith("1") ? "2" : "1"}`;
    const other = otherConversation();
    for (const text of [
      "cek ABC-123",
      `cek ${ticketCode.replace("LPR", "XYZ")} ${pin}`,
      `cek ${wrongCheck} ${pin}`,
      `cek ${unknown}`,
      `cek ${unknown} ${pin}`,
      `cek ${anotherValid} ${pin}`,
    ]) {
      const replies = await say(other, text);
      expect(replies, text).toEqual([idStatus.not_found]);
      expect(replies.join("\n"), text).not.toContain(ticketCode);
    }
    // The owner gets the same answer for a code that is not theirs.
    expect(await say(ownerAddress, `cek ${unknown}`)).toEqual([idStatus.not_found]);
  });

  it("repeated wrong PINs are slowed down: the right PIN is refused for 15 minutes, then works", async () => {
    const attacker = otherConversation();
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await say(attacker, `cek ${ticketCode} ${wrongPin}`), `attempt ${attempt}`).toEqual([
        idStatus.not_found,
      ]);
    }
    expect(await say(attacker, `cek ${ticketCode} ${pin}`)).toEqual([idStatus.pin_locked]);
    // The lock is the report's, not the conversation's: a fresh conversation is refused too.
    expect(await say(otherConversation(), `cek ${ticketCode} ${pin}`)).toEqual([
      idStatus.pin_locked,
    ]);
    // The owner does not need a PIN, so the lock does not shut them out.
    expect(await say(ownerAddress, `cek ${ticketCode}`)).toEqual([statusText.id]);

    clock.advance(14 * 60_000);
    expect(await say(attacker, `cek ${ticketCode} ${pin}`)).toEqual([idStatus.pin_locked]);
    clock.advance(2 * 60_000);
    expect(await say(attacker, `cek ${ticketCode} ${pin}`)).toEqual([statusText.id]);
    const [report] = await database.db
      .select({ failed: reports.failedPinAttempts, lockedUntil: reports.pinLockedUntil })
      .from(reports)
      .where(eq(reports.ticketCode, ticketCode));
    // The count starts afresh; a lock left in the row has run out.
    expect(report?.failed).toBe(0);
    expect(report?.lockedUntil == null || report.lockedUntil <= clock()).toBe(true);
  });

  it("counts wrong PINs again from zero after the right PIN", async () => {
    const other = otherConversation();
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await say(other, `cek ${ticketCode} ${wrongPin}`)).toEqual([idStatus.not_found]);
    }
    expect(await say(other, `cek ${ticketCode} ${pin}`)).toEqual([statusText.id]);
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await say(other, `cek ${ticketCode} ${wrongPin}`)).toEqual([idStatus.not_found]);
    }
    expect(await say(other, `cek ${ticketCode} ${pin}`)).toEqual([statusText.id]);
  });

  it("answers an English conversation in English", async () => {
    const english = otherConversation();
    expect(await say(english, "language")).toContain(enMenu.prompt);
    expect(await say(english, `cek ${ticketCode} ${pin}`)).toEqual([statusText.en]);
    expect(await say(english, `cek ${ticketCode}`)).toEqual([enStatus.not_found]);
    expect(await say(english, `cek ${ticketCode} ${pin.replace(/^./, "9")}`)).toEqual([
      enStatus.not_found,
    ]);
  });
});
