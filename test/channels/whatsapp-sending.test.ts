import { describe, expect, it } from "vitest";
import { createWhatsAppAdapter } from "../../src/channels/whatsapp/adapter";
import { createChatPace } from "../../src/channels/whatsapp/chat-pace";
import type {
  WhatsAppConnection,
  WhatsAppSocketLike,
} from "../../src/channels/whatsapp/connection";
import { silentLog } from "../support/conductor-harness";

const jid = "6281234567890@s.whatsapp.net";

/** Timers on a virtual clock: `settle` lets time run until the work is done. */
function virtualTime() {
  let now = 1_000_000;
  const slept: number[] = [];
  const timers: { at: number; wake: () => void }[] = [];
  const idle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms: number) => {
      slept.push(ms);
      return new Promise<void>((wake) => timers.push({ at: now + ms, wake }));
    },
    advance: (ms: number) => {
      now += ms;
    },
    /** Fires the timers in order, as time passes, until `work` is done. */
    async settle<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const result = work.finally(() => {
        done = true;
      });
      while (!done) {
        await idle();
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) continue;
        now = Math.max(now, next.at);
        next.wake();
      }
      return result;
    },
    slept,
  };
}

/** A socket that records, in order, every presence update and send. */
function recordingSocket(time: { now: () => number }, presence?: () => Promise<void>) {
  const events: { what: string; jid: string; at: number }[] = [];
  const socket = {
    async sendMessage(to: string) {
      events.push({ what: "send", jid: to, at: time.now() });
      return { key: { id: `BOT${events.length}`, remoteJid: to, fromMe: true } };
    },
    async sendPresenceUpdate(type: string, to: string) {
      events.push({ what: type, jid: to, at: time.now() });
      await presence?.();
    },
  } as unknown as WhatsAppSocketLike;
  return { socket, events };
}

function adapterOver(socket: WhatsAppSocketLike, time: ReturnType<typeof virtualTime>) {
  const connection = { socket: () => socket, state: () => "open" } as WhatsAppConnection;
  return createWhatsAppAdapter({
    connection,
    hint: () => "",
    log: silentLog,
    now: time.now,
    sleep: time.sleep,
    typingFromChars: 20,
  });
}

describe("sending on WhatsApp", () => {
  it("spaces replies to one chat at least a second apart, also when sent at once", async () => {
    const time = virtualTime();
    const { socket, events } = recordingSocket(time);
    const adapter = adapterOver(socket, time);
    const results = await time.settle(
      Promise.all(["satu", "dua", "tiga"].map((text) => adapter.send(jid, { text }))),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const sends = events.filter((event) => event.what === "send").map((event) => event.at);
    expect(sends).toHaveLength(3);
    expect((sends[1] ?? 0) - (sends[0] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect((sends[2] ?? 0) - (sends[1] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("does not hold a chat back for another chat's replies", async () => {
    const time = virtualTime();
    const { socket, events } = recordingSocket(time);
    const adapter = adapterOver(socket, time);
    await adapter.send(jid, { text: "satu" });
    await adapter.send("6289876543210@s.whatsapp.net", { text: "dua" });
    expect(time.slept).toEqual([]);
    expect(events.map((event) => event.at)).toEqual([1_000_000, 1_000_000]);
  });

  it("shows typing before a long answer and pauses it after sending", async () => {
    const time = virtualTime();
    const { socket, events } = recordingSocket(time);
    const adapter = adapterOver(socket, time);
    await adapter.send(jid, { text: "pendek" });
    time.advance(5000);
    await adapter.send(jid, { text: "Jawaban yang panjang, lebih dari dua puluh huruf." });
    expect(events.map((event) => event.what)).toEqual(["send", "composing", "send", "paused"]);
  });

  it("still sends, and pauses typing, when the typing indicator fails", async () => {
    const time = virtualTime();
    const { socket, events } = recordingSocket(time, async () => {
      throw new Error("presence refused");
    });
    const adapter = adapterOver(socket, time);
    const result = await adapter.send(jid, {
      text: "Jawaban yang panjang, lebih dari dua puluh huruf.",
    });
    expect(result).toEqual({ ok: true, externalId: "BOT2" });
    expect(events.map((event) => event.what)).toEqual(["composing", "send", "paused"]);
  });

  it("reports the connection state for /healthz", () => {
    for (const state of ["pairing", "open", "logged_out", "conflict"] as const) {
      const connection = { socket: () => undefined, state: () => state } as WhatsAppConnection;
      const adapter = createWhatsAppAdapter({ connection, hint: () => "", log: silentLog });
      expect(adapter.connectionState()).toBe(state);
      expect(adapter.state()).toBe(
        state === "open" ? "ok" : state === "pairing" ? "connecting" : "degraded",
      );
    }
  });
});

describe("the per-chat pace", () => {
  it("forgets chats whose last send is over an interval old, so it stays small", async () => {
    const time = virtualTime();
    const pace = createChatPace({ intervalMs: 1000, now: time.now, sleep: time.sleep });
    // Each chat writes once: nobody waits, so no timer has to fire.
    for (let chat = 0; chat < 5000; chat++) {
      await pace.wait(`62812${chat}@s.whatsapp.net`);
      time.advance(10);
    }
    // 5000 chats over 50 s; only those written to within about two intervals remain.
    expect(pace.size()).toBeLessThanOrEqual(200);
    expect(time.slept).toEqual([]);
  });

  it("waits again when the timer wakes early by the wall clock", async () => {
    let now = 0;
    const pace = createChatPace({
      intervalMs: 1000,
      now: () => now,
      sleep: async (ms) => {
        now += Math.max(1, ms - 5); // a timer that fires 5 ms early
      },
    });
    await pace.wait(jid);
    await pace.wait(jid);
    expect(now).toBeGreaterThanOrEqual(1000);
  });
});
