import type { FlowDefinition, FlowNode } from "../src/engine/types";
import { reportCategories } from "../src/reports/categories";
import { relayNodes } from "./report-relay";

/**
 * The report flow: category → where → when → what → who → witnesses → evidence → track
 * (anonymous tip, or identified report after consent) → summary with Kirim / Ubah / Batal.
 * Editing from the summary jumps to one field and comes straight back (`editing`).
 *
 * A violation told in one message arrives `prefilled` (category, story, and the place and day
 * when the message named them): the bot says what it understood, and the questions whose
 * answers are already known are skipped, so only what is missing is asked.
 */
const backToSummaryWhenEditing = (otherwise: string): FlowNode => ({
  type: "branch",
  cases: [{ var: "editing", equals: true, next: "summary" }],
  otherwise,
});

const editField = (next: string): FlowNode => ({
  type: "act",
  action: "set",
  params: { editing: true },
  next,
});

/** "Politik uang · Kab. Belitung Timur" in the receipt (the kab/kota when one is known). */
const about = {
  key: "report:receipt_about_$receiptRegion",
  params: { category: { key: "report:category.$category" }, regency: "$regencyName" },
};

export const reportFlow: FlowDefinition = {
  id: "report",
  specVersion: 1,
  start: "start",
  nodes: {
    start: {
      type: "branch",
      cases: [{ var: "contact.relayer", equals: true, next: "relay_who" }],
      otherwise: "opening",
    },
    ...relayNodes("opening"),
    opening: {
      type: "branch",
      cases: [{ var: "prefilled", equals: true, next: "understood" }],
      otherwise: "intro",
    },
    intro: { type: "say", say: ["report:intro"], next: "category" },
    understood: { type: "act", action: "describe_understood", next: "understood_confirm" },
    understood_confirm: {
      type: "choose",
      prompt: ["report:understood_confirm"],
      choices: [
        {
          id: "continue",
          label: "report:understood_continue",
          next: "where",
          words: ["ya", "benar", "betul", "lanjut", "yes", "ok"],
        },
        { id: "category", label: "report:understood_fix_category", next: "fix_category" },
        { id: "place", label: "report:understood_fix_place", next: "fix_place" },
        { id: "when", label: "report:understood_fix_when", next: "fix_when" },
        { id: "cancel", label: "report:confirm_cancel", next: "cancelled" },
      ],
    },
    fix_category: { type: "act", action: "set", params: { category: null }, next: "category" },
    fix_place: { type: "act", action: "set", params: { place: null }, next: "where" },
    fix_when: { type: "act", action: "set", params: { happenedOn: null }, next: "when" },
    category: {
      type: "choose",
      prompt: ["report:ask_category"],
      save: "category",
      help: "report:help_category",
      choices: [
        ...reportCategories.map((id) => ({
          id,
          label: `report:category.${id}`,
          // On to the place even when editing: a changed category (online or not) may need
          // another kind of place, so it is asked again.
          next: id === "lainnya" ? "category_other" : "where",
        })),
        { id: "bukan_pemilu", label: "report:category.bukan_pemilu", next: "not_election" },
      ],
    },
    category_other: {
      type: "ask",
      prompt: ["report:ask_category_other"],
      save: "categoryOther",
      next: "where",
    },
    not_election: { type: "end", say: ["report:not_election"] },

    where: {
      type: "branch",
      cases: [
        { var: "category", equals: "online", next: "online_url" },
        { var: "editing", equals: true, next: "place" },
        // Named in the first message: on to one level down, if there is one.
        { var: "place", next: "place_level" },
      ],
      otherwise: "place",
    },
    place: {
      type: "ask",
      prompt: ["report:ask_place"],
      save: "place",
      parser: "place",
      help: "report:help_place",
      location: { save: "location", noted: "report:location_noted" },
      next: "place_noted",
    },
    place_noted: {
      type: "say",
      say: [{ key: "report:place_noted", params: { place: "$place.name" } }],
      next: "place_level",
    },
    // Only a kab/kota or a kecamatan so far: ask one level down (skippable), so the most
    // specific code is stored.
    place_level: {
      type: "branch",
      cases: [
        { var: "place.level", equals: "province", next: "ask_regency" },
        { var: "place.level", equals: "regency", next: "ask_district" },
        { var: "place.level", equals: "district", next: "ask_village" },
      ],
      otherwise: "after_place",
    },
    ask_regency: {
      type: "ask",
      prompt: ["report:ask_regency"],
      save: "place",
      parser: "place_within",
      next: "place_noted",
    },
    ask_district: {
      type: "ask",
      prompt: ["report:ask_district"],
      save: "place",
      parser: "place_within",
      next: "district_level",
    },
    district_level: {
      type: "branch",
      cases: [{ var: "place.level", equals: "district", next: "ask_village" }],
      otherwise: "after_place",
    },
    ask_village: {
      type: "ask",
      prompt: ["report:ask_village"],
      save: "place",
      parser: "place_within",
      next: "place_final",
    },
    place_final: {
      type: "say",
      say: [{ key: "report:place_noted", params: { place: "$place.name" } }],
      next: "after_place",
    },
    online_url: {
      type: "ask",
      prompt: ["report:ask_url"],
      save: "onlineUrl",
      parser: "url",
      next: "online_regency",
    },
    online_regency: {
      type: "ask",
      prompt: ["report:ask_online_regency"],
      save: "onlineRegency",
      parser: "regency_or_skip",
      next: "after_place",
    },
    after_place: backToSummaryWhenEditing("when"),
    when: {
      type: "branch",
      cases: [
        { var: "editing", equals: true, next: "happened" },
        { var: "happenedOn", next: "same_day" },
      ],
      otherwise: "happened",
    },

    happened: {
      type: "ask",
      prompt: ["report:ask_happened"],
      save: "happenedOn",
      parser: "date",
      help: "report:help_date",
      next: "same_day",
    },
    // Something that happened today was known today: no need to ask.
    same_day: { type: "act", action: "known_if_today", next: "same_day_check" },
    same_day_check: {
      type: "branch",
      cases: [{ var: "happenedToday", equals: true, next: "window" }],
      otherwise: "known_same",
    },
    known_same: {
      type: "choose",
      prompt: ["report:ask_known_same"],
      save: "knownSame",
      choices: [
        {
          id: "yes",
          label: "report:known_same_yes",
          next: "window",
          words: ["ya", "iya", "yes"],
        },
        {
          id: "no",
          label: "report:known_same_no",
          next: "known_date",
          words: ["tidak", "bukan", "no"],
        },
      ],
    },
    known_date: {
      type: "ask",
      prompt: ["report:ask_known"],
      save: "knownOn",
      parser: "date",
      help: "report:help_date",
      next: "window",
    },
    window: { type: "act", action: "reporting_window", next: "window_check" },
    window_check: {
      type: "branch",
      cases: [{ var: "pastWindow", equals: true, next: "past_window" }],
      otherwise: "after_dates",
    },
    past_window: { type: "say", say: ["report:past_window"], next: "after_dates" },
    after_dates: backToSummaryWhenEditing("what"),
    what: {
      type: "branch",
      cases: [
        { var: "editing", equals: true, next: "story" },
        { var: "story", next: "after_story" },
      ],
      otherwise: "story",
    },

    story: {
      type: "ask",
      prompt: ["report:ask_story"],
      save: "story",
      parser: "story",
      next: "after_story",
    },
    after_story: backToSummaryWhenEditing("terlapor"),
    terlapor: {
      type: "ask",
      prompt: ["report:ask_terlapor"],
      save: "terlapor",
      parser: "terlapor",
      next: "after_terlapor",
    },
    after_terlapor: backToSummaryWhenEditing("witnesses"),
    witnesses: {
      type: "ask",
      prompt: ["report:ask_witnesses"],
      save: "witnesses",
      parser: "optional_text",
      next: "after_witnesses",
    },
    after_witnesses: backToSummaryWhenEditing("evidence"),
    evidence: {
      type: "collect",
      prompt: ["report:ask_evidence"],
      save: "evidence",
      received: {
        key: "report:evidence_received",
        params: { files: "$evidenceFiles", links: "$evidence.length" },
      },
      hint: "report:evidence_hint",
      next: "after_evidence",
    },
    after_evidence: backToSummaryWhenEditing("track"),

    track: {
      type: "choose",
      prompt: ["report:tracks"],
      save: "track",
      choices: [
        { id: "tip", label: "report:track_tip", next: "summary" },
        { id: "report", label: "report:track_report", next: "consent" },
      ],
    },
    consent: {
      type: "choose",
      prompt: ["report:consent"],
      save: "consent",
      choices: [
        { id: "agree", label: "report:consent_agree", next: "reporter_name" },
        { id: "decline", label: "report:consent_decline", next: "consent_declined" },
      ],
    },
    consent_declined: { type: "say", say: ["report:consent_declined"], next: "track" },
    reporter_name: {
      type: "ask",
      prompt: ["report:ask_name"],
      save: "reporterName",
      parser: "person_name",
      next: "reporter_address",
    },
    reporter_address: {
      type: "ask",
      prompt: ["report:ask_address"],
      save: "reporterAddress",
      parser: "address",
      next: "reporter_phone",
    },
    reporter_phone: {
      type: "ask",
      prompt: ["report:ask_phone"],
      save: "reporterPhone",
      parser: "phone",
      next: "reporter_nik",
    },
    reporter_nik: {
      type: "ask",
      prompt: ["report:ask_nik"],
      save: "reporterNik",
      parser: "nik_optional",
      next: "summary",
    },

    summary: { type: "act", action: "summarize", next: "confirm" },
    confirm: {
      type: "choose",
      prompt: ["report:confirm"],
      choices: [
        { id: "send", label: "report:confirm_send", next: "submit", words: ["kirim", "send"] },
        { id: "edit", label: "report:confirm_edit", next: "edit", words: ["ubah", "edit"] },
        { id: "cancel", label: "report:confirm_cancel", next: "cancelled" },
      ],
    },
    edit: {
      type: "choose",
      prompt: ["report:ask_edit"],
      choices: [
        { id: "category", label: "report:field.category", next: "edit_category" },
        { id: "place", label: "report:field.place", next: "edit_place" },
        { id: "dates", label: "report:field.dates", next: "edit_dates" },
        { id: "story", label: "report:field.story", next: "edit_story" },
        { id: "terlapor", label: "report:field.terlapor", next: "edit_terlapor" },
        { id: "witnesses", label: "report:field.witnesses", next: "edit_witnesses" },
        { id: "evidence", label: "report:field.evidence", next: "edit_evidence" },
        { id: "identity", label: "report:field.identity", next: "edit_identity" },
      ],
    },
    edit_category: editField("category"),
    edit_place: editField("where"),
    edit_dates: editField("happened"),
    edit_story: editField("story"),
    edit_terlapor: editField("terlapor"),
    edit_witnesses: editField("witnesses"),
    edit_evidence: editField("evidence"),
    edit_identity: editField("track"),
    cancelled: { type: "end", say: ["report:cancelled"] },

    submit: { type: "act", action: "submit_report", next: "receipt" },
    receipt: {
      type: "branch",
      cases: [
        { var: "pastWindow", equals: true, next: "receipt_late" },
        { var: "track", equals: "report", next: "receipt_report" },
      ],
      otherwise: "receipt_tip",
    },
    receipt_report: {
      type: "end",
      say: [
        { key: "report:receipt", params: { code: "$ticketCode", pin: "$pin", about: about } },
        "report:receipt_report_next",
      ],
    },
    receipt_tip: {
      type: "end",
      say: [
        { key: "report:receipt", params: { code: "$ticketCode", pin: "$pin", about: about } },
        "report:receipt_tip_next",
      ],
    },
    receipt_late: {
      type: "end",
      say: [
        { key: "report:receipt", params: { code: "$ticketCode", pin: "$pin", about: about } },
        "report:receipt_late_next",
      ],
    },
  },
};
