/**
 * Vulnerability (kerawanan) per kabupaten/kota of Babel (19) and Jambi (15), transcribed from
 * /work/shared/domain/facts.md §7 (IKP, Indeks Kerawanan Pemilu / Pemilihan) and, for Bawaslu
 * Babel's own per-kab/kota mapping, §0 seed 001. Names of areas follow §6.
 *
 * Data only, never computed: a kab/kota for which facts.md gives no figure has `level` and
 * `score` undefined, and the console says so instead of guessing. Nothing marked UNCONFIRMED in
 * facts.md is stated here (Jambi's provincial category in the Pilkada 2024 IKP is undefined).
 * Every finding carries its source, the index (and so the election and year) it belongs to, and
 * how well confirmed it is. User-facing words are i18n keys in the `console` namespace.
 */
import type { ReportCategory } from "../reports/categories";

export type RiskLevel = "tinggi" | "sedang" | "rendah";
/** facts.md legend: "ok" = [OK]; "one_source" = [1 src] or a single seed article. */
export type RiskReliability = "ok" | "one_source";
export type ConsoleKey = `console:${string}`;

export type RiskIndexId = "ikp_pemilu_2024" | "ikp_pilkada_2024" | "bawaslu_babel_pilkada_2024";

export interface RiskIndex {
  id: RiskIndexId;
  labelKey: ConsoleKey;
  /** The election the mapping is for. */
  election: "pemilu_2024" | "pilkada_2024";
  year: 2024;
  /** Who produced it. */
  by: "Bawaslu RI" | "Bawaslu Provinsi Kepulauan Bangka Belitung";
  /** When it was launched, where facts.md gives the day (YYYY-MM-DD). */
  launchedOn: string | undefined;
  /** Where in facts.md it is described. */
  section: string;
}

export const riskIndexes: Record<RiskIndexId, RiskIndex> = {
  ikp_pemilu_2024: {
    id: "ikp_pemilu_2024",
    labelKey: "console:risk.index.ikp_pemilu_2024",
    election: "pemilu_2024",
    year: 2024,
    by: "Bawaslu RI",
    launchedOn: "2022-12-16",
    section: "facts.md §7 (IKP Pemilu & Pemilihan Serentak 2024)",
  },
  ikp_pilkada_2024: {
    id: "ikp_pilkada_2024",
    labelKey: "console:risk.index.ikp_pilkada_2024",
    election: "pilkada_2024",
    year: 2024,
    by: "Bawaslu RI",
    launchedOn: "2024-08-26",
    section: "facts.md §7 (IKP / Pemetaan Kerawanan Pemilihan Serentak 2024)",
  },
  bawaslu_babel_pilkada_2024: {
    id: "bawaslu_babel_pilkada_2024",
    labelKey: "console:risk.index.bawaslu_babel_pilkada_2024",
    election: "pilkada_2024",
    year: 2024,
    by: "Bawaslu Provinsi Kepulauan Bangka Belitung",
    launchedOn: undefined,
    section: "facts.md §7 (seed-level local risk map) and §0 (seed 001)",
  },
};

/**
 * The IKP Pemilu 2024 categories (facts.md §7, after alinea), as printed: the gaps between
 * 13,46 and 13,47 and between 49,32 and 49,33 are the source's.
 */
export const ikpPemilu2024Thresholds = {
  province: {
    tinggi: { min: 68.5, max: 100 },
    sedang: { min: 21.7, max: 68.5 },
    rendahBelow: 21.7,
  },
  regency: {
    tinggi: { min: 49.33, max: 100 },
    sedang: { min: 13.47, max: 49.32 },
    rendahBelow: 13.46,
  },
} as const;

export type IkpDimensionId = "sospol" | "penyelenggaraan" | "kontestasi" | "partisipasi";

/** The four dimensions of the IKP Pemilu 2024 (12 sub-dimensions, 61 indicators), §7. */
export const ikpPemilu2024Dimensions: { id: IkpDimensionId; labelKey: ConsoleKey }[] = [
  { id: "sospol", labelKey: "console:risk.dimension.sospol" },
  { id: "penyelenggaraan", labelKey: "console:risk.dimension.penyelenggaraan" },
  { id: "kontestasi", labelKey: "console:risk.dimension.kontestasi" },
  { id: "partisipasi", labelKey: "console:risk.dimension.partisipasi" },
];

