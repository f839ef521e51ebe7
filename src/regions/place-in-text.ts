/**
 * Finds the place a resident names inside a longer message ("tadi pagi ada bagi2 amplop di desa
 * Lalang Manggar dari timses paslon 2"), for prefilling the report's "where".
 *
 * Unlike `RegionResolver.resolvePlace`, which reads an answer that is all place, most words
 * here are not place names, and many ordinary words are ("baru", "tengah", "kaos", "lalang",
 * "selamat" are villages). So:
 *
 * 1. Every run of 1–5 words is looked up, exactly, among the region names and everyday aliases
 *    (the same spelling folds as the resolver: `sei` → sungai, "sungai liat" = "Sungailiat"),
 *    and runs of two words or more also as the beginning of longer names ("Muara Sabak" for
 *    Muara Sabak Barat and Timur, both in Tanjung Jabung Timur); a run inside a longer matched
 *    run is dropped ("Pasar Bangko" hides "Bangko").
 * 2. Ordinary words are places only with help. A single ordinary word, or a run with a bare
 *    adjective or number ("baru", "tengah", "simpang tiga"), counts after a level marker
 *    ("desa Lalang", "kec. Gantung"), or when the name of its kecamatan or kab/kota follows
 *    it ("Lalang Manggar", "Lalang, kec. Manggar"); a single ordinary word also after a place
 *    noun ("simpang Gantung"). A word under four letters needs a marker or a preposition. A run
 *    after "pak", "bu", "toko" … is a person or a shop, not a place. A bare adjective or verb
 *    after a marker that is not itself after "di/ke/dari" ("mobil desa buat antar jemput")
 *    needs its kecamatan or kab/kota beside it too.
 * 3. Each candidate region scores the matched runs that name it or one of its ancestors (runs
 *    not overlapping): 1 per run, +1 after a level marker, +0.5 after "di/ke/dari" or a place
 *    noun, +0.25 per extra word; plus a small bonus for a broader level (a kecamatan is more
 *    often meant than a same-named village elsewhere). "Lalang" + "Manggar" make the desa
 *    Lalang in Kecamatan Manggar win over Manggar alone.
 * 4. Near-ties on one chain give the broader area (Kecamatan Sungailiat over the kelurahan);
 *    near-ties in one kab/kota give their deepest common ancestor; near-ties across kab/kota
 *    give nothing: a wrong regency is worse than none.
 */

import type { PlaceValue } from "../reports/parsers";
import type { RegionLevel } from "../storage/schema/regions";
import { defaultAliases, type RegionAlias } from "./aliases";
import { LEVEL_PREFIXES, placeTokens, type Region, type RegionResolver } from "./resolver";

const MAX_SPAN_WORDS = 5;
/** Candidates within this of the best are a tie. */
const TIE_MARGIN = 0.1;

/** Words after which a name is a place: "di Koba", "warga Kerinci", "in Toboali". */
const PREPOSITIONS = new Set([
  "di",
  "dari",
  "dr",
  "ke",
  "sekitar",
  "daerah",
  "wilayah",
  "kawasan",
  "warga",
  "masyarakat",
  "in",
  "at",
  "near",
  "from",
  "around",
  "of",
]);

/** Nouns that name a spot after which a village or district name follows ("simpang Gantung"). */
const PLACE_NOUNS = new Set([
  "simpang",
  "pasar",
  "lapangan",
  "jalan",
  "jl",
  "jln",
  "terminal",
  "pelabuhan",
  "dermaga",
  "pantai",
  "stadion",
  "gedung",
  "bundaran",
  "tugu",
  "dusun",
  "dsn",
  "kampung",
]);

/** Before a name these make it a person, a shop or a party, not a place. */
const NOT_PLACE_BEFORE = new Set([
  "pak",
  "bu",
  "bapak",
  "ibu",
  "mas",
  "mbak",
  "bang",
  "kak",
  "om",
  "sdr",
  "saudara",
  "saudari",
  "haji",
  "h",
  "nama",
  "namanya",
  "bernama",
  "named",
  "mr",
  "mrs",
  "ms",
  "toko",
  "warung",
  "pt",
  "cv",
  "partai",
  "caleg",
  "calon",
  "paslon",
]);

