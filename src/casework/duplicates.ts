import { and, asc, eq, gte, inArray, like, lte, ne, or, type SQL } from "drizzle-orm";
import { normalizeQuery } from "../knowledge/normalize";
import { type Keyring, SealError } from "../privacy/keyring";
import { reportAad } from "../reports/sealing";
import type { DbOrTx } from "../storage/database";
import { reportLinks, reports } from "../storage/schema";
import { regionScopeCondition, type StaffScope } from "./scope";

/**
 * Likely duplicates: several people report the same incident (one envelope round, one
 * banner), each in their own words. The staff-console issue defines them as "same desa or
 * kecamatan, same category, within 48 h, similar text". The first three are columns and are
 * filtered in SQL; the text is sealed, so only the stories of those few candidates are opened,
 * here, in the application, and compared with {@link textSimilarity}. A likely duplicate is a
 * hint for an officer; a confirmed one is a row in `report_links` ({@link linkReports}).
 */

/** Reports filed more than this far apart are not offered as duplicates. */
export const DUPLICATE_WINDOW_MS = 48 * 60 * 60 * 1000;

/**
 * The similarity from which two stories are offered as the same incident. Chosen on the
 * pairs in `test/casework/duplicates.test.ts`: retellings of one incident score 0.37–0.88
 * (the lowest: a one-line tip against a five-line account of the same envelope round), and
 * different incidents of the same category in the same place 0–0.25 (the highest: the same
 * kepala desa and paslon, a campaign event against a photo in the village office). 0.3 keeps
 * room on both sides; 0.35 would sit just under the short-tip-against-long-account case. A
 * miss costs an officer one search, a false hint one glance.
 */
export const DUPLICATE_THRESHOLD = 0.3;

/** At most this many candidates are opened for one report (the earliest in the window first). */
const MAX_CANDIDATES_PER_REPORT = 200;
/** A queue page asks about at most this many reports at once… */
const MAX_GROUP_REPORTS = 200;
/** …and at most this many candidate rows are read for them in all. */
const MAX_GROUP_CANDIDATES = 2000;

// ── Text similarity (pure) ─────────────────────────────────────────────────────────────────

/**
 * How alike two report stories are, from 0 (nothing in common) to 1 (the same words).
 *
 * Both texts go through the knowledge base's Indonesian normaliser (`normalizeQuery`): lower
 * case, chat spellings and slang folded ("td" → tadi, "org" → orang, "dpn" → depan), amounts
 * written the everyday ways ("100rb", "Rp100.000") made comparable, reduplication ("bagi2")
 * undone, stopwords dropped and words stemmed ("membagikan", "dibagi" → bagi). Then, on the
 * sets of words that remain (order does not matter in a retelling):
 *
 * - word Jaccard |A ∩ B| / |A ∪ B| counts the facts both stories name;
 * - Jaccard over the character trigrams of those words forgives what the normaliser does not
 *   know: typos ("amplp"), spellings it has no rule for ("SDN" / "sekolah"), a stem it cuts
 *   differently;
 *
 * and the score is their mean. Both are bounded, symmetric and need no training data or
 * corpus statistics, which a handful of reports per kecamatan could not give anyway. Jaccard
 * penalises a short tip against a long account of the same thing; the threshold is set for that.
 *
 * One fact overrides the words: a paslon (or calon, caleg…) number. "timses paslon 1" and
 * "timses paslon 2" read alike but are different events, so two stories that both name such
 * numbers and share none score 0. Leading zeros are ignored ("paslon 02", "no urut 2").
 */
export function textSimilarity(a: string, b: string): number {
  return similarityOf(storyFeatures(a), storyFeatures(b));
}

interface StoryFeatures {
  words: ReadonlySet<string>;
  trigrams: ReadonlySet<string>;
  /** "paslon_2", "caleg_5": the candidates named by number. */
  candidates: ReadonlySet<string>;
}

