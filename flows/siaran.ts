import type { FlowDefinition } from "../src/engine/types";

export const broadcastComposeFlowId = "broadcast_compose";

/**
 * `/siaran`: a staff member composes an imbauan broadcast in their private Telegram chat with
 * the bot (issue #8). Only a chat linked to an enabled admin or officer account gets further
 * than the first step (`contact.staff`, the conductor's fact); anyone else is told why and
 * nothing changes.
 *
 * Steps: the Indonesian text → the English text (or `lewati`) → the regions (kab/kota or whole
 * provinces typed by name, as `langganan` reads them; an officer only within their area, and
 * `semua` is their whole area) → when (`sekarang` or a WIB day and time) → a preview with the
 * exact recipient count, then `kirim` creates the broadcast (the handler checks the account
 * again and the broadcast service applies scope and approval), `tes` sends the texts to this
 * chat exactly as subscribers get them, `batal` ends with nothing made.
 */
export const broadcastComposeFlow: FlowDefinition = {
  id: broadcastComposeFlowId,
  specVersion: 1,
  start: "check_staff",
  nodes: {
    check_staff: {
      type: "branch",
      cases: [
        { var: "contact.staff.role", equals: "admin", next: "begin" },
        { var: "contact.staff.role", equals: "officer", next: "begin" },
        { var: "contact.staff.role", next: "refused_role" },
      ],
      otherwise: "refuse",
    },
    refused_role: { type: "end", say: ["broadcast:refused_role"] },
    // Web chat, WhatsApp, or a Telegram chat not linked to a staff account (the handler says which).
    refuse: {
      type: "act",
      action: "emit",
      params: { event: "broadcast_compose_refused" },
      next: "refused",
    },
    refused: { type: "end" },
    // Keeps the composer's role and area for the steps (the handler checks them again at the end).
    begin: { type: "act", action: "broadcast_compose_begin", next: "intro" },
    intro: { type: "say", say: ["broadcast:intro"], next: "text" },
    text: {
      type: "ask",
      prompt: ["broadcast:ask_text"],
      parser: "broadcast_text",
      save: "text",
      help: "broadcast:help_text",
      next: "text_en",
    },
    text_en: {
      type: "ask",
      prompt: ["broadcast:ask_text_en"],
      parser: "broadcast_text_en",
      save: "textEn",
      help: "broadcast:help_text_en",
      next: "audience",
    },
    audience: {
      type: "ask",
      prompt: [
        {
          key: "broadcast:ask_audience",
          params: { scope: { key: "broadcast:scope_$scopeKind", params: { area: "$scopeName" } } },
        },
      ],
      parser: "broadcast_audience",
      save: "audience",
      help: {
        key: "broadcast:help_audience",
        params: { scope: { key: "broadcast:scope_$scopeKind", params: { area: "$scopeName" } } },
      },
      next: "when",
    },
    when: {
      type: "ask",
      prompt: ["broadcast:ask_when"],
      parser: "broadcast_send_time",
      save: "sendAt",
      help: "broadcast:help_when",
      next: "preview",
    },
    // The texts, audience, exact recipient count, time and approval, from the database.
    preview: {
      type: "act",
      action: "emit",
      params: { event: "broadcast_preview_requested" },
      next: "decide",
    },
    decide: {
      type: "choose",
      prompt: ["broadcast:ask_decide"],
      help: "broadcast:help_decide",
      choices: [
        {
          id: "send",
          label: "broadcast:choice_send",
          next: "send",
          words: ["kirim", "kirimkan", "kirim sekarang", "ya", "ya kirim", "send", "yes"],
        },
        {
          id: "test",
          label: "broadcast:choice_test",
          next: "test",
          words: ["tes", "test", "uji", "coba", "kirim uji", "kirim tes", "tes ke saya"],
        },
        { id: "cancel", label: "broadcast:choice_cancel", next: "cancelled" },
      ],
    },
    // A test goes to this very chat (the staff member's linked Telegram): each text as its own
    // message, exactly as a subscriber reads it.
    test: { type: "say", say: ["broadcast:test_intro"], next: "test_text" },
    test_text: {
      type: "say",
      say: [{ key: "broadcast:as_sent", params: { text: "$text" } }],
      next: "test_has_en",
    },
    test_has_en: {
      type: "branch",
      cases: [{ var: "textEn", next: "test_text_en" }],
      otherwise: "decide",
    },
    test_text_en: {
      type: "say",
      say: [{ key: "broadcast:as_sent", params: { text: "$textEn" } }],
      next: "decide",
    },
    send: {
      type: "act",
      action: "emit",
      params: { event: "broadcast_send_requested" },
      next: "done",
    },
    done: { type: "end" },
    cancelled: { type: "end", say: ["broadcast:cancelled"] },
  },
};
