import { createAppEngine as buildAppEngine } from "../../src/app-engine";
import { renderMessages } from "../../src/conversations/render";
import type { Engine } from "../../src/engine/runtime";
import type { EngineEvent, EngineInput, Session } from "../../src/engine/types";
import { resources } from "../../src/i18n/resources";
import { createTranslator, type Translator } from "../../src/i18n/translator";
import { createRegionResolver, type RegionResolver } from "../../src/regions/resolver";
import { readRegionRows } from "../../src/regions/seed";
import type { RenderedReply } from "./transcript";

export const translator: Translator = createTranslator(resources);

let regions: RegionResolver | undefined;
/** The default scope's regions, read from the package's CSVs once per test file. */
export async function testRegions(): Promise<RegionResolver> {
  regions ??= createRegionResolver(await readRegionRows({ provinceCodes: ["19", "15"] }));
  return regions;
}

/** Deterministic "random" bytes, so ticket codes and PINs in transcripts are fixed. */
export function sequenceRandom(seed = 1): (size: number) => Uint8Array {
  let state = seed;
  return (size) => {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      bytes[i] = state >>> 16;
    }
    return bytes;
  };
}

export async function createAppEngine(
  idleMs = 24 * 3600_000,
  random: (size: number) => Uint8Array = sequenceRandom(),
): Promise<Engine> {
  return buildAppEngine({
    translator,
    regions: await testRegions(),
    idleMs,
    ticketPrefix: "LPR",
    dataController: "Bawaslu Provinsi Kepulauan Bangka Belitung",
    draftRetentionDays: 30,
    knowledgeTexts: { id: resources.id.knowledge ?? {}, en: resources.en.knowledge ?? {} },
    random,
  });
}

/** Drives the pure engine with a fixed clock, round-tripping the session through JSON. */
export async function createEngineDriver(start = new Date("2026-11-20T03:00:00Z")) {
  const engine = await createAppEngine();
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
    setClock(at: Date) {
      now = at;
    },
    session: () => (stored === undefined ? undefined : (JSON.parse(stored) as Session)),
    events: allEvents,
  };
}
