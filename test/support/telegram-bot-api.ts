/**
 * A stand-in Telegram Bot API server for tests: the bot's `apiRoot` points here instead of
 * https://api.telegram.org. It records every call, serves files for getFile and download,
 * queues updates for getUpdates, delivers webhook updates with the secret header, and answers
 * 429/403/5xx on demand — all in Telegram's own envelopes and result shapes.
 *
 * Requests: `POST|GET {apiRoot}/bot{token}/{method}` with JSON, urlencoded or multipart bodies
 * (grammY's hand-written multipart included), files: `GET {apiRoot}/file/bot{token}/{file_path}`.
 */
import { createHash } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface BotApiCall {
  /** The method's canonical name ("sendMessage"), whatever case the client used. */
  method: string;
  /** Parameters from the query string and body; form values coerced (see `coerceFormValue`). */
  params: Record<string, unknown>;
  at: Date;
  /** The HTTP status the stand-in answered with: 200, or the Bot API error code. */
  status: number;
}

/** A file part of a multipart request, as recorded in `BotApiCall.params`. */
export class UploadedFile {
  constructor(
    readonly fileName: string | undefined,
    readonly contentType: string | undefined,
    readonly content: Uint8Array,
  ) {}
}

export type BotApiFailure =
  | { error_code: 429; retry_after: number }
  | { error_code: 403; description: string }
  | { error_code: 500 | 502; description: string };

export interface WebhookSettings {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  maxConnections?: number;
}

export interface StandInBotApi {
  /** e.g. "http://127.0.0.1:PORT" — the bot's apiRoot. */
  readonly apiRoot: string;
  readonly token: string;
  /** The bot user getMe answers with (username "AwasUjiBot"). */
  readonly bot: Record<string, unknown> & { id: number; username: string };
  /** Recorded calls with a valid token, oldest first; only `method` (any case) when given. */
  calls(method?: string): BotApiCall[];
  /** Forgets recorded calls and pending `failNext` failures (files, webhook, queue are kept). */
  clear(): void;
  /** Serve a file for getFile/download: returns the file_id to put in fixtures/updates. */
  addFile(
    fileId: string,
    content: Uint8Array,
    options?: { fileSize?: number; filePath?: string },
  ): void;
  /** The next `count` calls of `method` (or any method when "*") fail with this Bot API error. */
  failNext(method: string, error: BotApiFailure, count?: number): void;
  /** Sends a webhook update to a URL with the secret header, as Telegram does; returns the HTTP status. */
  deliver(url: string, update: unknown, secret: string | undefined): Promise<number>;
  /** Queue updates for getUpdates (polling mode): answered in order with offset semantics. */
  queueUpdate(update: unknown): void;
  /** The webhook as last set by setWebhook (with its secret), or undefined. */
  webhook(): WebhookSettings | undefined;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = "7000000001:AAHstand-in-token-for-tests-000000000";
const DEFAULT_BOT_ID = 7000000001;
/** getFile refuses files above this size: "Bad Request: file is too big". */
export const GET_FILE_LIMIT = 20 * 1024 * 1024;
const MAX_BODY_BYTES = 60 * 1024 * 1024;
/** Without allowed_updates, Telegram sends every update type except these. */
const NOT_SENT_BY_DEFAULT = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);

// --- Parameters -------------------------------------------------------------------------------

/** Form fields whose value Telegram reads as JSON. */
const JSON_FIELDS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "allowed_updates",
  "commands",
  "scope",
  "media",
  "link_preview_options",
  "reply_parameters",
  "message_ids",
]);
const INT_FIELDS = new Set([
  "chat_id",
  "from_chat_id",
  "message_id",
  "message_thread_id",
  "reply_to_message_id",
  "offset",
  "limit",
  "timeout",
  "max_connections",
  "cache_time",
  "duration",
  "width",
  "height",
  "user_id",
  "until_date",
]);
const BOOL_FIELDS = new Set([
  "disable_notification",
  "protect_content",
  "drop_pending_updates",
  "show_alert",
  "disable_web_page_preview",
  "allow_sending_without_reply",
  "supports_streaming",
  "disable_content_type_detection",
  "has_spoiler",
  "show_caption_above_media",
]);

