import { Api, GrammyError, HttpError, InputFile } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type {
  ChannelAdapter,
  ChannelState,
  OutboundImage,
  OutboundMessage,
  SendResult,
} from "../types";
import { splitForTelegram, toTelegramHtml } from "./format";
import { readTelegramUpdate, telegramDownloadLimitBytes } from "./normalize";

export interface TelegramRendered {
  text: string;
  parse_mode: "HTML";
  reply_markup?: InlineKeyboardMarkup;
}

export interface TelegramAdapterOptions {
  token: string;
  /** A self-hosted Bot API server (or a test stand-in); Telegram's own by default. */
  apiRoot?: string;
  /** The bot's username, to tell commands for it from commands for other bots in groups. */
  botUsername?: string;
  fetch?: typeof fetch;
}

export interface TelegramAdapter extends ChannelAdapter<unknown, TelegramRendered> {
  readonly api: Api;
  readonly botUsername: string | undefined;
  /** Answers a pressed button and shows the choice in its message, so it cannot be pressed twice. */
  settleCallback(callback: {
    id: string;
    chatId: number;
    messageId: number;
    messageText?: string;
    label?: string;
  }): Promise<SendResult>;
  /** Sends a text with one button that opens the private chat at a deep link. */
  sendLink(
    chatId: number,
    text: string,
    button: { label: string; url: string },
  ): Promise<SendResult>;
}

/** Callback data is at most 64 bytes; choice ids are short, but never send a longer one. */
const maxCallbackBytes = 64;

export function renderTelegram(message: OutboundMessage): TelegramRendered {
  const rendered: TelegramRendered = { text: toTelegramHtml(message.text), parse_mode: "HTML" };
  const choices = (message.choices ?? []).filter(
    (choice) => Buffer.byteLength(choice.id, "utf8") <= maxCallbackBytes,
  );
  if (choices.length > 0) {
    rendered.reply_markup = {
      inline_keyboard: choices.map((choice) => [{ text: choice.label, callback_data: choice.id }]),
    };
  }
  return rendered;
}

/** Turns a Bot API refusal into the contract's typed result. */
export function sendResultOf(error: unknown): SendResult {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return { ok: false, code: "RATE_LIMITED", retryAfterMs: seconds * 1000 };
    }
    // Blocked, deactivated, or a chat that no longer exists: not worth retrying.
    if (error.error_code === 403)
      return { ok: false, code: "UNREACHABLE", detail: error.description };
    if (error.error_code === 400 && /chat not found|user not found/i.test(error.description)) {
      return { ok: false, code: "UNREACHABLE", detail: error.description };
    }
    return { ok: false, code: "TRANSIENT", detail: `${error.error_code} ${error.description}` };
  }
  if (error instanceof HttpError) return { ok: false, code: "TRANSIENT", detail: "network" };
  return {
    ok: false,
    code: "TRANSIENT",
    detail: error instanceof Error ? error.message : "unknown",
  };
}

/** Telegram's limit on a photo's caption (characters after entities are parsed). */
const captionLimit = 1024;

export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const apiRoot = options.apiRoot ?? "https://api.telegram.org";
  const api = new Api(options.token, {
    apiRoot,
    ...(options.fetch ? { fetch: options.fetch as never } : {}),
  });
  const doFetch = options.fetch ?? fetch;
  let healthy = true;
  /**
   * Telegram's file_id of each picture, once uploaded: a broadcast uploads its image once, and
   * sends that start while the first upload runs wait for it rather than upload again.
   */
  const uploaded = new Map<string, Promise<string | undefined>>();

  async function sendPhoto(
    address: string,
    image: OutboundImage,
    other: Parameters<Api["sendPhoto"]>[2],
  ): Promise<SendResult> {
    const known = await uploaded.get(image.key);
    if (known) return attempt(() => api.sendPhoto(address, known, other));
    let settle: (fileId: string | undefined) => void = () => {};
    uploaded.set(
      image.key,
      new Promise((resolve) => {
        settle = resolve;
      }),
    );
    let fileId: string | undefined;
    const result = await attempt(async () => {
      const sent = await api.sendPhoto(address, new InputFile(image.bytes, "imbauan.jpg"), other);
      fileId = sent.photo.at(-1)?.file_id;
      return sent;
    });
    // A failed upload is tried again by the next send.
    if (!fileId) uploaded.delete(image.key);
    settle(fileId);
    return result;
  }

  const attempt = async (call: () => Promise<unknown>): Promise<SendResult> => {
    try {
      const result = await call();
      healthy = true;
      const messageId =
        result && typeof result === "object" && "message_id" in result
          ? String((result as { message_id: number }).message_id)
          : undefined;
      return messageId ? { ok: true, externalId: messageId } : { ok: true };
    } catch (error) {
      if (error instanceof HttpError) healthy = false;
      return sendResultOf(error);
    }
  };

  return {
    channel: "telegram",
    api,
    botUsername: options.botUsername,

    normalizeInbound(payload, receivedAt) {
      const event = readTelegramUpdate(payload, receivedAt, {
        ...(options.botUsername ? { botUsername: options.botUsername } : {}),
      });
      return event.kind === "message" || event.kind === "callback" ? [event.message] : [];
    },

    render: renderTelegram,

    async send(address, message) {
      const rendered = renderTelegram(message);
      const parts = splitForTelegram(rendered.text);
      if (message.image) {
        // A caption holds 1024 characters; a longer text follows the picture as messages.
        const caption = parts.length === 1 && (parts[0] ?? "").length <= captionLimit;
        const photo = await sendPhoto(address, message.image, {
          ...(caption ? { caption: parts[0], parse_mode: "HTML" as const } : {}),
          ...(caption && rendered.reply_markup ? { reply_markup: rendered.reply_markup } : {}),
        });
        if (!photo.ok || caption) return photo;
      }
      let last: SendResult = { ok: true };
      for (const [index, text] of parts.entries()) {
        const isLast = index === parts.length - 1;
        last = await attempt(() =>
          api.sendMessage(address, text, {
            parse_mode: "HTML",
            ...(isLast && rendered.reply_markup ? { reply_markup: rendered.reply_markup } : {}),
          }),
        );
        if (!last.ok) return last;
      }
      return last;
    },

    state(): ChannelState {
      return healthy ? "ok" : "degraded";
    },

    async downloadMedia(remoteRef) {
      const file = await api.getFile(remoteRef);
      if ((file.file_size ?? 0) > telegramDownloadLimitBytes || !file.file_path) {
        throw new Error("telegram file not downloadable");
      }
      const response = await doFetch(`${apiRoot}/file/bot${options.token}/${file.file_path}`);
      if (!response.ok) throw new Error(`telegram file download failed: ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },

    async settleCallback(callback) {
      const answered = await attempt(() => api.answerCallbackQuery(callback.id));
      if (!answered.ok || callback.messageText === undefined) return answered;
      const shown = callback.label
        ? `${callback.messageText}\n\n✓ ${callback.label}`
        : callback.messageText;
      // The keyboard goes: a second press of the same message does nothing.
      return attempt(() =>
        api.editMessageText(callback.chatId, callback.messageId, toTelegramHtml(shown), {
          parse_mode: "HTML",
        }),
      );
    },

    async sendLink(chatId, text, button) {
      return attempt(() =>
        api.sendMessage(chatId, toTelegramHtml(text), {
          parse_mode: "HTML",
          reply_markup: { inline_keyboard: [[{ text: button.label, url: button.url }]] },
        }),
      );
    },
  };
}
