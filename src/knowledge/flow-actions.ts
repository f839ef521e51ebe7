import type { FlowAction } from "../engine/runtime";
import type { JsonValue, Language, Say } from "../engine/types";
import { textOf } from "../engine/values";
import { type PlaceValue, placeOf } from "../reports/parsers";
import type { ElectionCalendar } from "./calendar";
import { calendarLines, stageLineFor } from "./calendar-answer";
import type { TopicDecision } from "./search";

/** What the knowledge base makes of a question (see knowledge-base.ts). */
export interface QuestionReader {
  ask(text: string): { decision: TopicDecision; language: Language };
}

/** Whether a message tells of a violation, and which kind (see incident.ts). */
export type IncidentReader = (
  text: string,
) => { kind: "incident"; category: string } | { kind: "not_incident" };

export interface KnowledgeActionDeps {
  knowledge: QuestionReader;
  readIncident: IncidentReader;
  /** The most specific place a message names, if any (see place-in-text.ts). */
  findPlace(text: string): PlaceValue | undefined;
  /** The day a message says something happened, YYYY-MM-DD (see time-in-text.ts). */
  findTime(text: string, now: Date): string | undefined;
  calendar: ElectionCalendar;
  /** "Kota Pangkal Pinang" for "19.71". */
  regionName(code: string): string;
}

const isLanguage = (value: JsonValue | undefined): value is Language =>
  value === "id" || value === "en";

/** The pure actions behind free text and the knowledge base. */
export function createKnowledgeActions(deps: KnowledgeActionDeps): Record<string, FlowAction> {
  return {
    /** Reads `text` (or a `tanya …` argument): report, answer, unsure, none, or browse. */
    understand_text(_params, { vars, now }) {
      const text = (textOf(vars.text) || textOf(vars.argument)).trim();
      if (!text) return { vars: { intent: "browse" } };
      const place = deps.findPlace(text);
      const incident = deps.readIncident(text);
      if (incident.kind === "incident") {
        const happenedOn = deps.findTime(text, now);
        const prefill: Record<string, JsonValue> = {
          intent: "report",
          prefilled: true,
          category: incident.category,
          story: text,
        };
        if (place) prefill.place = { ...place };
        if (happenedOn) prefill.happenedOn = happenedOn;
        return { vars: prefill };
      }
      const { decision, language } = deps.knowledge.ask(text);
      const asked: Record<string, JsonValue> = { questionLanguage: language };
      if (place) asked.questionPlace = { ...place };
      switch (decision.kind) {
        case "answer":
          return { vars: { ...asked, intent: "answer", topic: decision.id } };
        case "unsure":
          return {
            say: stageLineFor(deps.calendar, decision.candidates, now, language, place),
            language,
            vars: {
              ...asked,
              intent: "unsure",
              candidates: decision.candidates.map((id) => ({
                id,
                label: `knowledge:${id}.title`,
              })),
            },
          };
        case "none":
          return { vars: { ...asked, intent: "none" } };
      }
    },

    /** The answer to `topic`, in the language it was asked in, after today's date line. */
    answer_topic(_params, { vars, now, language: conversationLanguage }) {
      const topic = textOf(vars.topic);
      const language = isLanguage(vars.questionLanguage)
        ? vars.questionLanguage
        : conversationLanguage;
      const place = placeOf(vars.questionPlace);
      const dated = calendarLines(deps.calendar, topic, now, language, {
        ...(place ? { place } : {}),
        regionName: deps.regionName,
      });
      const say: Say[] = [...dated, `knowledge:${topic}.answer`, "ask:after_answer"];
      return { say, language };
    },
  };
}
