import { BufferJSON, downloadMediaMessage, type proto, type WAMessage } from "baileys";
import type { Conductor } from "../../conversations/conductor";
import type { Logger } from "../../logger";
import {
  type ChannelAdapter,
  type ChannelState,
  InvalidInboundError,
  type SendResult,
} from "../types";
import type { WhatsAppConnection } from "./connection";
import { readWhatsAppMessage } from "./normalize";
import { type ChoiceHint, renderWhatsApp } from "./render";

export interface WhatsAppAdapterDeps {
  connection: WhatsAppConnection;
  hint: ChoiceHint;
  log: Logger;
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

export function createWhatsAppAdapter(deps: WhatsAppAdapterDeps): ChannelAdapter<unknown, string> {
  const interval = deps.perChatIntervalMs ?? 1000;
  const typingFrom = deps.typingFromChars ?? 300;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? Date.now;
  const lastSent = new Map<string, number>();

  return {
    channel: "whatsapp",

    normalizeInbound(payload, receivedAt) {
      if (typeof payload !== "object" || payload === null || !("key" in payload)) {
        throw new InvalidInboundError("errors:invalid_request", { detail: "WhatsApp message" });
      }
      const event = readWhatsAppMessage(payload as proto.IWebMessageInfo, receivedAt);
      return event.kind === "message" ? [event.message] : [];
    },

    render: (message) => renderWhatsApp(message, deps.hint),

    async send(address, message): Promise<SendResult> {
      const socket = deps.connection.socket();
      if (!socket) return { ok: false, code: "TRANSIENT", detail: "not connected" };
      const wait = (lastSent.get(address) ?? 0) + interval - now();
      if (wait > 0) await sleep(wait);
      const text = renderWhatsApp(message, deps.hint);
      try {
        if (text.length > typingFrom) await socket.sendPresenceUpdate?.("composing", address);
        const sent = await socket.sendMessage(address, { text });
        lastSent.set(address, now());
        return sent?.key?.id ? { ok: true, externalId: sent.key.id } : { ok: true };
      } catch (error) {
        lastSent.set(address, now());
        if (isRateLimit(error)) return { ok: false, code: "RATE_LIMITED", retryAfterMs: 60_000 };
        return { ok: false, code: "TRANSIENT", detail: (error as Error)?.message ?? "send failed" };
      }
    },

    state(): ChannelState {
      const state = deps.connection.state();
      if (state === "open") return "ok";
      if (state === "connecting" || state === "pairing") return "connecting";
      return "degraded";
    },

    async downloadMedia(remoteRef) {
      const message = JSON.parse(remoteRef, BufferJSON.reviver) as WAMessage;
      const content = await downloadMediaMessage(message, "buffer", {});
      return new Uint8Array(content);
    },
  };
}

/** New WhatsApp messages into the conductor, with a read receipt once each is stored. */
export function createWhatsAppReceiver(deps: {
  conductor: Conductor;
  connection: WhatsAppConnection;
  log: Logger;
  clock: () => Date;
  /** Larger files are refused with a message, and the conversation goes on without them. */
  maxMediaBytes: number;
}) {
  return async (messages: proto.IWebMessageInfo[]) => {
    for (const info of messages) {
      const event = readWhatsAppMessage(info, deps.clock(), { maxMediaBytes: deps.maxMediaBytes });
      if (event.kind !== "message") continue;
      await deps.conductor.receive(event.message);
      await deps.connection
        .socket()
        ?.readMessages?.([event.key])
        .catch((error: unknown) => deps.log.warn({ err: error }, "read receipt failed"));
    }
  };
}
