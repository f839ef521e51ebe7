/**
 * Indonesian mobile numbers as people type them ("0812 3456 7890", "62812…", "+62 812-…"), in
 * one form: E.164, "+62812…".
 */
export function normalizeIndonesianMobile(text: string): string | undefined {
  const digits = text.replace(/[\s().-]/g, "");
  const match = /^(?:\+?62|0)(8\d{7,12})$/.exec(digits);
  return match ? `+62${match[1]}` : undefined;
}

/** A number shown to staff by default: country code, the first three and last three digits. */
export function maskPhone(e164: string): string {
  const match = /^\+(62)(\d{3})(\d+)(\d{3})$/.exec(e164);
  if (!match) return "••••";
  const [, country, head, middle = "", tail] = match;
  return `+${country} ${head}-${"•".repeat(middle.length)}-${tail}`;
}

// A run that starts like an Indonesian mobile number (+62 8…, 62 8…, 08…), with the spaces,
// dots, dashes and brackets people type inside it, also glued to letters ("hp0812…",
// "wa.me/62812…"). Part of a longer digit run (a NIK, an account number) it is not a number
// someone can be called on, so it is left alone.
const typedMobile = /(?<![\d+])(?:\+?62|0)[\s.()-]{0,2}8(?:[\s.()-]{0,2}\d){7,12}(?!\d)/g;

/** Every Indonesian mobile number typed in a text, in E.164, once each, in order. */
export function phoneNumbersIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(typedMobile)) {
    const e164 = normalizeIndonesianMobile(match[0]);
    if (e164) found.add(e164);
  }
  return [...found];
}

/**
 * A free text as staff see it by default: every mobile number typed in it masked. A resident's
 * story can carry their own number or a neighbour's; the full numbers take an unseal.
 */
export function maskPhonesInText(text: string): string {
  return text.replace(typedMobile, (typed) => {
    const e164 = normalizeIndonesianMobile(typed);
    return e164 ? maskPhone(e164) : typed;
  });
}
