import enCommon from "../../locales/en/common.json" with { type: "json" };
import enErrors from "../../locales/en/errors.json" with { type: "json" };
import enLanguage from "../../locales/en/language.json" with { type: "json" };
import enMenu from "../../locales/en/menu.json" with { type: "json" };
import enWebchat from "../../locales/en/webchat.json" with { type: "json" };
import idCommon from "../../locales/id/common.json" with { type: "json" };
import idErrors from "../../locales/id/errors.json" with { type: "json" };
import idLanguage from "../../locales/id/language.json" with { type: "json" };
import idMenu from "../../locales/id/menu.json" with { type: "json" };
import idWebchat from "../../locales/id/webchat.json" with { type: "json" };

export type Namespace = Record<string, string>;
export type Resources = Record<"id" | "en", Record<string, Namespace>>;

/**
 * Static imports rather than a directory scan, so the same bundle works where there is no
 * file system (Cloudflare Workers). A new namespace is added here and in both languages.
 */
export const resources: Resources = {
  id: {
    common: idCommon,
    errors: idErrors,
    language: idLanguage,
    menu: idMenu,
    webchat: idWebchat,
  },
  en: {
    common: enCommon,
    errors: enErrors,
    language: enLanguage,
    menu: enMenu,
    webchat: enWebchat,
  },
};
