import type { FlowDefinition } from "../src/engine/types";

/**
 * `berhenti` / `stop`: no more imbauan, at once and from anywhere. The handler says whether a
 * subscription ended or there was none. It answers in between (an `anywhere` interjection):
 * whatever the person was filling in stays as it was and its question is asked again, so they
 * are told that it stays and how to cancel it, in case "berhenti" meant that.
 */
export const unsubscribeFlow: FlowDefinition = {
  id: "unsubscribe",
  specVersion: 1,
  start: "unsubscribe",
  nodes: {
    unsubscribe: {
      type: "act",
      action: "emit",
      params: { event: "unsubscribe_requested" },
      next: "in_between",
    },
    in_between: {
      type: "branch",
      cases: [{ var: "interrupted", next: "still_open" }],
      otherwise: "done",
    },
    still_open: { type: "end", say: ["subscribe:interrupted_kept"] },
    done: { type: "end" },
  },
};
