/**
 * The channel contract. Every adapter (web chat, Telegram, WhatsApp) implements the required
 * core and passes the shared contract suite (test/channels/contract.ts); optional capabilities
 * are declared by their presence.
 */
export type ChannelId = "webchat" | "telegram" | "whatsapp";

export type MediaKind = "image" | "video" | "audio" | "document";

export interface InboundMedia {
  kind: MediaKind;
  mimeType: string;
  byteSize: number;
  fileName?: string;
  /** The bytes, when the channel delivered them with the message (web chat uploads). */
  content?: Uint8Array;
  /** A channel reference to fetch later, in the queue (Telegram file_id, WhatsApp media key). */
  remoteRef?: string;
}

export interface InboundMessage {
  channel: ChannelId;
  /** Who, on this channel: web chat conversation id, Telegram chat id, WhatsApp JID. Secret. */
  address: string;
  /**
   * Another address the same person may already be known by on this channel (a WhatsApp LID,
   * before their number was known): a contact found under it moves to `address`.
   */
  formerAddress?: string;
  /** The channel's own id for this message; duplicates are dropped by it. */
  externalId: string;
  receivedAt: Date;
  text?: string;
  /** The id of a pressed choice button. */
  choice?: string;
  media?: InboundMedia[];
  location?: { latitude: number; longitude: number };
  /** Files the channel announced but that are over what it lets the bot download. */
  refusedMedia?: { count: number; maxBytes: number };
  /** Where a forwarded message first came from (kept as evidence metadata). */
  forwarded?: { kind: string; name?: string; sentAt?: string };
}

export interface OutboundChoice {
  id: string;
  label: string;
}

/** A rendered, channel-neutral message: text in the contact's language plus optional choices. */
/** A picture sent with a message (an imbauan's image); the text becomes its caption. */
export interface OutboundImage {
  bytes: Uint8Array;
  mimeType: string;
  /** Stable for the same picture, so a platform's copy of an upload can be reused. */
  key: string;
}

export interface OutboundMessage {
  text: string;
  choices?: OutboundChoice[];
  image?: OutboundImage;
  /** Where a pull channel (the web chat page) fetches the picture, instead of `image`. */
  imageUrl?: string;
  /** The language it was written in, for what a channel adds itself ("reply with 1–5"). */
  language?: "id" | "en";
}

export type SendResult =
  | { ok: true; externalId?: string }
  | { ok: false; code: "RATE_LIMITED"; retryAfterMs: number }
  | { ok: false; code: "UNREACHABLE"; detail?: string }
  | { ok: false; code: "TRANSIENT"; detail?: string };

export type ChannelState = "ok" | "disabled" | "connecting" | "degraded";

/** Thrown by `normalizeInbound` for a payload it cannot accept; never crashes the server. */
export class InvalidInboundError extends Error {
  override name = "InvalidInboundError";
  constructor(
    /** An i18n key in the `errors` namespace, so people get the reason in their language. */
    readonly reason: string,
    readonly params: Record<string, string> = {},
  ) {
    super(`Invalid inbound payload: ${reason}`);
  }
}

/**
 * Thrown by `downloadMedia` for a file over what the channel may fetch: trying again would
 * only download the same bytes, so the file is marked failed at once.
 */
export class MediaTooLargeError extends Error {
  override name = "MediaTooLargeError";
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}

export interface ChannelAdapter<Payload = unknown, Rendered = unknown> {
  readonly channel: ChannelId;
  /** Verifies the shape of a platform payload and turns it into zero or more messages. */
  normalizeInbound(payload: Payload, receivedAt: Date): InboundMessage[];
  /** Renders a message for the platform: buttons, a numbered list, or JSON. */
  render(message: OutboundMessage): Rendered;
  /** Delivers one message to an address. Never throws for platform refusals: returns them. */
  send(address: string, message: OutboundMessage): Promise<SendResult>;
  /** Whether the channel can deliver right now, for /healthz. */
  state(): ChannelState;

  // Optional capabilities.
  /**
   * The platform's own word for where the connection stands (WhatsApp: pairing, logged_out…),
   * shown by /healthz instead of `state()`; `state()` still decides `degraded`.
   */
  connectionState?(): string;
  downloadMedia?(remoteRef: string): Promise<Uint8Array>;
  editMessage?(address: string, externalId: string, message: OutboundMessage): Promise<SendResult>;
  sendTyping?(address: string): Promise<void>;
}
