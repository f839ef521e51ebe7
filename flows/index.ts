import type { FlowCatalog } from "../src/engine/types";
import { languageFlow } from "./language";
import { menuFlow } from "./menu";
import { welcomeFlow } from "./welcome";

/** The catalogue: every flow, and the whole-message words that start one from anywhere. */
export const flowCatalog: FlowCatalog = {
  flows: [welcomeFlow, menuFlow, languageFlow],
  triggers: [
    {
      flow: "welcome",
      words: [
        "halo",
        "hai",
        "hi",
        "hello",
        "hey",
        "assalamualaikum",
        "selamat pagi",
        "selamat siang",
        "selamat sore",
        "selamat malam",
      ],
    },
  ],
  welcomeFlow: "welcome",
  menuFlow: "menu",
};
