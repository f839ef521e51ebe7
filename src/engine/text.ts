/** Folds what a person typed into a comparable form: case, spacing, edge punctuation. */
export function normalizeWords(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/^[\s.,!?;:*_~"'()[\]-]+|[\s.,!?;:*_~"'()[\]-]+$/g, "")
    .trim();
}

/** True when the text holds at least one letter or digit (an emoji-only message does not). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** "2", "2.", "2)" or "no 2" → 2; anything else → undefined. */
export function parseChoiceNumber(text: string): number | undefined {
  const match = /^(?:no\.?\s*|nomor\s*|number\s*)?(\d{1,3})[.)]?$/.exec(normalizeWords(text));
  return match?.[1] ? Number(match[1]) : undefined;
}

const linkPattern = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;

/** Links in a message (kept as text, never fetched). */
export function findLinks(text: string): string[] {
  return [...text.matchAll(linkPattern)].map((match) => match[0].replace(/[.,!?)]+$/, ""));
}

const doneWords = new Set([
  "selesai",
  "sudah",
  "lanjut",
  "lewati",
  "tidak ada",
  "tidak",
  "gak ada",
  "ga ada",
  "skip",
  "done",
  "next",
  "no",
  "none",
  "finish",
  "finished",
]);

/** "selesai", "lewati", "done"…: the person has nothing more to add. */
export function isDoneWord(text: string): boolean {
  return doneWords.has(normalizeWords(text));
}
