/**
 * The one entry point of voter education: a message in, a decision out (answer one topic, offer
 * up to three, or admit there is nothing), with the language the message was written in so the
 * caller answers in it.
 *
 * The documents are built from {@link knowledgeTopics} (ids and keywords) and the texts the
 * caller passes (the flat `<topicId>.title` / `<topicId>.answer` objects of
 * locales/{id,en}/knowledge.json): one document per topic and language, title + keywords + the
 * answer as its body. Pure: no I/O and no module state; build it once and keep it.
 *
 * Before deciding, a topic about another election than the one the message names is scored
 * down: the other law ("caleg DPR" is not the pilkada sanction, see {@link otherElectionTopics})
 * or another year ("pilpres 2029" is not the 2024 voting day).
 */

import { asksForRecommendation } from "./neutrality";
import {
  type ElectionRegime,
  languageEvidence,
  namedRegime,
  type QueryLanguage,
  withoutEverydaySenses,
} from "./normalize";
import {
  createTopicIndex,
  type DecisionThresholds,
  decide,
  type TopicDecision,
  type TopicDocument,
  type TopicHit,
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
  /**
   * Score factor of a topic about the other election than the one the message names (see
   * {@link otherElectionTopics}). Default 0.5; 1 turns it off.
   */
  otherElectionFactor?: number;
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

/**
 * For each election, the topics that are about the other one and have a counterpart about it
 * in their section: the voting days of 2024 (and the pilkada re-run), and the sanctions for
 * money politics under each law. A message that names one election ("caleg DPR", "wali kota")
 * is not about the other's date or article. A topic whose regime only says which law its answer
 * cites, with no counterpart (how to mark a ballot, campaigning in schools), is not affected.
 */
export function otherElectionTopics(
  topics: readonly KnowledgeTopic[] = knowledgeTopics,
): Record<ElectionRegime, Set<string>> {
  const other = { pemilu: new Set<string>(), pilkada: new Set<string>() };
  for (const topic of topics) {
    if (topic.regime !== "pemilu" && topic.regime !== "pilkada") continue;
    const opposite = topic.regime === "pemilu" ? "pilkada" : "pemilu";
    const counterpart = topics.some(
      (candidate) => candidate.section === topic.section && candidate.regime === opposite,
    );
    if (counterpart) other[opposite].add(topic.id);
  }
  return other;
}

/** The election years (2004–2049) a text names, in order: not "Rp2000". */
const yearsIn = (text: string): string[] =>
  text.match(/(?<!\d)(?:200[4-9]|20[1-4]\d)(?!\d)/gu) ?? [];

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
  const otherFactor = options.otherElectionFactor ?? 0.5;
  const otherElection = otherElectionTopics();
  // The year a topic's title names ("Hari coblos Pilkada 2024", "Pilkada ulang 2025").
  const topicYears = new Map<string, string>();
  for (const doc of documents) {
    const year = yearsIn(doc.title)[0];
    if (year !== undefined) topicYears.set(doc.id, year);
  }
  /**
   * The hits, with the topics about another election than the one the message names scored
   * down: the other law ("caleg DPR" is not about the pilkada sanction) or another year ("pilpres
   * 2029" is not the 2024 voting day).
   */
  function weighElection(text: string, hits: TopicHit[]): TopicHit[] {
    if (otherFactor === 1) return hits;
    const regime = namedRegime(text);
    const other = regime === undefined ? undefined : otherElection[regime];
    const years = new Set(yearsIn(text));
    const isOther = (id: string): boolean => {
      if (other?.has(id)) return true;
      const year = topicYears.get(id);
      return year !== undefined && years.size > 0 && !years.has(year);
    };
    if (other === undefined && years.size === 0) return hits;
    return hits
      .map((hit) => (isOther(hit.id) ? { ...hit, score: hit.score * otherFactor } : hit))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const topicIds = Object.freeze(knowledgeTopics.map((topic) => topic.id));
  return {
    topicIds,
    ask(text) {
      const evidence = languageEvidence(text);
      const language = evidence.confident ? evidence.language : vocabularyLanguage(text);
      // Whom to vote for is never a matter of ranking words: always the neutrality answer.
      // An election word in its everyday sense does not count ("best candidate for the job").
      if (asksForRecommendation(withoutEverydaySenses(text))) {
        return { decision: { kind: "answer", id: neutralityTopic, score: 1 }, language };
      }
      const hits = weighElection(text, index.search(text));
      return { decision: decide(hits, thresholds), language };
    },
  };
}
