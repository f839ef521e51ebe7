/**
 * Which voter-education topic a message asks about: one MiniSearch (BM25) index over every
 * topic document in both languages, searched with the tokens from {@link normalizeQuery}, and
 * a decision rule that would rather say "not sure" than answer the wrong topic.
 *
 * Fields and boosts: keywords ×4 (the words residents type), title ×3, body ×1. A query word
 * of 5+ characters that no document contains also matches at edit distance ≤ 20 % of its length
 * (fuzzy 0.2: typos; a known word needs no correction, and skipping it saves most of the cost
 * of fuzzy matching), and
 * one of 4+ characters matches longer words that start with it (prefix). Question words
 * ("kapan", "berapa", …) and numbers match exactly only. Question words are stored as `?kapan`
 * on both sides, so that no other word reaches them by typo or prefix either: otherwise
 * "kapal" (boat) would find "kapan" (when).
 *
 * Scores are normalised so that thresholds do not move with the size of the knowledge base:
 * `1` is what one exact hit on a keyword held by a single document scores (BM25 grows with the
 * log of the number of documents, so raw scores do). MiniSearch multiplies a document's summed
 * term scores by the number of query words it matched, so two such hits score about 4.
 */

import MiniSearch, { type SearchResult } from "minisearch";
import {
  EN_INTENT_WORDS,
  INTENT_WORDS,
  languageEvidence,
  normalizeQuery,
  type QueryLanguage,
} from "./normalize";

export type TopicLanguage = QueryLanguage;

export interface TopicDocument {
  /** The topic id; the same id in both languages is one topic. */
  id: string;
  language: TopicLanguage;
  title: string;
  /** Words and short phrases residents use for this topic. */
  keywords: string[];
  body: string;
}

export interface TopicHit {
  id: string;
  /** Normalised BM25 score (see the module comment): higher is better, 1 ≈ one keyword hit. */
  score: number;
  /** The language of the document that scored best for this topic. */
  language: TopicLanguage;
  /**
   * Share of the query's words this topic matched, 0–1: an exact match counts 1, a prefix
   * match 0.75, a fuzzy one 0.5; question words and numbers weigh half as much as other words.
   */
  coverage: number;
  /** The matched query words themselves, weighted the same way (not divided by their total). */
  matched: number;
}

export interface TopicIndexOptions {
  /** Field boosts. Default: keywords 4, title 3, body 1. */
  boost?: { title?: number; keywords?: number; body?: number };
  /** Maximum edit distance as a share of the word length. Default 0.2. */
  fuzzy?: number;
  /** Shortest query word that may match fuzzily. Default 5. */
  fuzzyMinLength?: number;
  /** Shortest query word that may match as a prefix. Default 4. */
  prefixMinLength?: number;
  /** BM25 parameters. Default k 1.2, b 0.7, d 0.5 (MiniSearch's). */
  bm25?: { k: number; b: number; d: number };
}

export interface TopicIndex {
  /**
   * Topics for a message, best first, one entry per topic id (its best language). `language`
   * picks the normalisation; without it the text is detected, and when detection is unsure
   * ("money politics", "pns boleh campaign?") both normalisations are tried.
   */
  search(query: string, language?: TopicLanguage): TopicHit[];
  /** Number of distinct topic ids. */
  readonly topicCount: number;
  /** Number of documents (topics × languages). */
  readonly documentCount: number;
}

interface IndexedDocument {
  key: string;
  topicId: string;
  language: TopicLanguage;
  title: string;
  keywords: string;
  body: string;
}

const FIELDS = ["title", "keywords", "body"] as const;
const DEFAULT_BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const EXACT_WEIGHT = 1;
const PREFIX_WEIGHT = 0.75;
const FUZZY_WEIGHT = 0.5;
/** Question words and numbers ("100 ribu", "2029") say less about the topic than other words. */
const MINOR_WEIGHT = 0.5;
const INTENT_MARK = "?";

const splitTokens = (text: string): string[] => text.split(" ").filter((token) => token !== "");
const keepTerm = (term: string): string => term;
const isNumber = (term: string): boolean => /^\p{N}+$/u.test(term);
const isMinor = (term: string): boolean =>
  term.startsWith(INTENT_MARK) || isNumber(term) || term === "ribu" || term === "juta";

