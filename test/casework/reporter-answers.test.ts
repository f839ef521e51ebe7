import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterAnsweringState } from "../../src/casework/answering-state";
import { reportEventAad } from "../../src/casework/report-detail";
import type { Conductor } from "../../src/conversations/conductor";
import { findContact, lockContact } from "../../src/conversations/contacts";
import { loadSession } from "../../src/conversations/sessions";
import type { Engine } from "../../src/engine/runtime";
import type { EngineInput, Session } from "../../src/engine/types";
import type { Keyring } from "../../src/privacy/keyring";
import type { AppDatabase } from "../../src/storage/database";
import {
  conversationSessions,
  outbox,
  reportEvents,
  reportEvidence,
  reports,
} from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  type TestClock,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { createAppEngine, translator } from "../support/engine-driver";

const reporter = `webchat-answers-reporter-${process.pid}`;
const stranger = `webchat-answers-stranger-${process.pid}`;
const codePattern = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/;
const answerPrompt = "Tulis jawaban Anda untuk petugas Bawaslu";
const notFound = translator.text("id", "status:not_found");

let database: AppDatabase;
let conductor: Conductor;
let keyring: Keyring;
let clock: TestClock;
let engine: Engine;

async function send(address: string, input: string | EngineInput) {
  clock.advance(5000); // under the per-minute rate limit
  return (await conductor.receive(webchatMessage(address, input))).replies.map((r) => r.text);
}

/** A photo with a caption, as the web chat adapter hands it over. */
async function sendPhoto(address: string, caption?: string) {
  clock.advance(5000); // under the per-minute rate limit
  const message = {
    ...webchatMessage(address, { kind: "media", count: 1 }),
    ...(caption ? { text: caption } : {}),
  };
  return (await conductor.receive(message)).replies.map((r) => r.text);
}

/** Files an anonymous tip through the conductor; returns its ticket code. */
async function fileReport(address: string): Promise<string> {
  for (const text of [
    "lapor",
    "1",
    "Lalang, Manggar",
    "tadi pagi",
    "Ada pembagian amplop berisi uang di rumah warga.",
    "tidak tahu",
    "tidak ada",
    "selesai",
    "1",
  ]) {
    await send(address, text);
  }
  const receipt = (await send(address, "1")).join("\n");
  const code = codePattern.exec(receipt)?.[0];
  if (!code) throw new Error(`no ticket code in ${receipt}`);
  return code;
}

async function contactId(address: string): Promise<string> {
  const contact = await findContact(database.db, keyring, "webchat", address);
  if (!contact) throw new Error("no contact");
  return contact.id;
}

/** What the staff-reply code does: lock the contact, then enter the answering state. */
async function officerWrites(address: string, code: string): Promise<boolean> {
  return database.db.transaction(async (tx) => {
    const { contact } = await lockContact(tx, keyring, "webchat", address, "id");
    return enterAnsweringState(tx, keyring, engine, contact.id, code, clock());
  });
}

async function waiting(address: string) {
  const [row] = await database.db
    .select({ waiting: conversationSessions.waiting, state: conversationSessions.stateSealed })
    .from(conversationSessions)
    .where(eq(conversationSessions.contactId, await contactId(address)));
  return row;
}

async function timeline(code: string) {
  const [report] = await database.db.select().from(reports).where(eq(reports.ticketCode, code));
  if (!report) throw new Error(`no report ${code}`);
  return database.db
    .select()
    .from(reportEvents)
    .where(eq(reportEvents.reportId, report.id))
    .orderBy(reportEvents.id);
}

