import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterAnsweringState } from "../../src/casework/answering-state";
import { type Actor, type Casework, createCasework } from "../../src/casework/casework";
import { CaseworkError } from "../../src/casework/errors";
import type { Conductor } from "../../src/conversations/conductor";
import { findContact } from "../../src/conversations/contacts";
import { readMailbox } from "../../src/conversations/outbox";
import type { Engine } from "../../src/engine/runtime";
import type { Keyring } from "../../src/privacy/keyring";
import { questionEventAad } from "../../src/questions/timeline";
import { addStaff } from "../../src/staff/accounts";
import type { AppDatabase } from "../../src/storage/database";
import { conversationSessions, questionEvents, questionTickets } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  type TestClock,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { createAppEngine, translator } from "../support/engine-driver";

const asker = `webchat-question-asker-${process.pid}`;
const english = `webchat-question-english-${process.pid}`;
const stranger = `webchat-question-stranger-${process.pid}`;
const codePattern = /TNY-[0-9A-Z]{4}-[0-9A-Z]{4}/;

let database: AppDatabase;
let conductor: Conductor;
let keyring: Keyring;
let clock: TestClock;
let engine: Engine;
let casework: Casework;
let officer: Actor;

async function send(address: string, text: string) {
  clock.advance(5000); // under the per-minute rate limit
  return (await conductor.receive(webchatMessage(address, text))).replies.map((r) => r.text);
}

/** Asks an officer through "tanya petugas"; returns the ticket code. */
async function ask(address: string, question: string): Promise<string> {
  await send(address, `tanya petugas ${question}`);
  const receipt = (await send(address, "Kirim")).join("\n");
  const code = codePattern.exec(receipt)?.[0];
  if (!code) throw new Error(`no question code in ${receipt}`);
  return code;
}

async function contactId(address: string): Promise<string> {
  const contact = await findContact(database.db, keyring, "webchat", address);
  if (!contact) throw new Error("no contact");
  return contact.id;
}

/** The last message the bot wrote to this conversation (replies and notices alike). */
async function lastMessage(address: string) {
  const { messages } = await readMailbox(database.db, keyring, await contactId(address), {
    limit: 1,
  });
  return messages.at(-1)?.text;
}

async function waiting(address: string) {
  const [row] = await database.db
    .select({ waiting: conversationSessions.waiting })
    .from(conversationSessions)
    .where(eq(conversationSessions.contactId, await contactId(address)));
  return row?.waiting ?? null;
}

async function kinds(code: string) {
  return (await casework.questionDetail(officer, code))?.timeline.map((entry) => entry.kind);
}

