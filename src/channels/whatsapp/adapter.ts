import { createHash, timingSafeEqual } from "node:crypto";
import { BufferJSON, downloadContentFromMessage, type proto, type WAMessage } from "baileys";
import type { Conductor } from "../../conversations/conductor";
import type { Logger } from "../../logger";
import {
  type ChannelAdapter,
  type ChannelState,
  InvalidInboundError,
  type SendResult,
} from "../types";
import type { WhatsAppConnection } from "./connection";
import { downloadableMedia, readWhatsAppMessage } from "./normalize";
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
        const sent = await socket.sendMessage(
          address,
          message.image
            ? {
                image: Buffer.from(message.image.bytes),
                mimetype: message.image.mimeType,
                caption: text,
              }
            : { text },
        );
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
      return downloadVerified(message);
    },
  };
}

/**
 * The reference's JSON round trip leaves byte fields as base64 strings (protobuf's toJSON) or
 * Buffers (BufferJSON), and 64-bit sizes as strings, numbers or Long-like objects.
 */
const bytesOf = (value: unknown): Buffer | undefined => {
  if (typeof value === "string") return value ? Buffer.from(value, "base64") : undefined;
  if (value instanceof Uint8Array) return value.byteLength > 0 ? Buffer.from(value) : undefined;
  return undefined;
};
const lengthOf = (value: unknown): number => {
  if (typeof value === "number" || typeof value === "string") return Number(value) || 0;
  const long = value as { toNumber?: () => number; low?: number; high?: number } | null;
  if (typeof long?.toNumber === "function") return long.toNumber();
  if (typeof long?.low === "number") return (long.high ?? 0) * 2 ** 32 + (long.low >>> 0);
  return 0;
};

/**
 * Downloads and decrypts a file (Baileys: `directPath`/`url`, keys from `mediaKey`), then
 * checks it against the `fileSha256` the sender put in the end-to-end encrypted message.
 * Baileys checks neither the file's MAC nor a hash: a changed byte in the middle of the
 * ciphertext decrypts to different bytes without an error, and would be kept as evidence.
 * Reading stops past the announced size.
 */
async function downloadVerified(message: WAMessage): Promise<Uint8Array> {
  const found = downloadableMedia(message.message);
  if (!found) throw new Error("the stored WhatsApp message carries no file");
  const { node, mediaType } = found;
  const expected = bytesOf(node.fileSha256);
  if (expected?.byteLength !== 32) {
    throw new Error("the WhatsApp file has no fileSha256 to check the download against");
  }
  const mediaKey = bytesOf(node.mediaKey);
  if (!mediaKey) throw new Error("the WhatsApp file has no mediaKey");
  const announced = lengthOf(node.fileLength);
  const stream = await downloadContentFromMessage(
    { mediaKey, directPath: node.directPath ?? null, url: node.url ?? null },
    mediaType,
  );
  const chunks: Buffer[] = [];
  let total = 0;
  const hash = createHash("sha256");
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (announced > 0 && total > announced) {
      stream.destroy();
      throw new Error(`the WhatsApp file is larger than the ${announced} bytes announced`);
    }
    hash.update(chunk);
    chunks.push(chunk);
  }
  if (!timingSafeEqual(hash.digest(), expected)) {
    throw new Error("the WhatsApp file does not match its fileSha256 (damaged or tampered)");
  }
  const content = Buffer.concat(chunks, total);
  return new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
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
