import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Conductor } from "../../src/conversations/conductor";
import { addOrganization } from "../../src/organizations/organizations";
import type { Keyring } from "../../src/privacy/keyring";
import { reportAad } from "../../src/reports/sealing";
import type { AppDatabase } from "../../src/storage/database";
import { contacts, reports } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  type TestClock,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const relayer = `relay-member-${process.pid}`;
const resident = `relay-resident-${process.pid}`;
const witness = "Pak Rudi, 0812-7000-1234";

let database: AppDatabase;
let conductor: Conductor;
let keyring: Keyring;
let clock: TestClock;
let inviteCode: string;
let organizationId: string;

async function send(address: string, text: string | { choice: string }) {
  clock.advance(4000); // under the 20-per-minute limit
  const input = typeof text === "string" ? text : { kind: "choice" as const, id: text.choice };
  const { replies } = await conductor.receive(webchatMessage(address, input));
  return replies.map((reply) => reply.text).join("\n");
}

describe(`ormas relays on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    clock = fixedClock();
    ({ conductor, keyring } = await createTestConductor(database, { clock }));
    const added = await addOrganization(database.db, {
      name: "Relawan Demokrasi Beltim",
      regionCode: "19.06",
    });
    inviteCode = added.inviteCode;
    organizationId = added.organization.id;
  });
  afterAll(() => database.close());

  it("refuses an unknown invite code and changes nothing", async () => {
    await send(relayer, "halo");
    expect(await send(relayer, "/gabung ORG-0000-0000")).toContain("tidak dikenal");
    const [row] = await database.db.select().from(contacts);
    expect(row?.relayerOrgId).toBeNull();
  });

  it("a member joins with the invite code, typed loosely", async () => {
    const typed = inviteCode.toLowerCase().replace(/-/g, " ");
    expect(await send(relayer, `/gabung ${typed}`)).toContain("Relawan Demokrasi Beltim");
  });

  it("files a report for a witness, with the organisation and the consented witness recorded", async () => {
    expect(await send(relayer, "lapor")).toContain("meneruskan laporan orang lain");
    expect(await send(relayer, { choice: "relay" })).toContain("saksi");
    await send(relayer, witness);
    expect(await send(relayer, { choice: "yes" })).toContain("Apa jenis pelanggarannya?");
    await send(relayer, { choice: "politik_uang" });
    await send(relayer, "desa Lalang, Manggar");
    await send(relayer, "tadi pagi");
    await send(relayer, "Tetangga saksi menerima amplop 100 ribu dari tim sukses paslon.");
    await send(relayer, "tidak tahu");
    await send(relayer, "tidak ada");
    await send(relayer, "selesai");
    await send(relayer, { choice: "tip" });
    const receipt = await send(relayer, { choice: "send" });
    const code = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt)?.[0];
    expect(code).toBeDefined();

    const [report] = await database.db
      .select()
      .from(reports)
      .where(eq(reports.ticketCode, code ?? ""));
    expect(report?.relayedByOrgId).toBe(organizationId);
    expect(report?.relayerContactId).toBe(report?.contactId);
    expect(report?.witnessSealed).not.toContain("Rudi");
    expect(keyring.openText(report?.witnessSealed ?? "", reportAad.witness)).toBe(witness);

    const listed = await send(relayer, "laporanku");
    expect(listed).toContain(code);
    expect(listed).toContain("diteruskan untuk Relawan Demokrasi Beltim");
  });

  it("keeps no witness without their consent", async () => {
    await send(relayer, "lapor");
    await send(relayer, { choice: "relay" });
    await send(relayer, witness);
    expect(await send(relayer, { choice: "no" })).toContain("tidak dicatat");
    await send(relayer, "batal");
  });

  it("asks a resident who is no relayer nothing about relaying", async () => {
    await send(resident, "halo");
    const asked = await send(resident, "lapor");
    expect(asked).not.toContain("meneruskan");
    expect(asked).toContain("Apa jenis pelanggarannya?");
    expect(await send(resident, "laporanku")).toContain("Belum ada laporan");
  });
});
