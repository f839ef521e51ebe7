import type { FlowDefinition } from "../src/engine/types";

/** A brand-new conversation, or a greeting: introduce the bot, then the menu. */
export const welcomeFlow: FlowDefinition = {
  id: "welcome",
  specVersion: 1,
  start: "greet",
  nodes: {
    greet: { type: "say", say: ["common:welcome"], next: "menu" },
    menu: { type: "goto", flow: "menu" },
  },
};