/** A risk a source names, with the report category it corresponds to where there is one. */
export type RiskIssueId =
  | "threats"
  | "asn_mobilisation"
  | "kades_involvement"
  | "money_distribution"
  | "unrest"
  | "sara"
  | "black_campaign"
  | "money_politics"
  | "asn_neutrality"
  | "social_media_hoaxes"
  | "advertising_outside_schedule"
  | "state_facilities"
  | "asn_supporting_candidates"
  | "asn_campaigning_online";

export const riskIssues: Record<
  RiskIssueId,
  { labelKey: ConsoleKey; category: ReportCategory | undefined }
> = {
  threats: { labelKey: "console:risk.issue.threats", category: undefined },
  asn_mobilisation: { labelKey: "console:risk.issue.asn_mobilisation", category: "asn" },
  kades_involvement: { labelKey: "console:risk.issue.kades_involvement", category: "kades" },
  money_distribution: {
    labelKey: "console:risk.issue.money_distribution",
    category: "politik_uang",
  },
  unrest: { labelKey: "console:risk.issue.unrest", category: undefined },
  sara: { labelKey: "console:risk.issue.sara", category: "sara" },
  black_campaign: { labelKey: "console:risk.issue.black_campaign", category: "kampanye_hitam" },
  money_politics: { labelKey: "console:risk.issue.money_politics", category: "politik_uang" },
  asn_neutrality: { labelKey: "console:risk.issue.asn_neutrality", category: "asn" },
  social_media_hoaxes: { labelKey: "console:risk.issue.social_media_hoaxes", category: undefined },
  advertising_outside_schedule: {
    labelKey: "console:risk.issue.advertising_outside_schedule",
    category: "luar_jadwal",
  },
  state_facilities: {
    labelKey: "console:risk.issue.state_facilities",
    category: "fasilitas_negara",
  },
  asn_supporting_candidates: {
    labelKey: "console:risk.issue.asn_supporting_candidates",
    category: "asn",
  },
  asn_campaigning_online: {
    labelKey: "console:risk.issue.asn_campaigning_online",
    category: "asn",
  },
};

/** Election stages a source singles out. */
export type RiskStageId = "pencalonan" | "kampanye" | "data_pemilih" | "logistik" | "pungut_hitung";

export const riskStageKeys: Record<RiskStageId, ConsoleKey> = {
  pencalonan: "console:risk.stage.pencalonan",
  kampanye: "console:risk.stage.kampanye",
  data_pemilih: "console:risk.stage.data_pemilih",
  logistik: "console:risk.stage.logistik",
  pungut_hitung: "console:risk.stage.pungut_hitung",
};

export const riskLevelKeys: Record<RiskLevel | "none", ConsoleKey> = {
  tinggi: "console:risk.level.tinggi",
  sedang: "console:risk.level.sedang",
  rendah: "console:risk.level.rendah",
  /** For `level: undefined`: facts.md has no figure. */
  none: "console:risk.level.none",
};

export const riskReliabilityKeys: Record<RiskReliability, ConsoleKey> = {
  ok: "console:risk.reliability.ok",
  one_source: "console:risk.reliability.one_source",
};

/** "Named among the most vulnerable" (a ranking without a level or score). */
export const mostVulnerableKey: ConsoleKey = "console:risk.most_vulnerable";
/** The reasons were drawn from experience of Pilkada 2020. */
export const pilkada2020ReasonsKey: ConsoleKey = "console:risk.context.pilkada_2020";

export interface RiskFinding {
  index: RiskIndexId;
  /** On the index's 0–100 scale; undefined when the source gives none. */
  score: number | undefined;
  level: RiskLevel | undefined;
  /** Named among the most vulnerable, without a level or score. */
  mostVulnerable: boolean;
  issues: RiskIssueId[];
  /** Stages the source singles out. */
  stages: RiskStageId[];
  /** Extra context for the issues (e.g. drawn from Pilkada 2020), as a key. */
  contextKey: ConsoleKey | undefined;
  /** The place as the source names it ("Batanghari", "Belitung"). */
  namedAs: string;
  reliability: RiskReliability;
  /** Outlet(s) and address as facts.md gives them. */
  citation: string;
}

