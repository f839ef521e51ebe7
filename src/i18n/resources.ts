import enAsk from "../../locales/en/ask.json" with { type: "json" };
import enBroadcast from "../../locales/en/broadcast.json" with { type: "json" };
import enCasework from "../../locales/en/casework.json" with { type: "json" };
import enCommon from "../../locales/en/common.json" with { type: "json" };
import enConsole from "../../locales/en/console.json" with { type: "json" };
import enErase from "../../locales/en/erase.json" with { type: "json" };
import enErrors from "../../locales/en/errors.json" with { type: "json" };
import enEvidence from "../../locales/en/evidence.json" with { type: "json" };
import enKnowledge from "../../locales/en/knowledge.json" with { type: "json" };
import enLanguage from "../../locales/en/language.json" with { type: "json" };
import enMenu from "../../locales/en/menu.json" with { type: "json" };
import enOfficer from "../../locales/en/officer.json" with { type: "json" };
import enPrivacy from "../../locales/en/privacy.json" with { type: "json" };
import enRelay from "../../locales/en/relay.json" with { type: "json" };
import enReport from "../../locales/en/report.json" with { type: "json" };
import enStafflink from "../../locales/en/stafflink.json" with { type: "json" };
import enStatus from "../../locales/en/status.json" with { type: "json" };
import enSubscribe from "../../locales/en/subscribe.json" with { type: "json" };
import enTelegram from "../../locales/en/telegram.json" with { type: "json" };
import enWebchat from "../../locales/en/webchat.json" with { type: "json" };
import enWhatsapp from "../../locales/en/whatsapp.json" with { type: "json" };
import enWithdraw from "../../locales/en/withdraw.json" with { type: "json" };
import idAsk from "../../locales/id/ask.json" with { type: "json" };
import idBroadcast from "../../locales/id/broadcast.json" with { type: "json" };
import idCasework from "../../locales/id/casework.json" with { type: "json" };
import idCommon from "../../locales/id/common.json" with { type: "json" };
import idConsole from "../../locales/id/console.json" with { type: "json" };
import idErase from "../../locales/id/erase.json" with { type: "json" };
import idErrors from "../../locales/id/errors.json" with { type: "json" };
import idEvidence from "../../locales/id/evidence.json" with { type: "json" };
import idKnowledge from "../../locales/id/knowledge.json" with { type: "json" };
import idLanguage from "../../locales/id/language.json" with { type: "json" };
import idMenu from "../../locales/id/menu.json" with { type: "json" };
import idOfficer from "../../locales/id/officer.json" with { type: "json" };
import idPrivacy from "../../locales/id/privacy.json" with { type: "json" };
import idRelay from "../../locales/id/relay.json" with { type: "json" };
import idReport from "../../locales/id/report.json" with { type: "json" };
import idStafflink from "../../locales/id/stafflink.json" with { type: "json" };
import idStatus from "../../locales/id/status.json" with { type: "json" };
import idSubscribe from "../../locales/id/subscribe.json" with { type: "json" };
import idTelegram from "../../locales/id/telegram.json" with { type: "json" };
import idWebchat from "../../locales/id/webchat.json" with { type: "json" };
import idWhatsapp from "../../locales/id/whatsapp.json" with { type: "json" };
import idWithdraw from "../../locales/id/withdraw.json" with { type: "json" };

export type Namespace = Record<string, string>;
export type Resources = Record<"id" | "en", Record<string, Namespace>>;

/**
 * Static imports rather than a directory scan, so the same bundle works where there is no
 * file system (Cloudflare Workers). A new namespace is added here and in both languages.
 */
export const resources: Resources = {
  id: {
    ask: idAsk,
    broadcast: idBroadcast,
    casework: idCasework,
    common: idCommon,
    console: idConsole,
    errors: idErrors,
    knowledge: idKnowledge,
    language: idLanguage,
    menu: idMenu,
    officer: idOfficer,
    relay: idRelay,
    report: idReport,
    privacy: idPrivacy,
    erase: idErase,
    evidence: idEvidence,
    withdraw: idWithdraw,
    status: idStatus,
    subscribe: idSubscribe,
    stafflink: idStafflink,
    telegram: idTelegram,
    webchat: idWebchat,
    whatsapp: idWhatsapp,
  },
  en: {
    ask: enAsk,
    broadcast: enBroadcast,
    casework: enCasework,
    common: enCommon,
    console: enConsole,
    errors: enErrors,
    knowledge: enKnowledge,
    language: enLanguage,
    menu: enMenu,
    officer: enOfficer,
    relay: enRelay,
    report: enReport,
    privacy: enPrivacy,
    erase: enErase,
    evidence: enEvidence,
    withdraw: enWithdraw,
    status: enStatus,
    subscribe: enSubscribe,
    stafflink: enStafflink,
    telegram: enTelegram,
    webchat: enWebchat,
    whatsapp: enWhatsapp,
  },
};

/** The resources with the voter-education answers as stored (staff may have edited them). */
export function withKnowledge(
  base: Resources,
  knowledge: { id: Namespace; en: Namespace },
): Resources {
  return {
    id: { ...base.id, knowledge: { ...base.id.knowledge, ...knowledge.id } },
    en: { ...base.en, knowledge: { ...base.en.knowledge, ...knowledge.en } },
  };
}
