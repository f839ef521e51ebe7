import {
  BufferJSON,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  isPnUser,
  jidNormalizedUser,
  type proto,
  type WAMessageKey,
} from "baileys";
import type { InboundMedia, InboundMessage } from "../types";
import { type GroupCommand, readGroupCommand } from "./group-command";

/** What one `messages.upsert` item means for the bot. */
export type WhatsAppEvent =
  | { kind: "message"; message: InboundMessage; key: WAMessageKey }
  /** A command in a configured group: answered there, never collected there. */
  | { kind: "group_command"; group: string; command: GroupCommand; key: WAMessageKey }
  | { kind: "ignored"; reason: string };

/**
 * The address of a person: their phone-number JID when WhatsApp tells it (also when the
 * message came under their LID, via `remoteJidAlt`), so one person is one contact.
 */
export function personAddress(key: WAMessageKey): string | undefined {
  const candidates = [key.remoteJid, key.remoteJidAlt].filter(
    (jid): jid is string => typeof jid === "string" && jid.length > 0,
  );
  const pn = candidates.find((jid) => isPnUser(jid));
  if (pn) return jidNormalizedUser(pn);
  const lid = candidates.find((jid) => isLidUser(jid));
  return lid ? jidNormalizedUser(lid) : undefined;
}

/** The person's LID when their address is their number: they may have been seen by it first. */
function formerAddressOf(key: WAMessageKey, address: string): string | undefined {
  const lid = [key.remoteJid, key.remoteJidAlt].find(
    (jid): jid is string => typeof jid === "string" && isLidUser(jid) === true,
  );
  const normalized = lid ? jidNormalizedUser(lid) : undefined;
  return normalized && normalized !== address ? normalized : undefined;
}

type Content = proto.IMessage;

