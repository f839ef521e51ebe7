import type { FlowCatalog } from "../src/engine/types";
import { addEvidenceFlow } from "./add-evidence";
import { eraseFlow } from "./erase";
import { joinFlow } from "./join";
import { languageFlow } from "./language";
import { learnFlow } from "./learn";
import { menuFlow } from "./menu";
import { myReportsFlow } from "./my-reports";
import { officerReplyFlow, officerReplyFlowId } from "./officer-reply";
import { privacyFlow } from "./privacy";
import { questionFlow } from "./question";
import { reportFlow } from "./report";
import { broadcastComposeFlow, broadcastComposeFlowId } from "./siaran";
import { staffLinkArgumentPattern, staffLinkFlow } from "./staff-link";
import { statusFlow } from "./status";
import { subscribeFlow } from "./subscribe";
import { understandFlow } from "./understand";
import { unsubscribeFlow } from "./unsubscribe";
import { welcomeFlow } from "./welcome";
import { withdrawFlow } from "./withdraw";

/** The catalogue: every flow, and the whole-message words that start one from anywhere. */
export const flowCatalog: FlowCatalog = {
  flows: [
    welcomeFlow,
    menuFlow,
    languageFlow,
    reportFlow,
    statusFlow,
    withdrawFlow,
    addEvidenceFlow,
    eraseFlow,
    privacyFlow,
    understandFlow,
    learnFlow,
    questionFlow,
    joinFlow,
    myReportsFlow,
    officerReplyFlow,
    staffLinkFlow,
    subscribeFlow,
    unsubscribeFlow,
    broadcastComposeFlow,
  ],
  triggers: [
    {
      flow: "welcome",
      words: [
        "halo",
        "hai",
        "hi",
        "hello",
        "hey",
        "assalamualaikum",
        "selamat pagi",
        "selamat siang",
        "selamat sore",
        "selamat malam",
      ],
    },
    { flow: "report", words: ["lapor", "/lapor", "laporkan", "report", "/report"] },
    { flow: "status", words: ["cek", "/cek", "cek status", "status", "check"], withArgument: true },
    { flow: "withdraw", words: ["cabut laporan", "cabut", "withdraw"], withArgument: true },
    { flow: "add_evidence", words: ["tambah bukti", "add evidence"], withArgument: true },
    { flow: "join", words: ["/gabung", "gabung", "/join"], withArgument: true },
    // "balas LPR-…" answers an officer; "balas dendam …" is a question (a code has a digit or a dash).
    {
      flow: officerReplyFlowId,
      words: ["balas", "/balas", "jawab", "/jawab", "reply", "/reply"],
      withArgument: true,
      argumentPattern: "\\d|(^|[^0-9a-z])[a-z]{3}\\s*[-\u2010-\u2015]",
    },
    // "tautkan 7K3M-Q9ZD" links a staff member's Telegram; "tautkan akun saya" is ordinary text.
    {
      flow: "staff_link",
      words: ["/tautkan", "tautkan", "/link"],
      withArgument: true,
      argumentPattern: staffLinkArgumentPattern,
    },
    // Staff compose an imbauan broadcast (a linked Telegram chat of an admin or officer only).
    { flow: broadcastComposeFlowId, words: ["/siaran", "siaran", "/broadcast"] },
    { flow: "my_reports", words: ["laporanku", "/laporanku", "laporan saya", "my reports"] },
    { flow: "erase", words: ["hapus data saya", "hapus data", "delete my data"] },
    { flow: "privacy", words: ["privasi", "/privasi", "privacy", "/privacy"], interjection: true },
    {
      flow: "subscribe",
      words: ["langganan", "/langganan", "berlangganan", "subscribe", "/subscribe"],
    },
    // As whole messages from any state, also mid-question: the waiting flow goes on after.
    {
      flow: "unsubscribe",
      words: [
        "berhenti",
        "/berhenti",
        "berhenti langganan",
        "berhenti berlangganan",
        "stop",
        "/stop",
        "unsubscribe",
        "/unsubscribe",
      ],
      interjection: true,
      anywhere: true,
    },
    {
      flow: "question",
      words: ["tanya petugas", "ask an officer", "ask officer"],
      withArgument: true,
    },
    // "tanya" alone browses the topics; "tanya kapan pemilu?" answers the question.
    {
      flow: "understand",
      words: ["tanya", "/tanya", "ask", "/ask", "info pemilu", "info"],
      withArgument: true,
    },
  ],
  welcomeFlow: "welcome",
  menuFlow: "menu",
  freeTextFlow: "understand",
};
