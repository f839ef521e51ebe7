import { and, eq, inArray, sql } from "drizzle-orm";
import type { Conductor } from "../../conversations/conductor";
import { addressIndexes } from "../../conversations/contacts";
import type { Language } from "../../engine/types";
import type { Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import type { Keyring } from "../../privacy/keyring";
import type { AppDatabase } from "../../storage/database";
import { contacts } from "../../storage/schema";
import type { TelegramAdapter } from "./adapter";
import { readTelegramUpdate, type TelegramEvent } from "./normalize";

export interface TelegramReceiverDeps {
  adapter: TelegramAdapter;
  conductor: Conductor;
  database: AppDatabase;
  keyring: Keyring;
  translator: Translator;
  log: Logger;
  clock: () => Date;
  /** A brief answer for `/tanya …` in a group (the knowledge base), if it has one. */
  answerQuestion?: (text: string) => { topicId: string; language: Language } | undefined;
}

export type ReceiveOutcome = "handled" | "duplicate" | "ignored";

/** Group commands that lead to the private chat, and the deep link each opens. */
const privateCommands: Record<string, string | undefined> = {
  lapor: "lapor",
  report: "lapor",
  start: undefined,
  cek: undefined,
  bantuan: undefined,
  help: undefined,
  privasi: undefined,
  gabung: undefined,
  laporanku: undefined,
};

/**
 * What the bot does with one Telegram update, for the webhook and for polling alike. Throws
 * only when the database fails (then Telegram must redeliver); everything the Bot API is asked
 * to do besides the conductor's replies (answering a button, a group reply) is fire-and-forget,
 * so no update waits on Telegram.
 */
export function createTelegramReceiver(deps: TelegramReceiverDeps) {
  const log = deps.log.child({ module: "telegram" });
  const later = (what: string, work: Promise<unknown>) => {
    work.catch((error: unknown) => log.warn({ err: error, what }, "telegram call failed"));
  };
  const deepLink = (payload?: string) =>
    `https://t.me/${deps.adapter.botUsername ?? ""}${payload ? `?start=${payload}` : ""}`;

  async function setReachable(address: string, blocked: boolean) {
    await deps.database.db
      .update(contacts)
      .set({ unreachableAt: blocked ? deps.clock() : sql`null` })
      .where(
        and(
          eq(contacts.channel, "telegram"),
          inArray(contacts.addressIndex, addressIndexes(deps.keyring, "telegram", address)),
        ),
      );
  }

  function groupCommand(event: Extract<TelegramEvent, { kind: "group_command" }>): void {
    const t = (key: string, language: Language = "id") => deps.translator.text(language, key);
    if (event.command === "tanya" || event.command === "ask") {
      const found = event.args ? deps.answerQuestion?.(event.args) : undefined;
      if (found) {
        const text = t(`knowledge:${found.topicId}.answer`, found.language);
        later(
          "group answer",
          deps.adapter.sendLink(event.chatId, text, {
            label: t("telegram:group_question_more", found.language),
            url: deepLink("tanya"),
          }),
        );
        return;
      }
      later(
        "group question",
        deps.adapter.sendLink(event.chatId, t("telegram:group_question_private"), {
          label: t("telegram:group_private_button"),
          url: deepLink("tanya"),
        }),
      );
      return;
    }
    if (!(event.command in privateCommands)) return;
    const payload = privateCommands[event.command];
    const isReport = payload === "lapor";
    later(
      "group link",
      deps.adapter.sendLink(
        event.chatId,
        t(isReport ? "telegram:group_report" : "telegram:group_private"),
        {
          label: t(isReport ? "telegram:group_report_button" : "telegram:group_private_button"),
          url: deepLink(payload),
        },
      ),
    );
  }

  async function receive(update: unknown): Promise<ReceiveOutcome> {
    const event = readTelegramUpdate(update, deps.clock(), {
      ...(deps.adapter.botUsername ? { botUsername: deps.adapter.botUsername } : {}),
    });
    switch (event.kind) {
      case "message": {
        const result = await deps.conductor.receive(event.message);
        return result.outcome === "duplicate" ? "duplicate" : "handled";
      }
      case "callback": {
        const result = await deps.conductor.receive(event.message);
        later("settle callback", deps.adapter.settleCallback(event.callback));
        return result.outcome === "duplicate" ? "duplicate" : "handled";
      }
      case "callback_only":
        later("answer callback", deps.adapter.api.answerCallbackQuery(event.callback.id));
        return "ignored";
      case "membership":
        await setReachable(event.address, event.blocked);
        log.info({ blocked: event.blocked }, "telegram contact membership changed");
        return "handled";
      case "group_command":
        groupCommand(event);
        return "handled";
      case "ignored":
        log.debug({ reason: event.reason }, "telegram update ignored");
        return "ignored";
    }
  }

  return { receive };
}

export type TelegramReceiver = ReturnType<typeof createTelegramReceiver>;