/**
 * Ordinary words that are also (parts of) region names in Bangka Belitung and Jambi, checked
 * against idn-area-data: a run made only of these is a place only after a marker.
 */
const COMMON_WORDS = new Set(
  // generic parts of names
  (
    "sungai air baru tanjung koto jaya muara lubuk bukit rantau simpang teluk pulau pasar tengah " +
    "talang tinggi panjang sari batu pematang mekar ulu ilir hulu agung makmur barat timur utara " +
    "selatan kota kampung mulya mulia danau tanah hilir dusun suka karya pasir kayu pandan pinang " +
    "tebing beringin padang putih parit batang besar sumber indah raya kuala karang sinar harapan " +
    "pangkal gunung taman seberang pondok dalam kembang bakti laut ujung rendah damai maju merah " +
    "kecil jernih jati kebun atas bawah bunga durian rawa manis bangun hangat penuh alam intan " +
    "sakti balai ladang lebar tambang hitam lama tenang darat sumur raja mas gajah marga kencana " +
    "rukun permai lindung tumbuh nipah desa medan besi seri sri baru tua muda lima dua tiga empat " +
    "enam tujuh delapan sembilan satu sepuluh " +
    // ordinary words that are a whole name
    "asam bacang bakung balok batin belimbing beliung benteng berang berkah betung bintang buat " +
    "budiman candi cempaka cerucuk dalil damar datar delima demang dendang gantung gedang " +
    "gelanggang gemuruh gudang jambu jebak jelatang jeruk kandang kaos kapuk keramat keretak " +
    "kejaksaan kelapa kemuning kenanga ketapang kimak kuap labu lalang lenggang lintang lumut " +
    "malik mancung matras mayang melintang mencolok menjelang meranti merbau muak murni nangka " +
    "paku panti pemali pembaharuan pemunduran peninjau peninjauan penyamun perdamaian perintis " +
    "puding rajawali rambahan rambat rebo rias riau saing selamat selat seling semau tabir " +
    "tarikan telak teladan teratai terong terusan tiram pagar jalan sekolah kantor masjid rumah " +
    "pohon tiang lapangan bangun rumah"
  ).split(" "),
);

/** The commonest adjectives and numbers: a place noun before them is still not enough. */
const VERY_COMMON_WORDS = new Set(
  (
    "baru tengah besar kecil panjang lama raya buat selamat sembilan dua tiga empat lima tujuh " +
    "satu enam delapan sepuluh indah jaya makmur maju damai atas bawah dalam barat timur utara " +
    "selatan tinggi rendah merah putih hitam kota desa kampung agung mulia harapan tua muda"
  ).split(" "),
);

const ROMAN = /^(?:x{0,3})(?:i{1,3}|iv|v|vi{0,3}|ix)?$/;

interface Hit {
  start: number;
  end: number;
  codes: string[];
  weight: number;
  /** An ordinary word ("lalang", "baru"): a place only beside a name of its kecamatan or kab. */
  needsParent: boolean;
  /** After a level marker ("kec. Manggar"). */
  marked: boolean;
}

export type PlaceFinder = (text: string) => PlaceValue | undefined;

interface NameIndex {
  /** Whole names and aliases, their words joined ("sungailiat"), to region codes. */
  exact: Map<string, Set<string>>;
  /** The first words of longer names, likewise. */
  prefix: Map<string, Set<string>>;
}

function put(map: Map<string, Set<string>>, key: string, code: string) {
  const codes = map.get(key);
  if (codes) codes.add(code);
  else map.set(key, new Set([code]));
}

/** A run that begins this many names is too vague to use ("Sungai …"). */
const MAX_PREFIX_CANDIDATES = 4;
/** A run that only begins a name counts less than a whole name. */
const PREFIX_WEIGHT = 0.75;

/**
 * A finder over `regions` with its name index built once; use it when reading many messages.
 * `aliases` should be the ones the resolver was built with (the defaults unless told).
 */
