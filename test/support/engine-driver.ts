import { flowCatalog } from "../../flows";
import { renderMessages } from "../../src/conversations/render";
import { createEngine, type Engine } from "../../src/engine/runtime";
import type { EngineEvent, EngineInput, Session } from "../../src/engine/types";
import { resources } from "../../src/i18n/resources";
import { createTranslator, type Translator } from "../../src/i18n/translator";
import type { RenderedReply } from "./transcript";

export const translator: Translator = createTranslator(resources);

export function createAppEngine(idleMs = 24 * 3600_000): Engine {
  return createEngine({
    catalog: flowCatalog,
    translate: (language, key) => translator.text(language, key),
    hasText: (key) => translator.has(key),
    idleMs,
  });
}

/** Drives the pure engine with a fixed clock, round-tripping the session through JSON. */
export function createEngineDriver(start = new Date("2026-11-20T03:00:00Z")) {
  const engine = createAppEngine();
  let now = start;
  let stored: string | undefined;
  const allEvents: EngineEvent[] = [];
  return {
    async send(input: EngineInput): Promise<RenderedReply[]> {
      const session = stored === undefined ? undefined : (JSON.parse(stored) as Session);
      const result = engine.handle(session, input, now);
      stored = JSON.stringify(result.session);
      allEvents.push(...result.events);
      return renderMessages(result.events, translator);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    session: () => (stored === undefined ? undefined : (JSON.parse(stored) as Session)),
    events: allEvents,
  };
}
