import path from "node:path";
import { z } from "zod";

/**
 * The one reader of the environment. Everything else receives a `Config` (or a slice of it)
 * as an explicit dependency, so tests build their own without touching `process.env`.
 */
const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const environmentSchema = z.object({
  PORT: integer(3000, 0, 65535),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("./.data"),
  DATABASE_URL: optionalString,
  DATA_KEY: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  RATE_LIMIT_PER_MINUTE: integer(20, 1, 10_000),
  SESSION_IDLE_HOURS: integer(24, 1, 24 * 30),
  WEBCHAT_MAX_BODY_BYTES: integer(16 * 1024, 1024, 1024 * 1024),
  WEBCHAT_MAX_ATTACHMENT_BYTES: integer(10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  REGION_SCOPE: z
    .string()
    .default("19,15")
    .refine(
      (value) => /^\s*\d{2}(\s*,\s*\d{2})*\s*$/.test(value),
      "two-digit province codes, comma-separated",
    ),
  TICKET_PREFIX: z
    .string()
    .default("LPR")
    .refine((value) => /^[A-Z]{3}$/.test(value), "three capital letters"),
  DATA_CONTROLLER: optionalString,
  DRAFT_RETENTION_DAYS: integer(30, 1, 3650),
  REPORT_EVIDENCE_MAX_BYTES: integer(50 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
  TELEGRAM_BOT_TOKEN: optionalString.refine(
    (value) => value === undefined || /^\d+:[A-Za-z0-9_-]+$/.test(value),
    "a bot token from @BotFather, like 123456:ABC-def",
  ),
  TELEGRAM_MODE: z.enum(["webhook", "polling"]).default("webhook"),
  TELEGRAM_WEBHOOK_SECRET: optionalString.refine(
    (value) => value === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(value),
    "1-256 characters A-Z, a-z, 0-9, _ and - (Telegram's rule)",
  ),
  TELEGRAM_API_ROOT: optionalString.refine(
    (value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value),
    "an http(s) URL",
  ),
  TELEGRAM_BOT_USERNAME: optionalString,
  TELEGRAM_MAX_BODY_BYTES: integer(1024 * 1024, 1024, 16 * 1024 * 1024),
  WHATSAPP_ENABLED: z.enum(["true", "false", "1", "0", ""]).default("false"),
  WHATSAPP_PAIRING_NUMBER: optionalString.refine(
    (value) => value === undefined || /^\+?\d{8,15}$/.test(value.replace(/[\s-]/g, "")),
    "a phone number with country code, e.g. 6281234567890",
  ),
  WHATSAPP_DAILY_CAP: integer(200, 1, 100_000),
  WHATSAPP_NOTICE_GAP_SECONDS: integer(3, 1, 3600),
  WHATSAPP_GROUPS: z
    .string()
    .default("")
    .refine(
      (value) =>
        value.trim() === "" || /^\s*\d[\d-]*@g\.us(\s*,\s*\d[\d-]*@g\.us)*\s*$/.test(value),
      "group JIDs, comma-separated, e.g. 120363012345678901@g.us",
    ),
  PUBLIC_URL: optionalString.refine(
    (value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value),
    "an http(s) URL, e.g. https://awas.example.org",
  ),
  STAFF_SESSION_HOURS: integer(12, 1, 24 * 14),
  BROADCAST_APPROVAL: z.enum(["none", "required"]).default("none"),
  AWAS_NOW: optionalString.refine(
    (value) => value === undefined || !Number.isNaN(Date.parse(value)),
    "an ISO timestamp, e.g. 2024-11-25T09:00:00+07:00",
  ),
});

export type Database = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: Database;
  /** Raw key material from DATA_KEY; resolved (or generated) by the privacy module. */
  dataKey: string | undefined;
  logLevel: z.infer<typeof environmentSchema>["LOG_LEVEL"];
  rateLimitPerMinute: number;
  sessionIdleMs: number;
  webchat: { maxBodyBytes: number; maxAttachmentBytes: number };
  /** Province codes the deployment serves (Kemendagri), e.g. ["19", "15"]. */
  regionScope: string[];
  ticketPrefix: string;
  /** Who controls the personal data, named in the privacy notice; unset says so there. */
  dataController: string | undefined;
  draftRetentionDays: number;
  /** All files of one report together; more are kept with the conversation, not attached. */
  reportEvidenceMaxBytes: number;
  /** Where people reach this server (links in the staff CLI); http://localhost:PORT by default. */
  publicUrl: string;
  /** How long a staff console session lasts without activity. */
  staffSessionMs: number;
  /** BROADCAST_APPROVAL=required: a second staff member approves a broadcast before it goes. */
  broadcastApprovalRequired: boolean;
  /** AWAS_NOW: the clock starts at this instant and runs on from there (demos, tests). */
  clockStart: Date | undefined;
  /** The Telegram channel, when TELEGRAM_BOT_TOKEN is set. */
  telegram: TelegramConfig | undefined;
  /** The WhatsApp channel (Baileys), when WHATSAPP_ENABLED=true. */
  whatsapp: WhatsAppConfig | undefined;
}

export interface WhatsAppConfig {
  pairingNumber: string | undefined;
  /** Unique recipients of business-initiated messages per WIB day; the rest wait a day. */
  dailyCap: number;
  /** Least seconds between two business-initiated messages (plus 0–50 % jitter). */
  noticeGapSeconds: number;
  /** Group JIDs where `lapor` / `tanya` are answered; every other group is ignored. */
  groups: string[];
}

export interface TelegramConfig {
  token: string;
  mode: "webhook" | "polling";
  /** Checked against X-Telegram-Bot-Api-Secret-Token; required in webhook mode. */
  webhookSecret: string | undefined;
  apiRoot: string | undefined;
  /** Found with getMe at start when not given. */
  botUsername: string | undefined;
  maxBodyBytes: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new ConfigError(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  if (e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_MODE === "webhook" && !e.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError(
      "Invalid environment: TELEGRAM_WEBHOOK_SECRET is required in webhook mode (or set TELEGRAM_MODE=polling)",
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: path.join(dataDir, "pglite") },
    dataKey: e.DATA_KEY,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    sessionIdleMs: e.SESSION_IDLE_HOURS * 3600_000,
    webchat: {
      maxBodyBytes: e.WEBCHAT_MAX_BODY_BYTES,
      maxAttachmentBytes: e.WEBCHAT_MAX_ATTACHMENT_BYTES,
    },
    regionScope: [...new Set(e.REGION_SCOPE.split(",").map((code) => code.trim()))],
    ticketPrefix: e.TICKET_PREFIX,
    dataController: e.DATA_CONTROLLER,
    draftRetentionDays: e.DRAFT_RETENTION_DAYS,
    reportEvidenceMaxBytes: e.REPORT_EVIDENCE_MAX_BYTES,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    staffSessionMs: e.STAFF_SESSION_HOURS * 3600_000,
    broadcastApprovalRequired: e.BROADCAST_APPROVAL === "required",
    clockStart: e.AWAS_NOW ? new Date(e.AWAS_NOW) : undefined,
    whatsapp:
      e.WHATSAPP_ENABLED === "true" || e.WHATSAPP_ENABLED === "1"
        ? {
            pairingNumber: e.WHATSAPP_PAIRING_NUMBER?.replace(/[^\d]/g, ""),
            dailyCap: e.WHATSAPP_DAILY_CAP,
            noticeGapSeconds: e.WHATSAPP_NOTICE_GAP_SECONDS,
            groups: [
              ...new Set(
                e.WHATSAPP_GROUPS.split(",")
                  .map((jid) => jid.trim())
                  .filter(Boolean),
              ),
            ],
          }
        : undefined,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          mode: e.TELEGRAM_MODE,
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
          apiRoot: e.TELEGRAM_API_ROOT,
          botUsername: e.TELEGRAM_BOT_USERNAME,
          maxBodyBytes: e.TELEGRAM_MAX_BODY_BYTES,
        }
      : undefined,
  };
}
