import type { RegionLevel } from "../storage/schema/regions";
import { defaultAliases, type RegionAlias, wordSynonyms } from "./aliases";

/** One administrative area, as stored in `regions`. */
export interface Region {
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  name: string;
}

/** A candidate with a score in 0..1 (1 = exact name or alias). */
export interface Match extends Region {
  score: number;
}

export type PlaceResolution =
  | { kind: "exact"; region: Match }
  | { kind: "ambiguous"; candidates: Match[] }
  | { kind: "none" };

export interface RegionResolver {
  readonly size: number;
  get(code: string): Region | undefined;
  /** Children sorted by name; `null` gives the provinces. */
  childrenOf(code: string | null): Region[];
  /** From the province down to `code` itself; empty when the code is unknown. */
  pathOf(code: string): Region[];
  /** "Desa Lalang, Kec. Manggar, Kab. Belitung Timur" (the province only for a province). */
  describe(code: string): string;
  findRegency(text: string, limit?: number): Match[];
  findDistrict(text: string, regencyCode?: string, limit?: number): Match[];
  findVillage(text: string, districtCode?: string, limit?: number): Match[];
  /** Free text such as "desa Lalang, Manggar" or "kec. tanjung pandan". */
  resolvePlace(text: string): PlaceResolution;
}

// Match qualities. Exact beats a one-edit typo by more than DECISION_MARGIN, so a real name is
// never shadowed by a near-miss of another; partial (a run of whole words) only proposes.
const EXACT = 1;
const FUZZY_ONE_EDIT = 0.75;
/** One edit in a five- or six-letter word too often turns one real name into another. */
const FUZZY_ONE_EDIT_SHORT = 0.65;
const FUZZY_TWO_EDITS = 0.55;
/** Part of a name: 0.3 plus up to 0.4 for the share of the name given, so always < 0.7. */
const PARTIAL_BASE = 0.3;
const PARTIAL_SHARE = 0.4;
/** A prefix that names another level ("desa" before a kecamatan) weakens, never forbids. */
const HINT_MISMATCH = 0.6;
/** Contenders within this much (in matched words) of the best make the answer ambiguous. */
const DECISION_MARGIN = 0.2;
/** Below this the match is a guess (a two-edit typo, part of a name): ask, do not assume. */
const MIN_EXACT_QUALITY = 0.7;
/** Share of the words that the answer must explain to be exact / to be offered at all. */
const MIN_EXACT_COVERAGE = 0.4;
const MIN_COVERAGE = 0.25;
const MAX_CANDIDATES = 8;
const MAX_SPAN_WORDS = 5;
/** Bitmask width for token overlap; longer input is cut (a place answer is short). */
const MAX_TOKENS = 30;
const MAX_MATCHES_PER_SPAN = 40;
const MAX_OPTIONS_PER_LEVEL = 4;

/** Words that say which level the name after them is ("desa Lalang", "kec. Manggar"). */
export const LEVEL_PREFIXES: Readonly<Record<string, RegionLevel>> = {
  desa: "village",
  ds: "village",
  kelurahan: "village",
  kel: "village",
  kecamatan: "district",
  kec: "district",
  kabupaten: "regency",
  kab: "regency",
  kota: "regency",
  provinsi: "province",
  propinsi: "province",
  prov: "province",
};

/**
 * Words that never belong to a name in scope: they end a name and count for nothing.
 * "dusun" and "kampung" are deliberately absent (villages are called "Dusun Baru", "Kampung Baru").
 */
const STOP_WORDS = new Set([
  "di",
  "dan",
  "ke",
  "dari",
  "dekat",
  "sekitar",
  "daerah",
  "wilayah",
  "kawasan",
  "lokasi",
  "alamat",
  "tempat",
  "kejadian",
  "tps",
  "rt",
  "rw",
  "no",
  "nomor",
  "jl",
  "jln",
  "jalan",
  "gang",
  "gg",
  "yang",
  "ini",
  "itu",
  "saya",
  "kami",
  "tinggal",
  "ada",
  "pada",
  "depan",
  "belakang",
  "samping",
]);

