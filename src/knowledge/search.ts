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
 * ("kapan", "berapa", …) and numbers match exactly only, and weigh half as much as other
 * words. Question words are stored as `?kapan` on both sides, so that no other word reaches
 * them by typo or prefix either: otherwise "kapal" (boat) would find "kapan" (when).
 *
 * A bag of words cannot tell "hukuman politik uang pilkada" from "politik uang itu apa", so two
 * signals of word order are added to BM25, both from the keywords and the title only:
 * - pairs: two words of one keyword found at most 4 words apart in the message ("jam" and
 *   "hitung" both in "penghitungan suara jam berapa") are a second, exact-only search;
 * - whole keywords: the score is multiplied by 1 + 0.5 × the weight (summed idf) of the most
 *   specific keyword the message holds whole, so "politik uang" whole favours the topic whose
 *   keyword it is over the one whose keyword is "sanksi politik uang pilkada".
 *
 * Scores are normalised so that thresholds do not move with the size of the knowledge base:
 * `1` is what one exact hit on a keyword held by a single document scores (BM25 grows with the
 * log of the number of documents, so raw scores do). MiniSearch multiplies a document's summed
 * term scores by the number of query words it matched, so two such hits score about 4.
 *
 * Besides the score, each hit says how much of the message the topic explains (coverage),
 * whether it matched more than everyday words (anchored), and whether the message names the
 * election at all (electionContext); {@link decide} uses all three, so that "jam buka
 * puskesmas" or "lapor polisi kehilangan motor" is not answered with a TPS or reporting topic.
 * Once the message is about elections, an everyday word in a topic's keywords anchors it too
 * ("polisi boleh nyoblos gk"), and a word no topic knows weighs half in coverage, so that a
 * long message is not dropped for its names and asides. Each hit also lists the distinctive
 * message words it holds (words at most two topics have in their keywords or title): the top
 * topic is not answered while a close one holds a distinctive word it lacks ("sy diteror
 * setelah lapor": "teror" for reporter protection, "setelah" for what follows a report), nor
 * while one half as good holds any message word in its keywords that the top one lacks there.
 *
 * A phrase that normalisation made one token ("politik_uang", "serangan_fajar") is stored with a
 * mark in front, so that one of its words does not reach it as a prefix: "ceramah politik" is
 * not money politics, nor "serangan pribadi" a dawn attack.
 */

import MiniSearch, { type SearchResult } from "minisearch";
import {
  CONTEXT_TERMS,
  ELECTION_TERMS,
  EN_INTENT_WORDS,
  GENERIC_TERMS,
  INTENT_WORDS,
  languageEvidence,
  namesElection,
  normalizeQuery,
  type QueryLanguage,
  withoutEverydaySenses,
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
   * match 0.75, a fuzzy one 0.5, and half that when the word is only in the answer text (not
   * in the title or keywords); question words and numbers weigh half as much as other words.
   * A word that only names the election or the place ({@link TopicIndexOptions.contextTerms})
   * is left out when the topic does not match it; in a message about elections, a word no
   * topic matches weighs {@link TopicIndexOptions.unexplainedWordWeight}.
   */
  coverage: number;
  /** The matched query words themselves, weighted the same way (not divided by their total). */
  matched: number;
  /**
   * Whether the topic matched, in its title or keywords, at least one word that is not a
   * question word, a number or an everyday word ({@link TopicIndexOptions.genericTerms}), or
   * an election word anywhere: "jam buka", "cara daftar online" and "ktp hilang" fit a clinic,
   * BPJS or the civil registry as well as a TPS. In a message about elections, an everyday
   * word in the title or keywords anchors too ("polisi boleh nyoblos gk").
   */
  anchored: boolean;
  /**
   * Whether the message has an election word ({@link TopicIndexOptions.electionTerms}:
   * "pilkada", "kampanye", "tps"; or "pemilihan", "pemilih" before stemming, see
   * `namesElection`); the same for every hit of one message. Without one, only a
   * topic that explains nearly all of the message is answered ("lapor polisi kehilangan
   * motor" shares "lapor" with the reporting topics, and nothing else).
   */
  electionContext: boolean;
  /**
   * The distinctive message words this topic holds, exactly, in its title or keywords: words
   * that at most {@link TopicIndexOptions.distinctiveTopicLimit} topics hold there, and that are
   * not question words, numbers, everyday or context words ("teror", "suku", "dokumen").
   * {@link decide} does not answer a topic while another close enough holds one it does not.
   */
  distinctive: string[];
  /**
   * Every message word this topic holds exactly in its title or keywords that is not a question
   * word, a number, an everyday or a context word: the distinctive ones and the others
   * ("kampanye" for the campaign periods).
   */
  keyWords: string[];
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
  /**
   * Weight of word pairs (two words of one keyword or of the title found near each other in
   * the message) against single words. Default 1; 0 turns pairs off.
   */
  pairBoost?: number;
  /** How far apart (in words, after stopwords) two message words may be to form a pair. Default 4. */
  pairWindow?: number;
  /**
   * Weight of the most specific whole keyword (or title) of a topic found in the message, every
   * word of it: the sum of its words' inverse document frequencies, against one unique word.
   * Multiplies the score by (1 + phraseBoost × that), so "politik uang" whole favours the topic
   * whose keyword it is over one whose keyword is "sanksi politik uang pilkada". Default 0.5.
   */
  phraseBoost?: number;
  /** Weight of a question word or a number against a topic word. Default 0.5. */
  minorTermBoost?: number;
  /** Words that do not make a message about elections on their own. Default {@link GENERIC_TERMS}. */
  genericTerms?: ReadonlySet<string>;
  /** Words that do. Default {@link ELECTION_TERMS}. */
  electionTerms?: ReadonlySet<string>;
  /**
   * Words that name the election rather than the question ("pemilu", "pilkada"): left out of
   * a topic's coverage when the topic does not match them. Default {@link CONTEXT_TERMS}.
   */
  contextTerms?: ReadonlySet<string>;
  /**
   * Weight, in coverage, of a message word that no topic matches at all ("ceramah", a name),
   * in a message about elections: such a word cannot tell topics apart, and a long message
   * should not fall to "none" for it. Default 0.5; without an election word it counts fully, so
   * that "resep lempah kuning" stays out of scope.
   */
  unexplainedWordWeight?: number;
  /** A word held by at most this many topics is distinctive ({@link TopicHit.distinctive}). Default 2. */
  distinctiveTopicLimit?: number;
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
  /** The keywords and the title, as tokens. */
  phrases: string[][];
  topicId: string;
  language: TopicLanguage;
  title: string;
  keywords: string;
  body: string;
  /** Pairs of words that occur together in one keyword or in the title, as `a~b` (sorted). */
  pairs: string;
}

const FIELDS = ["title", "keywords", "body"] as const;
const PAIR_FIELD = "pairs";
const PAIR_MARK = "~";
const DEFAULT_BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const EXACT_WEIGHT = 1;
const PREFIX_WEIGHT = 0.75;
const FUZZY_WEIGHT = 0.5;
const BODY_ONLY_WEIGHT = 0.5;
/** Question words and numbers ("100 ribu", "2029") say less about the topic than other words. */
const MINOR_WEIGHT = 0.5;
const INTENT_MARK = "?";
/**
 * Marks a phrase made one token ("politik_uang", "serangan_fajar"), so that none of its words
 * reaches it as a prefix: "politik" in "ceramah politik" is not money politics, nor "serangan"
 * in "serangan pribadi" a dawn attack.
 */
const COMPOUND_MARK = "_";
const markCompound = (token: string): string =>
  token.includes("_") && !token.startsWith(COMPOUND_MARK) ? `${COMPOUND_MARK}${token}` : token;
const unmark = (token: string): string =>
  token.startsWith(COMPOUND_MARK) ? token.slice(COMPOUND_MARK.length) : token;
const markAll = (terms: ReadonlySet<string>): Set<string> => new Set([...terms].map(markCompound));

const splitTokens = (text: string): string[] => text.split(" ").filter((token) => token !== "");
const keepTerm = (term: string): string => term;
const isNumber = (term: string): boolean => /^\p{N}+$/u.test(term);
/**
 * A year ("2029") says which election, unlike an amount: in a message about elections it
 * anchors a topic that has it ("pilpres 2029 kapan").
 */
const isYear = (term: string): boolean => /^20\d\d$/u.test(term);
const isMinor = (term: string): boolean =>
  term.startsWith(INTENT_MARK) || isNumber(term) || term === "ribu" || term === "juta";

/** Index and query tokens: question words marked, so only the same question word matches. */
function indexTokens(text: string, language: TopicLanguage): string[] {
  return normalizeQuery(text, { language }).map((token) =>
    INTENT_WORDS.has(token) || EN_INTENT_WORDS.has(token)
      ? `${INTENT_MARK}${token}`
      : markCompound(token),
  );
}

const pairOf = (a: string, b: string): string =>
  a < b ? `${a}${PAIR_MARK}${b}` : `${b}${PAIR_MARK}${a}`;

/** Every pair of distinct tokens at most `window` apart, each once. */
function tokenPairs(tokens: readonly string[], window: number): string[] {
  const pairs = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i + 1; j < tokens.length && j - i <= window; j++) {
      const a = tokens[i] as string;
      const b = tokens[j] as string;
      if (a !== b) pairs.add(pairOf(a, b));
    }
  }
  return [...pairs];
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
  const pairBoost = options.pairBoost ?? 1;
  const pairWindow = options.pairWindow ?? 4;
  const phraseBoost = options.phraseBoost ?? 0.5;
  const minorTermBoost = options.minorTermBoost ?? 0.5;
  const generic = markAll(options.genericTerms ?? GENERIC_TERMS);
  const election = markAll(options.electionTerms ?? ELECTION_TERMS);
  const context = markAll(options.contextTerms ?? CONTEXT_TERMS);
  const unexplainedWeight = options.unexplainedWordWeight ?? 0.5;
  const distinctiveLimit = options.distinctiveTopicLimit ?? 2;
  const words: WordClasses = {
    isWeak: (term) => isMinor(term) || generic.has(term),
    isContext: (term) => context.has(term),
    isElection: (term) => election.has(term),
  };

  const seen = new Set<string>();
  const indexed: IndexedDocument[] = docs.map((doc) => {
    const key = `${doc.language}:${doc.id}`;
    if (seen.has(key)) throw new Error(`duplicate topic document ${key}`);
    seen.add(key);
    const tokens = (text: string) => indexTokens(text, doc.language).join(" ");
    // Each keyword on its own, so a phrase rule never joins the end of one to the next.
    const keywordTokens = doc.keywords.map((keyword) => indexTokens(keyword, doc.language));
    const titleTokens = indexTokens(doc.title, doc.language);
    const pairs = new Set<string>();
    for (const phrase of [titleTokens, ...keywordTokens]) {
      for (const pair of tokenPairs(phrase, Number.POSITIVE_INFINITY)) pairs.add(pair);
    }
    return {
      key,
      phrases: [titleTokens, ...keywordTokens].filter((phrase) => phrase.length > 0),
      topicId: doc.id,
      language: doc.language,
      title: titleTokens.join(" "),
      keywords: keywordTokens.map((phrase) => phrase.join(" ")).join(" "),
      body: tokens(doc.body),
      pairs: [...pairs].join(" "),
    };
  });

  const mini = new MiniSearch<IndexedDocument>({
    idField: "key",
    fields: [...FIELDS, PAIR_FIELD],
    tokenize: splitTokens,
    processTerm: keepTerm,
  });
  mini.addAll(indexed);
  const byKey = new Map(indexed.map((doc) => [doc.key, doc]));

  // What one exact keyword hit scores (tf 1, average length, one matching document).
  const n = Math.max(indexed.length, 1);
  const unit = boost.keywords * Math.log(1 + (n - 0.5) / 1.5) * (bm25.d + 1);

  // How specific a keyword word is: BM25's idf over the keywords and titles of all documents.
  const phraseDf = new Map<string, number>();
  for (const doc of indexed) {
    for (const term of new Set(doc.phrases.flat())) {
      phraseDf.set(term, (phraseDf.get(term) ?? 0) + 1);
    }
  }
  // The topics (either language) that hold a word in their title or a keyword.
  const topicsWith = new Map<string, Set<string>>();
  for (const doc of indexed) {
    for (const term of doc.phrases.flat()) {
      const topics = topicsWith.get(term) ?? new Set<string>();
      topics.add(doc.topicId);
      topicsWith.set(term, topics);
    }
  }
  const isDistinctive = (term: string) => (topicsWith.get(term)?.size ?? 0) <= distinctiveLimit;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const unitIdf = idf(1);
  const phraseWeight = (term: string) =>
    (idf(phraseDf.get(term) ?? 1) / unitIdf) * (isMinor(term) ? minorTermBoost : 1);
  /** The weight of the most specific keyword of `doc` that the message holds whole. */
  function bestPhrase(doc: IndexedDocument, query: ReadonlySet<string>): number {
    let best = 0;
    for (const phrase of doc.phrases) {
      if (!phrase.every((term) => query.has(term))) continue;
      let weight = 0;
      for (const term of new Set(phrase)) weight += phraseWeight(term);
      if (weight > best) best = weight;
    }
    return best;
  }

  // Every word the documents contain: a query word found here needs no typo correction.
  const vocabulary = new Set<string>();
  for (const doc of indexed) {
    for (const field of FIELDS) for (const token of splitTokens(doc[field])) vocabulary.add(token);
  }
  const exactOnly = (term: string) => term.startsWith(INTENT_MARK) || isNumber(term);
  const termBoost = (term: string) => (isMinor(term) ? minorTermBoost : 1);
  const searchOptions = {
    fields: [...FIELDS],
    tokenize: splitTokens,
    processTerm: keepTerm,
    boost,
    bm25,
    boostTerm: termBoost,
    fuzzy: (term: string) =>
      term.length >= fuzzyMinLength && !exactOnly(term) && !vocabulary.has(term) ? fuzzy : false,
    prefix: (term: string) => term.length >= prefixMinLength && !exactOnly(term),
  };
  const pairOptions = {
    fields: [PAIR_FIELD],
    tokenize: splitTokens,
    processTerm: keepTerm,
    bm25,
    fuzzy: false,
    prefix: false,
  };

  function searchTokens(tokens: readonly string[], namedElection: boolean): TopicHit[] {
    const unique = [...new Set(tokens)];
    if (unique.length === 0) return [];
    const pairScores = new Map<string, number>();
    const pairs = pairBoost > 0 ? tokenPairs(tokens, pairWindow) : [];
    if (pairs.length > 0) {
      for (const result of mini.search(pairs.join(" "), pairOptions)) {
        pairScores.set(result.id as string, result.score);
      }
    }
    const querySet = new Set(unique);
    const electionContext = namedElection || unique.some((term) => election.has(term));
    const hits: TopicHit[] = [];
    const results = mini.search(unique.join(" "), searchOptions);
    // The message words some topic matches; the others weigh less in a message about elections.
    const explained = new Set<string>();
    for (const result of results) {
      for (const token of unique) if (matches(result, token)) explained.add(token);
    }
    const weightOf = (token: string) =>
      (isMinor(token) ? MINOR_WEIGHT : 1) *
      (electionContext && !explained.has(token) ? unexplainedWeight : 1);
    for (const result of results) {
      const doc = byKey.get(result.id as string);
      if (!doc) continue;
      const { coverage, matched, anchored, keyWords } = coverageOf(
        unique,
        result,
        words,
        electionContext,
        weightOf,
      );
      const pairScore = pairScores.get(doc.key) ?? 0;
      const phraseFactor = 1 + phraseBoost * bestPhrase(doc, querySet);
      hits.push({
        id: doc.topicId,
        language: doc.language,
        score: ((result.score + pairBoost * pairScore) / unit) * phraseFactor,
        coverage,
        matched,
        anchored,
        electionContext,
        distinctive: keyWords.filter(isDistinctive).map(unmark),
        keyWords: keyWords.map(unmark),
      });
    }
    return hits;
  }

  return {
    topicCount: new Set(docs.map((doc) => doc.id)).size,
    documentCount: indexed.length,
    search(message, language) {
      // "TPS sampah", "kampanye imunisasi": an election word in its everyday sense is no
      // evidence for any topic, nor does it make the message about elections.
      const query = withoutEverydaySenses(message);
      let languages: TopicLanguage[];
      if (language) languages = [language];
      else {
        const evidence = languageEvidence(query);
        languages = evidence.confident ? [evidence.language] : ["id", "en"];
      }
      const best = new Map<string, TopicHit>();
      const namedElection = namesElection(query);
      for (const lang of languages) {
        for (const hit of searchTokens(indexTokens(query, lang), namedElection)) {
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

interface WordClasses {
  /** A question word, a number or an everyday word: matching it does not anchor a topic. */
  isWeak(term: string): boolean;
  /** A word naming the election: not held against a topic that does not match it. */
  isContext(term: string): boolean;
  /** An election word: anchors the topic wherever the topic has it. */
  isElection(term: string): boolean;
}

const matches = (result: SearchResult, token: string): boolean =>
  Object.hasOwn(result.match, token) || result.queryTerms.includes(token);

/**
 * How much of the message a search result explains (see {@link TopicHit}), whether it is
 * anchored, and the message words it holds exactly in its title or keywords that are not
 * everyday, context, question words or numbers (`keyWords`). `weightOf` gives each message
 * word its weight in coverage.
 */
function coverageOf(
  queryTokens: readonly string[],
  result: SearchResult,
  words: WordClasses,
  electionContext: boolean,
  weightOf: (token: string) => number,
): { coverage: number; matched: number; anchored: boolean; keyWords: string[] } {
  const keyWords: string[] = [];
  let total = 0;
  let matched = 0;
  let anchored = false;
  const terms = Object.keys(result.match);
  for (const token of queryTokens) {
    const weight = weightOf(token);
    const found = matches(result, token);
    if (!found && words.isContext(token)) continue;
    total += weight;
    if (!found) continue;
    let quality: number;
    let fields: readonly string[] | undefined;
    if (Object.hasOwn(result.match, token)) {
      quality = EXACT_WEIGHT;
      fields = result.match[token];
    } else {
      const prefixed = terms.filter((term) => term.startsWith(token));
      quality = prefixed.length > 0 ? PREFIX_WEIGHT : FUZZY_WEIGHT;
      // A fuzzy match's document term is not known here: taken as a keyword match.
      fields =
        prefixed.length > 0 ? prefixed.flatMap((term) => result.match[term] ?? []) : undefined;
    }
    // The body is long prose, where a word turns up by chance ("berjalan" → jalan): a word
    // found only there explains half as much, and anchors the topic only if it is an
    // election word.
    const bodyOnly = fields?.every((field) => field === "body") ?? false;
    matched += weight * quality * (bodyOnly ? BODY_ONLY_WEIGHT : 1);
    // An everyday word ("polisi", "libur") or a year anchors a topic that has it in its title
    // or keywords once the message is about elections: "polisi boleh nyoblos gk".
    const weak = words.isWeak(token) && !(electionContext && (!isMinor(token) || isYear(token)));
    if (words.isElection(token) || (!bodyOnly && !weak)) anchored = true;
    if (quality === EXACT_WEIGHT && !bodyOnly && !words.isWeak(token) && !words.isContext(token)) {
      keyWords.push(token);
    }
  }
  return { coverage: total === 0 ? 0 : matched / total, matched, anchored, keyWords };
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
  /** …together with at least this coverage… */
  answerMinCoverageWhenMatched: number;
  /**
   * …and no other topic scoring at least this share of it may hold a distinctive word of the
   * message ({@link TopicHit.distinctive}) that it does not.
   */
  conflictMinShare: number;
  /**
   * …nor any other topic scoring at least this share of it hold, in its title or keywords, a
   * word of the message ({@link TopicHit.keyWords}) that the top topic's title and keywords do
   * not have ("kampanye … berakhir tgl brp": the campaign periods hold "kampanye", the voting
   * day does not).
   */
  contentConflictMinShare: number;
  /** A message without an election word is answered only at this coverage… */
  answerMinCoverageWithoutContext: number;
  /** …and offered topics only at this one. */
  unsureMinCoverageWithoutContext: number;
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
 * - and not while a topic scoring at least a quarter of it holds a distinctive word the top
 *   topic lacks ("sy diteror setelah lapor": "teror" is reporter_protection's, "setelah lapor"
 *   after_reporting's). Chosen with the tuning split: the margin alone let through wrong answers
 *   at 1.5–3.7 × the runner-up, where this rule catches most of them for fewer right answers
 *   turned into choices (at 0.25, 4 wrong answers of 213 became 2, and 196 right ones 184;
 *   a margin of 3 costs 45 right answers for the same);
 * - nor while a topic scoring at least 0.4 of it holds, in its title or keywords, any word of
 *   the message that the top topic's lack ("kampanye pilgub kmrn berakhir tgl brp": the voting
 *   day matched "pilkada kemarin tanggal berapa" whole, but only the campaign periods hold
 *   "kampanye"). Chosen with the 293 tuning questions of the third round: at 0.4 the one wrong
 *   answer it could catch became a choice for 2 right answers turned into choices; 0.3 costs
 *   one more, 0.5 catches nothing;
 * - without an election word in the message, only when the topic explains 80 % of it:
 *   "udh lapor trus gimana prosesnya" (71 %) is answered, "jalan rusak di desa sy lapor kmn"
 *   (56 %: "jalan rusak" is not about elections) is only offered; chosen with the tuning split
 *   of test/knowledge/sets (scripts/eval-knowledge.ts), where 0.6–0.8 changes little and
 *   hand-written near misses (lost KTP, BPJS, a road to repair) need at least 0.7; raised to
 *   0.8 in the fourth round ("batas lapor spt pajak kapan" explains 71 %): on the 338 tuning
 *   questions it turns 3 answers into choices that still offer the right topic first. An
 *   election word used in its everyday sense ("TPS sampah", "kampanye imunisasi") is dropped
 *   before searching (`withoutEverydaySenses` in normalize.ts), so it makes no context;
 * - "unsure" from score 0.5 and coverage 0.3 (0.5 without an election word, so that "cara
 *   ganti ktp rusak" finds nothing rather than offering how to mark a ballot), offering up
 *   to 3 anchored topics; otherwise "none".
 */
export const DEFAULT_DECISION_THRESHOLDS: Readonly<DecisionThresholds> = {
  answerMinScore: 1,
  answerMinMargin: 1.4,
  answerMinCoverage: 0.6,
  answerMinMatched: 2,
  answerMinCoverageWhenMatched: 0.4,
  conflictMinShare: 0.25,
  contentConflictMinShare: 0.4,
  answerMinCoverageWithoutContext: 0.8,
  unsureMinCoverageWithoutContext: 0.5,
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
  /**
   * Missing: counts as anchored. A topic that matched only everyday words is neither answered
   * nor offered, but still counts as the runner-up of one that is.
   */
  anchored?: boolean;
  /**
   * Missing: counts as true. Without an election word in the message, the top topic is only
   * answered when it explains `answerMinCoverageWithoutContext` of the message.
   */
  electionContext?: boolean;
  /**
   * Missing: none. The top topic is not answered while another topic, scoring at least
   * `conflictMinShare` of it, holds a distinctive word of the message that it does not.
   */
  distinctive?: readonly string[];
  /** Missing: none. See `contentConflictMinShare`. */
  keyWords?: readonly string[];
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
  // Only a topic that matched an election word is a candidate; the others still count as
  // competition for the margin.
  const anchored = results.filter((result) => result.anchored ?? true);
  const top = anchored[0];
  if (!top) return { kind: "none" };
  const coverage = top.coverage ?? 1;
  const matched = top.matched ?? Number.POSITIVE_INFINITY;
  const inElection = top.electionContext ?? true;
  const minCoverage = inElection ? t.unsureMinCoverage : t.unsureMinCoverageWithoutContext;
  if (top.score < t.unsureMinScore || coverage < minCoverage) return { kind: "none" };
  const second = results.find((result) => result !== top)?.score ?? 0;
  const explained =
    coverage >= t.answerMinCoverage ||
    (matched >= t.answerMinMatched && coverage >= t.answerMinCoverageWhenMatched);
  const inContext = inElection || coverage >= t.answerMinCoverageWithoutContext;
  // Another topic holds a word of the message that only it and at most one other topic have,
  // and the top one does not: "sy diteror setelah lapor" is about the threat as much as about
  // what follows a report, so both are offered.
  const topWords = new Set(top.distinctive ?? []);
  const topKeyWords = new Set(top.keyWords ?? []);
  const conflict = anchored.some(
    (other) =>
      other !== top &&
      ((other.score >= t.conflictMinShare * top.score &&
        (other.distinctive ?? []).some((word) => !topWords.has(word))) ||
        (other.score >= t.contentConflictMinShare * top.score &&
          (other.keyWords ?? []).some((word) => !topKeyWords.has(word)))),
  );
  if (
    !conflict &&
    inContext &&
    explained &&
    top.score >= t.answerMinScore &&
    top.score >= t.answerMinMargin * second
  ) {
    return { kind: "answer", id: top.id, score: top.score };
  }
  const candidates = anchored
    .filter((result) => result.score >= t.unsureMinScore)
    .slice(0, t.maxCandidates)
    .map((result) => result.id);
  return { kind: "unsure", candidates };
}
