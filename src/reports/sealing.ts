import type { Keyring } from "../privacy/keyring";

/** Associated data per sealed column, so a ciphertext cannot be moved to another column. */
export const reportAad = {
  categoryOther: "reports.category_other",
  onlineUrl: "reports.online_url",
  location: "reports.location",
  story: "reports.story",
  terlapor: "reports.terlapor",
  witnesses: "reports.witnesses",
  reporter: "reports.reporter",
  witness: "reports.witness",
  link: "report_evidence.link",
} as const;

export function sealOptional(
  keyring: Keyring,
  value: string | undefined | null,
  aad: string,
): string | null {
  return value ? keyring.seal(value, aad) : null;
}
