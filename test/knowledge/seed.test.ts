import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources } from "../../src/i18n/resources";
import type { KnowledgeTexts } from "../../src/knowledge/knowledge-base";
import { loadKnowledge, seedKnowledge } from "../../src/knowledge/seed";
import { knowledgeTopics } from "../../src/knowledge/topics";
import type { AppDatabase } from "../../src/storage/database";
import { knowledgeArticles } from "../../src/storage/schema";
import { conversationId, createTestAwas, postJson } from "../support/app-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const shipped: KnowledgeTexts = {
  id: resources.id.knowledge ?? {},
  en: resources.en.knowledge ?? {},
};
const staffAnswer = "Jawaban yang ditulis petugas: TPS buka pukul 07.00 sampai 13.00.";

let database: AppDatabase;

const row = async (topicId: string, language: string) =>
  (
    await database.db
      .select()
      .from(knowledgeArticles)
      .where(and(eq(knowledgeArticles.topicId, topicId), eq(knowledgeArticles.language, language)))
  )[0];

describe(`knowledge articles in the database on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedKnowledge(database.db, shipped);
  });
  afterAll(() => database.close());

  it("seeds every topic in both languages with the shipped texts", async () => {
    const rows = await database.db.select().from(knowledgeArticles);
    expect(rows).toHaveLength(knowledgeTopics.length * 2);
    expect((await row("next_elections", "id"))?.answer).toBe(shipped.id["next_elections.answer"]);
    expect(await loadKnowledge(database.db)).toEqual(shipped);
  });

  it("reseeding updates unedited rows but never overwrites a staff edit", async () => {
    await database.db
      .update(knowledgeArticles)
      .set({ answer: staffAnswer, editedAt: new Date() })
      .where(and(eq(knowledgeArticles.topicId, "tps_hours"), eq(knowledgeArticles.language, "id")));
    const newer: KnowledgeTexts = {
      id: {
        ...shipped.id,
        "tps_hours.answer": "teks kiriman baru",
        "masa_tenang.answer": "teks masa tenang baru",
      },
      en: shipped.en,
    };
    await seedKnowledge(database.db, newer);
    expect((await row("tps_hours", "id"))?.answer).toBe(staffAnswer);
    expect((await row("masa_tenang", "id"))?.answer).toBe("teks masa tenang baru");
    await seedKnowledge(database.db, shipped);
    expect((await row("tps_hours", "id"))?.answer).toBe(staffAnswer);
    expect((await row("masa_tenang", "id"))?.answer).toBe(shipped.id["masa_tenang.answer"]);
  });

  it("the bot answers with the staff's text once the server starts", async () => {
    const awas = await createTestAwas(database);
    const id = conversationId();
    const response = await awas.app.request(
      "/chat/messages",
      postJson({ conversationId: id, text: "tps buka jam berapa ya" }),
    );
    const body = (await response.json()) as { replies: { text: string }[] };
    expect(body.replies.map((reply) => reply.text).join("\n")).toContain(staffAnswer);
  });
});
