/**
 * Telegram's flood rule in front of the stand-in Bot API (`telegram-bot-api.ts`), as a `fetch`
 * for the Telegram adapter: at most `perSecond` sendMessage calls in any sliding second
 * (`(t − 1000 ms, t]`, on the injected clock), else 429 with `retry_after`; 403 for blocked
 * chats. Everything else — and every send the rule lets through — goes to the stand-in.
 *
 * It records what it let through and every send that arrived while a `retry_after` it gave
 * was still running (`duringRetryAfter`): a well-behaved client makes none.
 */

export interface TelegramRateRule {
  fetch: typeof fetch;
  /** chat_id of each message delivered (200 from the stand-in), in order. */
  delivered: number[];
  /** Texts delivered per chat. */
  textsTo(chatId: number): string[];
  /** Times (ms) of 429 answers given. */
  rateLimited: number[];
  /** Sends that arrived while a retry_after was running. */
  duringRetryAfter: { chatId: number; at: number; retryUntil: number }[];
  /** The most sends the rule ever counted in one sliding second. */
  maxInWindow(): number;
}

export function telegramRateRule(options: {
  clock: () => Date;
  perSecond: number;
  blocked?: ReadonlySet<number>;
  /** What to call for everything the rule lets through (default: global fetch). */
  upstream?: typeof fetch;
}): TelegramRateRule {
  const upstream = options.upstream ?? fetch;
  const blocked = options.blocked ?? new Set<number>();
  const accepted: number[] = [];
  const delivered: number[] = [];
  const texts = new Map<number, string[]>();
  const rateLimited: number[] = [];
  const duringRetryAfter: TelegramRateRule["duringRetryAfter"] = [];
  let retryUntil = Number.NEGATIVE_INFINITY;
  let maxSeen = 0;

  const answer = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    });

  const ruled: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!/\/sendMessage$/i.test(new URL(url).pathname)) return upstream(input, init);
    const params = JSON.parse(String(init?.body ?? "{}")) as { chat_id: number; text: string };
    const chatId = Number(params.chat_id);
    const at = options.clock().getTime();
    if (at < retryUntil) duringRetryAfter.push({ chatId, at, retryUntil });
    const inWindow = accepted.filter((t) => t > at - 1000);
    if (inWindow.length >= options.perSecond || at < retryUntil) {
      const freeAt = Math.max((inWindow[0] ?? at) + 1000, retryUntil);
      const retryAfter = Math.max(1, Math.ceil((freeAt - at) / 1000));
      retryUntil = Math.max(retryUntil, at + retryAfter * 1000);
      rateLimited.push(at);
      return answer(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
    }
    accepted.push(at);
    maxSeen = Math.max(maxSeen, inWindow.length + 1);
    if (blocked.has(chatId)) {
      return answer(403, {
        ok: false,
        error_code: 403,
        description: "Forbidden: bot was blocked by the user",
      });
    }
    const response = await upstream(input, init);
    if (response.status === 200) {
      delivered.push(chatId);
      texts.set(chatId, [...(texts.get(chatId) ?? []), params.text]);
    }
    return response;
  };

  return {
    fetch: ruled,
    delivered,
    textsTo: (chatId) => texts.get(chatId) ?? [],
    rateLimited,
    duringRetryAfter,
    maxInWindow: () => maxSeen,
  };
}
