import http from "node:http";
import type { AddressInfo } from "node:net";
import { startStandInBotApi } from "./telegram-bot-api";
import { telegramRateRule } from "./telegram-rate-limit";

/** One sendMessage as the ruled Bot API saw it. */
export interface Arrival {
  chatId: number;
  at: number;
  status: number;
  text: string;
  /** The message_id Telegram gave it (undefined when refused). */
  messageId: number | undefined;
  /** callback_data of the inline keyboard's buttons, by their label. */
  buttons: Map<string, string>;
}

/**
 * The project's stand-in Bot API behind Telegram's flood rule (`telegram-rate-limit.ts`), on a
 * real local HTTP port, on the wall clock: at most `perSecond` sendMessage in any sliding second,
 * else 429 with `retry_after`; 403 for the chats in `blocked` (which may change as it runs).
 * For the app run whole (webhook in, Bot API out): the end-to-end tests and bench:broadcast.
 */
export async function startRuledBotApi(options: { perSecond: number; blocked: Set<number> }) {
  const standIn = await startStandInBotApi();
  // The rule reads its limit at every send, so a test can lower it while the app runs.
  const ruleOptions = {
    clock: () => new Date(),
    perSecond: options.perSecond,
    blocked: options.blocked,
  };
  const rule = telegramRateRule(ruleOptions);
  const arrivals: Arrival[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const at = Date.now();
    const isSend = /\/sendMessage$/i.test(new URL(req.url ?? "/", "http://x").pathname);
    try {
      const response = await rule.fetch(`${standIn.apiRoot}${req.url}`, {
        method: req.method ?? "POST",
        headers: { "content-type": String(req.headers["content-type"] ?? "application/json") },
        ...(req.method === "GET" || req.method === "HEAD" ? {} : { body }),
      });
      const text = await response.text();
      if (isSend) arrivals.push(arrivalOf(body, text, at, response.status));
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(text);
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token: standIn.token,
    rule,
    arrivals,
    /** The settings that point the app's Telegram channel here, with this webhook secret. */
    env(webhookSecret: string): Record<string, string> {
      return {
        TELEGRAM_BOT_TOKEN: standIn.token,
        TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
        TELEGRAM_WEBHOOK_SECRET: webhookSecret,
        TELEGRAM_BOT_USERNAME: "AwasUjiBot",
      };
    },
    /** Telegram allows `perSecond` sends from now on. */
    limit(perSecond: number) {
      ruleOptions.perSecond = perSecond;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await standIn.close();
    },
  };
}

export type RuledBotApi = Awaited<ReturnType<typeof startRuledBotApi>>;

function arrivalOf(body: string, answer: string, at: number, status: number): Arrival {
  const params = JSON.parse(body || "{}") as {
    chat_id: number;
    text: string;
    reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] };
  };
  const buttons = new Map<string, string>();
  for (const row of params.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if (button.callback_data) buttons.set(button.text, button.callback_data);
    }
  }
  const result = (JSON.parse(answer || "{}") as { result?: { message_id?: number } }).result;
  return {
    chatId: Number(params.chat_id),
    at,
    status,
    text: String(params.text),
    messageId: result?.message_id,
    buttons,
  };
}
