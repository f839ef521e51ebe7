import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDatabase } from "../../src/storage/database";
import { auditLog, conversationSessions, questionTickets } from "../../src/storage/schema";
import { conversationId, createTestAwas, postJson } from "../support/app-harness";
import { fixedClock } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { translator } from "../support/engine-driver";
import { webchatMessages } from "../support/reports";
import { staffApiClient, staffApiTokens } from "../support/staff-tokens";

let database: AppDatabase;
let awas: Awaited<ReturnType<typeof createTestAwas>>;
let tokens: Awaited<ReturnType<typeof staffApiTokens>>;
const asker = conversationId();
let code = "";
let sent = 0;

/** A question no topic answers, naming a place in Belitung Timur and the asker's number. */
const question =
  "Di Manggar, Belitung Timur, kantor panwascam buka sampai jam berapa hari Sabtu? Hubungi saya di 0812-3456-7890";

let api: ReturnType<typeof staffApiClient>["api"];
let post: ReturnType<typeof staffApiClient>["post"];

/**
 * What the resident types (or taps) in the web chat; returns the bot's replies to it, with the
 * labels of the buttons offered.
 */
async function say(input: string | { choice: string }): Promise<string[]> {
  sent += 1;
  const response = await awas.app.request(
    "/chat/messages",
    postJson({
      conversationId: asker,
      ...(typeof input === "string" ? { text: input } : input),
      messageId: `asker-${String(sent).padStart(4, "0")}`,
    }),
  );
  expect(response.status).toBe(200);
  const { replies } = (await response.json()) as {
    replies: { text: string; choices?: { label: string }[] }[];
  };
  return replies.flatMap((reply) => [
    reply.text,
    ...(reply.choices ?? []).map((choice) => choice.label),
  ]);
}

interface QuestionBody {
  status: string;
  question: string;
  regionCode: string | null;
  timeline: { kind: string; staffName: string | null; text: string | null }[];
}
const detail = async (token: string) =>
  (await (await api(`/questions/${code}`, token)).json()) as QuestionBody;

const officerMessage = (key: string, text: string) =>
  translator.text("id", { key: `casework:${key}`, params: { text, code } });

beforeAll(async () => {
  database = await createTestDatabase();
  awas = await createTestAwas(database, { RATE_LIMIT_PER_MINUTE: "1000" }, fixedClock());
  tokens = await staffApiTokens(database);
  ({ api, post } = staffApiClient(awas.app));
}, 60_000);

afterAll(() => database?.close());

