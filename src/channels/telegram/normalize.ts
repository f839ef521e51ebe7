import type {
  CallbackQuery,
  ChatMemberUpdated,
  InlineKeyboardButton,
  Message,
  MessageOrigin,
  Update,
} from "grammy/types";
import { type InboundMedia, type InboundMessage, InvalidInboundError } from "../types";

/** The Bot API lets bots download files up to 20 MB. */
export const telegramDownloadLimitBytes = 20 * 1024 * 1024;

export interface CallbackInfo {
  id: string;
  chatId: number;
  messageId: number;
  /** The text of the message the button was on, and the pressed button's label. */
  messageText?: string;
  label?: string;
}

/** What one update means for the bot. */
export type TelegramEvent =
  /** A private-chat message for the conductor. */
  | { kind: "message"; message: InboundMessage }
  /** A button pressed in a private chat: a message for the conductor, plus the press to answer. */
  | { kind: "callback"; message: InboundMessage; callback: CallbackInfo }
  /** The person blocked (or unblocked) the bot in the private chat. */
  | { kind: "membership"; address: string; blocked: boolean }
  /** A command addressed to the bot in a group: answered there, never collected there. */
  | { kind: "group_command"; chatId: number; messageId: number; command: string; args: string }
  /** A callback pressed in a group, or on a message the bot can no longer read. */
  | { kind: "callback_only"; callback: { id: string } }
  | { kind: "ignored"; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Deep-link payloads of `/start` (t.me/<bot>?start=…) and what they mean as typed text. */
function startPayload(payload: string): string | undefined {
  if (payload === "lapor" || payload === "report") return "lapor";
  if (payload === "tanya") return "tanya";
  const code = /^cek-([A-Za-z0-9-]+)$/.exec(payload)?.[1];
  if (code) return `cek ${code}`;
  const invite = /^org-([A-Za-z0-9-]+)$/.exec(payload)?.[1];
  if (invite) return `/gabung ${invite}`;
  return undefined;
}

interface Command {
  name: string;
  /** The bot the command names ("/lapor@AwasBot"), if any. */
  target?: string;
  args: string;
}

function readCommand(message: Message): Command | undefined {
  const text = message.text;
  const entity = message.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!text || !entity) return undefined;
  const [name = "", target] = text.slice(1, entity.length).split("@");
  return { name: name.toLowerCase(), target, args: text.slice(entity.length).trim() };
}

/** Typed text for the engine: commands become the words the flows know. */
function textOf(message: Message, command: Command | undefined): string | undefined {
  if (command) {
    if (command.name === "start") {
      return (command.args && startPayload(command.args)) || "/start";
    }
    return command.args ? `/${command.name} ${command.args}` : `/${command.name}`;
  }
  if (message.text !== undefined) return message.text;
  if (message.caption !== undefined) return message.caption;
  // A sticker alone: answer it like an emoji, not with silence.
  if (message.sticker) return message.sticker.emoji ?? "🙂";
  return undefined;
}

function mediaOf(message: Message): { media: InboundMedia[]; refused: number } {
  const found: InboundMedia[] = [];
  const add = (
    kind: InboundMedia["kind"],
    file: { file_id: string; file_size?: number },
    mimeType: string,
    fileName?: string,
  ) => {
    found.push({
      kind,
      mimeType,
      byteSize: file.file_size ?? 0,
      remoteRef: file.file_id,
      ...(fileName ? { fileName } : {}),
    });
  };
  if (message.photo && message.photo.length > 0) {
    // Sizes come smallest first; the largest is the evidence.
    const largest = message.photo.reduce((a, b) =>
      (b.file_size ?? 0) >= (a.file_size ?? 0) ? b : a,
    );
    add("image", largest, "image/jpeg");
  }
  if (message.video)
    add("video", message.video, message.video.mime_type ?? "video/mp4", message.video.file_name);
  if (message.video_note) add("video", message.video_note, "video/mp4");
  if (message.voice) add("audio", message.voice, message.voice.mime_type ?? "audio/ogg");
  if (message.audio)
    add("audio", message.audio, message.audio.mime_type ?? "audio/mpeg", message.audio.file_name);
  if (message.document) {
    const mimeType = message.document.mime_type ?? "application/octet-stream";
    const kind = mimeType.startsWith("image/")
      ? "image"
      : mimeType.startsWith("video/")
        ? "video"
        : mimeType.startsWith("audio/")
          ? "audio"
          : "document";
    add(kind, message.document, mimeType, message.document.file_name);
  }
  const media = found.filter((item) => item.byteSize <= telegramDownloadLimitBytes);
  return { media, refused: found.length - media.length };
}

function originOf(origin: MessageOrigin | undefined): InboundMessage["forwarded"] {
  if (!origin) return undefined;
  const sentAt = new Date(origin.date * 1000).toISOString();
  switch (origin.type) {
    case "user":
      return {
        kind: "user",
        name: [origin.sender_user.first_name, origin.sender_user.last_name]
          .filter(Boolean)
          .join(" "),
        sentAt,
      };
    case "hidden_user":
      return { kind: "hidden_user", name: origin.sender_user_name, sentAt };
    case "chat":
      return { kind: "chat", name: origin.sender_chat.title, sentAt };
    case "channel":
      return { kind: "channel", name: origin.chat.title, sentAt };
  }
}

