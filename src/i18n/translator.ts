import { createInstance, type i18n } from "i18next";
import type { Language, Say } from "../engine/types";
import type { Resources } from "./resources";

export interface Translator {
  /** Renders an i18n key (or a key with parameters) in a language; Indonesian is the fallback. */
  text(language: Language, say: Say): string;
  has(key: string): boolean;
}

export function createTranslator(resources: Resources): Translator {
  const instance: i18n = createInstance();
  void instance.init({
    initAsync: false,
    resources,
    lng: "id",
    fallbackLng: "id",
    ns: Object.keys(resources.id),
    defaultNS: "common",
    nsSeparator: ":",
    keySeparator: false,
    // Texts go to chat channels, never into HTML; each channel escapes for itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = { id: instance.getFixedT("id"), en: instance.getFixedT("en") };
  const text = (language: Language, say: Say): string => {
    if (typeof say === "string") return fixed[language](say);
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(say.params ?? {})) {
      params[name] =
        typeof value === "string"
          ? value
          : "key" in value
            ? text(language, value)
            : value.list.map((key) => `• ${fixed[language](key)}`).join("\n");
    }
    return fixed[language](say.key, params);
  };
  return {
    text,
    has(key) {
      const [namespace, name] = key.split(":", 2);
      if (!namespace || !name) return false;
      return (["id", "en"] as const).every(
        (language) => typeof resources[language][namespace]?.[name] === "string",
      );
    },
  };
}
