import { DisconnectReason } from "baileys";

/** Where the WhatsApp connection stands, as `/whatsapp/status` and `/healthz` report it. */
export type WhatsAppState =
  | "disabled"
  | "connecting"
  | "pairing"
  | "open"
  | "logged_out"
  | "conflict";

export type ReconnectDecision =
  | { action: "reconnect"; delayMs: number }
  /** Never loop on these: a person has to act (pair again, or close the other session). */
  | { action: "stop"; state: "logged_out" | "conflict"; clearSession: boolean };

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** 0–1: share of the delay that is random, so many instances do not reconnect in step. */
  jitter?: number;
  random?: () => number;
}

/**
 * What to do after the socket closed with `statusCode` (Baileys' DisconnectReason), on the
 * `attempt`-th reconnect in a row (0 for the first).
 */
export function decideReconnect(
  statusCode: number | undefined,
  attempt: number,
  options: BackoffOptions = {},
): ReconnectDecision {
  switch (statusCode) {
    case DisconnectReason.loggedOut:
    case DisconnectReason.forbidden:
    case DisconnectReason.multideviceMismatch:
      // The session is gone (unlinked, banned, or from another device generation): pair again.
      return { action: "stop", state: "logged_out", clearSession: true };
    case DisconnectReason.connectionReplaced:
      // Another client took the number: fighting it back and forth would get it banned.
      return { action: "stop", state: "conflict", clearSession: false };
    case DisconnectReason.restartRequired:
      // Normal right after pairing: reconnect at once.
      return { action: "reconnect", delayMs: 0 };
    default: {
      const base = options.baseMs ?? 1000;
      const max = options.maxMs ?? 60_000;
      const jitter = options.jitter ?? 0.3;
      const random = options.random ?? Math.random;
      const plain = Math.min(max, base * 2 ** Math.max(0, attempt));
      const spread = plain * jitter;
      return { action: "reconnect", delayMs: Math.round(plain - spread + random() * 2 * spread) };
    }
  }
}