describe(`a question's timeline ("Tanya petugas") on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    clock = fixedClock();
    engine = await createAppEngine();
    ({ conductor, keyring } = await createTestConductor(database, { clock, engine }));
    casework = createCasework({
      database,
      keyring,
      translator,
      clock,
      nudge: async () => {},
      enterAnswering: (tx, contact, ticket, now) =>
        enterAnsweringState(tx, keyring, engine, contact, ticket, now),
    });
    const account = await addStaff(database.db, {
      email: "nuri@example.org",
      name: "Nuri",
      role: "officer",
      regionCode: "19.06",
    });
    officer = { id: account.id, email: account.email, role: "officer", regionCode: "19.06" };
  });
  afterAll(() => database.close());

  it("seals replies and answers: readable with the key, absent in plain text", async () => {
    const code = await ask(asker, "Apakah TPS boleh dipindah ke balai desa?");
    await casework.answerQuestion(officer, code, "Boleh, kalau KPPS mengumumkannya.", "api");
    expect(await waiting(asker)).toBe("officer_reply/answer_question");
    await send(asker, "Pengumumannya di mana ya?");
    const rows = await database.db.select().from(questionEvents).orderBy(questionEvents.id);
    expect(rows.map((row) => [row.kind, row.staffId])).toEqual([
      ["reply", officer.id],
      ["asker_message", null],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/KPPS|Pengumumannya/);
    expect(keyring.openText(rows[1]?.bodySealed ?? "", questionEventAad)).toBe(
      "Pengumumannya di mana ya?",
    );
  });

  it("an asker busy in another flow is not moved: told to `balas`, which then takes the answer", async () => {
    const code = await ask(stranger, "Siapa yang mengawasi kampanye di media sosial?");
    await send(stranger, "lapor");
    await casework.answerQuestion(officer, code, "Bawaslu, bersama Kominfo.", "console");
    expect(await waiting(stranger)).not.toContain("officer_reply");
    expect(await lastMessage(stranger)).toBe(
      translator.text("id", {
        key: "casework:question_reply_busy",
        params: { text: "Bawaslu, bersama Kominfo.", code },
      }),
    );
    await send(stranger, "batal");
    expect(await send(stranger, `balas ${code}`)).toEqual([
      translator.text("id", { key: "officer:ask_answer_question", params: { code } }),
    ]);
    await send(stranger, "Terima kasih, jelas.");
    expect(await kinds(code)).toEqual(["reply", "asker_message"]);
  });

  it("`balas` with someone else's question code stores nothing and says it was not found", async () => {
    const [theirs] = await database.db
      .select({ code: questionTickets.ticketCode })
      .from(questionTickets)
      .where(eq(questionTickets.contactId, await contactId(stranger)));
    const code = theirs?.code ?? "";
    const before = await kinds(code);
    await send(asker, "menu");
    await send(asker, `balas ${code}`);
    expect(await send(asker, "Ini jawaban saya.")).toEqual([
      translator.text("id", "officer:question_not_found"),
    ]);
    expect(await kinds(code)).toEqual(before);
  });

  it("answers an English asker in English, about their question", async () => {
    await send(english, "hello");
    await send(english, "language");
    const code = await ask(english, "Can I volunteer as an election monitor?");
    await casework.answerQuestion(officer, code, "Yes: register with Bawaslu.", "api");
    expect(await lastMessage(english)).toBe(
      translator.text("en", {
        key: "casework:question_reply",
        params: { text: "Yes: register with Bawaslu.", code },
      }),
    );
    expect(await lastMessage(english)).toContain("About your question");
  });

  it("closing takes the asker out of answering it, so their next message is read afresh", async () => {
    const code = await ask(asker, "Bolehkah saya memotret surat suara saya sendiri?");
    await casework.answerQuestion(officer, code, "Tidak boleh.", "api");
    expect(await waiting(asker)).toBe("officer_reply/answer_question");
    await casework.closeQuestion(officer, code, undefined, "api");
    expect(await waiting(asker)).toBeNull();
    expect(await lastMessage(asker)).toBe(
      translator.text("id", { key: "casework:question_closed", params: { code, detail: "" } }),
    );
    const replies = await send(asker, "kapan pemilu berikutnya?");
    expect(replies.join("\n")).not.toContain(code);
    expect(await kinds(code)).toEqual(["reply", "closed"]);
    await expect(casework.closeQuestion(officer, code, "lagi", "api")).rejects.toEqual(
      new CaseworkError("question_closed"),
    );
  });

  it("an asker who erased their data cannot be replied to, but the question can still be read", async () => {
    const code = await ask(stranger, "Apa itu daftar pemilih tambahan?");
    await database.db
      .update(questionTickets)
      .set({ contactId: null })
      .where(eq(questionTickets.ticketCode, code));
    await expect(casework.answerQuestion(officer, code, "DPTb.", "api")).rejects.toEqual(
      new CaseworkError("no_recipient"),
    );
    expect(await casework.questionDetail(officer, code)).toMatchObject({
      reachable: false,
      status: "open",
    });
  });

  it("shows an answer given before timelines existed as the first reply", async () => {
    const code = await ask(asker, "Apakah saksi TPS dibayar?");
    const [question] = await database.db
      .select({ id: questionTickets.id })
      .from(questionTickets)
      .where(eq(questionTickets.ticketCode, code));
    // What migration 0015 makes of an answered question: its old ciphertext, named in meta.
    await database.db.insert(questionEvents).values({
      questionId: question?.id ?? "",
      kind: "reply",
      staffId: officer.id,
      bodySealed: keyring.seal("Dibayar oleh partai yang menunjuknya.", "question_tickets.answer"),
      meta: { sealedAs: "question_tickets.answer" },
      at: clock(),
    });
    const detail = await casework.questionDetail(officer, code);
    expect(detail?.timeline).toEqual([
      expect.objectContaining({
        kind: "reply",
        staffName: "Nuri",
        text: "Dibayar oleh partai yang menunjuknya.",
      }),
    ]);
  });

  it("keeps questions naming another province from an officer, and lets them see unplaced ones", async () => {
    const code = await ask(asker, "Di mana kantor Bawaslu?");
    await database.db
      .update(questionTickets)
      .set({ regionCode: "15.71" })
      .where(eq(questionTickets.ticketCode, code));
    expect(await casework.questionDetail(officer, code)).toBeUndefined();
    await expect(casework.answerQuestion(officer, code, "Di Jambi.", "api")).rejects.toEqual(
      new CaseworkError("not_found"),
    );
    const listed = (await casework.listQuestions(officer)).items.map((item) => item.ticket);
    expect(listed).not.toContain(code);
    expect(listed.length).toBeGreaterThan(0);
  });
});
