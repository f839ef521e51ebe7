import { EventEmitter } from "node:events";
import { type AuthenticationState, DisconnectReason } from "baileys";
import { describe, expect, it } from "vitest";
import type { DatabaseAuthState } from "../../src/channels/whatsapp/auth-state";
import {
  createWhatsAppConnection,
  type WhatsAppSocketLike,
} from "../../src/channels/whatsapp/connection";
import { silentLog } from "../support/conductor-harness";

/** A socket that only raises connection updates and records pairing-code requests. */
function pairingSocket(requests: string[], code = "K7QW2M9X") {
  const emitter = new EventEmitter();
  const socket: WhatsAppSocketLike & { emitter: EventEmitter } = {
    emitter,
    ev: {
      on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    } as WhatsAppSocketLike["ev"],
    sendMessage: async () => undefined,
    requestPairingCode: async (number: string) => {
      requests.push(number);
      return code;
    },
    end: () => undefined,
  };
  return socket;
}

const unpaired: DatabaseAuthState = {
  state: { creds: { registered: false }, keys: {} } as unknown as AuthenticationState,
  saveCreds: async () => {},
  clear: async () => {},
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("pairing WhatsApp by code (WHATSAPP_PAIRING_NUMBER), and again after a logout", () => {
  it("asks for the code once the socket offers a QR, once per socket, and shows it until open", async () => {
    const requests: string[] = [];
    const socket = pairingSocket(requests);
    const connection = createWhatsAppConnection({
      loadAuth: async () => unpaired,
      makeSocket: () => socket,
      log: silentLog,
      onMessages: async () => {},
      pairingNumber: "6281234567890",
    });
    await connection.start();
    // Asked before the socket is ready, WhatsApp closes the connection: nothing yet.
    expect(requests).toEqual([]);
    socket.emitter.emit("connection.update", { qr: "2@first" });
    socket.emitter.emit("connection.update", { qr: "2@second" });
    await settle();
    expect(requests).toEqual(["6281234567890"]);
    expect(connection.state()).toBe("pairing");
    expect(connection.pairingCode()).toBe("K7QW2M9X");
    // In this mode there is no QR to scan.
    expect(connection.qr()).toBeUndefined();
    socket.emitter.emit("connection.update", { connection: "open" });
    expect(connection.state()).toBe("open");
    expect(connection.pairingCode()).toBeUndefined();
    await connection.stop();
  });

  it("connects again when a person asks after a logout, pairing afresh, and not while open", async () => {
    const requests: string[] = [];
    const sockets: ReturnType<typeof pairingSocket>[] = [];
    let cleared = 0;
    const connection = createWhatsAppConnection({
      loadAuth: async () => ({ ...unpaired, clear: async () => void cleared++ }),
      makeSocket: () => {
        const socket = pairingSocket(requests);
        sockets.push(socket);
        return socket;
      },
      log: silentLog,
      onMessages: async () => {},
      pairingNumber: "6281234567890",
    });
    await connection.start();
    expect(connection.connectAgain()).toBe(false);
    sockets[0]?.emitter.emit("connection.update", {
      connection: "close",
      lastDisconnect: { error: { output: { statusCode: DisconnectReason.loggedOut } } },
    });
    expect(connection.state()).toBe("logged_out");
    await settle();
    expect(sockets).toHaveLength(1); // it never loops by itself
    expect(cleared).toBe(1);

    expect(connection.connectAgain()).toBe(true);
    await settle();
    expect(sockets).toHaveLength(2);
    sockets[1]?.emitter.emit("connection.update", { qr: "2@fresh" });
    await settle();
    expect(connection.pairingCode()).toBe("K7QW2M9X");
    sockets[1]?.emitter.emit("connection.update", { connection: "open" });
    expect(connection.connectAgain()).toBe(false);
    await connection.stop();
  });
});