function privateMessage(update: Update, message: Message, receivedAt: Date): TelegramEvent {
  const command = readCommand(message);
  const text = textOf(message, command);
  const { media, refused } = mediaOf(message);
  const location = message.location
    ? { latitude: message.location.latitude, longitude: message.location.longitude }
    : undefined;
  if (text === undefined && media.length === 0 && !location && refused === 0) {
    return { kind: "ignored", reason: "unsupported_content" };
  }
  const inbound: InboundMessage = {
    channel: "telegram",
    address: String(message.chat.id),
    externalId: `update:${update.update_id}`,
    receivedAt,
  };
  if (text !== undefined) inbound.text = text;
  if (media.length > 0) inbound.media = media;
  if (location) inbound.location = location;
  if (refused > 0) inbound.refusedMedia = { count: refused, maxBytes: telegramDownloadLimitBytes };
  const forwarded = originOf(message.forward_origin);
  if (forwarded) inbound.forwarded = forwarded;
  return { kind: "message", message: inbound };
}

function pressedLabel(query: CallbackQuery): string | undefined {
  const message = query.message;
  if (!message || !("reply_markup" in message)) return undefined;
  const rows: InlineKeyboardButton[][] = message.reply_markup?.inline_keyboard ?? [];
  for (const row of rows) {
    for (const button of row) {
      if ("callback_data" in button && button.callback_data === query.data) return button.text;
    }
  }
  return undefined;
}

function callback(query: CallbackQuery, receivedAt: Date): TelegramEvent {
  const message = query.message;
  if (message?.chat.type !== "private" || query.data === undefined) {
    return { kind: "callback_only", callback: { id: query.id } };
  }
  const label = pressedLabel(query);
  const text = "text" in message ? message.text : undefined;
  return {
    kind: "callback",
    // A double tap sends two presses with different update ids: the same person, message
    // and button make the same external id, so the second is a duplicate.
    message: {
      channel: "telegram",
      address: String(message.chat.id),
      externalId: `callback:${query.from.id}:${message.message_id}:${query.data}`,
      receivedAt,
      choice: query.data,
    },
    callback: {
      id: query.id,
      chatId: message.chat.id,
      messageId: message.message_id,
      ...(text !== undefined ? { messageText: text } : {}),
      ...(label !== undefined ? { label } : {}),
    },
  };
}

function membership(change: ChatMemberUpdated): TelegramEvent {
  if (change.chat.type !== "private") return { kind: "ignored", reason: "group_membership" };
  const status = change.new_chat_member.status;
  if (status === "kicked")
    return { kind: "membership", address: String(change.chat.id), blocked: true };
  if (status === "member")
    return { kind: "membership", address: String(change.chat.id), blocked: false };
  return { kind: "ignored", reason: "membership_other" };
}

function groupMessage(message: Message, botUsername: string | undefined): TelegramEvent {
  const command = readCommand(message);
  // Privacy mode: only commands reach a bot in a group; anything else is not for us.
  if (!command) return { kind: "ignored", reason: "group_chatter" };
  if (command.target && botUsername && command.target.toLowerCase() !== botUsername.toLowerCase()) {
    return { kind: "ignored", reason: "other_bot" };
  }
  return {
    kind: "group_command",
    chatId: message.chat.id,
    messageId: message.message_id,
    command: command.name,
    args: command.args,
  };
}

const isInteger = (value: unknown): boolean => Number.isSafeInteger(value);
const optionalString = (value: unknown): boolean =>
  value === undefined || typeof value === "string";

/** The fields this module reads, checked before it trusts the update's shape. */
function wellFormed(payload: Record<string, unknown>): boolean {
  const message = payload.message ?? payload.edited_message;
  if (message !== undefined) {
    if (!isObject(message) || !isObject(message.chat) || !isInteger(message.chat.id)) return false;
    if (typeof message.chat.type !== "string" || !isInteger(message.message_id)) return false;
    if (!optionalString(message.text) || !optionalString(message.caption)) return false;
    if (message.from !== undefined && (!isObject(message.from) || !isInteger(message.from.id))) {
      return false;
    }
  }
  const query = payload.callback_query;
  if (query !== undefined) {
    if (!isObject(query) || typeof query.id !== "string") return false;
    if (!isObject(query.from) || !isInteger(query.from.id) || !optionalString(query.data)) {
      return false;
    }
    const on = query.message;
    if (on !== undefined && (!isObject(on) || !isObject(on.chat) || !isInteger(on.chat.id))) {
      return false;
    }
  }
  const member = payload.my_chat_member;
  if (member !== undefined) {
    if (!isObject(member) || !isObject(member.chat) || !isInteger(member.chat.id)) return false;
    if (!isObject(member.new_chat_member) || typeof member.new_chat_member.status !== "string") {
      return false;
    }
  }
  return true;
}

/**
 * Reads one Bot API update. Throws InvalidInboundError for something that is not an update;
 * everything the bot does not handle (edits, channel posts, reactions…) is `ignored`.
 */
export function readTelegramUpdate(
  payload: unknown,
  receivedAt: Date,
  options: { botUsername?: string } = {},
): TelegramEvent {
  if (!isObject(payload) || !isInteger(payload.update_id) || !wellFormed(payload)) {
    throw new InvalidInboundError("errors:invalid_update");
  }
  const update = payload as unknown as Update;
  if (update.message) {
    const message = update.message;
    if (message.from?.is_bot) return { kind: "ignored", reason: "from_bot" };
    if (message.chat.type === "private") return privateMessage(update, message, receivedAt);
    if (message.chat.type === "group" || message.chat.type === "supergroup") {
      return groupMessage(message, options.botUsername);
    }
    return { kind: "ignored", reason: "chat_type" };
  }
  if (update.callback_query) return callback(update.callback_query, receivedAt);
  if (update.my_chat_member) return membership(update.my_chat_member);
  if (update.edited_message) return { kind: "ignored", reason: "edited" };
  return { kind: "ignored", reason: "unsupported_update" };
}
