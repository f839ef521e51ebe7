import { makeWASocket, type proto } from "baileys";
import { createAppEventHandlers } from "./app-engine";
import { recordAudit } from "./audit/audit-log";
import { createBroadcastService } from "./broadcasts/broadcasts";
import { createChannelPace, replyPacing, telegramPace } from "./broadcasts/channel-pace";
import { createBroadcastDelivery } from "./broadcasts/delivery";
import { enterAnsweringState } from "./casework/answering-state";
import { createCasework } from "./casework/casework";
import { createTelegramAdapter } from "./channels/telegram/adapter";
import { startTelegramPolling, type TelegramPolling } from "./channels/telegram/polling";
import { createTelegramReceiver } from "./channels/telegram/receiver";
import type { ChannelAdapter, ChannelId } from "./channels/types";
import { createWebchatAdapter } from "./channels/webchat/adapter";
import { createWhatsAppAdapter } from "./channels/whatsapp/adapter";
import { useDatabaseAuthState } from "./channels/whatsapp/auth-state";
import {
  createWhatsAppConnection,
  type SocketFactory,
  type WhatsAppSocketLike,
} from "./channels/whatsapp/connection";
import { createGroupResponder } from "./channels/whatsapp/group-responder";
import { createWhatsAppLease } from "./channels/whatsapp/lease";
import { createWhatsAppPacing } from "./channels/whatsapp/pacing";
import { createWhatsAppReceiver } from "./channels/whatsapp/receiver";
import type { Config, TelegramConfig } from "./config";
import { createLiveContent } from "./content/live-content";
import { type Conductor, createConductor } from "./conversations/conductor";
import { outboxPriority } from "./conversations/outbox";
import { createApp } from "./http/app";
import { resources } from "./i18n/resources";
import { startBroadcastJobs } from "./jobs/broadcast-jobs";
import { createMediaFetcher, startMediaFetchJobs } from "./jobs/media-fetcher";
import { createOutboxSender, startOutboxJobs } from "./jobs/outbox-sender";
import { createJobQueue, type JobQueue } from "./jobs/queue";
import { startRetentionJob } from "./jobs/retention";
import { createUnkeptFileNotice } from "./jobs/unkept-file-notice";
import { seedCalendar } from "./knowledge/calendar-store";
import { seedKnowledge } from "./knowledge/seed";
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
  /** Where the WhatsApp pairing QR is shown (the Node entry: the terminal). */
  printQr?: (terminalQr: string) => void;
  /** Builds the WhatsApp socket; Baileys' by default, a fake in tests. */
  whatsappSocket?: SocketFactory;
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
  // Regions, answers and the calendar are data the engine needs, so they are seeded first.
  await database.migrate();
  await seedRegions(database.db, { provinceCodes: config.regionScope });
  const regions = createRegionResolver(await loadRegions(database.db, config.regionScope));
  await seedKnowledge(database.db, {
    id: resources.id.knowledge ?? {},
    en: resources.en.knowledge ?? {},
  });
  await seedCalendar(database.db);
  // Staff edit answers and the calendar in the console: everything below keeps these stable
  // objects, and `content.reload()` (or the periodic check) changes what is underneath.
  const content = await createLiveContent({
    db: database.db,
    regions,
    log: log.child({ module: "content" }),
    engine: {
      idleMs: config.sessionIdleMs,
      ticketPrefix: config.ticketPrefix,
      dataController: config.dataController,
      draftRetentionDays: config.draftRetentionDays,
    },
  });
  const { engine, translator, knowledge } = content;
  const webchat = createWebchatAdapter();
  const adapters: Partial<Record<ChannelId, ChannelAdapter>> = { webchat };
  const telegram = config.telegram
    ? await createTelegramAdapterFor(config.telegram, log)
    : undefined;
  if (telegram) adapters.telegram = telegram;
  // The conductor comes later; the connection hands messages over through this slot.
  let whatsappInbound: ((messages: proto.IWebMessageInfo[]) => Promise<void>) | undefined;
  const whatsapp = config.whatsapp
    ? createWhatsAppConnection({
        loadAuth: () => useDatabaseAuthState(database.db, keyring),
        makeSocket: deps.whatsappSocket ?? baileysSocket(log),
        log,
        onMessages: async (messages) => whatsappInbound?.(messages),
        lease: createWhatsAppLease({ postgres: database.postgres, log }),
        ...(deps.printQr ? { printQr: deps.printQr } : {}),
        ...(config.whatsapp.pairingNumber ? { pairingNumber: config.whatsapp.pairingNumber } : {}),
      })
    : undefined;
  const whatsappAdapter = whatsapp
    ? createWhatsAppAdapter({
        connection: whatsapp,
        hint: (language, count) =>
          translator.text(language, {
            key: "whatsapp:choose_hint",
            params: { max: String(count) },
          }),
        log,
        maxMediaBytes: config.reportEvidenceMaxBytes,
      })
    : undefined;
  if (whatsappAdapter) adapters.whatsapp = whatsappAdapter;
  // A brief answer from the knowledge base, for `tanya …` in a group (Telegram and WhatsApp).
  const answerQuestion = (text: string) => {
    const { decision, language } = knowledge.ask(text);
    return decision.kind === "answer" ? { topicId: decision.id, language } : undefined;
  };

  const queue: JobQueue = createJobQueue({ database, log });
  // One pace per channel, shared by replies (outbox) and broadcasts: replies take their place
  // in Telegram's window first, and WhatsApp's business-initiated messages share one gap and cap.
  const telegramGate = createChannelPace({ ...telegramPace, clock });
  const whatsappPacing = config.whatsapp
    ? createWhatsAppPacing({
        db: database.db,
        log,
        clock,
        dailyCap: config.whatsapp.dailyCap,
        gapSeconds: config.whatsapp.noticeGapSeconds,
      })
    : undefined;
  const sender = createOutboxSender({
    database,
    keyring,
    adapters,
    log,
    clock,
    pacing: {
      telegram: replyPacing(telegramGate, clock),
      ...(whatsappPacing ? { whatsapp: whatsappPacing } : {}),
    },
  });
  const broadcastDelivery = createBroadcastDelivery({
    database,
    keyring,
    adapters,
    log,
    clock,
    paces: { telegram: telegramGate },
    ...(whatsappPacing ? { whatsappPacing } : {}),
  });
  let broadcastJobs: Awaited<ReturnType<typeof startBroadcastJobs>> | undefined;
  const broadcasts = createBroadcastService({
    db: database.db,
    clock,
    approvalRequired: config.broadcastApprovalRequired,
    // Before start() the per-minute sweep picks a new broadcast up.
    kick: async (id) => {
      await broadcastJobs?.kick(id);
    },
    sendTest: broadcastDelivery.sendTest,
    audit: (entry) => recordAudit(database.db, keyring, entry, clock()),
  });
  let dispatch: ((contactId: string, priority: number) => Promise<void>) | undefined;
  let fetchMedia: ((mediaIds: number[]) => Promise<void>) | undefined;
  let polling: TelegramPolling | undefined;

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
      broadcastCompose: {
        approvalRequired: config.broadcastApprovalRequired,
        // Before start() the per-minute sweep picks a new broadcast up (as for the console).
        kick: async (id) => {
          await broadcastJobs?.kick(id);
        },
        consoleUrl: config.publicUrl,
      },
    }),
    dispatch: (contactId, priority) => dispatch?.(contactId, priority) ?? Promise.resolve(),
    fetchMedia: (mediaIds) => fetchMedia?.(mediaIds) ?? Promise.resolve(),
  });
  if (whatsapp && whatsappAdapter && config.whatsapp) {
    const pairingNumber = config.whatsapp.pairingNumber;
    whatsappInbound = createWhatsAppReceiver({
      conductor,
      connection: whatsapp,
      log,
      clock,
      maxMediaBytes: config.reportEvidenceMaxBytes,
      groups: new Set(config.whatsapp.groups),
      groupResponder: createGroupResponder({
        send: whatsappAdapter.send,
        text: translator.text,
        answerQuestion,
        // The paired account's own number; before that, the number being paired.
        botNumber: () => whatsappNumber(whatsapp.socket()?.user?.id) ?? pairingNumber,
        clock,
        log,
      }),
    });
  }
  const telegramReceiver = telegram
    ? createTelegramReceiver({
        adapter: telegram,
        conductor,
        database,
        keyring,
        translator,
        log,
        clock,
        answerQuestion,
      })
    : undefined;

  const casework = createCasework({
    database,
    keyring,
    translator,
    clock,
    enterAnswering: (tx, contactId, ticket, now) =>
      enterAnsweringState(tx, keyring, engine, contactId, ticket, now),
    nudge: async (contactIds) => {
      for (const contactId of contactIds) {
        try {
          await dispatch?.(contactId, outboxPriority.notice);
        } catch (error) {
          // The notice is committed; the outbox sweep delivers it.
          log.warn({ err: error }, "could not nudge the outbox sender");
        }
      }
    },
  });

  // `content` is for the console's content pages (contentRoutes, mounted by consoleRoutes).
  const app = createApp({
    database,
    broadcasts,
    casework,
    console: {
      sessionMs: config.staffSessionMs,
      publicUrl: config.publicUrl,
      regionName: (code: string) => regions.describe(code),
      content,
      telegramBotUsername: telegram?.botUsername,
    },
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
    ...(telegramReceiver && config.telegram?.mode === "webhook" && config.telegram.webhookSecret
      ? {
          telegram: {
            receiver: telegramReceiver,
            secret: config.telegram.webhookSecret,
            maxBodyBytes: config.telegram.maxBodyBytes,
            log,
          },
        }
      : {}),
    ...(whatsapp ? { whatsapp } : {}),
  });

  return {
    app,
    conductor,
    casework,
    keyring,
    /** The clock everything runs on (AWAS_NOW running on, or the real one). */
    clock,
    queue,
    /** The channel adapters in use (web chat always; Telegram, WhatsApp when configured). */
    adapters,
    /** The WhatsApp connection, when the channel is on. */
    whatsapp,
    /** The answers and calendar the bot speaks from; `reload()` after editing the database. */
    content,
    /** Starts the queue workers (the database was migrated and seeded when this was built). */
    async start() {
      await queue.start();
      dispatch = await startOutboxJobs(queue, sender);
      broadcastJobs = await startBroadcastJobs(queue, {
        db: database.db,
        delivery: broadcastDelivery,
        log,
        clock,
      });
      await queue.work(sessionsExpireQueue, { batchSize: 1 }, async () => {
        const expired = await conductor.expireIdleSessions(config.sessionIdleMs);
        if (expired > 0) log.info({ expired }, "idle conversations expired");
      });
      await queue.schedule(sessionsExpireQueue, "*/15 * * * *");
      const unkeptFileNotice = createUnkeptFileNotice({
        database,
        keyring,
        translator,
        clock,
        maxBytes: config.reportEvidenceMaxBytes,
      });
      fetchMedia = await startMediaFetchJobs(
        queue,
        createMediaFetcher({ database, keyring, adapters, log }),
        log,
        async (mediaId, reason) => {
          const contactId = await unkeptFileNotice(mediaId, reason);
          if (contactId) await dispatch?.(contactId, outboxPriority.reply);
        },
      );
      // Never awaited past the first attempt: with no route to WhatsApp the rest still serves.
      await whatsapp?.start();
      if (telegram && telegramReceiver && config.telegram?.mode === "polling") {
        polling = startTelegramPolling({ api: telegram.api, receiver: telegramReceiver, log });
      }
      await startRetentionJob(queue, {
        database,
        clock,
        draftRetentionDays: config.draftRetentionDays,
        log,
      });
      // Edits made by another instance on the same database.
      content.start();
    },
    async stop() {
      await content.stop();
      await whatsapp?.stop();
      await polling?.stop();
      broadcastJobs?.stop();
      await queue.stop();
    },
  };
}