describe(`answering an officer ("menjawab petugas") on ${testDatabaseKind}`, () => {
  let code: string;
  let otherCode: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = fixedClock();
    engine = await createAppEngine();
    ({ conductor, keyring } = await createTestConductor(database, { clock, engine }));
    code = await fileReport(reporter);
    otherCode = await fileReport(stranger);
  });
  afterAll(() => database.close());

  it("an officer's message moves an idle reporter into the state, saying nothing itself", async () => {
    const outboxBefore = await database.db.select({ id: outbox.id }).from(outbox);
    expect(await officerWrites(reporter, code)).toBe(true);
    expect((await waiting(reporter))?.waiting).toBe("officer_reply/answer");
    expect(await database.db.select({ id: outbox.id }).from(outbox)).toHaveLength(
      outboxBefore.length,
    );
  });

  it("the next message is the answer: sealed in the report's timeline, and thanked", async () => {
    const answer = "Amplopnya dari timses paslon 2, saya lihat sendiri jam 7 pagi.";
    const replies = await send(reporter, answer);
    expect(replies).toEqual([
      `Jawaban Anda sudah kami teruskan ke petugas untuk laporan *${code}*. Terima kasih.`,
    ]);
    const [entry, ...more] = await timeline(code);
    expect(more).toEqual([]);
    expect(entry?.kind).toBe("reporter_message");
    expect(entry?.staffId).toBeNull();
    expect(entry?.at).toEqual(clock());
    expect(entry?.bodySealed).not.toContain("timses");
    expect(JSON.stringify(entry)).not.toContain("timses");
    expect(keyring.openText(entry?.bodySealed ?? "", reportEventAad)).toBe(answer);
    expect((await waiting(reporter))?.waiting).toBeNull();
  });

  it("`bantuan` there says which report they are answering and how to leave", async () => {
    expect(await officerWrites(reporter, code)).toBe(true);
    const replies = await send(reporter, "bantuan");
    expect(replies[0]).toContain(`menjawab petugas Bawaslu tentang laporan *${code}*`);
    expect(replies[0]).toContain("*menu*");
    expect(replies[1]).toContain(answerPrompt);
    expect((await waiting(reporter))?.waiting).toBe("officer_reply/answer");
  });

  it("`menu` leaves the state, and nothing more joins the timeline", async () => {
    const replies = await send(reporter, "menu");
    expect(replies[0]).toContain("Apa yang ingin Anda lakukan?");
    await send(reporter, "kapan pemilu berikutnya?");
    expect(await timeline(code)).toHaveLength(1);
  });

  it("a photo answers too: its caption joins the timeline and the file the evidence", async () => {
    const [report] = await database.db.select().from(reports).where(eq(reports.ticketCode, code));
    const evidenceBefore = await database.db
      .select()
      .from(reportEvidence)
      .where(eq(reportEvidence.reportId, report?.id ?? ""));
    expect(await officerWrites(reporter, code)).toBe(true);
    const replies = await sendPhoto(reporter, "Ini foto amplopnya");
    expect(replies.join("\n")).toContain(`1 bukti ditambahkan ke laporan *${code}*`);
    const entry = (await timeline(code)).at(-1);
    expect(entry?.meta).toEqual({ files: "1" });
    expect(keyring.openText(entry?.bodySealed ?? "", reportEventAad)).toBe("Ini foto amplopnya");
    const evidenceAfter = await database.db
      .select()
      .from(reportEvidence)
      .where(eq(reportEvidence.reportId, report?.id ?? ""));
    expect(evidenceAfter).toHaveLength(evidenceBefore.length + 1);
  });

  it("someone in the middle of another report is not moved, and their draft is intact", async () => {
    await send(reporter, "lapor");
    await send(reporter, "1");
    await send(reporter, "Lalang, Manggar");
    const before = await waiting(reporter);
    const session = await loadSession(database.db, keyring, await contactId(reporter));
    expect(await officerWrites(reporter, code)).toBe(false);
    const after = await waiting(reporter);
    expect(after).toEqual(before);
    expect(await loadSession(database.db, keyring, await contactId(reporter))).toEqual(session);
    // The report goes on where it was: the place is kept, the next question is the story.
    const replies = await send(reporter, "tadi pagi");
    expect(replies.join("\n")).toContain("Ceritakan apa yang terjadi");
    const draft = await loadSession(database.db, keyring, await contactId(reporter));
    expect(JSON.stringify(draft?.run?.vars.place)).toContain("Lalang");
    await send(reporter, "batal");
  });

  it("`balas KODE` enters the same state later, for one's own report", async () => {
    const entries = (await timeline(code)).length;
    const replies = await send(reporter, `balas ${code}`);
    expect(replies).toEqual([expect.stringContaining(answerPrompt)]);
    await send(reporter, "Saksinya tetangga saya, Bu Ani.");
    expect(await timeline(code)).toHaveLength(entries + 1);
  });

  it("`balas KODE` for someone else's report says what `cek` says, and stores nothing", async () => {
    const entries = (await timeline(otherCode)).length;
    await send(reporter, `balas ${otherCode}`);
    expect(await send(reporter, "Ini jawaban saya.")).toEqual([notFound]);
    expect(await send(reporter, `cek ${otherCode}`)).toEqual([notFound]);
    expect(await timeline(otherCode)).toHaveLength(entries);
  });

  it("an answer about a report that is no longer theirs (erased) is not stored", async () => {
    expect(await officerWrites(reporter, code)).toBe(true);
    const entries = (await timeline(code)).length;
    await database.db.update(reports).set({ contactId: null }).where(eq(reports.ticketCode, code));
    expect(await send(reporter, "Masih ada yang perlu saya kirim?")).toEqual([notFound]);
    expect(await timeline(code)).toHaveLength(entries);
    await database.db
      .update(reports)
      .set({ contactId: await contactId(reporter) })
      .where(eq(reports.ticketCode, code));
  });

  it("a second message about the same report keeps the state; about another, it does not", async () => {
    expect(await officerWrites(stranger, otherCode)).toBe(true);
    expect(await officerWrites(stranger, otherCode)).toBe(true);
    expect((await waiting(stranger))?.waiting).toBe("officer_reply/answer");
    const before = await waiting(stranger);
    expect(await officerWrites(stranger, code)).toBe(false);
    expect(await waiting(stranger)).toEqual(before);
    await send(stranger, "menu");
  });

  it("an unreadable stored session (a retired key) is left alone, not entered", async () => {
    const id = await contactId(stranger);
    await database.db
      .update(conversationSessions)
      .set({ stateSealed: "k9.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA" })
      .where(eq(conversationSessions.contactId, id));
    expect(await officerWrites(stranger, otherCode)).toBe(false);
    // The conductor starts afresh on their next message, and `balas` works again.
    await send(stranger, "halo");
    expect(await send(stranger, `balas ${otherCode}`)).toEqual([
      expect.stringContaining(answerPrompt),
    ]);
  });

  it('"balas dendam …" is still a question, not a ticket code', async () => {
    const replies = await send(reporter, "balas dendam kalau saya lapor bagaimana?");
    expect(replies).not.toContain(notFound);
    expect(replies.join("\n")).not.toContain(answerPrompt);
    expect((await waiting(reporter))?.waiting ?? "").not.toContain("officer_reply");
  });
});