/** Form values are strings; give known fields the type a JSON client would have sent. */
function coerceFormValue(key: string, value: string): unknown {
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (INT_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (BOOL_FIELDS.has(key) && (value === "true" || value === "false")) return value === "true";
  return value;
}

interface MultipartPart {
  name: string;
  fileName?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * A lenient multipart/form-data parser. grammY writes `content-disposition:form-data;name="x"`
 * and unquoted `filename=…` without a final CRLF, which Node's `Request.formData()` refuses but
 * Telegram accepts.
 */
function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw badRequest("can't parse multipart/form-data request");
  position += delimiter.length;
  while (position < body.length) {
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break; // "--": the end
    const headerEnd = body.indexOf("\r\n\r\n", position);
    if (headerEnd < 0) throw badRequest("can't parse multipart/form-data request");
    const headers = new Map<string, string>();
    for (const line of body.subarray(position, headerEnd).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1));
    }
    const dataStart = headerEnd + 4;
    const dataEnd = body.indexOf(next, dataStart);
    if (dataEnd < 0) throw badRequest("can't parse multipart/form-data request");
    const disposition = headers.get("content-disposition") ?? "";
    const param = (key: string) => {
      const match = new RegExp(
        `(?:^|;)\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`,
        "i",
      ).exec(disposition);
      if (!match) return undefined;
      return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2]?.trim();
    };
    const name = param("name");
    if (name !== undefined) {
      parts.push({
        name,
        fileName: param("filename"),
        contentType: headers.get("content-type")?.trim(),
        data: body.subarray(dataStart, dataEnd),
      });
    }
    position = dataEnd + next.length;
  }
  return parts;
}

function parseBody(contentType: string, body: Buffer): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (body.length === 0) return params;
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON request");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw badRequest("JSON request must be an object");
    }
    return parsed as Record<string, unknown>;
  }
  if (type === "application/x-www-form-urlencoded") {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) {
      params[key] = coerceFormValue(key, value);
    }
    return params;
  }
  if (type === "multipart/form-data") {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    const value = boundary?.[1] ?? boundary?.[2];
    if (!value) throw badRequest("can't parse multipart/form-data request");
    const files = new Map<string, UploadedFile>();
    for (const part of parseMultipart(body, value)) {
      if (part.fileName !== undefined || part.contentType === "application/octet-stream") {
        const file = new UploadedFile(part.fileName, part.contentType, new Uint8Array(part.data));
        files.set(part.name, file);
        params[part.name] = file;
      } else {
        params[part.name] = coerceFormValue(part.name, part.data.toString("utf8"));
      }
    }
    // grammY sends `photo: "attach://<id>"` and the file as the part named <id>.
    for (const [key, value] of Object.entries(params)) {
      if (typeof value !== "string" || !value.startsWith("attach://")) continue;
      const file = files.get(value.slice("attach://".length));
      if (file) {
        params[key] = file;
        delete params[value.slice("attach://".length)];
      }
    }
    return params;
  }
  throw badRequest(`unsupported content type ${type}`);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, "Request Entity Too Large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

// --- Text and markup checks, as Telegram does them --------------------------------------------

const HTML_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "span",
  "tg-spoiler",
  "a",
  "tg-emoji",
  "code",
  "pre",
  "blockquote",
]);
const HTML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/**
 * parse_mode "HTML": refuses unsupported and unbalanced tags like Telegram ("can't parse
 * entities"), and returns the visible text. Entities are not computed; Markdown is not checked.
 */
