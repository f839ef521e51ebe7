import { DisconnectReason } from "baileys";
import { describe, expect, it } from "vitest";
import { decideReconnect } from "../../src/channels/whatsapp/reconnect";

const noJitter = { random: () => 0.5 };

describe("reconnecting WhatsApp", () => {
  it.each([
    ["loggedOut", DisconnectReason.loggedOut],
    ["forbidden", DisconnectReason.forbidden],
    ["multideviceMismatch", DisconnectReason.multideviceMismatch],
  ])("stops on %s and forgets the session, so it pairs afresh instead of looping", (_, code) => {
    expect(decideReconnect(code, 0)).toEqual({
      action: "stop",
      state: "logged_out",
      clearSession: true,
    });
  });

  it("stops on connectionReplaced without forgetting the session: another client holds the number", () => {
    expect(decideReconnect(DisconnectReason.connectionReplaced, 3)).toEqual({
      action: "stop",
      state: "conflict",
      clearSession: false,
    });
  });

  it("reconnects at once when WhatsApp asks for a restart (after pairing)", () => {
    expect(decideReconnect(DisconnectReason.restartRequired, 5)).toEqual({
      action: "reconnect",
      delayMs: 0,
    });
  });

  it.each([
    ["connectionClosed", DisconnectReason.connectionClosed],
    ["connectionLost / timedOut", DisconnectReason.connectionLost],
    ["badSession", DisconnectReason.badSession],
    ["unavailableService", DisconnectReason.unavailableService],
    ["no status at all (no route to WhatsApp)", undefined],
  ])("backs off on %s, doubling up to a minute", (_, code) => {
    expect(decideReconnect(code, 0, noJitter)).toEqual({ action: "reconnect", delayMs: 1000 });
    expect(decideReconnect(code, 3, noJitter)).toEqual({ action: "reconnect", delayMs: 8000 });
    expect(decideReconnect(code, 20, noJitter)).toEqual({ action: "reconnect", delayMs: 60_000 });
  });

  it("spreads delays with jitter so instances do not reconnect in step", () => {
    const low = decideReconnect(undefined, 2, { random: () => 0 });
    const high = decideReconnect(undefined, 2, { random: () => 0.999 });
    expect(low).toEqual({ action: "reconnect", delayMs: 2800 });
    expect(high.action === "reconnect" && high.delayMs).toBeGreaterThan(5000);
  });
});