export interface RegencyRisk {
  /** Kemendagri code, `19.06`. */
  regencyCode: string;
  provinceCode: "15" | "19";
  /** Official name (facts.md §6). */
  name: string;
  /**
   * The level and score of the IKP for this kab/kota, if facts.md has one (only the IKP
   * Pemilu 2024 figures of three Jambi kab/kota); undefined = no figure, never a guess.
   */
  level: RiskLevel | undefined;
  score: number | undefined;
  levelIndex: RiskIndexId | undefined;
  /** Everything facts.md says about this kab/kota, figures and named risks. */
  findings: RiskFinding[];
}

export interface ProvinceRisk {
  provinceCode: "15" | "19";
  name: string;
  findings: RiskFinding[];
}

const finding = (
  values: Pick<RiskFinding, "index" | "namedAs" | "reliability" | "citation"> &
    Partial<RiskFinding>,
): RiskFinding => ({
  score: undefined,
  level: undefined,
  mostVulnerable: false,
  issues: [],
  stages: [],
  contextKey: undefined,
  ...values,
});

const gegeronline =
  "gegeronline (Wein Arifin, 12 Feb 2024) https://gegeronline.co.id/2024/02/13/sungai-penuh-dan-kerinci-kategori-daerah-rawan-konflik-pemilu/";
const jambiekspres = "jambiekspres https://jambiekspres.bacakoran.co/read/11952/";
const seed001 = "ANTARA Babel 2024, EM Osykar (Ketua Bawaslu Babel) [seed 001]";

/** Jambi kab/kota in the IKP Pemilu 2024: the highest three, all high on the kab/kota scale. */
const jambiIkpPemilu = (namedAs: string, score: number): RiskFinding =>
  finding({
    index: "ikp_pemilu_2024",
    namedAs,
    score,
    level: "tinggi",
    issues: ["threats", "asn_mobilisation", "kades_involvement", "money_distribution", "unrest"],
    contextKey: pilkada2020ReasonsKey,
    reliability: "one_source",
    citation: gegeronline,
  });

const jambiPilkadaMostVulnerable = (namedAs: string): RiskFinding =>
  finding({
    index: "ikp_pilkada_2024",
    namedAs,
    mostVulnerable: true,
    reliability: "one_source",
    citation: jambiekspres,
  });

const babelLocal = (namedAs: string, issues: RiskIssueId[]): RiskFinding =>
  finding({
    index: "bawaslu_babel_pilkada_2024",
    namedAs,
    issues,
    reliability: "one_source",
    citation: seed001,
  });

const regency = (regencyCode: string, name: string, findings: RiskFinding[] = []): RegencyRisk => {
  const figure = findings.find((f) => f.level !== undefined);
  return {
    regencyCode,
    provinceCode: regencyCode.slice(0, 2) as "15" | "19",
    name,
    level: figure?.level,
    score: figure?.score,
    levelIndex: figure?.index,
    findings,
  };
};

/** Every kab/kota of Babel and Jambi (facts.md §6), by code. */
export const regencyRisks: readonly RegencyRisk[] = [
  regency("15.01", "Kabupaten Kerinci", [jambiIkpPemilu("Kerinci", 57.42)]),
  regency("15.02", "Kabupaten Merangin"),
  regency("15.03", "Kabupaten Sarolangun", [jambiPilkadaMostVulnerable("Sarolangun")]),
  regency("15.04", "Kabupaten Batanghari", [jambiIkpPemilu("Batanghari", 61.18)]),
  regency("15.05", "Kabupaten Muaro Jambi"),
  regency("15.06", "Kabupaten Tanjung Jabung Barat"),
  regency("15.07", "Kabupaten Tanjung Jabung Timur"),
  regency("15.08", "Kabupaten Bungo"),
  regency("15.09", "Kabupaten Tebo"),
  regency("15.71", "Kota Jambi", [jambiPilkadaMostVulnerable("Kota Jambi")]),
  regency("15.72", "Kota Sungai Penuh", [jambiIkpPemilu("Kota Sungai Penuh", 58.67)]),
  regency("19.01", "Kabupaten Bangka"),
  // The source says "Belitung" (not "Belitung Timur"); read as Kabupaten Belitung.
  regency("19.02", "Kabupaten Belitung", [babelLocal("Belitung", ["sara", "black_campaign"])]),
  regency("19.03", "Kabupaten Bangka Selatan"),
  regency("19.04", "Kabupaten Bangka Tengah", [
    babelLocal("Kabupaten Bangka Tengah", ["asn_neutrality"]),
  ]),
  regency("19.05", "Kabupaten Bangka Barat"),
  regency("19.06", "Kabupaten Belitung Timur"),
  regency("19.71", "Kota Pangkalpinang", [babelLocal("Kota Pangkalpinang", ["money_politics"])]),
];

