import { sql } from "drizzle-orm";
import type { DbOrTx } from "../storage/database";
import { knowledgeArticles } from "../storage/schema";
import type { KnowledgeTexts } from "./knowledge-base";
import { knowledgeTopics } from "./topics";

const languages = ["id", "en"] as const;

/**
 * Writes the shipped answers into `knowledge_articles`: new topics are added and unedited rows
 * take the shipped text; a row staff edited (`edited_at` set) is left as staff wrote it.
 * One statement, so concurrent starts cannot interleave.
 */
export async function seedKnowledge(db: DbOrTx, texts: KnowledgeTexts): Promise<void> {
  const rows = knowledgeTopics.flatMap((topic) =>
    languages.map((language) => {
      const title = texts[language][`${topic.id}.title`];
      const answer = texts[language][`${topic.id}.answer`];
      if (title === undefined || answer === undefined) {
        throw new Error(`knowledge text missing: ${language} ${topic.id}`);
      }
      return { topicId: topic.id, language, title, answer };
    }),
  );
  await db
    .insert(knowledgeArticles)
    .values(rows)
    .onConflictDoUpdate({
      target: [knowledgeArticles.topicId, knowledgeArticles.language],
      set: {
        title: sql`excluded.title`,
        answer: sql`excluded.answer`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${knowledgeArticles.editedAt} is null and (${knowledgeArticles.title} <> excluded.title or ${knowledgeArticles.answer} <> excluded.answer)`,
    });
}

/** The answers as the bot uses them: flat `<topic>.title` / `<topic>.answer` per language. */
export async function loadKnowledge(db: DbOrTx): Promise<KnowledgeTexts> {
  const texts: KnowledgeTexts = { id: {}, en: {} };
  for (const row of await db.select().from(knowledgeArticles)) {
    if (row.language !== "id" && row.language !== "en") continue;
    texts[row.language][`${row.topicId}.title`] = row.title;
    texts[row.language][`${row.topicId}.answer`] = row.answer;
  }
  return texts;
}