/** Index and query tokens: question words marked, so only the same question word matches. */
function indexTokens(text: string, language: TopicLanguage): string[] {
  return normalizeQuery(text, { language }).map((token) =>
    INTENT_WORDS.has(token) || EN_INTENT_WORDS.has(token) ? `${INTENT_MARK}${token}` : token,
  );
}

export function createTopicIndex(
  docs: readonly TopicDocument[],
  options: TopicIndexOptions = {},
): TopicIndex {
  const boost = {
    title: options.boost?.title ?? 3,
    keywords: options.boost?.keywords ?? 4,
    body: options.boost?.body ?? 1,
  };
  const fuzzy = options.fuzzy ?? 0.2;
  const fuzzyMinLength = options.fuzzyMinLength ?? 5;
  const prefixMinLength = options.prefixMinLength ?? 4;
  const bm25 = options.bm25 ?? DEFAULT_BM25;

  const seen = new Set<string>();
  const indexed: IndexedDocument[] = docs.map((doc) => {
    const key = `${doc.language}:${doc.id}`;
    if (seen.has(key)) throw new Error(`duplicate topic document ${key}`);
    seen.add(key);
    const tokens = (text: string) => indexTokens(text, doc.language).join(" ");
    return {
      key,
      topicId: doc.id,
      language: doc.language,
      title: tokens(doc.title),
      // Each keyword on its own, so a phrase rule never joins the end of one to the next.
      keywords: doc.keywords.map(tokens).join(" "),
      body: tokens(doc.body),
    };
  });

  const mini = new MiniSearch<IndexedDocument>({
    idField: "key",
    fields: [...FIELDS],
    tokenize: splitTokens,
    processTerm: keepTerm,
  });
  mini.addAll(indexed);
  const byKey = new Map(indexed.map((doc) => [doc.key, doc]));

  // What one exact keyword hit scores (tf 1, average length, one matching document).
  const n = Math.max(indexed.length, 1);
  const unit = boost.keywords * Math.log(1 + (n - 0.5) / 1.5) * (bm25.d + 1);

  // Every word the documents contain: a query word found here needs no typo correction.
  const vocabulary = new Set<string>();
  for (const doc of indexed) {
    for (const field of FIELDS) for (const token of splitTokens(doc[field])) vocabulary.add(token);
  }
  const exactOnly = (term: string) => term.startsWith(INTENT_MARK) || isNumber(term);
  const searchOptions = {
    tokenize: splitTokens,
    processTerm: keepTerm,
    boost,
    bm25,
    fuzzy: (term: string) =>
      term.length >= fuzzyMinLength && !exactOnly(term) && !vocabulary.has(term) ? fuzzy : false,
    prefix: (term: string) => term.length >= prefixMinLength && !exactOnly(term),
  };

  function searchTokens(tokens: readonly string[]): TopicHit[] {
    const unique = [...new Set(tokens)];
    if (unique.length === 0) return [];
    const hits: TopicHit[] = [];
    for (const result of mini.search(unique.join(" "), searchOptions)) {
      const doc = byKey.get(result.id as string);
      if (!doc) continue;
      const { coverage, matched } = coverageOf(unique, result);
      hits.push({
        id: doc.topicId,
        language: doc.language,
        score: result.score / unit,
        coverage,
        matched,
      });
    }
    return hits;
  }

  return {
    topicCount: new Set(docs.map((doc) => doc.id)).size,
    documentCount: indexed.length,
    search(query, language) {
      let languages: TopicLanguage[];
      if (language) languages = [language];
      else {
        const evidence = languageEvidence(query);
        languages = evidence.confident ? [evidence.language] : ["id", "en"];
      }
      const best = new Map<string, TopicHit>();
      for (const lang of languages) {
        for (const hit of searchTokens(indexTokens(query, lang))) {
          const previous = best.get(hit.id);
          if (!previous || hit.score > previous.score) best.set(hit.id, hit);
        }
      }
      return [...best.values()].sort(
        (a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    },
  };
}

function coverageOf(
  queryTokens: readonly string[],
  result: SearchResult,
): { coverage: number; matched: number } {
  let total = 0;
  let matched = 0;
  for (const token of queryTokens) {
    const weight = isMinor(token) ? MINOR_WEIGHT : 1;
    total += weight;
    if (Object.hasOwn(result.match, token)) matched += weight * EXACT_WEIGHT;
    else if (!result.queryTerms.includes(token)) continue;
    else if (Object.keys(result.match).some((term) => term.startsWith(token))) {
      matched += weight * PREFIX_WEIGHT;
    } else matched += weight * FUZZY_WEIGHT;
  }
  return { coverage: total === 0 ? 0 : matched / total, matched };
}

// ── Decision ─────────────────────────────────────────────────────────────────────────────

export type TopicDecision =
  | { kind: "answer"; id: string; score: number }
  | { kind: "unsure"; candidates: string[] }
  | { kind: "none" };

/**
 * When to answer. Scores are the normalised ones of {@link TopicHit} (1 ≈ one exact hit on a
 * keyword only one document has); coverage and matched are those of {@link TopicHit}.
 */
export interface DecisionThresholds {
  /** The top topic needs at least this score to be answered… */
  answerMinScore: number;
  /** …at least this many times the score of the second topic (the margin)… */
  answerMinMargin: number;
  /** …and to explain enough of the message: this coverage… */
  answerMinCoverage: number;
  /** …or, in a longer message, at least this many matched words (weighted)… */
  answerMinMatched: number;
  /** …together with at least this coverage. */
  answerMinCoverageWhenMatched: number;
  /** Below this top score the decision is "none"; between it and an answer, "unsure". */
  unsureMinScore: number;
  /** Below this coverage of the top topic the decision is "none", whatever the score. */
  unsureMinCoverage: number;
  /** Candidates offered when unsure (each scoring at least `unsureMinScore`). */
  maxCandidates: number;
}

/**
 * Defaults, chosen on the synthetic topics of test/knowledge/search.test.ts and checked against
 * hand-written slang questions over the topics of src/knowledge/topics.ts:
 * - answer at score ≥ 1 (at least one exact keyword- or title-strength hit: a body-only or a
 *   fuzzy hit scores well below; "baliho" or "serangan fajar" alone is enough), at
 *   1.4 × the runner-up (two topics that both fit become a choice, not a guess: at 1.2,
 *   "kampanye di masa tenang gmn" was answered with masa_tenang instead of
 *   campaign_outside_schedule), when the
 *   topic explains 60 % of the message, or 40 % of a longer one if that is at least two words
 *   ("td malem ada serangan fajar, dikasih amplop 100rb" explains 50 %, "jadwal kapal ke
 *   belitung" only the one word "jadwal", and "jadwal bioskop" 50 % but one word);
 * - "unsure" from score 0.5 and coverage 0.3, offering up to 3 topics; otherwise "none".
 */
export const DEFAULT_DECISION_THRESHOLDS: Readonly<DecisionThresholds> = {
  answerMinScore: 1,
  answerMinMargin: 1.4,
  answerMinCoverage: 0.6,
  answerMinMatched: 2,
  answerMinCoverageWhenMatched: 0.4,
  unsureMinScore: 0.5,
  unsureMinCoverage: 0.3,
  maxCandidates: 3,
};

export interface DecisionInput {
  id: string;
  score: number;
  /** Missing: counts as fully covered. */
  coverage?: number;
  /** Missing: counts as enough. */
  matched?: number;
}

/**
 * Answer, offer a choice, or admit there is nothing. `results` must be sorted best first, as
 * {@link TopicIndex.search} returns them.
 */
export function decide(
  results: readonly DecisionInput[],
  thresholds: Partial<DecisionThresholds> = {},
): TopicDecision {
  const t = { ...DEFAULT_DECISION_THRESHOLDS, ...thresholds };
  const top = results[0];
  if (!top) return { kind: "none" };
  const coverage = top.coverage ?? 1;
  const matched = top.matched ?? Number.POSITIVE_INFINITY;
  if (top.score < t.unsureMinScore || coverage < t.unsureMinCoverage) return { kind: "none" };
  const second = results[1]?.score ?? 0;
  const explained =
    coverage >= t.answerMinCoverage ||
    (matched >= t.answerMinMatched && coverage >= t.answerMinCoverageWhenMatched);
  if (top.score >= t.answerMinScore && top.score >= t.answerMinMargin * second && explained) {
    return { kind: "answer", id: top.id, score: top.score };
  }
  const candidates = results
    .filter((result) => result.score >= t.unsureMinScore)
    .slice(0, t.maxCandidates)
    .map((result) => result.id);
  return { kind: "unsure", candidates };
}