/** Words that a candidate number follows ("paslon 2", "caleg nomor 5", "capres no urut 1"). */
const CANDIDATE_WORDS: ReadonlySet<string> = new Set([
  "paslon",
  "calon",
  "caleg",
  "capres",
  "cawapres",
  "cagub",
  "cawagub",
  "cabup",
  "cawabup",
  "cawalkot",
  "cawawalkot",
]);
const NUMBER_FILLERS: ReadonlySet<string> = new Set(["nomor", "no", "urut"]);
const SCALES: Readonly<Record<string, number>> = { ribu: 1_000, juta: 1_000_000 };
const DIGITS = /^\d+$/;
/** Ids are uuids; anything else (a mistyped URL) finds nothing instead of a database error. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function storyFeatures(text: string): StoryFeatures {
  const raw = normalizeQuery(text, { language: "id" }).map((word) =>
    DIGITS.test(word) ? String(Number(word)) : word,
  );
  const words = new Set<string>();
  const candidates = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i] ?? "";
    const next = raw[i + 1];
    // "100 ribu" (from "100rb", "100 ribu") and "100000" (from "Rp100.000") are one amount.
    const scale = next === undefined ? undefined : SCALES[next];
    if (DIGITS.test(word) && scale !== undefined) {
      words.add(String(Number(word) * scale));
      i++;
      continue;
    }
    if (CANDIDATE_WORDS.has(word)) {
      let j = i + 1;
      while (NUMBER_FILLERS.has(raw[j] ?? "")) j++;
      const number = raw[j];
      if (number !== undefined && /^\d{1,2}$/.test(number)) {
        const candidate = `${word}_${number}`;
        words.add(candidate);
        candidates.add(candidate);
        i = j;
        continue;
      }
    }
    words.add(word);
  }
  const trigrams = new Set<string>();
  for (const word of words) {
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) trigrams.add(padded.slice(i, i + 3));
  }
  return { words, trigrams, candidates };
}

function similarityOf(a: StoryFeatures, b: StoryFeatures): number {
  if (a.words.size === 0 || b.words.size === 0) return 0;
  if (a.candidates.size > 0 && b.candidates.size > 0 && overlap(a.candidates, b.candidates) === 0)
    return 0;
  return (jaccard(a.words, b.words) + jaccard(a.trigrams, b.trigrams)) / 2;
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const shared = overlap(a, b);
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

// ── Area (pure) ────────────────────────────────────────────────────────────────────────────

/**
 * The kecamatan of a region code at kecamatan or desa level (`19.06.01.2006` → `19.06.01`);
 * undefined for a province, a kabupaten/kota or no code.
 */
export function kecamatanOf(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  const parts = code.split(".");
  return parts.length >= 3 ? parts.slice(0, 3).join(".") : undefined;
}

/**
 * Whether two reports' places are close enough for one incident: the same desa, or the same
 * kecamatan when both are known at least to the kecamatan (a desa report and a report that
 * only named its kecamatan match). A report known only to its kabupaten/kota (an online
 * violation, or a place named vaguely) matches nothing: a whole kabupaten is too wide for
 * "the same incident".
 */
export function sameArea(
  codeA: string | null | undefined,
  codeB: string | null | undefined,
): boolean {
  const a = kecamatanOf(codeA);
  return a !== undefined && a === kecamatanOf(codeB);
}

// ── Queries ───────────────────────────────────────────────────────────────────────────────

export interface LikelyDuplicate {
  reportId: string;
  ticketCode: string;
  /** {@link textSimilarity} of the two stories, 0..1, at least {@link DUPLICATE_THRESHOLD}. */
  similarity: number;
  createdAt: Date;
  stage: string;
}

interface ReportRow {
  id: string;
  ticketCode: string;
  category: string;
  regionCode: string | null;
  createdAt: Date;
  stage: string;
  storySealed: string;
}

const rowColumns = {
  id: reports.id,
  ticketCode: reports.ticketCode,
  category: reports.category,
  regionCode: reports.regionCode,
  createdAt: reports.createdAt,
  stage: reports.stage,
  storySealed: reports.storySealed,
};

/**
 * Reports the staff member may see that are likely the same incident as `reportId`, most
 * similar first. Spam is never offered; withdrawn reports are (with their stage), since what
 * they describe may still be true. Empty when the report is outside the staff member's
 * scope, does not exist, or is placed no closer than a kabupaten/kota.
 */
