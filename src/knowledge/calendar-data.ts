/**
 * Election stages the bot may talk about, with dates from the project's fact sheet
 * (/work/shared/domain/facts.md §1 "Key dates"). All dates are calendar days in WIB (UTC+7),
 * which both Bangka Belitung (19) and Jambi (15) use; `end` is inclusive.
 *
 * Rules for editing this list:
 * - Only dates that facts.md marks as sourced go here. Anything UNCONFIRMED there (the pelantikan
 *   of 20 Feb 2025, the Pilkada 2024 H-30 pindah-memilih date, any 2029+ date) is not an event.
 * - Pilkada 2024 masa tenang is 24–26 Nov 2024 (facts.md §1 [CONFLICT] note, §8 item 1), not
 *   "23–26" or "24–27".
 * - The 2025 re-run in Kab. Bangka and Kota Pangkalpinang has no masa tenang or recap dates in
 *   facts.md, so none are derived here.
 * - There is deliberately no event after 27 Aug 2025: no KPU date for 2029 or later exists
 *   (facts.md §1 "2029 and later", §8 item 14). Callers say "belum ditetapkan".
 */

/** The elections shipped with the code; their names for people are `ask:election.<id>`. */
export type ShippedElectionId = "pemilu_2024" | "pilkada_2024" | "pilkada_ulang_2025";

/**
 * Any election id: staff add new ones in the console (e.g. `pilkada_2029`, once KPU sets its
 * dates), with their names stored beside the events (`calendar_events.election_name_*`).
 */
export type ElectionId = ShippedElectionId | (string & {});

export type ElectionEventKind =
  | "campaign"
  | "masa_tenang"
  | "voting"
  | "counting"
  | "candidacy"
  | "voter_list"
  | "other";

export type EventScope =
  | { level: "national" }
  | { level: "province"; codes: string[] }
  | { level: "regency"; codes: string[] };

export type ElectionEvent = {
  /** Stable id, e.g. "pilkada_2024.voting". */
  id: string;
  election: ElectionId;
  kind: ElectionEventKind;
  /** First day, YYYY-MM-DD in WIB. */
  start: string;
  /** Last day, inclusive, YYYY-MM-DD in WIB. */
  end: string;
  /** Where the stage applies: Kemendagri codes ("19", "19.71"). */
  scope: EventScope;
  /** The facts.md section the dates come from, e.g. "§1 Pilkada 2024". */
  source: string;
  /** Caveat for staff and callers (not user-facing copy). */
  note?: string;
  /**
   * Regencies where this stage's result was voided and re-run (the kotak kosong won): do not
   * present the 2024 outcome there (facts.md §8 item 12).
   */
  rerunIn?: string[];
  /** Display text belongs to the i18n layer keyed by `id`, not to the data. */
  labelKey?: never;
};

/** Kabupaten Bangka and Kota Pangkalpinang: the kotak kosong won there in 2024. */
export const RERUN_2025_REGENCIES: readonly string[] = ["19.01", "19.71"];

const KOTAK_KOSONG_NOTE =
  "In Kab. Bangka (19.01) and Kota Pangkalpinang (19.71) the kotak kosong won; the 2024 result " +
  "there was followed by the re-run Pilkada of 27 Aug 2025 (pilkada_ulang_2025).";

const PEMILU = "§1 Pemilu 2024";
const PILKADA = "§1 Pilkada 2024";
const RERUN = "§1 Babel re-run 2025";