describe("Engine.enterFlow", () => {
  const now = new Date("2026-11-20T03:00:00Z");
  let pure: Engine;
  beforeAll(async () => {
    pure = await createAppEngine();
  });
  const at = (session: Session | undefined, text: string) =>
    pure.handle(session, { kind: "text", text }, now).session;

  it("enters from nothing, from the menu, and after a finished flow, saying nothing", () => {
    const fresh = pure.enterFlow(undefined, "officer_reply", { ticket: "LPR-6YZR-HCY0" }, now);
    expect(fresh.entered).toBe(true);
    expect(fresh.session.run).toMatchObject({
      flowId: "officer_reply",
      nodeId: "answer",
      vars: { ticket: "LPR-6YZR-HCY0" },
      startedAt: now.toISOString(),
    });
    const menu = at(undefined, "halo");
    expect(menu.run?.flowId).toBe("menu");
    expect(pure.enterFlow(menu, "officer_reply", { ticket: "X" }, now).entered).toBe(true);
    const finished = at(at(undefined, "halo"), "cek LPR-6YZR-HCY0");
    expect(finished.run).toBeUndefined();
    expect(pure.enterFlow(finished, "officer_reply", { ticket: "X" }, now).entered).toBe(true);
  });

  it("leaves a busy conversation exactly as it was", () => {
    const busy = at(at(undefined, "halo"), "lapor");
    const result = pure.enterFlow(busy, "officer_reply", { ticket: "X" }, later(60_000));
    expect(result).toEqual({ session: busy, entered: false });
    // A run resting at a question a deploy removed still holds answers: not replaced either.
    const stale: Session = {
      language: "id",
      lastActivityAt: now.toISOString(),
      run: { flowId: "report", nodeId: "gone", vars: { story: "…" }, history: [], startedAt: "" },
    };
    expect(pure.enterFlow(stale, "officer_reply", { ticket: "X" }, now).entered).toBe(false);
  });

  it("speaks English to an English conversation: `reply <code>` and `help`", () => {
    const english = at(at(undefined, "hello"), "language");
    expect(english.language).toBe("en");
    const entered = pure.handle(english, { kind: "text", text: "reply LPR-6YZR-HCY0" }, now);
    expect(entered.session.run?.nodeId).toBe("answer");
    const help = pure.handle(entered.session, { kind: "text", text: "help" }, now);
    const [first] = help.events;
    expect(first?.type === "message" && translator.text("en", first.say[0] ?? "")).toContain(
      "You are answering a Bawaslu officer about report *LPR-6YZR-HCY0*",
    );
  });

  it("restarts the idle clock and forgets an old expiry notice when it enters", () => {
    const old: Session = {
      language: "en",
      lastActivityAt: "2026-11-01T00:00:00.000Z",
      expiredNotice: true,
    };
    const { session } = pure.enterFlow(old, "officer_reply", { ticket: "LPR-6YZR-HCY0" }, now);
    expect(session.lastActivityAt).toBe(now.toISOString());
    expect(session.expiredNotice).toBeUndefined();
    expect(session.language).toBe("en");
    // The next message is the answer, not "your conversation expired".
    const next = pure.handle(session, { kind: "text", text: "It was at 7 am." }, later(60_000));
    expect(next.events.filter((event) => event.type === "message")).toEqual([]);
    expect(next.events).toEqual([
      expect.objectContaining({ type: "action", name: "reporter_answered" }),
    ]);
  });

  it("refuses a flow that would end or emit events instead of waiting", () => {
    expect(() => pure.enterFlow(undefined, "my_reports", {}, now)).toThrow(/event|ended/);
    expect(() => pure.enterFlow(undefined, "no_such_flow", {}, now)).toThrow(/Unknown flow/);
  });

  function later(ms: number) {
    return new Date(now.getTime() + ms);
  }
});
