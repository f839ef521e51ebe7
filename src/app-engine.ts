import { flowCatalog } from "../flows";
import type { EventHandler } from "./conversations/conductor";
import { createEngine, type Engine } from "./engine/runtime";
import type { Translator } from "./i18n/translator";
import type { Keyring } from "./privacy/keyring";
import type { RegionResolver } from "./regions/resolver";
import { createReportActions } from "./reports/actions";
import { createReportHandlers } from "./reports/handlers";
import { createReportParsers } from "./reports/parsers";

export interface AppEngineDeps {
  translator: Translator;
  regions: RegionResolver;
  idleMs: number;
  ticketPrefix: string;
  dataController: string | undefined;
  draftRetentionDays: number;
  random?: (size: number) => Uint8Array;
}

/** The product's engine: its flows with their parsers and actions (all pure). */
export function createAppEngine(deps: AppEngineDeps): Engine {
  return createEngine({
    catalog: flowCatalog,
    translate: (language, key) => deps.translator.text(language, key),
    hasText: (key) => deps.translator.has(key),
    idleMs: deps.idleMs,
    parsers: createReportParsers({ regions: deps.regions }),
    actions: createReportActions({
      ticketPrefix: deps.ticketPrefix,
      dataController: deps.dataController,
      draftRetentionDays: deps.draftRetentionDays,
      ...(deps.random ? { random: deps.random } : {}),
    }),
  });
}

/** The conductor's handlers for the product's action events (they run in its transaction). */
export function createAppEventHandlers(deps: {
  keyring: Keyring;
  ticketPrefix: string;
  evidenceMaxBytes: number;
}): Record<string, EventHandler> {
  return createReportHandlers(deps);
}
