/**
 * Texts are written for chat apps with WhatsApp-style `*bold*`. Telegram gets HTML (its
 * Markdown mode refuses a message over one stray `_` or `*` in what a person typed, and the
 * whole send fails), so the text is escaped and `*…*` on one line becomes `<b>…</b>`.
 */
const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function toTelegramHtml(text: string): string {
  return escapeHtml(text).replace(/\*([^*\n]+)\*/g, "<b>$1</b>");
}

/** Telegram refuses messages over 4096 characters (after entity parsing). */
export const maxMessageLength = 4096;

/** Splits a long text at line breaks so each part fits in one Telegram message. */
export function splitForTelegram(text: string, max = maxMessageLength - 96): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    if (current && current.length + line.length + 1 > max) {
      parts.push(current);
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
    while (current.length > max) {
      parts.push(current.slice(0, max));
      current = current.slice(max);
    }
  }
  if (current) parts.push(current);
  return parts;
}