export function createPlaceFinder(
  regions: RegionResolver,
  aliases: readonly RegionAlias[] = defaultAliases,
): PlaceFinder {
  const index: NameIndex = { exact: new Map(), prefix: new Map() };
  const add = (name: string, code: string) => {
    const tokens = placeTokens(name);
    if (tokens.length === 0) return;
    put(index.exact, tokens.join(""), code);
    // "Muara Sabak" begins "Muara Sabak Barat" and "Muara Sabak Timur": two words or more, one
    // of them not an ordinary word ("Fajar" alone must not find "Fajar Indah").
    for (let length = 2; length < tokens.length; length++) {
      const prefix = tokens.slice(0, length);
      if (prefix.some((word) => !isCommon(word))) put(index.prefix, prefix.join(""), code);
    }
  };
  const walk = (parent: string | null) => {
    for (const region of regions.childrenOf(parent)) {
      add(region.name, region.code);
      if (region.level === "regency")
        add(region.name.replace(/^(kabupaten|kota)( administrasi)?\s+/i, ""), region.code);
      if (region.level !== "village") walk(region.code);
    }
  };
  walk(null);
  for (const alias of aliases) if (regions.get(alias.code)) add(alias.alias, alias.code);

  return (text) => {
    const tokens = placeTokens(text);
    const hits = findHits(tokens, index, regions);
    const code = choose(hits, regions);
    if (code === undefined) return undefined;
    const region = regions.get(code);
    if (!region) return undefined;
    return { code, name: regions.describe(code), level: region.level };
  };
}

/**
 * The most specific place named in free text, or undefined when none is named or the name is
 * ambiguous across kab/kota. Builds the name index on every call (a few milliseconds); keep a
 * {@link createPlaceFinder} for repeated use.
 */
export function findPlaceInText(text: string, regions: RegionResolver): PlaceValue | undefined {
  return createPlaceFinder(regions)(text);
}

function isCommon(word: string): boolean {
  return COMMON_WORDS.has(word) || !isSpelled(word);
}

/** False for numbers, and for the roman numerals `placeTokens` makes of them. */
function isSpelled(word: string): boolean {
  return !/^\d+$/.test(word) && !ROMAN.test(word);
}

function findHits(tokens: readonly string[], index: NameIndex, regions: RegionResolver): Hit[] {
  const found: Hit[] = [];
  for (let start = 0; start < tokens.length; start++) {
    const before = tokens[start - 1] ?? "";
    const twoBefore = tokens[start - 2] ?? "";
    const hint = LEVEL_PREFIXES[before];
    const afterPlaceNoun = PLACE_NOUNS.has(before);
    const afterPreposition =
      PREPOSITIONS.has(before) ||
      (PREPOSITIONS.has(twoBefore) && (afterPlaceNoun || hint !== undefined));
    if (NOT_PLACE_BEFORE.has(before) && hint === undefined) continue;
    for (let length = 1; length <= MAX_SPAN_WORDS && start + length <= tokens.length; length++) {
      const span = tokens.slice(start, start + length);
      const key = span.join("");
      const whole = index.exact.get(key);
      const partial = whole ? undefined : index.prefix.get(key);
      const codes =
        whole ?? (partial && partial.size <= MAX_PREFIX_CANDIDATES ? partial : undefined);
      if (!codes) continue;

      let needsParent = false;
      if (hint === undefined && span.every(isCommon)) {
        // "Tanjung Pandan", "Parit Padang": two ordinary words together are rarely ordinary
        // speech, unless one is a bare adjective or number ("pasar baru", "simpang tiga").
        const veryCommon = span.some((word) => VERY_COMMON_WORDS.has(word) || !isSpelled(word));
        if (span.some((word) => !isSpelled(word))) continue;
        needsParent = veryCommon || (length === 1 && !afterPlaceNoun);
      }
      if (length === 1 && (span[0]?.length ?? 0) < 4 && hint === undefined && !afterPreposition)
        needsParent = true;
      // "mobil desa buat antar", "dana desa baru cair": a marker in the middle of a sentence,
      // not after "di/ke/dari", may be a noun's modifier; a bare adjective or verb after it is
      // then a place only with its kecamatan or kab/kota beside it.
      if (
        hint !== undefined &&
        span.every((word) => VERY_COMMON_WORDS.has(word) || !isSpelled(word)) &&
        start > 1 &&
        !PREPOSITIONS.has(twoBefore)
      )
        needsParent = true;

      let candidates = [...codes];
      let weight = (whole ? 1 : PREFIX_WEIGHT) + 0.25 * (length - 1);
      if (hint !== undefined) {
        const hinted = candidates.filter((code) => regions.get(code)?.level === hint);
        if (hinted.length > 0) {
          candidates = hinted;
          weight += 1;
        } else if (span.every(isCommon)) continue; // "kabupaten/kota" is not Kelurahan Kota
      } else if ((afterPreposition || afterPlaceNoun) && !needsParent) weight += 0.5;
      found.push({
        start,
        end: start + length,
        codes: candidates,
        weight,
        needsParent,
        marked: hint !== undefined,
      });
    }
  }
  // A run inside a longer matched run is part of that name ("Pasar Bangko" hides "Bangko").
  return found.filter(
    (hit) =>
      !found.some(
        (other) =>
          other !== hit &&
          !other.needsParent &&
          other.start <= hit.start &&
          other.end >= hit.end &&
          other.end - other.start > hit.end - hit.start,
      ),
  );
}

