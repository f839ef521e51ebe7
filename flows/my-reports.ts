import type { FlowDefinition } from "../src/engine/types";

/** `laporanku`: the reports sent from this conversation, with their stages. */
export const myReportsFlow: FlowDefinition = {
  id: "my_reports",
  specVersion: 1,
  start: "list",
  nodes: {
    list: { type: "act", action: "emit", params: { event: "my_reports_requested" }, next: "done" },
    done: { type: "end" },
  },
};
