import type { Api } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../../logger";
import { InvalidInboundError } from "../types";
import type { TelegramReceiver } from "./receiver";

/** The updates the bot handles; setWebhook registers the same list. */
export const allowedUpdates = [
  "message",
  "edited_message",
  "callback_query",
  "my_chat_member",
] as const;

export interface TelegramPolling {
  stop(): Promise<void>;
}

/**
 * Development mode without a public URL: long-polls getUpdates and hands each update to the
 * same receiver as the webhook, one at a time, so one person's messages stay in order. The
 * offset only moves past an update once it was handled (or refused as invalid); a database
 * failure waits and tries the same update again, as Telegram would redeliver it.
 */
export function startTelegramPolling(deps: {
  api: Api;
  receiver: TelegramReceiver;
  log: Logger;
  /** Long-poll timeout in seconds (Telegram allows up to 50). */
  timeoutSeconds?: number;
  retryDelayMs?: number;
}): TelegramPolling {
  const log = deps.log.child({ module: "telegram-polling" });
  const controller = new AbortController();
  let offset: number | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });

  async function handle(update: Update) {
    for (;;) {
      try {
        await deps.receiver.receive(update);
        return;
      } catch (error) {
        if (error instanceof InvalidInboundError) return;
        log.error({ err: error }, "telegram update could not be processed; retrying");
        await pause(deps.retryDelayMs ?? 2000);
        if (controller.signal.aborted) throw error;
      }
    }
  }

  const loop = (async () => {
    // Webhook and getUpdates exclude each other: polling means no webhook.
    await deps.api
      .deleteWebhook()
      .catch((error: unknown) => log.warn({ err: error }, "deleteWebhook failed"));
    while (!controller.signal.aborted) {
      let updates: Update[];
      try {
        updates = await deps.api.getUpdates(
          {
            ...(offset !== undefined ? { offset } : {}),
            timeout: deps.timeoutSeconds ?? 25,
            allowed_updates: [...allowedUpdates],
          },
          // grammY types its own AbortSignal polyfill; the platform's is the same at runtime.
          controller.signal as Parameters<Api["getUpdates"]>[1],
        );
      } catch (error) {
        if (controller.signal.aborted) break;
        log.warn({ err: error }, "getUpdates failed; retrying");
        await pause(deps.retryDelayMs ?? 2000);
        continue;
      }
      for (const update of updates) {
        if (controller.signal.aborted) break;
        await handle(update);
        offset = update.update_id + 1;
      }
    }
  })().catch((error: unknown) => {
    if (!controller.signal.aborted) log.error({ err: error }, "telegram polling stopped");
  });

  return {
    async stop() {
      controller.abort();
      await loop;
    },
  };
}