/** Unwraps the containers WhatsApp puts around a message (ephemeral, view-once, edits…). */
function unwrap(message: Content | null | undefined): Content | undefined {
  let current = message ?? undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    const inner =
      current.ephemeralMessage?.message ??
      current.viewOnceMessage?.message ??
      current.viewOnceMessageV2?.message ??
      current.documentWithCaptionMessage?.message;
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The file nodes Awas keeps, each with the media type its keys are derived for (HKDF info). */
const fileNodes = [
  ["imageMessage", "image"],
  ["videoMessage", "video"],
  ["audioMessage", "audio"],
  ["documentMessage", "document"],
] as const;

export type DownloadableNode = NonNullable<Content[(typeof fileNodes)[number][0]]>;

/**
 * The file a stored message carries, and the media type to decrypt it as. The download takes
 * this node itself, never Baileys' guess from the whole message: after the reference's JSON
 * round trip an image without `url` would be "downloaded" as its thumbnail.
 */
export function downloadableMedia(
  message: Content | null | undefined,
): { mediaType: (typeof fileNodes)[number][1]; node: DownloadableNode } | undefined {
  const content = unwrap(message);
  for (const [field, mediaType] of fileNodes) {
    const node = content?.[field];
    if (node) return { mediaType, node };
  }
  return undefined;
}

/** protobuf sizes are numbers or Long objects (64-bit). */
type Long = { toNumber(): number };
const size = (value: number | Long | null | undefined): number =>
  value === null || value === undefined ? 0 : typeof value === "number" ? value : value.toNumber();

/** The media node kept sealed as the reference the queue downloads by. */
function mediaRef(info: proto.IWebMessageInfo): string {
  return JSON.stringify({ key: info.key, message: info.message }, BufferJSON.replacer);
}

/** The text a group message shows, wherever WhatsApp put it. */
function groupText(content: Content): string | undefined {
  return (
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.imageMessage?.caption ??
    content.videoMessage?.caption ??
    undefined
  );
}

/**
 * The id of a pressed button or list row. WhatsApp no longer shows these from unofficial
 * clients and Awas sends none, but a press still arrives from older clients; the engine only
 * accepts ids it offered.
 */
function pressedChoice(content: Content): string | undefined {
  return (
    content.buttonsResponseMessage?.selectedButtonId ??
    content.listResponseMessage?.singleSelectReply?.selectedRowId ??
    content.templateButtonReplyMessage?.selectedId ??
    undefined
  );
}

/**
 * Reads one WhatsApp message. The bot's own messages, status broadcasts, newsletters and groups
 * not in `groups` are ignored; so is anything with no text, file or location in it. In a
 * configured group only commands count (`lapor`, `tanya …`): reports are never collected there.
 */
export function readWhatsAppMessage(
  info: proto.IWebMessageInfo,
  receivedAt: Date,
  options: { groups?: ReadonlySet<string>; maxMediaBytes?: number } = {},
): WhatsAppEvent {
  const key = (info.key ?? {}) as WAMessageKey;
  if (!key.id || !key.remoteJid) return { kind: "ignored", reason: "no_key" };
  if (key.fromMe) return { kind: "ignored", reason: "own_message" };
  const jid = key.remoteJid;
  if (isJidStatusBroadcast(jid) || isJidBroadcast(jid))
    return { kind: "ignored", reason: "broadcast" };
  if (isJidNewsletter(jid)) return { kind: "ignored", reason: "newsletter" };

  const content = unwrap(info.message);
  if (isJidGroup(jid)) {
    if (!options.groups?.has(jid)) return { kind: "ignored", reason: "group" };
    const text = content ? groupText(content) : undefined;
    const command = text === undefined ? undefined : readGroupCommand(text);
    if (!command) return { kind: "ignored", reason: "group_chatter" };
    return { kind: "group_command", group: jid, command, key };
  }
  const address = personAddress(key);
  if (!address) return { kind: "ignored", reason: "unknown_address" };
  if (!content) return { kind: "ignored", reason: "no_content" };
  const former = formerAddressOf(key, address);
  const who = {
    channel: "whatsapp" as const,
    address,
    ...(former ? { formerAddress: former } : {}),
  };

  const choice = pressedChoice(content);
  if (choice) {
    return {
      kind: "message",
      key,
      message: { ...who, externalId: `msg:${key.id}`, receivedAt, choice },
    };
  }

  let text: string | undefined;
  const media: InboundMedia[] = [];
  let location: InboundMessage["location"];
  const file = (
    kind: InboundMedia["kind"],
    node: { mimetype?: string | null; fileLength?: number | Long | null; fileName?: string | null },
    fallbackMime: string,
  ) => {
    media.push({
      kind,
      mimeType: node.mimetype ?? fallbackMime,
      byteSize: size(node.fileLength),
      remoteRef: mediaRef(info),
      ...(node.fileName ? { fileName: node.fileName } : {}),
    });
  };

  if (content.conversation) text = content.conversation;
  else if (content.extendedTextMessage?.text) text = content.extendedTextMessage.text;
  if (content.imageMessage) {
    file("image", content.imageMessage, "image/jpeg");
    text = content.imageMessage.caption ?? undefined;
  }
  if (content.videoMessage) {
    file("video", content.videoMessage, "video/mp4");
    text = content.videoMessage.caption ?? undefined;
  }
  if (content.audioMessage) file("audio", content.audioMessage, "audio/ogg");
  if (content.documentMessage) {
    file("document", content.documentMessage, "application/octet-stream");
    text = content.documentMessage.caption ?? text;
  }
  if (content.locationMessage || content.liveLocationMessage) {
    const pin = content.locationMessage ?? content.liveLocationMessage;
    if (typeof pin?.degreesLatitude === "number" && typeof pin.degreesLongitude === "number") {
      location = { latitude: pin.degreesLatitude, longitude: pin.degreesLongitude };
    }
  }
  if (content.contactMessage) {
    // A shared contact card (a witness, say) is kept as the text it shows.
    text = [content.contactMessage.displayName, content.contactMessage.vcard]
      .filter(Boolean)
      .join("\n");
  }
  const maxBytes = options.maxMediaBytes ?? Number.POSITIVE_INFINITY;
  const kept = media.filter((item) => item.byteSize <= maxBytes);
  const refused = media.length - kept.length;
  if (text === undefined && kept.length === 0 && !location && refused === 0) {
    return { kind: "ignored", reason: "unsupported_content" };
  }

  const message: InboundMessage = { ...who, externalId: `msg:${key.id}`, receivedAt };
  if (text !== undefined && text !== "") message.text = text;
  if (kept.length > 0) message.media = kept;
  if (location) message.location = location;
  if (refused > 0) message.refusedMedia = { count: refused, maxBytes };
  return { kind: "message", message, key };
}
