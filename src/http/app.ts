import { Hono } from "hono";
import type { BroadcastService } from "../broadcasts/broadcasts";
import type { Casework } from "../casework/casework";
import type { ChannelAdapter } from "../channels/types";
import type { WhatsAppConnection } from "../channels/whatsapp/connection";
import type { ContentReloader } from "../content/live-content";
import type { Conductor } from "../conversations/conductor";
import type { Translator } from "../i18n/translator";
import type { Logger } from "../logger";
import type { Keyring } from "../privacy/keyring";
import type { AppDatabase } from "../storage/database";
import { jsonError } from "./errors";
import { apiV1Routes } from "./routes/api-v1";
import { chatRoutes } from "./routes/chat";
import { consoleRoutes } from "./routes/console";
import { healthRoutes } from "./routes/health";
import { staffRoutes } from "./routes/staff";
import { type TelegramRouteDeps, telegramRoutes } from "./routes/telegram";
import { whatsappRoutes } from "./routes/whatsapp";

export interface AppDeps {
  database: AppDatabase;
  keyring: Keyring;
  conductor: Conductor;
  translator: Translator;
  log: Logger;
  clock: () => Date;
  channels: ChannelAdapter[];
  /** The rendered web chat page (read by the runtime entry; no file access here). */
  webchatPage: string;
  limits: { maxBodyBytes: number; maxAttachmentBytes: number };
  /** The Telegram webhook, when the channel runs in webhook mode. */
  telegram?: TelegramRouteDeps;
  /** The WhatsApp connection, when the channel is on (its status route needs an admin). */
  whatsapp?: WhatsAppConnection;
  /** Staff work on reports (the API and the console). */
  casework: Casework;
  /** Imbauan broadcasts (the API). */
  broadcasts?: BroadcastService;
  console: {
    sessionMs: number;
    publicUrl: string;
    regionName: (code: string) => string;
    content: ContentReloader;
    telegramBotUsername?: string | undefined;
  };
}

/** Builds the HTTP app with explicit dependencies; no runtime-specific imports. */
export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Method, route and status only: never headers, bodies or query values.
    deps.log.info(
      {
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "http",
    );
  });

  app.get("/", (c) => {
    c.header(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; " +
        "connect-src 'self'; img-src 'self' data: blob:; form-action 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'",
    );
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Content-Type-Options", "nosniff");
    return c.html(deps.webchatPage);
  });

  app.route("/", healthRoutes({ database: deps.database, channels: deps.channels }));
  app.route(
    "/",
    chatRoutes({
      database: deps.database,
      keyring: deps.keyring,
      conductor: deps.conductor,
      translator: deps.translator,
      log: deps.log,
      clock: deps.clock,
      maxBodyBytes: deps.limits.maxBodyBytes,
      maxAttachmentBytes: deps.limits.maxAttachmentBytes,
    }),
  );
  app.route("/staff/api", staffRoutes({ db: deps.database.db }));
  app.route(
    "/api/v1",
    apiV1Routes({
      db: deps.database.db,
      keyring: deps.keyring,
      casework: deps.casework,
      translator: deps.translator,
      ...(deps.broadcasts ? { broadcasts: deps.broadcasts } : {}),
    }),
  );
  app.route(
    "/staff",
    consoleRoutes({
      db: deps.database.db,
      keyring: deps.keyring,
      translator: deps.translator,
      casework: deps.casework,
      clock: deps.clock,
      log: deps.log,
      whatsapp: deps.whatsapp,
      ...deps.console,
      ...(deps.broadcasts ? { broadcasts: deps.broadcasts } : {}),
    }),
  );
  if (deps.telegram) app.route("/", telegramRoutes(deps.telegram));
  app.route("/", whatsappRoutes({ db: deps.database.db, connection: deps.whatsapp }));

  app.notFound((c) => jsonError(c, deps.translator, 404, "not_found"));
  app.onError((error, c) => {
    deps.log.error({ err: error, route: c.req.routePath }, "unhandled error");
    return jsonError(c, deps.translator, 503, "unavailable");
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
