import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import {
  type ChannelAdapter,
  type InboundMessage,
  InvalidInboundError,
  type OutboundMessage,
} from "../types";

/** 16–128 URL-safe characters; the page makes 22 from 128 random bits. */
export const conversationIdPattern = /^[A-Za-z0-9_-]{16,128}$/;
export const maxTextLength = 4000;
const maxChoiceIdLength = 64;

const webchatPayload = z.object({
  conversationId: z.string(),
  text: z.string().optional(),
  choice: z.string().optional(),
  /** Optional client id: a retried POST with the same id is answered, not processed twice. */
  messageId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});

export type WebchatPayload = z.input<typeof webchatPayload>;

/** What the page receives: the same neutral message, with the outbox id for de-duplication. */
export interface WebchatReply extends OutboundMessage {
  id: string;
}

/**
 * A client-chosen message id is only unique within its conversation: scope it, so one
 * conversation can never be answered with another's replies by reusing its id.
 */
export function scopedMessageId(conversationId: string, messageId: string): string {
  return createHash("sha256").update(`${conversationId}\n${messageId}`).digest("base64url");
}

export function isConversationId(value: unknown): value is string {
  return typeof value === "string" && conversationIdPattern.test(value);
}

/**
 * The built-in web chat. It is a pull channel: "sending" succeeds at once, because the page
 * fetches its messages from the outbox (GET /chat/messages), which is the mailbox.
 */
export function createWebchatAdapter(): ChannelAdapter<unknown, WebchatReply | OutboundMessage> {
  return {
    channel: "webchat",
    normalizeInbound(payload, receivedAt): InboundMessage[] {
      const parsed = webchatPayload.safeParse(payload);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}`).join(", ");
        throw new InvalidInboundError("errors:invalid_request", { detail });
      }
      const { conversationId, text, choice, messageId } = parsed.data;
      if (!isConversationId(conversationId))
        throw new InvalidInboundError("errors:conversation_id");
      if (text !== undefined && text.length > maxTextLength) {
        throw new InvalidInboundError("errors:text_too_long", { max: String(maxTextLength) });
      }
      const hasText = text !== undefined && text.trim() !== "";
      const hasChoice = choice !== undefined && choice.trim() !== "";
      if (!hasText && !hasChoice) throw new InvalidInboundError("errors:empty_message");
      if (hasChoice && (choice as string).length > maxChoiceIdLength) {
        throw new InvalidInboundError("errors:invalid_request", { detail: "choice" });
      }
      return [
        {
          channel: "webchat",
          address: conversationId,
          externalId: messageId ? scopedMessageId(conversationId, messageId) : randomUUID(),
          receivedAt,
          ...(hasChoice ? { choice: (choice as string).trim() } : { text: text as string }),
        },
      ];
    },
    render(message) {
      return message.choices
        ? { text: message.text, choices: message.choices }
        : { text: message.text };
    },
    async send() {
      return { ok: true };
    },
    state() {
      return "ok";
    },
  };
}