export async function findLikelyDuplicates(
  db: DbOrTx,
  keyring: Keyring,
  scope: StaffScope,
  reportId: string,
): Promise<LikelyDuplicate[]> {
  if (!UUID.test(reportId)) return [];
  const [anchor] = await db
    .select(rowColumns)
    .from(reports)
    .where(and(eq(reports.id, reportId), regionScopeCondition(scope, reports.regionCode)))
    .limit(1);
  if (!anchor || kecamatanOf(anchor.regionCode) === undefined) return [];
  const candidates = await db
    .select(rowColumns)
    .from(reports)
    .where(
      and(
        regionScopeCondition(scope, reports.regionCode),
        ne(reports.stage, "spam"),
        ne(reports.id, anchor.id),
        candidateCondition(anchor),
      ),
    )
    .orderBy(asc(reports.createdAt))
    .limit(MAX_CANDIDATES_PER_REPORT);
  const features = new FeatureCache(keyring);
  const found: LikelyDuplicate[] = [];
  for (const candidate of candidates) {
    const similarity = features.similarity(anchor, candidate);
    if (similarity === undefined || similarity < DUPLICATE_THRESHOLD) continue;
    found.push({
      reportId: candidate.id,
      ticketCode: candidate.ticketCode,
      similarity,
      createdAt: candidate.createdAt,
      stage: candidate.stage,
    });
  }
  return found.sort(
    (x, y) => y.similarity - x.similarity || x.createdAt.getTime() - y.createdAt.getTime(),
  );
}

/**
 * Groups of likely duplicates for a queue page: for each of `reportIds` (at most 200; more
 * are ignored) that has at least one likely duplicate, a group key; reports with the same key
 * are, directly or through one another, likely the same incident. The key is the id of the
 * earliest report in the group, which may be a report not on the page (the page can link to
 * it). Only pairs that involve one of the given reports are compared, so the cost is bounded
 * by the page, not by the database: one query for the page's reports, one for their
 * candidates, and each story opened once. Reports outside the scope, spam, and ids that do
 * not exist get no key.
 */
export async function groupDuplicates(
  db: DbOrTx,
  keyring: Keyring,
  scope: StaffScope,
  reportIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(reportIds.filter((id) => UUID.test(id)))].slice(0, MAX_GROUP_REPORTS);
  const groups = new Map<string, string>();
  if (ids.length === 0) return groups;
  const anchors = (
    await db
      .select(rowColumns)
      .from(reports)
      .where(
        and(
          inArray(reports.id, ids),
          ne(reports.stage, "spam"),
          regionScopeCondition(scope, reports.regionCode),
        ),
      )
  ).filter((row) => kecamatanOf(row.regionCode) !== undefined);
  if (anchors.length === 0) return groups;
  const candidates = await db
    .select(rowColumns)
    .from(reports)
    .where(
      and(
        regionScopeCondition(scope, reports.regionCode),
        ne(reports.stage, "spam"),
        or(...anchors.map(candidateCondition)),
      ),
    )
    .orderBy(asc(reports.createdAt))
    .limit(MAX_GROUP_CANDIDATES);
  const rows = new Map<string, ReportRow>();
  for (const row of [...anchors, ...candidates]) rows.set(row.id, row);

  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA === rootB) return;
    // The root is the group's key: its earliest report (then the smaller id).
    const first = earlier(rows.get(rootA), rows.get(rootB));
    parent.set(first === rootA ? rootB : rootA, first);
  };

  const features = new FeatureCache(keyring);
  for (const anchor of anchors) {
    for (const candidate of rows.values()) {
      if (candidate.id === anchor.id || !isCandidate(anchor, candidate)) continue;
      const similarity = features.similarity(anchor, candidate);
      if (similarity !== undefined && similarity >= DUPLICATE_THRESHOLD)
        union(anchor.id, candidate.id);
    }
  }
  for (const anchor of anchors) {
    if (parent.has(anchor.id)) groups.set(anchor.id, find(anchor.id));
  }
  return groups;
}

/** The SQL side of {@link isCandidate}: same category, within the window, same kecamatan. */
function candidateCondition(anchor: ReportRow): SQL {
  const kecamatan = kecamatanOf(anchor.regionCode) ?? "";
  const at = anchor.createdAt.getTime();
  return and(
    eq(reports.category, anchor.category),
    gte(reports.createdAt, new Date(at - DUPLICATE_WINDOW_MS)),
    lte(reports.createdAt, new Date(at + DUPLICATE_WINDOW_MS)),
    or(eq(reports.regionCode, kecamatan), like(reports.regionCode, `${kecamatan}.%`)),
  ) as SQL;
}

function isCandidate(a: ReportRow, b: ReportRow): boolean {
  return (
    a.category === b.category &&
    Math.abs(a.createdAt.getTime() - b.createdAt.getTime()) <= DUPLICATE_WINDOW_MS &&
    sameArea(a.regionCode, b.regionCode)
  );
}