function parseHtml(text: string): string {
  const stack: string[] = [];
  let out = "";
  let i = 0;
  const byteOffset = (at: number) => Buffer.byteLength(text.slice(0, at));
  while (i < text.length) {
    const rest = text.slice(i);
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>/.exec(rest);
    if (tag) {
      const [whole, closing, rawName] = tag;
      const name = (rawName ?? "").toLowerCase();
      if (!HTML_TAGS.has(name)) {
        throw badRequest(
          `can't parse entities: Unsupported ${closing ? "end" : "start"} tag "${name}" at byte offset ${byteOffset(i)}`,
        );
      }
      if (closing) {
        const expected = stack.pop();
        if (expected !== name) {
          throw badRequest(
            `can't parse entities: Unmatched end tag at byte offset ${byteOffset(i)}, expected "</${expected ?? ""}>", found "</${name}>"`,
          );
        }
      } else {
        stack.push(name);
      }
      i += whole.length;
      continue;
    }
    const entity = /^&(lt|gt|amp|quot|#(\d+)|#x([0-9a-fA-F]+));/.exec(rest);
    if (entity) {
      const [whole, named, decimal, hex] = entity;
      out += decimal
        ? String.fromCodePoint(Number(decimal))
        : hex
          ? String.fromCodePoint(Number.parseInt(hex, 16))
          : (HTML_ENTITIES[named ?? ""] ?? whole);
      i += whole.length;
      continue;
    }
    out += text[i];
    i += 1;
  }
  const open = stack.pop();
  if (open) {
    throw badRequest(
      `can't parse entities: Can't find end tag corresponding to start tag "${open}"`,
    );
  }
  return out;
}

function visibleText(text: string, parseMode: unknown): string {
  return typeof parseMode === "string" && parseMode.toUpperCase() === "HTML"
    ? parseHtml(text)
    : text;
}

/** Validates reply_markup; returns an inline keyboard to echo in the sent Message. */
function checkReplyMarkup(markup: unknown): Record<string, unknown> | undefined {
  if (markup === undefined || markup === null || markup === "") return undefined;
  let value = markup;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
  }
  if (typeof value !== "object" || value === null) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const keyboard = (value as { inline_keyboard?: unknown }).inline_keyboard;
  if (keyboard === undefined) return undefined; // reply keyboards are not echoed
  if (!Array.isArray(keyboard) || !keyboard.every(Array.isArray)) {
    throw badRequest(
      'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
    );
  }
  for (const row of keyboard as unknown[][]) {
    for (const button of row) {
      const b = button as Record<string, unknown>;
      if (typeof b?.text !== "string") {
        throw badRequest("can't parse inline keyboard button: Text is not specified");
      }
      const actions = Object.keys(b).filter((key) => key !== "text");
      if (actions.length === 0) {
        throw badRequest(
          "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
      }
      if ("callback_data" in b) {
        const size = typeof b.callback_data === "string" ? Buffer.byteLength(b.callback_data) : 0;
        if (size < 1 || size > 64) throw badRequest("BUTTON_DATA_INVALID");
      }
    }
  }
  return value as Record<string, unknown>;
}

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

function toInt(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function updateType(update: Record<string, unknown>): string | undefined {
  return Object.keys(update).find((key) => key !== "update_id");
}

// --- The server ------------------------------------------------------------------------------

interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  content: Uint8Array;
  fileSize: number;
  filePath: string;
}

type Message = Record<string, unknown> & { message_id: number; chat: { id: number } };
type Update = Record<string, unknown> & { update_id: number };
interface Context {
  /** Resolves when the client hangs up before the answer. */
  aborted: Promise<void>;
}
type Handler = (params: Record<string, unknown>, context: Context) => unknown;

interface Poller {
  wake(): void;
  fail(error: ApiError): void;
}

const MEDIA_METHODS = {
  sendPhoto: { field: "photo", dir: "photos", ext: "jpg", mime: "image/jpeg" },
  sendDocument: {
    field: "document",
    dir: "documents",
    ext: "dat",
    mime: "application/octet-stream",
  },
  sendVideo: { field: "video", dir: "videos", ext: "mp4", mime: "video/mp4" },
  sendAudio: { field: "audio", dir: "music", ext: "mp3", mime: "audio/mpeg" },
  sendVoice: { field: "voice", dir: "voice", ext: "oga", mime: "audio/ogg" },
} as const;

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: "application/pdf",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  mp4: "video/mp4",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  txt: "text/plain",
  zip: "application/zip",
};

/** Telegram's file_path directories, by the file_id prefix of each media kind. */
const PATH_BY_PREFIX: [string, string, string][] = [
  ["AgAC", "photos", ".jpg"],
  ["BQAC", "documents", ""],
  ["AwAC", "voice", ".oga"],
  ["BAAC", "videos", ".mp4"],
  ["CQAC", "music", ".mp3"],
];