describe(`question tickets through /api/v1 on ${testDatabaseKind}`, () => {
  it("a resident asks in the web chat: the bot cannot answer, offers an officer, and files a TNY ticket", async () => {
    const offered = (await say(question)).join("\n");
    expect(offered).toContain(translator.text("id", "ask:choice.ask_staff"));
    const confirm = (await say({ choice: "ask_staff" })).join("\n");
    expect(confirm).toContain("kantor panwascam");
    const receipt = (await say({ choice: "send" })).join("\n");
    code = /TNY-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt)?.[0] ?? "";
    expect(code).not.toBe("");
  });

  it("answers 401 without a token", async () => {
    expect((await api("/questions", undefined)).status).toBe(401);
    expect((await api(`/questions/${code}`, undefined)).status).toBe(401);
  });

  it("lists it as open with its kab/kota and channel, and filters by status", async () => {
    const response = await api("/questions", tokens.beltim);
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Record<string, unknown>[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ticket: code, status: "open", channel: "webchat" });
    expect(String(items[0]?.regionCode)).toMatch(/^19\.06/);
    expect(Number.isNaN(Date.parse(String(items[0]?.createdAt)))).toBe(false);
    const closed = await api("/questions?status=closed", tokens.beltim);
    expect(((await closed.json()) as { items: unknown[] }).items).toEqual([]);
    expect((await api("/questions?status=nonsense", tokens.beltim)).status).toBe(400);
  });

  it("shows the question with the asker's mobile number masked", async () => {
    const question = await detail(tokens.beltim);
    expect(question.question).toContain("kantor panwascam");
    expect(question.question).not.toContain("3456");
    expect(question.timeline).toEqual([]);
  });

  it("gives an officer of another province 404, to read and to reply", async () => {
    const response = await api(`/questions/${code}`, tokens.jambi);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect(
      ((await (await api("/questions", tokens.jambi)).json()) as { items: unknown[] }).items,
    ).toEqual([]);
    expect((await post(`/questions/${code}/replies`, tokens.jambi, { text: "Halo" })).status).toBe(
      404,
    );
  });

  it("lets a viewer read it but refuses their reply and close with 403", async () => {
    expect((await api(`/questions/${code}`, tokens.viewer)).status).toBe(200);
    const reply = await post(`/questions/${code}/replies`, tokens.viewer, { text: "Halo" });
    expect(reply.status).toBe(403);
    expect(((await reply.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await post(`/questions/${code}/close`, tokens.viewer, {})).status).toBe(403);
  });

  it("an officer replies twice; each reaches the web chat as 'Petugas Bawaslu: …' in Indonesian", async () => {
    const first = "Kantor panwascam Manggar buka Sabtu pukul 08.00–12.00.";
    expect((await post(`/questions/${code}/replies`, tokens.beltim, { text: first })).status).toBe(
      201,
    );
    expect((await webchatMessages(awas.app, asker)).at(-1)).toBe(
      officerMessage("question_reply", first),
    );
    expect(officerMessage("question_reply", first)).toMatch(/^\*Petugas Bawaslu:\* Kantor/);
    const second = "Kalau mendesak, datang saja ke Bawaslu Belitung Timur.";
    expect((await post(`/questions/${code}/replies`, tokens.beltim, { text: second })).status).toBe(
      201,
    );
    expect((await webchatMessages(awas.app, asker)).at(-1)).toBe(
      officerMessage("question_reply", second),
    );
    const question = await detail(tokens.admin);
    expect(question.status).toBe("answered");
    expect(question.timeline.map((entry) => [entry.kind, entry.staffName, entry.text])).toEqual([
      ["reply", "beltim@example.org", first],
      ["reply", "beltim@example.org", second],
    ]);
  });

  it("the resident's next message is their answer: it joins the timeline, masked, and thanked", async () => {
    const replies = await say("Terima kasih. Kalau hari Minggu tutup ya? WA saya 081234567890");
    expect(replies).toEqual([
      translator.text("id", { key: "officer:answer_sent_question", params: { code } }),
    ]);
    const question = await detail(tokens.beltim);
    expect(question.status).toBe("open");
    expect(question.timeline.at(-1)).toMatchObject({ kind: "asker_message", staffName: null });
    expect(question.timeline.at(-1)?.text).toContain("Kalau hari Minggu tutup ya?");
    expect(question.timeline.at(-1)?.text).not.toContain("081234567890");
  });

  it("`menu` leaves the 'menjawab petugas' state, and what follows stays out of the timeline", async () => {
    const reply = "Hari Minggu tutup.";
    await post(`/questions/${code}/replies`, tokens.beltim, { text: reply });
    const [waiting] = await database.db
      .select({ waiting: conversationSessions.waiting })
      .from(conversationSessions);
    expect(waiting?.waiting).toBe("officer_reply/answer_question");
    expect((await say("menu")).join("\n")).toContain("Apa yang ingin Anda lakukan?");
    await say("kapan pemilu berikutnya?");
    expect((await detail(tokens.beltim)).timeline.map((entry) => entry.kind)).toEqual([
      "reply",
      "reply",
      "asker_message",
      "reply",
    ]);
  });

  it("closes with a note: the resident is told, replies are refused after, and both are audited via the API", async () => {
    const closed = await post(`/questions/${code}/close`, tokens.beltim, {
      note: "Silakan tanya lagi kalau ada yang lain.",
    });
    expect(closed.status).toBe(200);
    const told = (await webchatMessages(awas.app, asker)).at(-1);
    expect(told).toContain(code);
    expect(told).toContain("Silakan tanya lagi kalau ada yang lain.");
    const question = await detail(tokens.admin);
    expect(question.status).toBe("closed");
    expect(question.timeline.at(-1)).toMatchObject({
      kind: "closed",
      staffName: "beltim@example.org",
      text: "Silakan tanya lagi kalau ada yang lain.",
    });
    const again = await post(`/questions/${code}/replies`, tokens.beltim, { text: "Satu lagi." });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      "question_closed",
    );
    // The note is optional: a close without a body reaches the same check.
    expect((await api(`/questions/${code}/close`, tokens.beltim, { method: "POST" })).status).toBe(
      409,
    );
    const audited = await database.db
      .select({ action: auditLog.action, via: auditLog.via })
      .from(auditLog)
      .where(eq(auditLog.subject, code));
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: "question_answered", via: "api" },
        { action: "question_closed", via: "api" },
      ]),
    );
    expect(audited.filter((entry) => entry.action === "question_answered")).toHaveLength(3);
  });

  it("`balas` on a closed question says it is closed and stores nothing", async () => {
    await say(`balas ${code}`);
    const replies = await say("Satu pertanyaan lagi.");
    expect(replies).toEqual([
      translator.text("id", { key: "officer:question_closed", params: { code } }),
    ]);
    expect((await detail(tokens.beltim)).timeline).toHaveLength(5);
  });

  it("pages the list with a cursor, newest first", async () => {
    const [first] = await database.db.select().from(questionTickets);
    if (!first) throw new Error("no question");
    const { id: _id, ...copy } = first;
    await database.db.insert(questionTickets).values([
      { ...copy, ticketCode: "TNY-0000-0001", createdAt: new Date(first.createdAt.getTime() + 1) },
      { ...copy, ticketCode: "TNY-0000-0002", createdAt: new Date(first.createdAt.getTime() + 2) },
    ]);
    const one = (await (await api("/questions?limit=2", tokens.admin)).json()) as {
      items: { ticket: string }[];
      nextCursor?: string;
    };
    expect(one.items.map((item) => item.ticket)).toEqual(["TNY-0000-0002", "TNY-0000-0001"]);
    const two = (await (
      await api(`/questions?limit=2&cursor=${one.nextCursor}`, tokens.admin)
    ).json()) as { items: { ticket: string }[]; nextCursor?: string };
    expect(two.items.map((item) => item.ticket)).toEqual([code]);
    expect(two.nextCursor).toBeUndefined();
  });

  it("answers malformed JSON with 400 invalid_json, not a server error", async () => {
    const response = await api("/questions/TNY-0000-0001/replies", tokens.beltim, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"text": "unfinished',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_json");
    expect(body.error.message).toBe(translator.text("id", "errors:invalid_json"));
    const report = await api("/reports/LPR-0000-0000/notes", tokens.beltim, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "not json",
    });
    expect(report.status).toBe(400);
  });
});