export const electionEvents: ElectionEvent[] = [
  // Pemilu 2024 (PKPU 3/2022)
  {
    id: "pemilu_2024.voter_list",
    election: "pemilu_2024",
    kind: "voter_list",
    start: "2022-10-14",
    end: "2023-06-21",
    scope: { level: "national" },
    source: PEMILU,
    note: "Pemutakhiran data pemilih.",
  },
  {
    id: "pemilu_2024.candidacy_dpr_dprd",
    election: "pemilu_2024",
    kind: "candidacy",
    start: "2023-04-24",
    end: "2023-11-25",
    scope: { level: "national" },
    source: PEMILU,
    note: "Pencalonan DPR/DPRD.",
  },
  {
    id: "pemilu_2024.candidacy_president",
    election: "pemilu_2024",
    kind: "candidacy",
    start: "2023-10-19",
    end: "2023-11-25",
    scope: { level: "national" },
    source: PEMILU,
    note: "Pencalonan Presiden/Wakil Presiden.",
  },
  {
    id: "pemilu_2024.campaign",
    election: "pemilu_2024",
    kind: "campaign",
    start: "2023-11-28",
    end: "2024-02-10",
    scope: { level: "national" },
    source: PEMILU,
  },
  {
    id: "pemilu_2024.masa_tenang",
    election: "pemilu_2024",
    kind: "masa_tenang",
    start: "2024-02-11",
    end: "2024-02-13",
    scope: { level: "national" },
    source: PEMILU,
  },
  {
    id: "pemilu_2024.voting",
    election: "pemilu_2024",
    kind: "voting",
    start: "2024-02-14",
    end: "2024-02-14",
    scope: { level: "national" },
    source: PEMILU,
  },
  {
    id: "pemilu_2024.counting",
    election: "pemilu_2024",
    kind: "counting",
    start: "2024-02-14",
    end: "2024-02-15",
    scope: { level: "national" },
    source: PEMILU,
    note: "Penghitungan suara at the TPS.",
  },
  {
    id: "pemilu_2024.recap",
    election: "pemilu_2024",
    kind: "counting",
    start: "2024-02-15",
    end: "2024-03-20",
    scope: { level: "national" },
    source: PEMILU,
    note: "Rekapitulasi hasil penghitungan suara.",
  },

  // Pilkada Serentak 2024 (PKPU 2/2024): every province and kab/kota, Babel and Jambi included.
  {
    id: "pilkada_2024.candidacy_registration",
    election: "pilkada_2024",
    kind: "candidacy",
    start: "2024-08-27",
    end: "2024-08-29",
    scope: { level: "national" },
    source: PILKADA,
    note: "Pendaftaran paslon.",
  },
  {
    id: "pilkada_2024.candidacy_set",
    election: "pilkada_2024",
    kind: "candidacy",
    start: "2024-09-22",
    end: "2024-09-22",
    scope: { level: "national" },
    source: PILKADA,
    note: "Penetapan paslon.",
  },
  {
    id: "pilkada_2024.campaign",
    election: "pilkada_2024",
    kind: "campaign",
    start: "2024-09-25",
    end: "2024-11-23",
    scope: { level: "national" },
    source: PILKADA,
  },
  {
    id: "pilkada_2024.masa_tenang",
    election: "pilkada_2024",
    kind: "masa_tenang",
    start: "2024-11-24",
    end: "2024-11-26",
    scope: { level: "national" },
    source: PILKADA,
    note: "24–26 Nov per facts.md; sources saying 23–26 or 24–27 Nov are wrong.",
  },
  {
    id: "pilkada_2024.voting",
    election: "pilkada_2024",
    kind: "voting",
    start: "2024-11-27",
    end: "2024-11-27",
    scope: { level: "national" },
    source: PILKADA,
    note: KOTAK_KOSONG_NOTE,
    rerunIn: [...RERUN_2025_REGENCIES],
  },
  {
    id: "pilkada_2024.counting_recap",
    election: "pilkada_2024",
    kind: "counting",
    start: "2024-11-27",
    end: "2024-12-16",
    scope: { level: "national" },
    source: PILKADA,
    note: `Penghitungan dan rekapitulasi. ${KOTAK_KOSONG_NOTE}`,
    rerunIn: [...RERUN_2025_REGENCIES],
  },

  // Re-run Pilkada 2025, Kab. Bangka and Kota Pangkalpinang only.
  {
    id: "pilkada_ulang_2025.candidacy_registration",
    election: "pilkada_ulang_2025",
    kind: "candidacy",
    start: "2025-06-26",
    end: "2025-06-28",
    scope: { level: "regency", codes: [...RERUN_2025_REGENCIES] },
    source: RERUN,
    note: "Pendaftaran paslon.",
  },
  {
    id: "pilkada_ulang_2025.candidacy_set",
    election: "pilkada_ulang_2025",
    kind: "candidacy",
    start: "2025-07-22",
    end: "2025-07-22",
    scope: { level: "regency", codes: [...RERUN_2025_REGENCIES] },
    source: RERUN,
    note: "Penetapan paslon.",
  },
  {
    id: "pilkada_ulang_2025.campaign",
    election: "pilkada_ulang_2025",
    kind: "campaign",
    start: "2025-07-25",
    end: "2025-08-23",
    scope: { level: "regency", codes: [...RERUN_2025_REGENCIES] },
    source: RERUN,
    note: "Masa tenang dates for the re-run are not in facts.md and are not derived.",
  },
  {
    id: "pilkada_ulang_2025.voting",
    election: "pilkada_ulang_2025",
    kind: "voting",
    start: "2025-08-27",
    end: "2025-08-27",
    scope: { level: "regency", codes: [...RERUN_2025_REGENCIES] },
    source: RERUN,
  },
];
