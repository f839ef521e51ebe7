/**
 * The one entry point of voter education: a message in, a decision out (answer one topic, offer
 * up to three, or admit there is nothing), with the language the message was written in so the
 * caller answers in it.
 *
 * The documents are built from {@link knowledgeTopics} (ids and keywords) and the texts the
 * caller passes (the flat `<topicId>.title` / `<topicId>.answer` objects of
 * locales/{id,en}/knowledge.json): one document per topic and language, title + keywords + the
 * answer as its body. Pure: no I/O and no module state; build it once and keep it.
 */

import { asksForRecommendation } from "./neutrality";
import { languageEvidence, type QueryLanguage } from "./normalize";
import {
  createTopicIndex,
  type DecisionThresholds,
  decide,
  type TopicDecision,
  type TopicDocument,
} from "./search";
import { type KnowledgeTopic, knowledgeTopics } from "./topics";

export interface KnowledgeAnswer {
  decision: TopicDecision;
  /**
   * The language of the question, to answer in: detected from its function words; when they
   * do not decide ("billboard", "politik uang"), the language whose topic texts hold more of
   * its words, and Indonesian on a tie.
   */
  language: "id" | "en";
}

export interface KnowledgeBase {
  ask(text: string): KnowledgeAnswer;
  /** Every topic id, in the order of {@link knowledgeTopics}. */
  readonly topicIds: readonly string[];
}

export interface KnowledgeTexts {
  id: Record<string, string>;
  en: Record<string, string>;
}

export interface KnowledgeBaseOptions {
  thresholds?: Partial<DecisionThresholds>;
}

const LANGUAGES: readonly QueryLanguage[] = ["id", "en"];
/** The topic that says the bot recommends no candidate. */
const neutralityTopic = "bot_neutrality";

/** The topic documents in both languages; a topic without a title or answer text is an error. */
export function knowledgeDocuments(
  texts: KnowledgeTexts,
  topics: readonly KnowledgeTopic[] = knowledgeTopics,
): TopicDocument[] {
  const docs: TopicDocument[] = [];
  for (const topic of topics) {
    for (const language of LANGUAGES) {
      const title = texts[language][`${topic.id}.title`];
      const body = texts[language][`${topic.id}.answer`];
      if (title === undefined || body === undefined) {
        throw new Error(`knowledge text missing: ${language} ${topic.id}`);
      }
      docs.push({ id: topic.id, language, title, keywords: topic.keywords[language], body });
    }
  }
  return docs;
}

const words = (text: string): string[] =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length > 1);

export function createKnowledgeBase(
  texts: KnowledgeTexts,
  options: KnowledgeBaseOptions = {},
): KnowledgeBase {
  const documents = knowledgeDocuments(texts);
  const index = createTopicIndex(documents);
  // The words of each language's texts, to place a message that has no function words.
  const vocabulary: Record<QueryLanguage, Set<string>> = { id: new Set(), en: new Set() };
  for (const doc of documents) {
    const all = [doc.title, ...doc.keywords, doc.body].join(" ");
    for (const word of words(all)) vocabulary[doc.language].add(word);
  }
  function vocabularyLanguage(text: string): QueryLanguage {
    let id = 0;
    let en = 0;
    for (const word of words(text)) {
      const inId = vocabulary.id.has(word);
      const inEn = vocabulary.en.has(word);
      if (inId && !inEn) id += 1;
      else if (inEn && !inId) en += 1;
    }
    return en > id ? "en" : "id";
  }
  const thresholds = options.thresholds ?? {};
  const topicIds = Object.freeze(knowledgeTopics.map((topic) => topic.id));
  return {
    topicIds,
    ask(text) {
      const evidence = languageEvidence(text);
      const language = evidence.confident ? evidence.language : vocabularyLanguage(text);
      // Whom to vote for is never a matter of ranking words: always the neutrality answer.
      if (asksForRecommendation(text)) {
        return { decision: { kind: "answer", id: neutralityTopic, score: 1 }, language };
      }
      return { decision: decide(index.search(text), thresholds), language };
    },
  };
}
