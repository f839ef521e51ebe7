import type { AuthenticationState, proto, WAMessageKey } from "baileys";
import QRCode from "qrcode";
import type { Logger } from "../../logger";
import type { DatabaseAuthState } from "./auth-state";
import type { WhatsAppLease } from "./lease";
import { decideReconnect, type WhatsAppState } from "./reconnect";

/** The part of a Baileys socket Awas uses; tests pass a fake that records what is sent. */
export interface WhatsAppSocketLike {
  ev: {
    on(event: "connection.update", listener: (update: ConnectionUpdate) => void): void;
    on(event: "creds.update", listener: () => void): void;
    on(
      event: "messages.upsert",
      listener: (upsert: { messages: proto.IWebMessageInfo[]; type: string }) => void,
    ): void;
  };
  sendMessage(
    jid: string,
    content: { text: string } | { image: Buffer; mimetype: string; caption: string },
  ): Promise<{ key?: WAMessageKey } | undefined>;
  readMessages?(keys: WAMessageKey[]): Promise<void>;
  sendPresenceUpdate?(type: "composing" | "paused", jid: string): Promise<void>;
  requestPairingCode?(phoneNumber: string): Promise<string>;
  /** Baileys' LID ↔ phone-number store, learnt from WhatsApp as messages come. */
  signalRepository?: { lidMapping?: { getPNForLID(lid: string): Promise<string | null> } };
  /** Who the bot is once paired ("6281…:5@s.whatsapp.net"). */
  user?: { id: string } | undefined;
  end(error: Error | undefined): void;
}

export interface ConnectionUpdate {
  connection?: "open" | "connecting" | "close";
  qr?: string;
  lastDisconnect?: { error?: unknown };
}

export type SocketFactory = (auth: AuthenticationState) => WhatsAppSocketLike;

export interface WhatsAppConnectionDeps {
  loadAuth(): Promise<DatabaseAuthState>;
  makeSocket: SocketFactory;
  log: Logger;
  /** Handles one batch of new messages (the receiver); errors are logged, never thrown. */
  onMessages(messages: proto.IWebMessageInfo[]): Promise<void>;
  /** Digits only, e.g. 6281234567890: pair by code instead of QR. */
  pairingNumber?: string;
  /** Shows the pairing QR to whoever started the server (the terminal). */
  printQr?: (terminalQr: string) => void;
  /** Who holds the number across instances; without one, this instance does. */
  lease?: WhatsAppLease;
  /** Timers are injectable so tests decide when a reconnect happens. */
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface WhatsAppConnection {
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): WhatsAppState;
  /** The QR code to scan while pairing, as a PNG data URL (the terminal shows it too). */
  qr(): string | undefined;
  /** The 8-character code to type on the phone instead, when pairing by WHATSAPP_PAIRING_NUMBER. */
  pairingCode(): string | undefined;
  /** The live socket while the connection is open. */
  socket(): WhatsAppSocketLike | undefined;
  /**
   * Connects again after it stopped for a person to act (logged out: pair afresh; replaced:
   * take the number back). False in any other state: it is connecting or open already.
   */
  connectAgain(): boolean;
}

const statusCodeOf = (error: unknown): number | undefined => {
  const output = (error as { output?: { statusCode?: unknown } } | undefined)?.output;
  return typeof output?.statusCode === "number" ? output.statusCode : undefined;
};

/**
 * One long-lived WhatsApp connection: connect, follow `connection.update`, reconnect with
 * backoff and jitter on transient closes, and stop (never loop) on loggedOut or
 * connectionReplaced. With no route to WhatsApp it keeps retrying quietly; nothing else waits.
 */
