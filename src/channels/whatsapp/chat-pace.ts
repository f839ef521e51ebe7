export interface ChatPaceDeps {
  /** Least time between two sends to one chat. */
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Chat {
  /** When the latest send to this chat was let through. */
  last: number;
  /** Sends waiting their turn; they go one after another. */
  waiting: number;
  turn: Promise<void>;
}

/**
 * At most one send per chat per interval (ban-aware replies, ADR 0006), counted from the moment
 * each send is let through, so call `wait` right before sending. A chat let through over an
 * interval ago with nobody waiting holds nothing back and is forgotten: the map stays as small
 * as the chats written to in one interval.
 */
export function createChatPace(deps: ChatPaceDeps) {
  const chats = new Map<string, Chat>();
  let sweptAt = Number.NEGATIVE_INFINITY;

  function sweep(at: number) {
    if (at - sweptAt < deps.intervalMs) return;
    sweptAt = at;
    for (const [id, chat] of chats) {
      if (chat.waiting === 0 && chat.last <= at - deps.intervalMs) chats.delete(id);
    }
  }

  async function take(chat: Chat) {
    // Timers may fire a little early by the wall clock: wait again for what is left.
    for (let left = chat.last + deps.intervalMs - deps.now(); left > 0; ) {
      await deps.sleep(left);
      left = chat.last + deps.intervalMs - deps.now();
    }
    chat.last = deps.now();
  }

  return {
    /** Resolves when `chat` may be sent to. */
    async wait(id: string): Promise<void> {
      sweep(deps.now());
      const chat = chats.get(id) ?? {
        last: Number.NEGATIVE_INFINITY,
        waiting: 0,
        turn: Promise.resolve(),
      };
      chats.set(id, chat);
      chat.waiting += 1;
      const turn = chat.turn.then(() => take(chat));
      chat.turn = turn;
      try {
        await turn;
      } finally {
        chat.waiting -= 1;
      }
    },
    /** Chats remembered now (for tests: it must not grow with every chat ever seen). */
    size: () => chats.size,
  };
}

export type ChatPace = ReturnType<typeof createChatPace>;
