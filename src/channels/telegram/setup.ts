import type { Api } from "grammy";
import type { Translator } from "../../i18n/translator";
import { allowedUpdates } from "./polling";

/** The commands shown in Telegram's menu, in this order; each has a `telegram:command.*` text. */
export const botCommands = [
  "start",
  "lapor",
  "cek",
  "tanya",
  "bahasa",
  "bantuan",
  "privasi",
  "laporanku",
  "langganan",
  "berhenti",
] as const;

/** The webhook URL for a base URL or a full one ("https://awas.example" → …/telegram/webhook). */
export function webhookUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:") throw new Error("Telegram only calls https:// webhooks");
  if (!parsed.pathname.endsWith("/telegram/webhook")) {
    parsed.pathname = `${parsed.pathname.replace(/\/$/, "")}/telegram/webhook`;
  }
  return parsed.toString();
}

/**
 * Points Telegram at the webhook with the secret and the update types the bot handles, and
 * registers the command menu in Indonesian (also the default) and English.
 */
export async function setupTelegram(
  api: Api,
  options: { url: string; secret: string; translator: Translator },
): Promise<{ url: string }> {
  const url = webhookUrl(options.url);
  await api.setWebhook(url, {
    secret_token: options.secret,
    allowed_updates: [...allowedUpdates],
  });
  const commands = (language: "id" | "en") =>
    botCommands.map((command) => ({
      command,
      description: options.translator.text(language, `telegram:command.${command}`),
    }));
  await api.setMyCommands(commands("id"));
  await api.setMyCommands(commands("id"), { language_code: "id" });
  await api.setMyCommands(commands("en"), { language_code: "en" });
  return { url };
}
