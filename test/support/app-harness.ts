import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderWebchatPage } from "../../src/channels/webchat/page";
import { loadConfig } from "../../src/config";
import { generateDataKey } from "../../src/privacy/keyring";
import { type AwasDeps, createAwas } from "../../src/server";
import type { AppDatabase } from "../../src/storage/database";
import { silentLog } from "./conductor-harness";

const template = fs.readFileSync(
  path.resolve(import.meta.dirname, "../../src/channels/webchat/page.html"),
  "utf8",
);

/** The whole app on a test database, without opening a port: tests call `app.request()`. */
export async function createTestAwas(
  database: AppDatabase,
  env: Record<string, string> = {},
  clock?: () => Date,
  extra: Pick<AwasDeps, "whatsappSocket"> = {},
) {
  const config = loadConfig({
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "awas-app-")),
    DATA_KEY: generateDataKey(),
    ...env,
  });
  return createAwas({
    config,
    database,
    log: silentLog,
    webchatTemplate: template,
    renderWebchatPage,
    ...(clock ? { clock } : {}),
    ...extra,
  });
}

export const conversationId = () =>
  `c${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`.slice(0, 22);

export function postJson(body: unknown, headers: Record<string, string> = {}) {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}
