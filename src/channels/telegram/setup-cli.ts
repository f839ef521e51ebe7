/**
 * `npm run telegram:setup -- --url https://awas.example`: registers the webhook (with
 * TELEGRAM_WEBHOOK_SECRET) and the command menu. Reads the same environment as the server.
 */
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../../config";
import { resources } from "../../i18n/resources";
import { createTranslator } from "../../i18n/translator";
import { createTelegramAdapter } from "./adapter";
import { setupTelegram } from "./setup";

async function main() {
  const { values } = parseArgs({ options: { url: { type: "string" } } });
  const config = loadConfig();
  if (!config.telegram) throw new ConfigError("TELEGRAM_BOT_TOKEN is not set");
  if (!config.telegram.webhookSecret) throw new ConfigError("TELEGRAM_WEBHOOK_SECRET is not set");
  if (!values.url)
    throw new ConfigError("Usage: npm run telegram:setup -- --url https://<your host>");
  const adapter = createTelegramAdapter({
    token: config.telegram.token,
    ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}),
  });
  const { url } = await setupTelegram(adapter.api, {
    url: values.url,
    secret: config.telegram.webhookSecret,
    translator: createTranslator(resources),
  });
  console.log(`Webhook set to ${url}; commands registered in Indonesian and English.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