const SEPARATORS = /[,;\n\r/|]+/;
const ROMAN_ONES = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];

interface Token {
  text: string;
  /** 1 for a word that should be explained by the answer, 0 for a prefix or a number. */
  weight: number;
}

/**
 * Lower-case, accents and apostrophes dropped ("Jum'at" → "jumat"), other punctuation as
 * spaces, abbreviations folded (`sei` → `sungai`) and small numbers written as the dataset's
 * roman numerals ("Bathin 8" → "bathin viii").
 */
export function placeTokens(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['‘’`"]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((word) => word.length > 0)
    .map(canonicalWord);
}

function canonicalWord(word: string): string {
  const synonym = wordSynonyms[word];
  if (synonym) return synonym;
  if (/^\d+$/.test(word)) {
    const n = Number(word);
    if (n >= 1 && n < 40) return "x".repeat(Math.floor(n / 10)) + (ROMAN_ONES[n % 10] ?? "");
  }
  return word;
}

interface Entry {
  region: Region;
  tokens: string[];
  /** The tokens joined without spaces: "tanjungpandan" finds "Tanjung Pandan". */
  compact: string;
  letters: number;
}

interface Mention {
  mask: number;
  weight: number;
  matches: Map<string, number>;
  hint?: RegionLevel;
}

interface Scored {
  region: Region;
  /** Matched words, each weighted by its match quality, over the whole chain. */
  raw: number;
  /** Quality of the match for the region itself (not its ancestors). */
  own: number;
}

export function createRegionResolver(
  rows: readonly Region[],
  aliases: readonly RegionAlias[] = defaultAliases,
): RegionResolver {
  const byCode = new Map<string, Region>();
  const children = new Map<string | null, Region[]>();
  for (const row of rows) {
    const region: Region = {
      code: row.code,
      parentCode: row.parentCode,
      level: row.level,
      name: row.name,
    };
    byCode.set(region.code, region);
    const siblings = children.get(region.parentCode);
    if (siblings) siblings.push(region);
    else children.set(region.parentCode, [region]);
  }
  for (const list of children.values()) list.sort(byName);

  const exact = new Map<string, Entry[]>();
  const byToken = new Map<string, Entry[]>();
  const byLength = new Map<number, Entry[]>();
  const seen = new Set<string>();
  const addEntry = (region: Region, text: string) => {
    const tokens = placeTokens(text);
    const compact = tokens.join("");
    if (!compact || seen.has(`${region.code}|${tokens.join(" ")}`)) return;
    seen.add(`${region.code}|${tokens.join(" ")}`);
    const entry: Entry = { region, tokens, compact, letters: letterSet(compact) };
    push(exact, compact, entry);
    push(byLength, compact.length, entry);
    for (const token of new Set(tokens)) push(byToken, token, entry);
  };
  for (const region of byCode.values()) {
    addEntry(region, region.name);
    // People say "Belitung Timur" and "Jambi", not "Kabupaten …" / "Kota …".
    if (region.level === "regency")
      addEntry(region, region.name.replace(/^(kabupaten|kota)( administrasi)?\s+/i, ""));
  }
  for (const alias of aliases) {
    const region = byCode.get(alias.code);
    if (region) addEntry(region, alias.alias);
  }

  function matchSpan(tokens: readonly string[], accept: (region: Region) => boolean) {
    const compact = tokens.join("");
    const out = new Map<string, number>();
    const put = (region: Region, quality: number) => {
      if (!accept(region)) return;
      if ((out.get(region.code) ?? 0) < quality) out.set(region.code, quality);
    };
    for (const entry of exact.get(compact) ?? []) put(entry.region, EXACT);
    // Typos: one edit from 5 letters, two from 9 (short words collide too easily).
    const maxEdits = compact.length >= 9 ? 2 : compact.length >= 5 ? 1 : 0;
    const letters = letterSet(compact);
    for (let length = compact.length - maxEdits; length <= compact.length + maxEdits; length++) {
      if (maxEdits === 0) break;
      for (const entry of byLength.get(length) ?? []) {
        if (entry.compact === compact || !accept(entry.region)) continue;
        // Each edit adds at most one letter the other word lacks: a cheap filter before the
        // distance itself, which keeps a query to a few milliseconds.
        if (
          bitCount(letters & ~entry.letters) > maxEdits ||
          bitCount(entry.letters & ~letters) > maxEdits
        )
          continue;
        const edits = osaDistance(compact, entry.compact, maxEdits);
        if (edits > maxEdits) continue;
        const oneEdit = compact.length >= 7 ? FUZZY_ONE_EDIT : FUZZY_ONE_EDIT_SHORT;
        put(entry.region, edits === 1 ? oneEdit : FUZZY_TWO_EDITS);
      }
    }
    // Part of a longer name ("tanjung jabung" → Tanjung Jabung Barat and Timur).
    const first = tokens[0];
    if (first !== undefined && compact.length >= 3) {
      for (const entry of byToken.get(first) ?? []) {
        if (entry.tokens.length <= tokens.length || !containsRun(entry.tokens, tokens)) continue;
        put(entry.region, PARTIAL_BASE + (PARTIAL_SHARE * compact.length) / entry.compact.length);
      }
    }
    return out;
  }

  function find(text: string, level: RegionLevel, parentCode: string | undefined, limit: number) {
    const accept = (region: Region) =>
      region.level === level && (parentCode === undefined || region.parentCode === parentCode);
    const best = new Map<string, number>();
    for (const segment of parse(text).segments) {
      for (const words of segment.wholeReadings) {
        for (const [code, quality] of matchSpan(words, accept))
          if ((best.get(code) ?? 0) < quality) best.set(code, quality);
      }
    }
    return toMatches(best, limit);
  }

  function toMatches(scores: Map<string, number>, limit: number): Match[] {
    const out: Match[] = [];
    for (const [code, score] of scores) {
      const region = byCode.get(code);
      if (region) out.push({ ...region, score: round(score) });
    }
    return out.sort((a, b) => b.score - a.score || byName(a, b)).slice(0, limit);
  }

  function pathOf(code: string): Region[] {
    const path: Region[] = [];
    let region = byCode.get(code);
    while (region) {
      path.unshift(region);
      region = region.parentCode === null ? undefined : byCode.get(region.parentCode);
    }
    return path;
  }

  function resolvePlace(text: string): PlaceResolution {
    const { tokens, mentions } = spans(text);
    const totalWeight = tokens.reduce((sum, token) => sum + token.weight, 0);
    if (totalWeight === 0) return { kind: "none" };

    // Every region any word names, with the (mention, value) pairs that could stand for it.
    const options = new Map<string, { mask: number; value: number; quality: number }[]>();
    for (const mention of mentions) {
      for (const [code, quality] of mention.matches) {
        const region = byCode.get(code);
        if (!region) continue;
        const hinted =
          mention.hint && mention.hint !== region.level ? quality * HINT_MISMATCH : quality;
        push(options, code, {
          mask: mention.mask,
          value: hinted * mention.weight,
          quality: hinted,
        });
      }
    }
    for (const list of options.values()) {
      list.sort((a, b) => b.value - a.value);
      list.length = Math.min(list.length, MAX_OPTIONS_PER_LEVEL);
    }

    // A region scores what it explains itself plus what its ancestors explain with other
    // words: "Lalang" in "desa Lalang, Manggar" gains Manggar's words, Lalang Jaya gains less.
    const scored: Scored[] = [];
    for (const [code, own] of options) {
      const region = byCode.get(code);
      if (!region) continue;
      const ancestors = pathOf(code).slice(0, -1);
      let best: Scored | undefined;
      for (const option of own) {
        const raw = option.value + bestChain(ancestors, options, option.mask);
        if (!best || raw > best.raw) best = { region, raw, own: option.quality };
      }
      if (best) scored.push(best);
    }
    if (scored.length === 0) return { kind: "none" };
    scored.sort(
      (a, b) => b.raw - a.raw || depth(a.region) - depth(b.region) || byName(a.region, b.region),
    );
    const top = scored[0];
    if (!top || top.raw / totalWeight < MIN_COVERAGE) return { kind: "none" };

    const contenders = scored.filter((s) => s.raw >= top.raw - DECISION_MARGIN - 1e-9);
    // Same-name nesting (Kecamatan Sungailiat ⊃ Kelurahan Sungailiat) is not a real choice:
    // take the broader area, which is right either way; a prefix ("kel.") picks the other.
    const chosen = onOneChain(contenders.map((s) => s.region))
      ? contenders.reduce((a, b) => (depth(b.region) < depth(a.region) ? b : a))
      : undefined;
    if (
      chosen &&
      chosen.own >= MIN_EXACT_QUALITY &&
      chosen.raw / totalWeight >= MIN_EXACT_COVERAGE
    ) {
      return { kind: "exact", region: { ...chosen.region, score: score(chosen, totalWeight) } };
    }
    const candidates = scored
      .filter((s) => s.raw >= top.raw / 2)
      .slice(0, MAX_CANDIDATES)
      .map((s) => ({ ...s.region, score: score(s, totalWeight) }));
    return { kind: "ambiguous", candidates };
  }

  /** The best extra value ancestors add using words disjoint from `used`. */
  function bestChain(
    ancestors: readonly Region[],
    options: Map<string, { mask: number; value: number }[]>,
    used: number,
  ): number {
    const [head, ...rest] = ancestors;
    if (!head) return 0;
    let best = bestChain(rest, options, used);
    for (const option of options.get(head.code) ?? []) {
      if (option.mask & used) continue;
      best = Math.max(best, option.value + bestChain(rest, options, used | option.mask));
    }
    return best;
  }

  function spans(text: string): { tokens: Token[]; mentions: Mention[] } {
    const { tokens, segments } = parse(text);
    const mentions: Mention[] = [];
    const add = (from: number, to: number, hint: RegionLevel | undefined) => {
      let weight = 0;
      let mask = 0;
      const words: string[] = [];
      for (let i = from; i <= to; i++) {
        const token = tokens[i];
        if (!token) return;
        weight += token.weight;
        mask |= 1 << i;
        words.push(token.text);
      }
      if (weight === 0) return;
      const matches = topMatches(matchSpan(words, () => true));
      if (matches.size > 0) mentions.push({ mask, weight, matches, ...(hint ? { hint } : {}) });
    };
    for (const segment of segments) {
      for (let from = segment.contentStart; from < segment.end; from++) {
        if (tokens[from]?.weight === 0) continue; // a name does not start with a number
        const last = Math.min(segment.end, from + MAX_SPAN_WORDS) - 1;
        for (let to = from; to <= last; to++)
          add(from, to, from === segment.contentStart ? segment.hint : undefined);
      }
      // Names that start with a prefix word: "Kota Jambi", "Kota Baru", "Desa Baru".
      if (segment.contentStart > segment.start) {
        const last = Math.min(segment.end, segment.start + MAX_SPAN_WORDS + 1) - 1;
        for (let to = segment.contentStart; to <= last; to++) add(segment.start, to, undefined);
      }
    }
    return { tokens, mentions };
  }

  return {
    size: byCode.size,
    get: (code) => byCode.get(code),
    childrenOf: (code) => [...(children.get(code) ?? [])],
    pathOf,
    describe(code) {
      const path = pathOf(code);
      const shown = path.length > 1 ? path.slice(1) : path;
      return shown
        .reverse()
        .map((region) => displayName(region))
        .join(", ");
    },
    findRegency: (text, limit = MAX_CANDIDATES) => find(text, "regency", undefined, limit),
    findDistrict: (text, regencyCode, limit = MAX_CANDIDATES) =>
      find(text, "district", regencyCode, limit),
    findVillage: (text, districtCode, limit = MAX_CANDIDATES) =>
      find(text, "village", districtCode, limit),
    resolvePlace,
  };
}

interface Segment {
  /** Index of the first token, the prefix word if there is one. */
  start: number;
  /** Index of the first name word (after a prefix). */
  contentStart: number;
  end: number;
  hint?: RegionLevel;
  /** The whole segment as one name: without its prefix, and with it ("Kota Jambi"). */
  wholeReadings: string[][];
}

/**
 * Splits on commas and the like, on stop words ("di", "jalan") and before prefix words
 * ("… kecamatan Manggar"); a prefix word is only a prefix when a name follows it, so the
 * village "Tungkal IV Desa" and the kelurahan "Kota" keep their last word.
 */
function parse(text: string): { tokens: Token[]; segments: Segment[] } {
  const tokens: Token[] = [];
  const segments: Segment[] = [];
  let current: Omit<Segment, "end" | "wholeReadings"> | undefined;
  const close = () => {
    if (current && tokens.length > current.contentStart) {
      const end = tokens.length;
      const words = tokens.slice(current.contentStart, end).map((t) => t.text);
      const wholeReadings = [words];
      if (current.contentStart > current.start)
        wholeReadings.push(tokens.slice(current.start, end).map((t) => t.text));
      segments.push({ ...current, end, wholeReadings });
    }
    current = undefined;
  };
  for (const chunk of text.split(SEPARATORS)) {
    const words = placeTokens(chunk);
    for (let i = 0; i < words.length && tokens.length < MAX_TOKENS; i++) {
      const word = words[i] ?? "";
      if (STOP_WORDS.has(word)) {
        close();
        continue;
      }
      const hint = LEVEL_PREFIXES[word];
      const next = words[i + 1];
      const afterPrefix = current !== undefined && current.contentStart === tokens.length;
      if (hint && next !== undefined && !STOP_WORDS.has(next) && !afterPrefix) {
        close();
        current = { start: tokens.length, contentStart: tokens.length + 1, hint };
        tokens.push({ text: word, weight: 0 });
        continue;
      }
      current ??= { start: tokens.length, contentStart: tokens.length };
      tokens.push({ text: word, weight: /^\d+$/.test(word) ? 0 : 1 });
    }
    close();
  }
  return { tokens, segments };
}

function topMatches(matches: Map<string, number>): Map<string, number> {
  if (matches.size <= MAX_MATCHES_PER_SPAN) return matches;
  return new Map([...matches].sort((a, b) => b[1] - a[1]).slice(0, MAX_MATCHES_PER_SPAN));
}

function onOneChain(regions: readonly Region[]): boolean {
  return regions.every((a) =>
    regions.every((b) => a.code === b.code || isWithin(a, b) || isWithin(b, a)),
  );
}

function isWithin(inner: Region, outer: Region): boolean {
  return inner.code.startsWith(`${outer.code}.`);
}

function depth(region: Region): number {
  return region.code.split(".").length;
}

function score(scored: Scored, totalWeight: number): number {
  return round(Math.min(1, scored.raw / totalWeight));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function byName(a: Region, b: Region): number {
  return a.name.localeCompare(b.name, "id") || a.code.localeCompare(b.code);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Kemendagri village codes: 1xxx is a kelurahan, 2xxx a desa. */
function displayName(region: Region): string {
  switch (region.level) {
    case "province":
      return `Provinsi ${region.name}`;
    case "regency":
      return region.name.replace(/^Kabupaten /, "Kab. ");
    case "district":
      return `Kec. ${region.name}`;
    case "village":
      return `${region.code.split(".")[3]?.startsWith("1") ? "Kel." : "Desa"} ${region.name}`;
  }
}

/** Which of a-z and 0-9 (folded onto 26 bits) occur in a normalised word. */
function letterSet(word: string): number {
  let set = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    set |= 1 << (c >= 97 ? (c - 97) % 26 : (c - 48) % 26);
  }
  return set;
}

function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions),
 * giving up once it exceeds `max`.
 */
export function osaDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      )
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, row] = [previous, row, before];
  }
  return previous[b.length] ?? max + 1;
}
