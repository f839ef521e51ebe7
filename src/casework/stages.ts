import type { ReportStage } from "../reports/categories";

/**
 * The legal stages a case moves through (facts.md §3.6) and what each step needs. Pure.
 *
 * A formal report (laporan): diterima → dikaji → perlu_dilengkapi → diregistrasi |
 * tidak_diregistrasi → diteruskan → selesai. A tip (informasi awal): informasi_awal →
 * ditelusuri → menjadi_temuan | ditutup. Any stage can become `dicabut` (withdrawn) or `spam`.
 */
const formalNext: Partial<Record<ReportStage, ReportStage[]>> = {
  diterima: ["dikaji", "perlu_dilengkapi", "tidak_diregistrasi"],
  dikaji: ["perlu_dilengkapi", "diregistrasi", "tidak_diregistrasi"],
  perlu_dilengkapi: ["dikaji", "diregistrasi", "tidak_diregistrasi"],
  diregistrasi: ["diteruskan", "selesai"],
  diteruskan: ["selesai"],
};

const tipNext: Partial<Record<ReportStage, ReportStage[]>> = {
  informasi_awal: ["ditelusuri", "ditutup"],
  ditelusuri: ["menjadi_temuan", "ditutup"],
};

/** Where a case can no longer move (withdrawn, spam and the final outcomes). */
const closed: ReadonlySet<ReportStage> = new Set(["dicabut", "spam"]);

export type Track = "report" | "tip";

export function nextStages(track: Track, current: ReportStage): ReportStage[] {
  if (closed.has(current)) return [];
  const forward = (track === "report" ? formalNext : tipNext)[current] ?? [];
  return [...forward, "dicabut", "spam"];
}

/** The bodies a case can be forwarded to (facts.md §3.6–3.7). */
export const forwardTargets = ["gakkumdu", "kpu", "dkpp", "bkn", "other"] as const;
export type ForwardTarget = (typeof forwardTargets)[number];

/** What the note of a step must say: what is missing, the reason, or the outcome. */
export type NoteRole = "missing" | "reason" | "outcome";
const requiredNote: Partial<Record<ReportStage, NoteRole>> = {
  perlu_dilengkapi: "missing",
  tidak_diregistrasi: "reason",
  ditutup: "reason",
  selesai: "outcome",
  spam: "reason",
};

export function noteRoleFor(stage: ReportStage): NoteRole | undefined {
  return requiredNote[stage];
}

export interface StageChangeInput {
  stage: ReportStage;
  note?: string | undefined;
  forwardedTo?: ForwardTarget | undefined;
}

export type StageChangeRefusal =
  | "not_allowed"
  | "note_required"
  | "forward_target_required"
  | "same_stage";

/** Whether a change is allowed from here, with what it needs; undefined when it is. */
export function checkStageChange(
  track: Track,
  current: ReportStage,
  input: StageChangeInput,
): StageChangeRefusal | undefined {
  if (input.stage === current) return "same_stage";
  if (!nextStages(track, current).includes(input.stage)) return "not_allowed";
  if (noteRoleFor(input.stage) && !input.note?.trim()) return "note_required";
  if (input.stage === "diteruskan" && !input.forwardedTo) return "forward_target_required";
  if (input.stage !== "diteruskan" && input.forwardedTo) return "not_allowed";
  // "Another body" has to be named: the note says which.
  if (input.forwardedTo === "other" && !input.note?.trim()) return "note_required";
  return undefined;
}
