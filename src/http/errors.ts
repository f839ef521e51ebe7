import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Language } from "../engine/types";
import type { Translator } from "../i18n/translator";

/** The language a browser or client asked for; Indonesian unless English is preferred. */
export function requestLanguage(c: Context): Language {
  const header = c.req.header("accept-language") ?? "";
  return /^\s*en\b/i.test(header) ? "en" : "id";
}

/** Errors are JSON `{ error: { code, message } }`; the message is in the person's language. */
export function jsonError(
  c: Context,
  translator: Translator,
  status: ContentfulStatusCode,
  code: string,
  params: Record<string, string> = {},
  language: Language = requestLanguage(c),
  extra: Record<string, unknown> = {},
) {
  const message = translator.text(language, { key: `errors:${code}`, params });
  return c.json({ error: { code, message }, ...extra }, status);
}
