import type { Arrival } from "./ruled-bot-api";

/** Posts an update to the app's webhook as Telegram does, with the secret header. */
export const webhookPoster =
  (
    app: { request(path: string, init: RequestInit): Response | Promise<Response> },
    secret: string,
  ) =>
  (update: unknown) =>
    app.request("/telegram/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    });

/**
 * People writing to the bot on Telegram, end to end: what they type or tap goes to the webhook
 * as the update Telegram would send, and they read what reached the (ruled) Bot API for them.
 */
export function telegramPeople(options: {
  /** Posts one update to the app's webhook (with its secret). */
  post: (update: unknown) => Response | Promise<Response>;
  arrivals: readonly Arrival[];
  timeoutMs?: number;
}) {
  const timeoutMs = options.timeoutMs ?? 20_000;
  let updateId = 880_000_000;

  return (chatId: number, languageCode = "id") => {
    const from = { id: chatId, is_bot: false, first_name: "Warga", language_code: languageCode };
    const chat = { id: chatId, first_name: "Warga", type: "private" };
    /** How many delivered messages this person had already read. */
    let read = 0;
    const delivered = () => options.arrivals.filter((a) => a.chatId === chatId && a.status === 200);

    async function post(update: unknown) {
      const response = await options.post(update);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    }

    /** Waits for a new message matching `match`, reading everything up to it. */
    async function waitFor(match: (message: Arrival) => boolean): Promise<Arrival> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const messages = delivered();
        const index = messages.findIndex((m, i) => i >= read && match(m));
        if (index >= 0) {
          read = index + 1;
          return messages[index] as Arrival;
        }
        if (Date.now() > deadline) {
          const all = options.arrivals
            .filter((a) => a.chatId === chatId)
            .map((a) => `${a.status} ${a.text.slice(0, 40)}`);
          throw new Error(
            `chat ${chatId}: no matching message after ${read}; ${JSON.stringify(all)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    const person = {
      chatId,
      waitFor,
      /** Reads until a message whose text matches. */
      read: (pattern: RegExp) => waitFor((m) => pattern.test(m.text)),
      async say(text: string) {
        const id = ++updateId;
        const command = /^\/\w+/.exec(text);
        await post({
          update_id: id,
          message: {
            message_id: id,
            from,
            chat,
            date: Math.floor(Date.now() / 1000),
            text,
            ...(command
              ? { entities: [{ offset: 0, length: command[0].length, type: "bot_command" }] }
              : {}),
          },
        });
      },
      /** Taps the button labelled `label` on the next message that has one. */
      async tap(label: string) {
        const message = await waitFor((m) => m.buttons.has(label));
        await post({
          update_id: ++updateId,
          callback_query: {
            id: String(updateId),
            from,
            message: {
              message_id: message.messageId,
              from: { id: 1, is_bot: true, first_name: "Awas" },
              chat,
              date: Math.floor(message.at / 1000),
              text: message.text,
            },
            chat_instance: String(chatId),
            data: message.buttons.get(label),
          },
        });
      },
      /** Subscribes to imbauan for `place` in Indonesian, as the flow asks; its confirmation. */
      async subscribe(place: string) {
        await person.say("/langganan");
        await person.read(/Untuk wilayah mana/);
        await person.say(place);
        await person.tap("Ya, benar");
        await person.tap("Bahasa Indonesia");
        return person.read(/Langganan aktif/);
      },
    };
    return person;
  };
}