export function createWhatsAppConnection(deps: WhatsAppConnectionDeps): WhatsAppConnection {
  const log = deps.log.child({ module: "whatsapp" });
  const setTimer = deps.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = deps.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  let current: WhatsAppSocketLike | undefined;
  let state: WhatsAppState = "connecting";
  let qr: string | undefined;
  let pairingCode: string | undefined;
  let attempt = 0;
  let timer: unknown;
  let stopped = false;
  const standby = new AbortController();

  async function connect() {
    if (stopped) return;
    const auth = await deps.loadAuth();
    const socket = deps.makeSocket(auth.state);
    current = socket;
    state = auth.state.creds.registered ? "connecting" : "pairing";
    let codeRequested = false;
    socket.ev.on("creds.update", () => {
      auth.saveCreds().catch((error: unknown) => log.error({ err: error }, "saving creds failed"));
    });
    socket.ev.on("messages.upsert", (upsert) => {
      if (upsert.type !== "notify") return;
      deps.onMessages(upsert.messages).catch((error: unknown) => {
        log.error({ err: error }, "whatsapp messages could not be handled");
      });
    });
    socket.ev.on("connection.update", (update) => {
      if (socket !== current) return; // an old socket's late events
      if (update.qr && deps.pairingNumber) {
        state = "pairing";
        // The socket is ready for authentication once it offers a QR: asked earlier, WhatsApp
        // closes the connection. One code per socket; the QR is not shown in this mode.
        if (!codeRequested && socket.requestPairingCode) {
          codeRequested = true;
          socket
            .requestPairingCode(deps.pairingNumber)
            .then((code) => {
              if (state !== "pairing") return;
              pairingCode = code;
              log.info(
                { code },
                "whatsapp pairing code: WhatsApp > Linked devices > Link with phone number",
              );
            })
            .catch((error: unknown) => log.warn({ err: error }, "whatsapp pairing code failed"));
        }
      } else if (update.qr) {
        const code = update.qr;
        state = "pairing";
        log.info(
          "whatsapp waiting for pairing: scan the QR code (terminal or GET /whatsapp/status)",
        );
        QRCode.toDataURL(code)
          .then((dataUrl) => {
            if (state === "pairing") qr = dataUrl;
          })
          .catch((error: unknown) => log.warn({ err: error }, "QR rendering failed"));
        if (deps.printQr) {
          QRCode.toString(code, { type: "terminal", small: true })
            .then((text) => deps.printQr?.(text))
            .catch(() => undefined);
        }
      }
      if (update.connection === "open") {
        state = "open";
        qr = undefined;
        pairingCode = undefined;
        attempt = 0;
        log.info("whatsapp connection open");
      }
      if (update.connection === "close") onClose(statusCodeOf(update.lastDisconnect?.error), auth);
    });
  }

  function attemptConnect() {
    connect().catch((error: unknown) => {
      // e.g. the database was busy loading the session: try again later, quietly.
      log.error({ err: error }, "whatsapp connect failed; retrying");
      const decision = decideReconnect(undefined, attempt++);
      if (decision.action === "reconnect" && !stopped) {
        timer = setTimer(attemptConnect, decision.delayMs);
      }
    });
  }

  function onClose(statusCode: number | undefined, auth: DatabaseAuthState) {
    current = undefined;
    if (stopped) return;
    const decision = decideReconnect(statusCode, attempt);
    if (decision.action === "stop") {
      state = decision.state;
      log.warn({ statusCode, state }, "whatsapp connection stopped; a person has to act");
      if (decision.clearSession) {
        auth
          .clear()
          .catch((error: unknown) => log.error({ err: error }, "clearing session failed"));
      }
      return;
    }
    attempt += 1;
    state = "connecting";
    log.info({ statusCode, delayMs: decision.delayMs, attempt }, "whatsapp reconnecting");
    timer = setTimer(() => {
      connect().catch((error: unknown) => {
        log.error({ err: error }, "whatsapp connect failed");
        onClose(undefined, auth);
      });
    }, decision.delayMs);
  }

  return {
    async start() {
      stopped = false;
      if (!deps.lease) {
        attemptConnect();
        return;
      }
      // Waiting for the number never holds up the server: the lease is taken in the background.
      deps.lease
        .acquire(standby.signal)
        .then((held) => {
          if (held && !stopped) attemptConnect();
        })
        .catch((error: unknown) => log.error({ err: error }, "whatsapp lease failed"));
    },
    async stop() {
      stopped = true;
      standby.abort();
      if (timer !== undefined) clearTimer(timer);
      current?.end(undefined);
      current = undefined;
      await deps.lease?.release();
    },
    state: () => state,
    qr: () => qr,
    pairingCode: () => pairingCode,
    connectAgain() {
      if (stopped || (state !== "logged_out" && state !== "conflict")) return false;
      attempt = 0;
      state = "connecting";
      log.info("whatsapp connecting again, as a person asked");
      attemptConnect();
      return true;
    },
    socket: () => (state === "open" ? current : undefined),
  };
}
