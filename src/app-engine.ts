import { flowCatalog } from "../flows";
import { recordAudit } from "./audit/audit-log";
import {
  createSubscriptionActions,
  createSubscriptionHandlers,
  createSubscriptionParsers,
} from "./broadcasts/subscriptions";
import {
  createBroadcastComposeActions,
  createBroadcastComposeParsers,
} from "./broadcasts/telegram-compose";
import {
  type BroadcastComposeDeps,
  createBroadcastComposeHandlers,
} from "./broadcasts/telegram-compose-handlers";
import {
  createReporterAnswerActions,
  createReporterAnswerHandlers,
} from "./casework/reporter-answers";
import type { EventHandler } from "./conversations/conductor";
import { createEngine, type Engine } from "./engine/runtime";
import type { Translator } from "./i18n/translator";
import { createElectionCalendar, type ElectionCalendar } from "./knowledge/calendar";
import { createKnowledgeActions } from "./knowledge/flow-actions";
import { readIncident } from "./knowledge/incident";
import {
  createKnowledgeBase,
  type KnowledgeBase,
  type KnowledgeTexts,
} from "./knowledge/knowledge-base";
import { findTimeInText } from "./knowledge/time-in-text";
import { createOrganizationHandlers } from "./organizations/handlers";
import type { Keyring } from "./privacy/keyring";
import { createQuestionActions, createQuestionParsers } from "./questions/actions";
import { createQuestionHandlers } from "./questions/handlers";
import { createPlaceFinder } from "./regions/place-in-text";
import type { RegionResolver } from "./regions/resolver";
import { createReportActions } from "./reports/actions";
import { createReportHandlers } from "./reports/handlers";
import { createReportParsers } from "./reports/parsers";
import { createStaffLinkHandlers } from "./staff/telegram-link-handlers";

export interface AppEngineDeps {
  translator: Translator;
  regions: RegionResolver;
  idleMs: number;
  ticketPrefix: string;
  dataController: string | undefined;
  draftRetentionDays: number;
  /** The voter-education answers (from `knowledge_articles`, so staff edits count). */
  knowledgeTexts: KnowledgeTexts;
  /** Built from `knowledgeTexts` when not given (the server shares one with Telegram groups). */
  knowledge?: KnowledgeBase;
  /**
   * The election calendar of the dated answers (the server's comes from `calendar_events`, so
   * staff edits count); the shipped events of calendar-data.ts when not given.
   */
  calendar?: ElectionCalendar;
  random?: (size: number) => Uint8Array;
}

/** The kab/kota a code lies in, by name ("Kab. Belitung Timur"); undefined for a province. */
function regencyNamer(regions: RegionResolver) {
  return (code: string): string | undefined => {
    const regency = regions.pathOf(code).find((region) => region.level === "regency");
    return regency ? regions.describe(regency.code) : undefined;
  };
}

/** The product's engine: its flows with their parsers and actions (all pure). */
export function createAppEngine(deps: AppEngineDeps): Engine {
  const regencyName = regencyNamer(deps.regions);
  const knowledge = deps.knowledge ?? createKnowledgeBase(deps.knowledgeTexts);
  return createEngine({
    catalog: flowCatalog,
    translate: (language, key) => deps.translator.text(language, key),
    hasText: (key) => deps.translator.has(key),
    idleMs: deps.idleMs,
    parsers: {
      ...createReportParsers({ regions: deps.regions }),
      ...createQuestionParsers(),
      ...createSubscriptionParsers({ regions: deps.regions }),
      ...createBroadcastComposeParsers({ regions: deps.regions }),
    },
    actions: {
      ...createReportActions({
        ticketPrefix: deps.ticketPrefix,
        dataController: deps.dataController,
        draftRetentionDays: deps.draftRetentionDays,
        regencyName,
        ...(deps.random ? { random: deps.random } : {}),
      }),
      ...createKnowledgeActions({
        knowledge,
        readIncident,
        findPlace: createPlaceFinder(deps.regions),
        findTime: findTimeInText,
        calendar: deps.calendar ?? createElectionCalendar(),
        regionName: (code) => deps.regions.describe(code),
      }),
      ...createQuestionActions(deps.random ? { random: deps.random } : {}),
      ...createReporterAnswerActions({ ticketPrefix: deps.ticketPrefix }),
      ...createSubscriptionActions(),
      ...createBroadcastComposeActions({ regions: deps.regions }),
    },
  });
}

/** The conductor's handlers for the product's action events (they run in its transaction). */
export function createAppEventHandlers(deps: {
  keyring: Keyring;
  ticketPrefix: string;
  evidenceMaxBytes: number;
  /**
   * `/siaran` in a linked Telegram chat: approval, the queue's kick, the console's address.
   * Without it, no approval is asked and a new broadcast waits for the queue's sweep.
   */
  broadcastCompose?: BroadcastComposeDeps;
}): Record<string, EventHandler> {
  return {
    ...createReportHandlers(deps),
    ...createQuestionHandlers(deps),
    ...createOrganizationHandlers(),
    ...createReporterAnswerHandlers(deps),
    ...createStaffLinkHandlers(),
    ...createSubscriptionHandlers(),
    ...createBroadcastComposeHandlers({
      ...(deps.broadcastCompose ?? { approvalRequired: false, kick: async () => {} }),
      audit: (tx, entry, at) => recordAudit(tx, deps.keyring, entry, at),
    }),
  };
}
