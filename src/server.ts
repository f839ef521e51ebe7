import { createAppEngine, createAppEventHandlers } from "./app-engine";
import type { ChannelAdapter, ChannelId } from "./channels/types";
import { createWebchatAdapter } from "./channels/webchat/adapter";
import type { Config } from "./config";
import { type Conductor, createConductor } from "./conversations/conductor";
import { createApp } from "./http/app";
import { resources, withKnowledge } from "./i18n/resources";
import { createTranslator } from "./i18n/translator";
import { createOutboxSender, startOutboxJobs } from "./jobs/outbox-sender";
import { createJobQueue, type JobQueue } from "./jobs/queue";
import { startRetentionJob } from "./jobs/retention";
import { loadKnowledge, seedKnowledge } from "./knowledge/seed";
import type { Logger } from "./logger";
import { resolveKeyring } from "./privacy/data-key";
import { createRegionResolver } from "./regions/resolver";
import { loadRegions, seedRegions } from "./regions/seed";
import type { AppDatabase } from "./storage/database";

export const sessionsExpireQueue = "sessions-expire";

export interface AwasDeps {
  config: Config;
  database: AppDatabase;
  log: Logger;
  /** The web chat page template (page.html), read by the runtime entry. */
  webchatTemplate: string;
  renderWebchatPage: (
    template: string,
    texts: { id: Record<string, string>; en: Record<string, string> },
  ) => string;
  clock?: () => Date;
}

/**
 * The composition root: builds every part from explicit dependencies. Entries (Node, tests,
 * benchmarks) call this; nothing here reads the environment or opens ports.
 */
export async function createAwas(deps: AwasDeps) {
  const { config, database, log } = deps;
  const clock = deps.clock ?? clockFrom(config.clockStart);
  const keyring = resolveKeyring({
    dataKey: config.dataKey,
    databaseKind: database.kind,
    dataDir: config.dataDir,
    log,
  });
  // Regions and answers are data the engine needs, so they are seeded before it is built.
  await database.migrate();
  await seedRegions(database.db, { provinceCodes: config.regionScope });
  const regions = createRegionResolver(await loadRegions(database.db, config.regionScope));
  await seedKnowledge(database.db, {
    id: resources.id.knowledge ?? {},
    en: resources.en.knowledge ?? {},
  });
  const knowledgeTexts = await loadKnowledge(database.db);
  const translator = createTranslator(withKnowledge(resources, knowledgeTexts));
  const engine = createAppEngine({
    translator,
    regions,
    knowledgeTexts,
    idleMs: config.sessionIdleMs,
    ticketPrefix: config.ticketPrefix,
    dataController: config.dataController,
    draftRetentionDays: config.draftRetentionDays,
  });
  const webchat = createWebchatAdapter();
  const adapters: Partial<Record<ChannelId, ChannelAdapter>> = { webchat };

  const queue: JobQueue = createJobQueue({ database, log });
  const sender = createOutboxSender({ database, keyring, adapters, log, clock });
  let dispatch: ((contactId: string, priority: number) => Promise<void>) | undefined;

  const conductor: Conductor = createConductor({
    database,
    keyring,
    engine,
    translator,
    log: log.child({ module: "conductor" }),
    clock,
    rateLimitPerMinute: config.rateLimitPerMinute,
    eventHandlers: createAppEventHandlers({
      keyring,
      ticketPrefix: config.ticketPrefix,
      evidenceMaxBytes: config.reportEvidenceMaxBytes,
    }),
    dispatch: (contactId, priority) => dispatch?.(contactId, priority) ?? Promise.resolve(),
  });

  const app = createApp({
    database,
    keyring,
    conductor,
    translator,
    log: log.child({ module: "http" }),
    clock,
    channels: Object.values(adapters),
    webchatPage: deps.renderWebchatPage(deps.webchatTemplate, {
      id: resources.id.webchat ?? {},
      en: resources.en.webchat ?? {},
    }),
    limits: {
      maxBodyBytes: config.webchat.maxBodyBytes,
      maxAttachmentBytes: config.webchat.maxAttachmentBytes,
    },
  });

  return {
    app,
    conductor,
    keyring,
    queue,
    /** Starts the queue workers (the database was migrated and seeded when this was built). */
    async start() {
      await queue.start();
      dispatch = await startOutboxJobs(queue, sender);
      await queue.work(sessionsExpireQueue, { batchSize: 1 }, async () => {
        const expired = await conductor.expireIdleSessions(config.sessionIdleMs);
        if (expired > 0) log.info({ expired }, "idle conversations expired");
      });
      await queue.schedule(sessionsExpireQueue, "*/15 * * * *");
      await startRetentionJob(queue, {
        database,
        clock,
        draftRetentionDays: config.draftRetentionDays,
        log,
      });
    },
    async stop() {
      await queue.stop();
    },
  };
}

/** The real clock, or one that starts at AWAS_NOW and runs on in real time. */
export function clockFrom(start: Date | undefined, real: () => number = Date.now): () => Date {
  if (!start) return () => new Date(real());
  const offset = start.getTime() - real();
  return () => new Date(real() + offset);
}

export type Awas = Awas_;
type Awas_ = Awaited<ReturnType<typeof createAwas>>;
