/**
 * Staff edits of the voter-education answers (`knowledge_articles`): the same rules the shipped
 * texts are held to (test/knowledge/topics.test.ts) are checked before anything is written, so
 * the bot never sends an answer the project would refuse to ship.
 */

import { and, asc, eq, sql } from "drizzle-orm";
import type { Language } from "../engine/types";
import { resources } from "../i18n/resources";
import type { KnowledgeTexts } from "../knowledge/knowledge-base";
import { knowledgeTopics } from "../knowledge/topics";
import type { DbOrTx } from "../storage/database";
import { knowledgeArticles, staff } from "../storage/schema";

export const articleLanguages = ["id", "en"] as const satisfies readonly Language[];

/** The limits of topics.test.ts: an answer fits a chat message, a title a button. */
export const articleLimits = { answer: 600, title: 50 } as const;

/** The line every answer ends with: its legal basis or its source. */
const CLOSING: Record<Language, RegExp> = {
  id: /^(Dasar|Sumber): \S.*\.$/,
  en: /^(Legal basis|Source): \S.*\.$/,
};

/**
 * Indonesian mobile and landline numbers in the usual spellings, and long digit groups: the
 * patterns of topics.test.ts, and an area code in brackets ("(0717) 422 1234").
 */
const PHONE_PATTERNS = [
  /\(0\d{2,3}\)\s?\d{3,4}[\s.-]?\d{3,4}/,
  /(?:\+62|\b62|\b0)8\d[\d\s.-]{6,}\d/,
  /\b0\d{2,3}[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b/,
  /\b\d{3,4}[\s.-]\d{3,4}[\s.-]\d{3,5}\b/,
  /\b\d{9,}\b/,
];

export type ArticleProblem =
  | "title_empty"
  | "title_too_long"
  | "title_multiline"
  | "answer_empty"
  | "answer_too_long"
  | "answer_no_source"
  | "phone_number";

export interface ArticleText {
  title: string;
  answer: string;
}

export type ArticleTexts = Record<Language, ArticleText>;

/** Line ends as one `\n` (browsers send `\r\n`), no spaces at line ends or around the text. */
export function normalizeArticleText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}

/** What is wrong with one language's title and answer (nothing: an empty list). */
export function articleProblems(language: Language, text: ArticleText): ArticleProblem[] {
  const problems: ArticleProblem[] = [];
  const { title, answer } = text;
  if (!title) problems.push("title_empty");
  else {
    if (title.length > articleLimits.title) problems.push("title_too_long");
    if (title.includes("\n")) problems.push("title_multiline");
  }
  if (!answer) problems.push("answer_empty");
  else {
    if (answer.length > articleLimits.answer) problems.push("answer_too_long");
    if (!CLOSING[language].test(answer.split("\n").at(-1) ?? "")) {
      problems.push("answer_no_source");
    }
  }
  if (PHONE_PATTERNS.some((pattern) => pattern.test(`${title}\n${answer}`))) {
    problems.push("phone_number");
  }
  return problems;
}

/** The texts that ship with this version (locales/{id,en}/knowledge.json). */
export function shippedKnowledge(): KnowledgeTexts {
  return { id: resources.id.knowledge ?? {}, en: resources.en.knowledge ?? {} };
}

export function isTopic(topicId: string): boolean {
  return knowledgeTopics.some((topic) => topic.id === topicId);
}

export interface ArticleRow {
  topicId: string;
  language: Language;
  title: string;
  answer: string;
  editedAt: Date | null;
  /** The editor's name (staff only see it in the console). */
  editedByName: string | null;
}

