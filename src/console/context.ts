import type { Language } from "../engine/types";
import type { Translator } from "../i18n/translator";
import type { ConsoleStaff } from "../staff/console-sessions";

export type { ConsoleStaff };

/** What every page needs: texts in the staff member's language, who they are, the form token. */
export interface PageContext {
  language: Language;
  t: (key: string, params?: Record<string, string>) => string;
  staff?: ConsoleStaff;
  csrf?: string;
  /** The current path, to mark the navigation. */
  path: string;
  /** Names a region code ("Manggar, Kab. Belitung Timur"). */
  regionName: (code: string) => string;
  whatsappEnabled: boolean;
}

export function pageContext(
  translator: Translator,
  language: Language,
  rest: Omit<PageContext, "language" | "t">,
): PageContext {
  return {
    language,
    t: (key, params) =>
      translator.text(language, params ? { key: `console:${key}`, params } : `console:${key}`),
    ...rest,
  };
}

/** Any text from another namespace (stages, categories) in the staff language. */
export function otherText(translator: Translator, language: Language, key: string): string {
  return translator.text(language, key);
}

const wib = { timeZone: "Asia/Jakarta" } as const;

export function formatDateTime(at: Date, language: Language): string {
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "id-ID", {
    ...wib,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(at);
}

export function formatDate(at: Date | string, language: Language): string {
  const date = typeof at === "string" ? new Date(`${at}T00:00:00+07:00`) : at;
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "id-ID", {
    ...wib,
    dateStyle: "medium",
  }).format(date);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