class StandIn implements StandInBotApi {
  apiRoot = "";
  readonly bot: Record<string, unknown> & { id: number; username: string };
  private readonly server = http.createServer((req, res) => {
    this.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        const e = error instanceof ApiError ? error : new ApiError(500, "Internal Server Error");
        this.reply(res, e.code, this.errorBody(e));
      } else {
        res.destroy();
      }
    });
  });
  private readonly recorded: BotApiCall[] = [];
  private failures: { method: string; error: BotApiFailure; remaining: number }[] = [];
  private readonly files = new Map<string, StoredFile>();
  private readonly filesByPath = new Map<string, StoredFile>();
  private readonly messages = new Map<string, Message>();
  private readonly chats = new Map<number, Record<string, unknown>>();
  private readonly commands = new Map<string, unknown[]>();
  private updates: Update[] = [];
  private allowedUpdates: string[] | undefined;
  private poller: Poller | undefined;
  private webhookSettings: WebhookSettings | undefined;
  private nextMessageId = 1001;
  private nextFile = 0;
  private closed = false;
  private readonly methods = new Map<string, { name: string; fn: Handler }>();

  constructor(readonly token: string) {
    const id = Number(/^(\d+):/.exec(token)?.[1] ?? DEFAULT_BOT_ID);
    this.bot = {
      id,
      is_bot: true,
      first_name: "Awas Uji",
      username: "AwasUjiBot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
    const handlers: Record<string, Handler> = {
      getMe: () => this.bot,
      sendMessage: (p) => this.sendMessage(p),
      editMessageText: (p) => this.editMessageText(p),
      editMessageReplyMarkup: (p) => this.editMessageReplyMarkup(p),
      deleteMessage: (p) => {
        this.requireChat(p);
        this.requireMessageId(p);
        return true;
      },
      answerCallbackQuery: (p) => {
        if (typeof p.callback_query_id !== "string" || p.callback_query_id === "") {
          throw badRequest("QUERY_ID_INVALID");
        }
        return true;
      },
      sendChatAction: (p) => {
        this.requireChat(p);
        if (typeof p.action !== "string" || !CHAT_ACTIONS.has(p.action)) {
          throw badRequest("wrong parameter action in request");
        }
        return true;
      },
      getFile: (p) => this.getFile(p),
      setWebhook: (p) => this.setWebhook(p),
      deleteWebhook: (p) => this.deleteWebhook(p),
      getWebhookInfo: () => ({
        url: this.webhookSettings?.url ?? "",
        has_custom_certificate: false,
        pending_update_count: this.updates.length,
        ...(this.webhookSettings
          ? { max_connections: this.webhookSettings.maxConnections ?? 40, ip_address: "127.0.0.1" }
          : {}),
        ...(this.webhookSettings?.allowedUpdates
          ? { allowed_updates: this.webhookSettings.allowedUpdates }
          : {}),
      }),
      setMyCommands: (p) => this.setMyCommands(p),
      getMyCommands: (p) => this.commands.get(this.commandsKey(p)) ?? [],
      deleteMyCommands: (p) => {
        this.commands.delete(this.commandsKey(p));
        return true;
      },
      getUpdates: (p, context) => this.getUpdates(p, context),
    };
    for (const [name, method] of Object.entries(MEDIA_METHODS)) {
      handlers[name] = (p) => this.sendMedia(p, method);
    }
    for (const [name, fn] of Object.entries(handlers)) {
      this.methods.set(name.toLowerCase(), { name, fn });
    }
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
  }

  // --- The public API ---

  calls(method?: string): BotApiCall[] {
    const wanted = method?.toLowerCase();
    return this.recorded.filter((call) => !wanted || call.method.toLowerCase() === wanted);
  }

  clear(): void {
    this.recorded.length = 0;
    this.failures = [];
  }

  addFile(
    fileId: string,
    content: Uint8Array,
    options: { fileSize?: number; filePath?: string } = {},
  ): void {
    const previous = this.files.get(fileId);
    if (previous) this.filesByPath.delete(previous.filePath);
    const n = this.nextFile++;
    const [, dir, ext] = PATH_BY_PREFIX.find(([prefix]) => fileId.startsWith(prefix)) ?? [
      "",
      "documents",
      "",
    ];
    const file: StoredFile = {
      fileId,
      fileUniqueId: `AgAD${createHash("sha256").update(fileId).digest("base64url").slice(0, 12)}`,
      content,
      fileSize: options.fileSize ?? content.byteLength,
      filePath: options.filePath ?? `${dir}/file_${n}${ext}`,
    };
    this.files.set(fileId, file);
    this.filesByPath.set(file.filePath, file);
  }

  failNext(method: string, error: BotApiFailure, count = 1): void {
    this.failures.push({
      method: method === "*" ? "*" : method.toLowerCase(),
      error,
      remaining: count,
    });
  }

  async deliver(url: string, update: unknown, secret: string | undefined): Promise<number> {
    this.learn(update);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (secret !== undefined) headers["X-Telegram-Bot-Api-Secret-Token"] = secret;
    const response = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(25_000),
    });
    const text = await response.text();
    // A webhook may answer with a method call in its body; Telegram executes it.
    if (response.ok && /json/i.test(response.headers.get("content-type") ?? "")) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (
        body &&
        typeof body === "object" &&
        typeof (body as { method?: unknown }).method === "string"
      ) {
        const { method, ...params } = body as Record<string, unknown>;
        await this.dispatch(String(method), params, { aborted: new Promise(() => {}) });
      }
    }
    return response.status;
  }

  queueUpdate(update: unknown): void {
    if (typeof update !== "object" || update === null)
      throw new TypeError("an update is an object");
    const value = update as Record<string, unknown>;
    const last = this.updates.at(-1)?.update_id ?? 0;
    const withId = (
      typeof value.update_id === "number" ? value : { update_id: last + 1, ...value }
    ) as Update;
    this.learn(withId);
    this.updates.push(withId);
    this.poller?.wake();
  }

  webhook(): WebhookSettings | undefined {
    return this.webhookSettings ? { ...this.webhookSettings } : undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A held getUpdates is answered (empty) before the connections go.
    this.poller?.wake();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), 200).unref();
    });
  }

  // --- HTTP ---

  private reply(res: ServerResponse, status: number, body: unknown) {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  private errorBody(error: ApiError) {
    return {
      ok: false,
      error_code: error.code,
      description: error.description,
      ...(error.parameters ? { parameters: error.parameters } : {}),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      if (decodeURIComponent(file[1] ?? "") !== this.token) {
        return this.reply(res, 401, this.errorBody(new ApiError(401, "Unauthorized")));
      }
      const stored = this.filesByPath.get(decodeURIComponent(file[2] ?? ""));
      if (!stored || (req.method !== "GET" && req.method !== "HEAD")) {
        return this.reply(res, 404, this.errorBody(new ApiError(404, "Not Found")));
      }
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": stored.content.byteLength,
      });
      res.end(req.method === "HEAD" ? undefined : stored.content);
      return;
    }
    const call = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!call) return this.reply(res, 404, this.errorBody(new ApiError(404, "Not Found")));
    if (decodeURIComponent(call[1] ?? "") !== this.token) {
      return this.reply(res, 401, this.errorBody(new ApiError(401, "Unauthorized")));
    }
    const params: Record<string, unknown> = {};
    for (const [key, value] of url.searchParams) params[key] = coerceFormValue(key, value);
    Object.assign(params, parseBody(req.headers["content-type"] ?? "", await readBody(req)));
    const aborted = new Promise<void>((resolve) => {
      res.on("close", () => resolve());
    });
    const { status, body } = await this.dispatch(call[2] ?? "", params, { aborted });
    this.reply(res, status, body);
  }

  /** Records and answers one call: the failure queue first, then the method. */
  private async dispatch(method: string, params: Record<string, unknown>, context: Context) {
    const entry = this.methods.get(method.toLowerCase());
    const record: BotApiCall = { method: entry?.name ?? method, params, at: new Date(), status: 0 };
    this.recorded.push(record);
    const answer = async (): Promise<{ status: number; body: unknown }> => {
      if (!entry) throw new ApiError(404, "Not Found: method not found");
      const failure = this.takeFailure(entry.name);
      if (failure) throw failure;
      const result = await entry.fn(params, context);
      const description =
        entry.name === "setWebhook"
          ? params.url
            ? "Webhook was set"
            : "Webhook was deleted"
          : entry.name === "deleteWebhook"
            ? "Webhook was deleted"
            : undefined;
      return { status: 200, body: { ok: true, result, ...(description ? { description } : {}) } };
    };
    try {
      const result = await answer();
      record.status = result.status;
      return result;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      record.status = error.code;
      return { status: error.code, body: this.errorBody(error) };
    }
  }

  private takeFailure(method: string): ApiError | undefined {
    const index = this.failures.findIndex(
      (f) => f.method === "*" || f.method === method.toLowerCase(),
    );
    const failure = this.failures[index];
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.failures.splice(index, 1);
    const { error } = failure;
    if (error.error_code === 429) {
      return new ApiError(429, `Too Many Requests: retry after ${error.retry_after}`, {
        retry_after: error.retry_after,
      });
    }
    return new ApiError(error.error_code, error.description);
  }

  /** Remembers chats and messages seen in updates, so sends and edits echo them faithfully. */
  private learn(value: unknown, depth = 0) {
    if (typeof value !== "object" || value === null || depth > 6) return;
    const object = value as Record<string, unknown>;
    const chat = object.chat as Record<string, unknown> | undefined;
    if (chat && typeof chat.id === "number" && typeof chat.type === "string") {
      this.chats.set(chat.id, chat);
      if (typeof object.message_id === "number") {
        this.messages.set(`${chat.id}:${object.message_id}`, structuredClone(object) as Message);
      }
    }
    for (const child of Object.values(object)) this.learn(child, depth + 1);
  }

  // --- Methods ---

  private requireChat(params: Record<string, unknown>): Record<string, unknown> & { id: number } {
    if (params.chat_id === undefined || params.chat_id === "") throw badRequest("chat_id is empty");
    const id = toInt(params.chat_id);
    if (id === undefined || id === 0) throw badRequest("chat not found");
    const known = this.chats.get(id);
    if (known) return known as Record<string, unknown> & { id: number };
    if (id > 0) return { id, first_name: "Warga Uji", type: "private" };
    return { id, title: "Grup Uji", type: id <= -1_000_000_000_000 ? "supergroup" : "group" };
  }

  private requireMessageId(params: Record<string, unknown>): number {
    const id = toInt(params.message_id);
    if (id === undefined) throw badRequest("message identifier is not specified");
    return id;
  }

  private newMessage(
    chat: Record<string, unknown> & { id: number },
    content: Record<string, unknown>,
  ): Message {
    const message = {
      message_id: this.nextMessageId++,
      from: this.bot,
      chat,
      date: Math.floor(Date.now() / 1000),
      ...content,
    } as Message;
    this.messages.set(`${message.chat.id}:${message.message_id}`, message);
    return structuredClone(message);
  }

  private checkedText(params: Record<string, unknown>): string {
    if (typeof params.text !== "string" || params.text.trim() === "") {
      throw badRequest("message text is empty");
    }
    const text = visibleText(params.text, params.parse_mode);
    if (text.trim() === "") throw badRequest("message text is empty");
    if (text.length > 4096) throw badRequest("message is too long");
    return text;
  }

  private sendMessage(params: Record<string, unknown>) {
    const chat = this.requireChat(params);
    const text = this.checkedText(params);
    const markup = checkReplyMarkup(params.reply_markup);
    return this.newMessage(chat, {
      text,
      ...(Array.isArray(params.entities) ? { entities: params.entities } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    });
  }

  /** The message to edit; `known` is false for one the stand-in never saw (accepted as the bot's). */
  private editTarget(
    params: Record<string, unknown>,
  ): { message: Message; known: boolean } | undefined {
    if (params.inline_message_id !== undefined) return undefined;
    const chat = this.requireChat(params);
    const messageId = this.requireMessageId(params);
    const known = this.messages.get(`${chat.id}:${messageId}`);
    if (known) return { message: known, known: true };
    const date = Math.floor(Date.now() / 1000);
    return { message: { message_id: messageId, from: this.bot, chat, date }, known: false };
  }

  private saveEdit(message: Message, changes: Record<string, unknown>): Message {
    const edited = { ...message, ...changes, edit_date: Math.floor(Date.now() / 1000) } as Message;
    if (!changes.reply_markup) delete edited.reply_markup;
    this.messages.set(`${edited.chat.id}:${edited.message_id}`, edited);
    return structuredClone(edited);
  }

  private notModified(): ApiError {
    return badRequest(
      "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
  }

  private editMessageText(params: Record<string, unknown>) {
    const text = this.checkedText(params);
    const markup = checkReplyMarkup(params.reply_markup);
    const target = this.editTarget(params);
    if (!target) return true;
    const { message, known } = target;
    if (known && typeof message.text !== "string") {
      throw badRequest("there is no text in the message to edit");
    }
    if (message.text === text && JSON.stringify(message.reply_markup) === JSON.stringify(markup)) {
      throw this.notModified();
    }
    return this.saveEdit(message, { text, reply_markup: markup });
  }

  private editMessageReplyMarkup(params: Record<string, unknown>) {
    const markup = checkReplyMarkup(params.reply_markup);
    const target = this.editTarget(params);
    if (!target) return true;
    const { message } = target;
    if (JSON.stringify(message.reply_markup) === JSON.stringify(markup)) throw this.notModified();
    return this.saveEdit(message, { reply_markup: markup });
  }

  private sendMedia(
    params: Record<string, unknown>,
    kind: (typeof MEDIA_METHODS)[keyof typeof MEDIA_METHODS],
  ) {
    const chat = this.requireChat(params);
    const input = params[kind.field];
    let stored: StoredFile | undefined;
    let fileName: string | undefined;
    let mimeType: string = kind.mime;
    if (input instanceof UploadedFile) {
      const n = this.nextFile;
      const fileId = `StandIn${kind.field}${n}`;
      this.addFile(fileId, input.content, { filePath: `${kind.dir}/file_${n}.${kind.ext}` });
      stored = this.files.get(fileId);
      fileName = input.fileName;
      if (input.contentType && input.contentType !== "application/octet-stream") {
        mimeType = input.contentType;
      } else {
        // Telegram detects the type; grammY sends file parts without a content type.
        const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? "")?.[1]?.toLowerCase() ?? "";
        mimeType = MIME_BY_EXTENSION[ext] ?? mimeType;
      }
    } else if (typeof input === "string" && input !== "") {
      stored = this.files.get(input);
      if (!stored) {
        // A URL or a file_id the stand-in was not given: answered with an empty file.
        this.addFile(input, new Uint8Array(), { fileSize: 0 });
        stored = this.files.get(input);
      }
    } else {
      throw badRequest(`there is no ${kind.field} in the request`);
    }
    if (!stored) throw badRequest("wrong file identifier/HTTP URL specified");
    let caption: string | undefined;
    if (typeof params.caption === "string" && params.caption !== "") {
      caption = visibleText(params.caption, params.parse_mode);
      if (caption.length > 1024) throw badRequest("message caption is too long");
    }
    const markup = checkReplyMarkup(params.reply_markup);
    const file = {
      file_id: stored.fileId,
      file_unique_id: stored.fileUniqueId,
      file_size: stored.fileSize,
    };
    const media =
      kind.field === "photo"
        ? [{ ...file, width: 1280, height: 960 }]
        : kind.field === "document"
          ? {
              file_name: fileName ?? stored.filePath.split("/").pop(),
              mime_type: mimeType,
              ...file,
            }
          : kind.field === "video"
            ? { duration: 0, width: 1280, height: 720, mime_type: mimeType, ...file }
            : kind.field === "audio"
              ? { duration: 0, file_name: fileName, mime_type: mimeType, ...file }
              : { duration: 0, mime_type: mimeType, ...file };
    return this.newMessage(chat, {
      [kind.field]: media,
      ...(caption ? { caption } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    });
  }

  private getFile(params: Record<string, unknown>) {
    if (typeof params.file_id !== "string" || params.file_id === "") {
      throw badRequest("file_id is empty");
    }
    const file = this.files.get(params.file_id);
    if (!file) throw badRequest("invalid file_id");
    if (file.fileSize > GET_FILE_LIMIT) throw badRequest("file is too big");
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.fileSize,
      file_path: file.filePath,
    };
  }

  private setWebhook(params: Record<string, unknown>) {
    const url = typeof params.url === "string" ? params.url : "";
    if (url === "") return this.deleteWebhook(params);
    if (!url.startsWith("https://")) {
      throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
    }
    const secret = params.secret_token;
    if (
      secret !== undefined &&
      (typeof secret !== "string" || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
    ) {
      throw badRequest("secret token contains unallowed characters");
    }
    if (params.drop_pending_updates === true) this.updates = [];
    const allowed = Array.isArray(params.allowed_updates)
      ? (params.allowed_updates as string[])
      : this.webhookSettings?.allowedUpdates;
    this.webhookSettings = {
      url,
      ...(typeof secret === "string" ? { secretToken: secret } : {}),
      ...(allowed ? { allowedUpdates: allowed } : {}),
      ...(toInt(params.max_connections) ? { maxConnections: toInt(params.max_connections) } : {}),
    };
    if (allowed) this.allowedUpdates = allowed.length > 0 ? allowed : undefined;
    this.poller?.fail(new ApiError(409, "Conflict: terminated by setWebhook request"));
    return true;
  }

  private deleteWebhook(params: Record<string, unknown>) {
    if (params.drop_pending_updates === true) this.updates = [];
    this.webhookSettings = undefined;
    return true;
  }

  private commandsKey(params: Record<string, unknown>): string {
    const scope = params.scope ?? { type: "default" };
    const language = typeof params.language_code === "string" ? params.language_code : "";
    return `${JSON.stringify(scope)}|${language}`;
  }

  private setMyCommands(params: Record<string, unknown>) {
    const commands = params.commands;
    if (!Array.isArray(commands)) throw badRequest("commands must be an array");
    for (const command of commands as Record<string, unknown>[]) {
      if (typeof command?.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(command.command)) {
        throw badRequest("BOT_COMMAND_INVALID");
      }
      if (typeof command.description !== "string") throw badRequest("command description is empty");
    }
    const key = this.commandsKey(params);
    if (commands.length === 0) this.commands.delete(key);
    else this.commands.set(key, structuredClone(commands));
    return true;
  }

  private async getUpdates(params: Record<string, unknown>, context: Context) {
    if (this.webhookSettings) {
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    if (this.poller) {
      // A client that aborted its poll and polls again at once (grammY's bot.stop()) has gone;
      // let its hang-up arrive before treating the held poll as a second bot instance.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.poller?.fail(
      new ApiError(
        409,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      ),
    );
    const offset = toInt(params.offset) ?? 0;
    // A positive offset confirms every update before it; a negative one keeps the last -offset.
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.updates = this.updates.slice(offset);
    if (Array.isArray(params.allowed_updates)) {
      this.allowedUpdates =
        params.allowed_updates.length > 0 ? (params.allowed_updates as string[]) : undefined;
    }
    const limit = Math.min(100, Math.max(1, toInt(params.limit) ?? 100));
    const timeout = Math.max(0, toInt(params.timeout) ?? 0);
    const take = () => {
      // Telegram never produces updates of types the bot did not ask for.
      this.updates = this.updates.filter((u) => {
        const type = updateType(u) ?? "";
        return this.allowedUpdates
          ? this.allowedUpdates.includes(type)
          : !NOT_SENT_BY_DEFAULT.has(type);
      });
      return structuredClone(this.updates.slice(0, limit));
    };
    const ready = take();
    if (ready.length > 0 || timeout === 0 || this.closed) return ready;
    await new Promise<void>((resolve, reject) => {
      const finish = (error?: ApiError) => {
        clearTimeout(timer);
        if (this.poller === poller) this.poller = undefined;
        if (error) reject(error);
        else resolve();
      };
      const poller: Poller = { wake: () => finish(), fail: (error) => finish(error) };
      const timer = setTimeout(() => finish(), timeout * 1000);
      this.poller = poller;
      void context.aborted.then(() => finish());
    });
    return take();
  }
}

export async function startStandInBotApi(options: { token?: string } = {}): Promise<StandInBotApi> {
  const standIn = new StandIn(options.token ?? DEFAULT_TOKEN);
  await standIn.listen();
  return standIn;
}
