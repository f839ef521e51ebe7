import type { InputParser, ParseResult } from "../engine/runtime";
import { findLinks, hasWords, isDoneWord, normalizeWords } from "../engine/text";
import type { JsonValue } from "../engine/types";
import { recordOf } from "../engine/values";
import { parseIndonesianDate } from "../knowledge/indonesian-dates";
import { normalizeIndonesianMobile } from "../privacy/phone";
import type { Match, Region, RegionResolver } from "../regions/resolver";

/** A place as the report flow keeps it: the code to store and the name to show. */
export interface PlaceValue {
  code: string;
  name: string;
  /** "province" | "regency" | "district" | "village": how specific the place is. */
  level: string;
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

function placeValue(resolver: RegionResolver, region: Region): PlaceValue {
  return { code: region.code, name: resolver.describe(region.code), level: region.level };
}

function offer(resolver: RegionResolver, candidates: Match[]): ParseResult {
  return {
    ok: "offer",
    say: ["report:place_which"],
    options: candidates.slice(0, maxOffered).map((match) => ({
      value: { ...placeValue(resolver, match) },
      label: resolver.describe(match.code),
    })),
  };
}

/** When typing fails: a numbered list of the areas under `parentCode` (or every kab/kota). */
function listChildren(
  resolver: RegionResolver,
  parentCode: string | null,
  say: string,
): ParseResult {
  const areas =
    parentCode === null
      ? resolver.childrenOf(null).flatMap((province) => resolver.childrenOf(province.code))
      : resolver.childrenOf(parentCode);
  if (areas.length === 0) return { ok: false, error: "report:place_unknown" };
  return {
    ok: "offer",
    say: [say],
    options: areas.map((area) => ({ value: { ...placeValue(resolver, area) }, label: area.name })),
  };
}

/** A place kept in a run variable (the report's `place`, a question's `questionPlace`…). */
export function placeOf(value: JsonValue | undefined): PlaceValue | undefined {
  const place = recordOf(value);
  return typeof place?.code === "string"
    ? { code: place.code, name: String(place.name ?? place.code), level: String(place.level ?? "") }
    : undefined;
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
        return { ok: true, value: { ...placeValue(regions, resolved.region) } };
      }
      if (resolved.kind === "ambiguous") return offer(regions, resolved.candidates);
      return listChildren(regions, null, "report:place_pick_regency");
    },
    /** A kecamatan inside the chosen kab/kota, or a desa inside the chosen kecamatan. */
    place_within(text, context) {
      const parent = placeOf(context.vars.place)?.code ?? null;
      if (!parent) return { ok: false, error: "report:place_unknown" };
      if (isDoneWord(text) || unknownWords.has(normalizeWords(text))) {
        return { ok: true, value: context.vars.place ?? null };
      }
      const level = regions.get(parent)?.level;
      const found =
        level === "province"
          ? regions.findRegency(text).filter((match) => match.parentCode === parent)
          : level === "regency"
            ? regions.findDistrict(text, parent)
            : regions.findVillage(text, parent);
      const [best, second] = found;
      if (best && best.score >= 0.7 && (second === undefined || second.score < best.score)) {
        return { ok: true, value: { ...placeValue(regions, best) } };
      }
      if (found.length > 1) return offer(regions, found);
      const pick =
        level === "province"
          ? "report:place_pick_regency"
          : level === "regency"
            ? "report:place_pick_district"
            : "report:place_pick_village";
      return listChildren(regions, parent, pick);
    },
    regency_or_skip(text) {
      if (isDoneWord(text) || unknownWords.has(normalizeWords(text)))
        return { ok: true, value: null };
      const found = regions.findRegency(text, maxOffered);
      const best = found[0];
      if (best && best.score >= 0.99) return { ok: true, value: { ...placeValue(regions, best) } };
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
      const phone = normalizeIndonesianMobile(text);
      return phone ? { ok: true, value: phone } : { ok: false, error: "report:phone_invalid" };
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
