import { setTimeout as realSleep } from "node:timers/promises";
import type { OutboundPacing, PacedSend } from "../jobs/outbox-sender";

/**
 * One channel's send gate, shared by replies (through `replyPacing`) and broadcasts: every send
 * takes a slot first, and slots are handed out one at a time, replies before broadcasts.
 *
 * The platform counts sends as they arrive, which is somewhere between our start and its
 * answer. So a slot counts from the *answer* of the send `perSecond` places back: a new send
 * starts only once that one was answered at least `windowMs` ago, and the platform then sees at
 * most `perSecond` in any window, however late sends leave the process or travel.
 */
export interface ChannelPace {
  /**
   * Waits for a slot and returns the function to call when the send was answered (or failed).
   * Replies go before every waiting broadcast send.
   */
  take(kind: "reply" | "bulk", chat: string): Promise<() => void>;
  /** The earliest time (ms) a broadcast may start a send to `chat` (one per chat per `perChatMs`). */
  chatFreeAt(chat: string): number;
  /** The platform said "retry after": no slot on this channel before `until`. */
  block(until: number): void;
  blockedUntil(): number;
}

export interface ChannelPaceOptions {
  perSecond: number;
  perChatMs: number;
  /** The platform's window plus a margin for clocks (default 1000 ms). */
  windowMs?: number;
  clock: () => Date;
  /** Waits `ms`; tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** A send unanswered this long counts as answered then (a hung request must not stop all). */
  answerTimeoutMs?: number;
}

interface Waiter {
  chat: string;
  resolve: (release: () => void) => void;
}

interface Slot {
  startedAt: number;
  answeredAt: number | undefined;
}

export function createChannelPace(options: ChannelPaceOptions): ChannelPace {
  const windowMs = options.windowMs ?? 1000;
  const answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => realSleep(ms).then(() => {}));
  const now = () => options.clock().getTime();
  // Half the even spacing between two starts: smooths bursts, yet lets a late timer catch up.
  const minGapMs = Math.ceil(windowMs / options.perSecond / 2);
  const replies: Waiter[] = [];
  const bulk: Waiter[] = [];
  /** The last `perSecond` slots, oldest first. */
  const slots: Slot[] = [];
  const lastByChat = new Map<string, number>();
  let blocked = 0;
  let pumping = false;
  /** Wakes the pump early when a send is answered (its slot may free the next one). */
  let wake: (() => void) | undefined;

  /**
   * The earliest start for the next slot, or undefined while the send `perSecond` places back
   * is unanswered (its answer, or its timeout, wakes the pump).
   */
  function nextStart(at: number): number | undefined {
    let start = Math.max(at, blocked, (slots.at(-1)?.startedAt ?? -Infinity) + minGapMs);
    if (slots.length >= options.perSecond) {
      const oldest = slots[slots.length - options.perSecond] as Slot;
      if (oldest.answeredAt === undefined) return undefined;
      start = Math.max(start, oldest.answeredAt + windowMs);
    }
    return start;
  }

  function grant(waiter: Waiter, at: number) {
    const slot: Slot = { startedAt: at, answeredAt: undefined };
    slots.push(slot);
    if (slots.length > options.perSecond) slots.shift();
    lastByChat.set(waiter.chat, at);
    if (lastByChat.size > 10_000) {
      for (const [chat, last] of lastByChat)
        if (last <= at - options.perChatMs) lastByChat.delete(chat);
    }
    const answered = () => {
      clearTimeout(timeout);
      if (slot.answeredAt !== undefined) return;
      slot.answeredAt = now();
      wake?.();
    };
    // A real timer, not the injected sleep: a hung request must not stop the channel for good.
    const timeout = setTimeout(answered, answerTimeoutMs);
    timeout.unref?.();
    waiter.resolve(answered);
  }

  async function pump() {
    if (pumping) return;
    pumping = true;
    // Lets every send asked for in this turn line up before the first is chosen.
    await Promise.resolve();
    try {
      for (;;) {
        const waiter = replies[0] ?? bulk[0];
        if (!waiter) return;
        const at = now();
        const start = nextStart(at);
        if (start !== undefined && start <= at) {
          (replies[0] === waiter ? replies : bulk).shift();
          grant(waiter, at);
          continue;
        }
        const woken = new Promise<void>((resolve) => {
          wake = resolve;
        });
        await (start === undefined ? woken : Promise.race([woken, sleep(start - at)]));
        wake = undefined;
      }
    } finally {
      pumping = false;
    }
  }

  return {
    take(kind, chat) {
      return new Promise((resolve) => {
        (kind === "reply" ? replies : bulk).push({ chat, resolve });
        // A reply must not wait out a gap the pump is sleeping through for a broadcast send.
        if (kind === "reply") wake?.();
        void pump();
      });
    },
    chatFreeAt: (chat) => (lastByChat.get(chat) ?? -Infinity) + options.perChatMs,
    block(until) {
      blocked = Math.max(blocked, until);
    },
    blockedUntil: () => blocked,
  };
}

/**
 * Telegram allows about 30 messages a second overall and one a second per chat; the window
 * has 20 ms of margin for the difference between our clock and Telegram's.
 */
export const telegramPace = { perSecond: 30, perChatMs: 1000, windowMs: 1020 } as const;

/**
 * The outbox's pacing for a channel whose broadcasts share `pace` (Telegram): a reply takes the
 * next slot, ahead of every waiting broadcast send; a 429 it gets stops the broadcasts too, and
 * while the channel waits out a 429 replies wait as well (sending then would only extend it).
 */
export function replyPacing(pace: ChannelPace, clock: () => Date): OutboundPacing {
  return {
    async send(request, deliver): Promise<PacedSend> {
      const held = (): PacedSend | undefined => {
        const blockedUntil = pace.blockedUntil();
        return blockedUntil > clock().getTime()
          ? { outcome: "held", until: new Date(blockedUntil), reason: "channel_rate_limited" }
          : undefined;
      };
      const before = held();
      if (before) return before;
      const answered = await pace.take("reply", request.contactId);
      let result: Awaited<ReturnType<typeof deliver>>;
      try {
        const during = held();
        if (during) return during;
        result = await deliver();
      } finally {
        answered();
      }
      if (!result.ok && result.code === "RATE_LIMITED") {
        pace.block(clock().getTime() + result.retryAfterMs);
      }
      return { outcome: "delivered", result };
    },
  };
}
