import type { Logger } from "../../logger";
import {
  type ChannelAdapter,
  type ChannelState,
  InvalidInboundError,
  type SendResult,
} from "../types";
import { createChatPace } from "./chat-pace";
import type { WhatsAppConnection, WhatsAppSocketLike } from "./connection";
import { downloadVerified } from "./download";
import { readWhatsAppMessage } from "./normalize";
import { type ChoiceHint, renderWhatsApp } from "./render";

export interface WhatsAppAdapterDeps {
  connection: WhatsAppConnection;
  hint: ChoiceHint;
  log: Logger;
  /** Files larger than this are not downloaded, whatever size the sender declared. */
  maxMediaBytes?: number;
  /** Replies to one chat at most this often (ban-aware pacing). */
  perChatIntervalMs?: number;
  /** Answers longer than this get a typing indicator first. */
  typingFromChars?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const isRateLimit = (error: unknown): boolean => {
  const status = (error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
  return status === 429 || /rate-overlimit/i.test(String((error as Error | undefined)?.message));
};

const isWellFormed = (payload: unknown): boolean => {
  if (typeof payload !== "object" || payload === null || !("key" in payload)) return false;
  const key = (payload as { key: unknown }).key;
  if (typeof key !== "object" || key === null) return false;
  const { id, remoteJid } = key as { id?: unknown; remoteJid?: unknown };
  return typeof id === "string" && id !== "" && typeof remoteJid === "string" && remoteJid !== "";
};

export function createWhatsAppAdapter(
  deps: WhatsAppAdapterDeps,
): ChannelAdapter<unknown, string> & { connectionState(): string } {
  const typingFrom = deps.typingFromChars ?? 300;
  const maxMediaBytes = deps.maxMediaBytes ?? Number.POSITIVE_INFINITY;
  const log = deps.log.child({ module: "whatsapp" });
  const pace = createChatPace({
    intervalMs: deps.perChatIntervalMs ?? 1000,
    now: deps.now ?? Date.now,
    sleep: deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms))),
  });

  /** Typing is a courtesy: a failure is logged and never holds up or fails the send. */
  async function presence(socket: WhatsAppSocketLike, type: "composing" | "paused", to: string) {
    try {
      await socket.sendPresenceUpdate?.(type, to);
    } catch (error) {
      log.warn({ err: error, type }, "whatsapp presence update failed");
    }
  }

  return {
    channel: "whatsapp",

    normalizeInbound(payload, receivedAt) {
      if (!isWellFormed(payload)) {
        throw new InvalidInboundError("errors:invalid_request", { detail: "WhatsApp message" });
      }
      const event = readWhatsAppMessage(
        payload as Parameters<typeof readWhatsAppMessage>[0],
        receivedAt,
      );
      return event.kind === "message" ? [event.message] : [];
    },

    render: (message) => renderWhatsApp(message, deps.hint),

    async send(address, message): Promise<SendResult> {
      const socket = deps.connection.socket();
      if (!socket) return { ok: false, code: "TRANSIENT", detail: "not connected" };
      const text = renderWhatsApp(message, deps.hint);
      const content = message.image
        ? {
            image: Buffer.from(message.image.bytes),
            mimetype: message.image.mimeType,
            caption: text,
          }
        : { text };
      // Typing shows while the send waits for its turn in the chat.
      const typing = text.length > typingFrom;
      if (typing) await presence(socket, "composing", address);
      try {
        // Nothing may come between the turn and the send, or the spacing would shrink.
        await pace.wait(address);
        const sent = await socket.sendMessage(address, content);
        return sent?.key?.id ? { ok: true, externalId: sent.key.id } : { ok: true };
      } catch (error) {
        if (isRateLimit(error)) return { ok: false, code: "RATE_LIMITED", retryAfterMs: 60_000 };
        return { ok: false, code: "TRANSIENT", detail: (error as Error)?.message ?? "send failed" };
      } finally {
        if (typing) await presence(socket, "paused", address);
      }
    },

    state(): ChannelState {
      const state = deps.connection.state();
      if (state === "open") return "ok";
      if (state === "connecting" || state === "pairing") return "connecting";
      return "degraded";
    },

    connectionState: () => deps.connection.state(),

    downloadMedia: (remoteRef) => downloadVerified(remoteRef, maxMediaBytes),
  };
}