/** The two provinces as wholes (facts.md §7); Jambi's Pilkada 2024 category is UNCONFIRMED. */
export const provinceRisks: readonly ProvinceRisk[] = [
  {
    provinceCode: "15",
    name: "Provinsi Jambi",
    findings: [
      finding({
        index: "ikp_pemilu_2024",
        namedAs: "Jambi",
        score: 12.03,
        level: "rendah",
        reliability: "ok",
        citation:
          "tvonenews https://beta.tvonenews.com/berita/88261-bawaslu-catat-5-provinsi-paling-rawan-di-pemilu-2024-dki-jakarta-tertinggi?page=all ; sumeksradio; jakartainsider; suara.com",
      }),
      // The category itself is UNCONFIRMED (facts.md §7, §9): level stays undefined.
      finding({
        index: "ikp_pilkada_2024",
        namedAs: "Jambi",
        issues: [
          "advertising_outside_schedule",
          "state_facilities",
          "asn_supporting_candidates",
          "asn_campaigning_online",
          "money_politics",
        ],
        stages: ["kampanye", "data_pemilih", "logistik", "pungut_hitung"],
        reliability: "one_source",
        citation: jambiekspres,
      }),
    ],
  },
  {
    provinceCode: "19",
    name: "Provinsi Kepulauan Bangka Belitung",
    findings: [
      finding({
        index: "ikp_pemilu_2024",
        namedAs: "Kep. Bangka Belitung",
        score: 29.89,
        level: "sedang",
        reliability: "ok",
        citation:
          "tvonenews https://beta.tvonenews.com/berita/88261-bawaslu-catat-5-provinsi-paling-rawan-di-pemilu-2024-dki-jakarta-tertinggi?page=all ; sumeksradio; jakartainsider; suara.com",
      }),
      finding({
        index: "ikp_pilkada_2024",
        namedAs: "Babel",
        level: "sedang",
        stages: ["pencalonan", "kampanye", "pungut_hitung"],
        reliability: "ok",
        citation:
          "trasberita https://www.trasberita.com/bawaslu-babel-gandeng-insan-media-se-babel-kawal-potensi-kerawanan-pada-pilkada-serentak-2024/ ; liputanindo",
      }),
      finding({
        index: "bawaslu_babel_pilkada_2024",
        namedAs: "Babel",
        issues: ["asn_neutrality", "sara", "social_media_hoaxes"],
        reliability: "one_source",
        citation: "ANTARA Babel, Sahirin (Bawaslu Babel)",
      }),
    ],
  },
];

const byCode = new Map(regencyRisks.map((risk) => [risk.regencyCode, risk]));

/**
 * What facts.md says about the kab/kota of a region code (`19.06`, or a kecamatan or desa
 * under it, `19.06.01.2006`); undefined outside Babel and Jambi or for a province code.
 */
export function riskFor(regionCode: string): RegencyRisk | undefined {
  return byCode.get(regionCode.split(".").slice(0, 2).join("."));
}

/** The province-wide findings for a province code (`19`) or any code under it. */
export function provinceRiskFor(regionCode: string): ProvinceRisk | undefined {
  const province = regionCode.split(".")[0];
  return provinceRisks.find((p) => p.provinceCode === province);
}
