import type { InputParser, ParseResult } from "../engine/runtime";
import { findLinks, hasWords, isDoneWord, normalizeWords } from "../engine/text";
import { parseIndonesianDate } from "../knowledge/indonesian-dates";
import type { Match, RegionResolver } from "../regions/resolver";

/** A place as the report flow keeps it: the code to store and the name to show. */
export interface PlaceValue {
  code: string;
  name: string;
}

const maxOffered = 8;
const unknownWords = new Set([
  "tidak tahu",
  "tidak tau",
  "gak tahu",
  "gak tau",
  "ga tau",
  "nggak tahu",
  "belum tahu",
  "tdk tahu",
  "tidak diketahui",
  "unknown",
  "dont know",
  "don't know",
  "do not know",
  "not known",
]);

function offer(resolver: RegionResolver, candidates: Match[]): ParseResult {
  return {
    ok: "offer",
    say: ["report:place_which"],
    options: candidates.slice(0, maxOffered).map((match) => ({
      value: { code: match.code, name: resolver.describe(match.code) },
      label: resolver.describe(match.code),
    })),
  };
}

/** The pure input parsers of the report flow; the region resolver is built from seeded rows. */
export function createReportParsers(deps: {
  regions: RegionResolver;
}): Record<string, InputParser> {
  const { regions } = deps;
  return {
    place(text) {
      const resolved = regions.resolvePlace(text);
      if (resolved.kind === "exact") {
        const { code } = resolved.region;
        return { ok: true, value: { code, name: regions.describe(code) } };
      }
      if (resolved.kind === "ambiguous") return offer(regions, resolved.candidates);
      return { ok: false, error: "report:place_unknown" };
    },
    regency_or_skip(text) {
      if (isDoneWord(text) || unknownWords.has(normalizeWords(text)))
        return { ok: true, value: null };
      const found = regions.findRegency(text, maxOffered);
      const best = found[0];
      if (best && best.score >= 0.99)
        return { ok: true, value: { code: best.code, name: best.name } };
      if (found.length > 0) return offer(regions, found);
      return { ok: false, error: "report:regency_unknown" };
    },
    url(text) {
      const [link] = findLinks(text);
      return link ? { ok: true, value: link } : { ok: false, error: "report:url_needed" };
    },
    date(text, context) {
      const parsed = parseIndonesianDate(text, context.now);
      if (parsed.ok) return { ok: true, value: parsed.date };
      return { ok: false, error: `report:date_${parsed.reason}` };
    },
    story(text) {
      const trimmed = text.trim();
      if (!hasWords(trimmed) || trimmed.length < 10)
        return { ok: false, error: "report:story_short" };
      return { ok: true, value: trimmed };
    },
    terlapor(text) {
      if (unknownWords.has(normalizeWords(text))) return { ok: true, value: "" };
      return hasWords(text)
        ? { ok: true, value: text.trim() }
        : { ok: false, error: "common:need_text" };
    },
    optional_text(text) {
      if (isDoneWord(text) || unknownWords.has(normalizeWords(text)))
        return { ok: true, value: "" };
      return hasWords(text)
        ? { ok: true, value: text.trim() }
        : { ok: false, error: "common:need_text" };
    },
    person_name(text) {
      const trimmed = text.trim();
      if (!/\p{L}/u.test(trimmed) || trimmed.length < 2)
        return { ok: false, error: "report:name_needed" };
      return { ok: true, value: trimmed.slice(0, 200) };
    },
    address(text) {
      const trimmed = text.trim();
      if (!hasWords(trimmed) || trimmed.length < 5)
        return { ok: false, error: "report:address_needed" };
      return { ok: true, value: trimmed.slice(0, 500) };
    },
    phone(text) {
      const digits = text.replace(/[\s().-]/g, "");
      const match = /^(?:\+?62|0)(8\d{7,12})$/.exec(digits);
      return match
        ? { ok: true, value: `+62${match[1]}` }
        : { ok: false, error: "report:phone_invalid" };
    },
    nik_optional(text) {
      if (isDoneWord(text)) return { ok: true, value: "" };
      const digits = text.replace(/[\s.-]/g, "");
      return /^\d{16}$/.test(digits)
        ? { ok: true, value: digits }
        : { ok: false, error: "report:nik_invalid" };
    },
  };
}
