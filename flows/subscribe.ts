import type { FlowDefinition } from "../src/engine/types";

/**
 * `langganan`: a resident asks for imbauan (Bawaslu's official advisories) for one or more
 * kab/kota or whole provinces, in a language. Places are typed by name (several at once) or
 * picked from the list; what was understood is shown before going on. Subscribing again
 * replaces the earlier choice. `berhenti` ends it (flows/unsubscribe.ts).
 */
export const subscribeFlow: FlowDefinition = {
  id: "subscribe",
  specVersion: 1,
  start: "intro",
  nodes: {
    intro: { type: "say", say: ["subscribe:intro"], next: "current" },
    // Says so when a subscription is already active (a new choice replaces it).
    current: {
      type: "act",
      action: "emit",
      params: { event: "subscription_started" },
      next: "places",
    },
    places: {
      type: "ask",
      prompt: ["subscribe:ask_places"],
      parser: "subscription_places",
      save: "places",
      help: "subscribe:help_places",
      next: "check_skipped",
    },
    check_skipped: {
      type: "branch",
      cases: [{ var: "places.skipped", next: "skipped" }],
      otherwise: "confirm_places",
    },
    skipped: {
      type: "say",
      say: [{ key: "subscribe:places_skipped", params: { typed: "$places.skipped" } }],
      next: "confirm_places",
    },
    confirm_places: {
      type: "choose",
      prompt: [{ key: "subscribe:confirm_places", params: { places: "$places.names" } }],
      choices: [
        {
          id: "yes",
          label: "subscribe:places_yes",
          next: "language_choices",
          words: ["ya", "benar", "betul", "lanjut", "ok", "oke", "yes"],
        },
        {
          id: "add",
          label: "subscribe:places_add",
          next: "more_places",
          words: ["tambah", "add"],
        },
        {
          id: "change",
          label: "subscribe:places_change",
          next: "places",
          words: ["ganti", "ubah", "change"],
        },
      ],
    },
    more_places: {
      type: "ask",
      prompt: ["subscribe:ask_more_places"],
      parser: "subscription_places_more",
      save: "places",
      help: "subscribe:help_places",
      next: "check_skipped",
    },
    language_choices: { type: "act", action: "subscription_language_choices", next: "language" },
    language: {
      type: "choose",
      prompt: ["subscribe:ask_language"],
      choices: [],
      choicesFrom: { var: "languageChoices", save: "subscriptionLanguage", next: "save" },
    },
    save: {
      type: "act",
      action: "emit",
      params: { event: "subscription_requested" },
      next: "done",
    },
    done: {
      type: "end",
      say: [
        {
          key: "subscribe:done",
          params: {
            places: "$places.names",
            language: { key: "subscribe:language_name_$subscriptionLanguage" },
          },
        },
      ],
    },
  },
};