/** Every stored article, with who last edited it. */
export async function listArticles(db: DbOrTx, topicId?: string): Promise<ArticleRow[]> {
  const rows = await db
    .select({
      topicId: knowledgeArticles.topicId,
      language: knowledgeArticles.language,
      title: knowledgeArticles.title,
      answer: knowledgeArticles.answer,
      editedAt: knowledgeArticles.editedAt,
      editedByName: staff.name,
    })
    .from(knowledgeArticles)
    .leftJoin(staff, eq(staff.id, knowledgeArticles.editedBy))
    .where(topicId === undefined ? undefined : eq(knowledgeArticles.topicId, topicId))
    .orderBy(asc(knowledgeArticles.topicId), asc(knowledgeArticles.language));
  return rows.filter((row): row is ArticleRow => row.language === "id" || row.language === "en");
}

export type ArticleSaveResult =
  | { ok: true; changed: Language[] }
  | { ok: false; problems: Partial<Record<Language, ArticleProblem[]>> }
  | { ok: false; notFound: true };

/**
 * Saves a topic's title and answer in both languages after checking both: a refusal writes
 * nothing. Only a language whose text changed is written; a text set back to exactly the
 * shipped one counts as shipped again (later versions may update it).
 */
export async function saveArticle(
  db: DbOrTx,
  topicId: string,
  texts: ArticleTexts,
  staffId: string,
  now: Date,
  shipped: KnowledgeTexts = shippedKnowledge(),
): Promise<ArticleSaveResult> {
  if (!isTopic(topicId)) return { ok: false, notFound: true };
  const cleaned = {} as ArticleTexts;
  const problems: Partial<Record<Language, ArticleProblem[]>> = {};
  for (const language of articleLanguages) {
    cleaned[language] = {
      title: normalizeArticleText(texts[language].title),
      answer: normalizeArticleText(texts[language].answer),
    };
    const found = articleProblems(language, cleaned[language]);
    if (found.length > 0) problems[language] = found;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };

  return db.transaction(async (tx) => {
    const changed: Language[] = [];
    const stored = await tx
      .select()
      .from(knowledgeArticles)
      .where(eq(knowledgeArticles.topicId, topicId))
      .for("update");
    for (const language of articleLanguages) {
      const text = cleaned[language];
      const row = stored.find((candidate) => candidate.language === language);
      if (row && row.title === text.title && row.answer === text.answer) continue;
      const asShipped =
        shipped[language][`${topicId}.title`] === text.title &&
        shipped[language][`${topicId}.answer`] === text.answer;
      const values = {
        title: text.title,
        answer: text.answer,
        editedAt: asShipped ? null : now,
        editedBy: asShipped ? null : staffId,
        // The database's clock: other instances compare it (AWAS_NOW may run in the past).
        updatedAt: sql`now()`,
      };
      if (row) {
        await tx
          .update(knowledgeArticles)
          .set(values)
          .where(
            and(eq(knowledgeArticles.topicId, topicId), eq(knowledgeArticles.language, language)),
          );
      } else {
        await tx.insert(knowledgeArticles).values({ topicId, language, ...values });
      }
      changed.push(language);
    }
    return { ok: true, changed };
  });
}

/** Puts the shipped title and answer back in both languages; the languages that changed. */
export async function restoreArticle(
  db: DbOrTx,
  topicId: string,
  shipped: KnowledgeTexts = shippedKnowledge(),
): Promise<Language[] | undefined> {
  if (!isTopic(topicId)) return undefined;
  const restored: Language[] = [];
  for (const language of articleLanguages) {
    const title = shipped[language][`${topicId}.title`];
    const answer = shipped[language][`${topicId}.answer`];
    if (title === undefined || answer === undefined) continue;
    const rows = await db
      .insert(knowledgeArticles)
      .values({ topicId, language, title, answer })
      .onConflictDoUpdate({
        target: [knowledgeArticles.topicId, knowledgeArticles.language],
        set: { title, answer, editedAt: null, editedBy: null, updatedAt: sql`now()` },
        setWhere: sql`${knowledgeArticles.editedAt} is not null or ${knowledgeArticles.title} <> excluded.title or ${knowledgeArticles.answer} <> excluded.answer`,
      })
      .returning({ editedAt: knowledgeArticles.editedAt });
    if (rows.length > 0) restored.push(language);
  }
  return restored;
}