const LEVEL_BONUS: Readonly<Record<RegionLevel, number>> = {
  province: 0.3,
  regency: 0.3,
  district: 0.2,
  village: 0,
};

function choose(hits: readonly Hit[], regions: RegionResolver): string | undefined {
  const scores = new Map<string, number>();
  for (const hit of hits) {
    for (const code of hit.codes) {
      if (scores.has(code)) continue;
      const region = regions.get(code);
      if (!region) continue;
      const path = regions.pathOf(code);
      const chain = new Set(path.map((r) => r.code));
      // Kecamatan and kab/kota above the region (a province is too broad to vouch for a name).
      const parents = new Set(
        path.filter((r) => r.code !== code && r.level !== "province").map((r) => r.code),
      );
      // Runs naming this region or an ancestor, the heaviest first, without overlaps; an
      // ordinary word only for the region it names itself.
      const consistent = hits
        .filter((h) => (h.needsParent ? h.codes.includes(code) : h.codes.some((c) => chain.has(c))))
        .sort((a, b) => b.weight - a.weight);
      const used: Hit[] = [];
      let total = 0;
      for (const h of consistent) {
        if (used.some((u) => u.start < h.end && h.start < u.end)) continue;
        used.push(h);
        total += h.weight;
      }
      const own = used.find((h) => h.codes.includes(code));
      if (!own) continue;
      // An ordinary word is a place when its kecamatan or kab/kota follows it, the way
      // addresses are written: "Lalang Manggar", "Lalang, kec. Manggar".
      const vouched = used.some(
        (h) =>
          !h.needsParent &&
          (h.start === own.end || (h.marked && h.start === own.end + 1)) &&
          h.codes.some((c) => parents.has(c)),
      );
      if (own.needsParent && !vouched) continue;
      scores.set(code, total + LEVEL_BONUS[region.level]);
    }
  }
  if (scores.size === 0) return undefined;
  const best = Math.max(...scores.values());
  const contenders = [...scores].filter(([, s]) => s >= best - TIE_MARGIN).map(([code]) => code);
  if (contenders.length === 1) return contenders[0];

  const paths = contenders.map((code) => regions.pathOf(code));
  // On one chain: the broadest, which is right either way.
  const onOneChain = paths.every((a) =>
    paths.every((b) => a.every((r, i) => b[i] === undefined || b[i]?.code === r.code)),
  );
  if (onOneChain) return shortest(paths);
  // Otherwise their deepest common ancestor, if it is at least a kab/kota.
  let common: Region[] = paths[0] ?? [];
  for (const path of paths.slice(1)) {
    let i = 0;
    while (i < common.length && i < path.length && common[i]?.code === path[i]?.code) i++;
    common = common.slice(0, i);
  }
  const deepest = common.at(-1);
  return deepest && deepest.level !== "province" ? deepest.code : undefined;
}

function shortest(paths: readonly Region[][]): string | undefined {
  const path = paths.reduce((a, b) => (b.length < a.length ? b : a));
  return path.at(-1)?.code;
}