function earlier(a: ReportRow | undefined, b: ReportRow | undefined): string {
  if (!a || !b) return (a ?? b)?.id ?? "";
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  return byTime < 0 || (byTime === 0 && a.id < b.id) ? a.id : b.id;
}

/** Opens each story once and keeps its features; a story that cannot be opened is skipped. */
class FeatureCache {
  readonly #keyring: Keyring;
  readonly #features = new Map<string, StoryFeatures | null>();

  constructor(keyring: Keyring) {
    this.#keyring = keyring;
  }

  similarity(a: ReportRow, b: ReportRow): number | undefined {
    const left = this.#of(a);
    const right = this.#of(b);
    return left && right ? similarityOf(left, right) : undefined;
  }

  #of(row: ReportRow): StoryFeatures | null {
    let features = this.#features.get(row.id);
    if (features === undefined) {
      try {
        features = storyFeatures(this.#keyring.openText(row.storySealed, reportAad.story));
      } catch (error) {
        // A duplicate is a hint: one unreadable story (a retired key) must not break a page.
        if (!(error instanceof SealError)) throw error;
        features = null;
      }
      this.#features.set(row.id, features);
    }
    return features;
  }
}

// ── Confirmed links ───────────────────────────────────────────────────────────────────────

/** A pair as stored: the smaller uuid first (PostgreSQL orders uuids as their hex text). */
function orderedPair(a: string, b: string): [string, string] {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  return left < right ? [left, right] : [right, left];
}

/**
 * Records that two reports are the same incident. True when the link is new; false when it
 * already existed or `a` and `b` are the same report. The caller checks that the staff member
 * may see both, and records the timeline event and the audit entry.
 */
export async function linkReports(
  db: DbOrTx,
  a: string,
  b: string,
  staffId: string | null,
  now: Date,
): Promise<boolean> {
  if (a.toLowerCase() === b.toLowerCase()) return false;
  const [reportA, reportB] = orderedPair(a, b);
  const inserted = await db
    .insert(reportLinks)
    .values({ reportA, reportB, linkedBy: staffId, at: now })
    .onConflictDoNothing()
    .returning({ reportA: reportLinks.reportA });
  return inserted.length > 0;
}

/** Removes the link between two reports, in whichever order they are given; true if one existed. */
export async function unlinkReports(db: DbOrTx, a: string, b: string): Promise<boolean> {
  const [reportA, reportB] = orderedPair(a, b);
  const deleted = await db
    .delete(reportLinks)
    .where(and(eq(reportLinks.reportA, reportA), eq(reportLinks.reportB, reportB)))
    .returning({ reportA: reportLinks.reportA });
  return deleted.length > 0;
}

export interface LinkedReport {
  reportId: string;
  ticketCode: string;
  stage: string;
  createdAt: Date;
  /** Who confirmed the link; null once that staff account is deleted. */
  linkedBy: string | null;
  linkedAt: Date;
}

/**
 * The reports confirmed as the same incident as `reportId` (direct links only), oldest link
 * first. With `scope`, only those the staff member may see.
 */
export async function linkedReports(
  db: DbOrTx,
  reportId: string,
  scope?: StaffScope,
): Promise<LinkedReport[]> {
  const columns = {
    reportId: reports.id,
    ticketCode: reports.ticketCode,
    stage: reports.stage,
    createdAt: reports.createdAt,
    linkedBy: reportLinks.linkedBy,
    linkedAt: reportLinks.at,
  };
  const id = reportId.toLowerCase();
  if (!UUID.test(id)) return [];
  const rows = await db
    .select(columns)
    .from(reportLinks)
    .innerJoin(
      reports,
      or(
        and(eq(reportLinks.reportA, id), eq(reports.id, reportLinks.reportB)),
        and(eq(reportLinks.reportB, id), eq(reports.id, reportLinks.reportA)),
      ),
    )
    .where(
      and(
        or(eq(reportLinks.reportA, id), eq(reportLinks.reportB, id)),
        scope ? regionScopeCondition(scope, reports.regionCode) : undefined,
      ),
    );
  return rows.sort(
    (x, y) =>
      x.linkedAt.getTime() - y.linkedAt.getTime() || x.ticketCode.localeCompare(y.ticketCode),
  );
}
