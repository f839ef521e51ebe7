import { and, eq, inArray } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { readBroadcastImage } from "../../broadcasts/broadcast-image";
import { isBroadcastId } from "../../broadcasts/broadcasts";
import { type InboundMedia, InvalidInboundError, type MediaKind } from "../../channels/types";
import {
  createWebchatAdapter,
  isConversationId,
  scopedMessageId,
  type WebchatReply,
} from "../../channels/webchat/adapter";
import type { Conductor, ReceiveResult } from "../../conversations/conductor";
import { findContact } from "../../conversations/contacts";
import { readMailbox, type StoredOutboundMessage } from "../../conversations/outbox";
import type { Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import type { Keyring } from "../../privacy/keyring";
import type { AppDatabase } from "../../storage/database";
import { broadcasts } from "../../storage/schema";
import { jsonError } from "../errors";

export interface ChatRouteDeps {
  database: AppDatabase;
  keyring: Keyring;
  conductor: Conductor;
  translator: Translator;
  log: Logger;
  clock: () => Date;
  maxBodyBytes: number;
  maxAttachmentBytes: number;
}

const allowedMedia: Record<string, MediaKind> = {
  "image/jpeg": "image",
  "image/png": "image",
  "image/webp": "image",
  "image/heic": "image",
  "video/mp4": "video",
  "video/quicktime": "video",
  "video/webm": "video",
  "audio/mpeg": "audio",
  "audio/mp4": "audio",
  "audio/ogg": "audio",
  "audio/webm": "audio",
  "audio/wav": "audio",
  "audio/x-m4a": "audio",
  "application/pdf": "document",
};

const historyLimit = 50;

function toReplies(messages: StoredOutboundMessage[]): WebchatReply[] {
  return messages.map(({ id, text, choices, imageUrl }) => ({
    id: String(id),
    text,
    ...(choices ? { choices } : {}),
    ...(imageUrl ? { imageUrl } : {}),
  }));
}

/** A broadcast's picture is public once it has started going out; never before. */
const publishedStates = ["sending", "paused", "done", "cancelled"];

function humanBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / (1024 * 1024))} MB`
    : `${Math.round(bytes / 1024)} KB`;
}

/** The web chat's HTTP surface: POST a message or a file, GET what the bot sent later. */
export function chatRoutes(deps: ChatRouteDeps) {
  const adapter = createWebchatAdapter();
  const app = new Hono();

  const tooLarge = (max: number) =>
    bodyLimit({
      maxSize: max,
      onError: (c) => jsonError(c, deps.translator, 413, "too_large", { max: humanBytes(max) }),
    });

  const answer = async (c: Context, receive: () => Promise<ReceiveResult>) => {
    let result: ReceiveResult;
    try {
      result = await receive();
    } catch (error) {
      // Nothing was committed: the page keeps the text so the person can send it again.
      deps.log.error({ err: error }, "web chat message could not be processed");
      return jsonError(c, deps.translator, 503, "unavailable");
    }
    const replies = toReplies(result.replies);
    if (result.outcome === "rate_limited") {
      return jsonError(c, deps.translator, 429, "rate_limited", {}, result.language, { replies });
    }
    return c.json({ replies, language: result.language }, 200);
  };

  app.post("/chat/messages", tooLarge(deps.maxBodyBytes), async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return jsonError(c, deps.translator, 400, "invalid_json");
    }
    let messages: ReturnType<typeof adapter.normalizeInbound>;
    try {
      messages = adapter.normalizeInbound(body, deps.clock());
    } catch (error) {
      if (!(error instanceof InvalidInboundError)) throw error;
      return jsonError(c, deps.translator, 400, error.reason.replace(/^errors:/, ""), error.params);
    }
    const [message] = messages;
    if (!message) return jsonError(c, deps.translator, 400, "empty_message");
    return answer(c, () => deps.conductor.receive(message));
  });

  // An imbauan's picture, for the page (`imageUrl` of a broadcast in the mailbox).
  app.get("/chat/images/:broadcastId", async (c) => {
    const id = c.req.param("broadcastId");
    if (!isBroadcastId(id)) return c.notFound();
    const [row] = await deps.database.db
      .select({ mediaId: broadcasts.imageMediaId })
      .from(broadcasts)
      .where(and(eq(broadcasts.id, id), inArray(broadcasts.state, publishedStates)));
    const image =
      row?.mediaId != null
        ? await readBroadcastImage(deps.database.db, deps.keyring, row.mediaId)
        : undefined;
    if (!image) return c.notFound();
    return c.body(image.bytes, 200, {
      "content-type": image.mimeType,
      "cache-control": "public, max-age=86400, immutable",
      "x-content-type-options": "nosniff",
    });
  });

  app.get("/chat/messages", async (c) => {
    const conversationId = c.req.header("x-conversation-id");
    if (!isConversationId(conversationId)) {
      return jsonError(c, deps.translator, 400, "conversation_id");
    }
    const afterParam = c.req.query("after");
    if (afterParam !== undefined && !/^\d{1,18}$/.test(afterParam)) {
      return jsonError(c, deps.translator, 400, "invalid_request", { detail: "after" });
    }
    const after = afterParam === undefined ? undefined : Number(afterParam);
    const contact = await findContact(deps.database.db, deps.keyring, "webchat", conversationId);
    if (!contact) return c.json({ replies: [], cursor: String(after ?? 0) });
    const mailbox = await readMailbox(deps.database.db, deps.keyring, contact.id, {
      ...(after === undefined ? {} : { after }),
      limit: historyLimit,
    });
    return c.json({
      replies: toReplies(mailbox.messages),
      cursor: String(mailbox.cursor),
      language: contact.language,
    });
  });

  // The multipart envelope adds a little to the file itself.
  app.post("/chat/attachments", tooLarge(deps.maxAttachmentBytes + 64 * 1024), async (c) => {
    const conversationId = c.req.header("x-conversation-id");
    if (!isConversationId(conversationId)) {
      return jsonError(c, deps.translator, 400, "conversation_id");
    }
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      return jsonError(c, deps.translator, 400, "invalid_request", { detail: "multipart" });
    }
    const file = form.file;
    if (!(file instanceof File)) return jsonError(c, deps.translator, 400, "missing_file");
    if (file.size > deps.maxAttachmentBytes) {
      return jsonError(c, deps.translator, 413, "too_large", {
        max: humanBytes(deps.maxAttachmentBytes),
      });
    }
    const mimeType = file.type.split(";")[0]?.trim().toLowerCase() ?? "";
    const kind = allowedMedia[mimeType];
    if (!kind) return jsonError(c, deps.translator, 415, "unsupported_media");
    const caption = typeof form.caption === "string" ? form.caption.slice(0, 1024) : undefined;
    const content = new Uint8Array(await file.arrayBuffer());
    const media: InboundMedia = { kind, mimeType, byteSize: content.byteLength, content };
    if (file.name) media.fileName = file.name.slice(0, 200);
    const messageId = c.req.header("x-message-id");
    return answer(c, () =>
      deps.conductor.receive({
        channel: "webchat",
        address: conversationId,
        externalId:
          messageId && /^[A-Za-z0-9_-]{8,64}$/.test(messageId)
            ? scopedMessageId(conversationId, messageId)
            : crypto.randomUUID(),
        receivedAt: deps.clock(),
        ...(caption?.trim() ? { text: caption } : {}),
        media: [media],
      }),
    );
  });

  return app;
}