/** Baileys' own socket, logging through ours at warn level (it is chatty). */
function baileysSocket(log: Logger): SocketFactory {
  return (auth) =>
    makeWASocket({
      auth,
      logger: log.child({ module: "baileys" }, { level: "warn" }) as never,
      markOnlineOnConnect: false,
      syncFullHistory: false,
    }) as unknown as WhatsAppSocketLike;
}

/** The digits of a WhatsApp phone-number JID ("6281…:5@s.whatsapp.net" → "6281…"). */
function whatsappNumber(jid: string | undefined): string | undefined {
  const match = jid ? /^(\d+)(?::\d+)?@s\.whatsapp\.net$/.exec(jid) : null;
  return match?.[1];
}

/** The Telegram adapter; the bot's username comes from config or, failing that, getMe. */
async function createTelegramAdapterFor(config: TelegramConfig, log: Logger) {
  const base = { token: config.token, ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}) };
  let botUsername = config.botUsername;
  if (!botUsername) {
    try {
      botUsername = (await createTelegramAdapter(base).api.getMe()).username;
    } catch (error) {
      // Groups then get links without the bot's name; everything else works.
      log.warn({ err: error }, "telegram getMe failed; set TELEGRAM_BOT_USERNAME");
    }
  }
  return createTelegramAdapter({ ...base, ...(botUsername ? { botUsername } : {}) });
}

/** The real clock, or one that starts at AWAS_NOW and runs on in real time. */
export function clockFrom(start: Date | undefined, real: () => number = Date.now): () => Date {
  if (!start) return () => new Date(real());
  const offset = start.getTime() - real();
  return () => new Date(real() + offset);
}

export type Awas = Awas_;
type Awas_ = Awaited<ReturnType<typeof createAwas>>;
