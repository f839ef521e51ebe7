import type { FlowDefinition } from "../src/engine/types";

/** `privasi`: who controls the data, what is kept, for how long, and how to erase it. */
export const privacyFlow: FlowDefinition = {
  id: "privacy",
  specVersion: 1,
  start: "notice",
  nodes: {
    notice: { type: "act", action: "privacy_notice", next: "done" },
    done: { type: "end" },
  },
};
