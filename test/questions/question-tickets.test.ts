import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Conductor } from "../../src/conversations/conductor";
import type { Keyring } from "../../src/privacy/keyring";
import { questionAad } from "../../src/questions/handlers";
import type { AppDatabase } from "../../src/storage/database";
import { contacts, questionTickets } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  type TestClock,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const address = `webchat-question-${process.pid}`;
const question = "Apakah warga boleh memasang bendera partai di pagar rumah sendiri?";

let database: AppDatabase;
let conductor: Conductor;
let keyring: Keyring;
let clock: TestClock;

async function send(text: string | { choice: string }) {
  clock.advance(1000);
  const input = typeof text === "string" ? text : { kind: "choice" as const, id: text.choice };
  const result = await conductor.receive(webchatMessage(address, input));
  return result.replies;
}

/** The ticket's row, through the contact (there is one conversation in this database). */
async function ticketRows() {
  return database.db.select().from(questionTickets);
}

describe(`question tickets ("Tanya petugas") on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    clock = fixedClock();
    ({ conductor, keyring } = await createTestConductor(database, { clock }));
    await send("halo");
  });
  afterAll(() => database.close());

  it("a question typed in the menu can go to an officer, with a TNY code", async () => {
    await send("tanya petugas");
    const written = await send(question);
    const receipt = written.at(-1)?.text ?? "";
    expect(receipt).toMatch(/kode \*TNY-[0-9A-Z]{4}-[0-9A-Z]{4}\*/);
    const [row] = await ticketRows();
    expect(row?.status).toBe("open");
    expect(row?.language).toBe("id");
    expect(receipt).toContain(row?.ticketCode ?? "missing");
  });

  it("stores the question sealed: readable with the key, absent in plain text", async () => {
    const [row] = await ticketRows();
    expect(row?.questionSealed).not.toContain("bendera");
    expect(keyring.openText(row?.questionSealed ?? "", questionAad)).toBe(question);
  });

  it("a text that is not sent changes nothing: choosing to rewrite asks again", async () => {
    await send("tanya petugas bolehkah saya jadi saksi di TPS?");
    const rewrite = await send({ choice: "rewrite" });
    expect(rewrite.at(-1)?.text).toContain("Tulis pertanyaan Anda");
    expect(await ticketRows()).toHaveLength(1);
    await send("batal");
    expect(await ticketRows()).toHaveLength(1);
  });

  it("a too long question is refused with the limit, and nothing is stored", async () => {
    await send("tanya petugas");
    const replies = await send("a".repeat(1001));
    expect(replies[0]?.text).toContain("maksimal 1000 karakter");
    expect(await ticketRows()).toHaveLength(1);
    await send("batal");
  });

  it("erasing one's data deletes one's questions", async () => {
    const [contact] = await database.db.select({ id: contacts.id }).from(contacts);
    expect(contact).toBeDefined();
    await send("hapus data saya");
    await send({ choice: "yes" });
    const left = await database.db
      .select()
      .from(questionTickets)
      .where(eq(questionTickets.contactId, contact?.id ?? ""));
    expect(left).toEqual([]);
    expect(await ticketRows()).toEqual([]);
  });
});
