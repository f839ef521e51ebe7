import type { FlowNode } from "../src/engine/types";

/**
 * The report flow's first question for relayers (ormas members): did they see it themselves, or
 * are they passing on a witness's report? For a relay, the witness's contact is optional and
 * kept only with the witness's consent. All paths continue at `next`.
 */
export function relayNodes(next: string): Record<string, FlowNode> {
  return {
    relay_who: {
      type: "choose",
      prompt: ["relay:ask_who"],
      save: "relay",
      choices: [
        { id: "self", label: "relay:who_self", next },
        { id: "relay", label: "relay:who_relay", next: "witness_contact" },
      ],
    },
    witness_contact: {
      type: "ask",
      prompt: ["relay:ask_witness"],
      save: "witnessContact",
      parser: "optional_text",
      next: "witness_check",
    },
    witness_check: {
      type: "branch",
      cases: [{ var: "witnessContact", equals: "", next }],
      otherwise: "witness_consent",
    },
    witness_consent: {
      type: "choose",
      prompt: ["relay:witness_consent"],
      save: "witnessConsent",
      choices: [
        { id: "yes", label: "relay:consent_yes", next },
        { id: "no", label: "relay:consent_no", next: "witness_dropped" },
      ],
    },
    witness_dropped: {
      type: "act",
      action: "set",
      params: { witnessContact: "" },
      next: "witness_dropped_said",
    },
    witness_dropped_said: { type: "say", say: ["relay:witness_dropped"], next },
  };
}
