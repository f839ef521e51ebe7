import type { FlowDefinition } from "../src/engine/types";

/**
 * `/tautkan KODE`: a staff member links this Telegram conversation to their console account
 * (the code comes from the console's security page). The handler answers everything, also
 * `/tautkan` alone (how it works) and the web chat (Telegram only); nothing waits for a reply,
 * so the next message is never taken for a code.
 */
export const staffLinkFlow: FlowDefinition = {
  id: "staff_link",
  specVersion: 1,
  start: "link",
  nodes: {
    link: { type: "act", action: "emit", params: { event: "staff_link_requested" }, next: "done" },
    done: { type: "end" },
  },
};

/**
 * What may follow the trigger word: two groups of 4 code characters, split by a dash or a
 * space or not at all, with a digit or a dash somewhere (every code has a digit). So
 * "tautkan akun saya" or "tautkan sekarang" is read as ordinary text, not as a wrong code.
 */
export const staffLinkArgumentPattern =
  "^(?=.*[0-9\\-\\u2010-\\u2015\\u2212])[*_\"'`]*[0-9a-z]{4}[\\s\\-\\u2010-\\u2015\\u2212]{0,3}[0-9a-z]{4}[*_\"'`.!]*$";
