/**
 * Indonesian mobile numbers as people type them ("0812 3456 7890", "62812…", "+62 812-…") and
 * as WhatsApp carries them ("6281234567890@s.whatsapp.net"), in one form: E.164, "+62812…".
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
