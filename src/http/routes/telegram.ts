import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { TelegramReceiver } from "../../channels/telegram/receiver";
import { InvalidInboundError } from "../../channels/types";
import type { Logger } from "../../logger";

export interface TelegramRouteDeps {
  receiver: TelegramReceiver;
  secret: string;
  maxBodyBytes: number;
  log: Logger;
}

const secretHeader = "x-telegram-bot-api-secret-token";

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * POST /telegram/webhook. Telegram redelivers anything that is not 2xx for up to a day, so:
 * a bad request gets 4xx (it would never succeed), a handled or ignored update 200, and only a
 * failure of our own (the database) 5xx, so the update comes again; dedupe makes that safe.
 */
export function telegramRoutes(deps: TelegramRouteDeps) {
  const app = new Hono();
  const log = deps.log.child({ module: "telegram-webhook" });

  app.post(
    "/telegram/webhook",
    async (c, next) => {
      if (!sameSecret(c.req.header(secretHeader), deps.secret)) {
        log.warn("telegram webhook with a wrong or missing secret");
        return c.json({ ok: false, error: "unauthorized" }, 401);
      }
      await next();
    },
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: (c) => c.json({ ok: false, error: "too_large" }, 413),
    }),
    async (c) => {
      let update: unknown;
      try {
        update = JSON.parse(await c.req.text());
      } catch {
        log.warn("telegram webhook body is not JSON");
        return c.json({ ok: false, error: "invalid_json" }, 400);
      }
      try {
        const outcome = await deps.receiver.receive(update);
        return c.json({ ok: true, outcome });
      } catch (error) {
        if (error instanceof InvalidInboundError) {
          log.warn({ reason: error.reason }, "telegram webhook payload refused");
          return c.json({ ok: false, error: "invalid_update" }, 400);
        }
        log.error({ err: error }, "telegram update could not be processed; Telegram will retry");
        return c.json({ ok: false, error: "unavailable" }, 503);
      }
    },
  );
  return app;
}
