import type { FlowDefinition } from "../src/engine/types";

/** `/gabung KODE`: a member of an organisation becomes a relayer for it. */
export const joinFlow: FlowDefinition = {
  id: "join",
  specVersion: 1,
  start: "has_code",
  nodes: {
    has_code: {
      type: "branch",
      cases: [{ var: "argument", next: "join" }],
      otherwise: "ask_code",
    },
    ask_code: { type: "ask", prompt: ["relay:join_ask"], save: "argument", next: "join" },
    join: { type: "act", action: "emit", params: { event: "join_requested" }, next: "done" },
    done: { type: "end" },
  },
};
