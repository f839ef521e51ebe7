import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * Fields that may carry what a person wrote or who they are. Logs never carry message text,
 * names, phone numbers or conversation ids; redaction is the net under that rule, not the rule.
 */
const redactedPaths = [
  "text",
  "*.text",
  "name",
  "*.name",
  "phone",
  "*.phone",
  "address",
  "*.address",
  "conversationId",
  "*.conversationId",
  "email",
  "*.email",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  'req.headers["x-conversation-id"]',
  "headers.authorization",
  'headers["x-conversation-id"]',
];

export function createLogger(options: { level: string }, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: redactedPaths, censor: "[redacted]" },
      base: undefined,
    },
    destination,
  );
}
