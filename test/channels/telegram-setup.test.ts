import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookUrl } from "../../src/channels/telegram/setup";
import { type StandInBotApi, startStandInBotApi } from "../support/telegram-bot-api";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

describe("npm run telegram:setup", () => {
  let api: StandInBotApi;
  beforeAll(async () => {
    api = await startStandInBotApi();
  });
  afterAll(() => api.close());

  it("sets the webhook with the secret and the handled update types, and the command menu", async () => {
    const { stdout } = await run(
      "npx",
      ["tsx", "src/channels/telegram/setup-cli.ts", "--url", "https://awas.example.org"],
      {
        cwd: root,
        env: {
          ...process.env,
          TELEGRAM_BOT_TOKEN: api.token,
          TELEGRAM_WEBHOOK_SECRET: "rahasia-123",
          TELEGRAM_API_ROOT: api.apiRoot,
        },
      },
    );
    expect(stdout).toContain("https://awas.example.org/telegram/webhook");
    expect(api.webhook()).toMatchObject({
      url: "https://awas.example.org/telegram/webhook",
      secretToken: "rahasia-123",
      allowedUpdates: ["message", "edited_message", "callback_query", "my_chat_member"],
    });
    const menus = api.calls("setMyCommands");
    const english = menus.find((call) => call.params.language_code === "en");
    expect(english?.params.commands).toContainEqual({
      command: "lapor",
      description: "Report a suspected violation",
    });
    const indonesian = menus.find((call) => call.params.language_code === "id");
    expect(indonesian?.params.commands).toContainEqual({
      command: "cek",
      description: "Cek perkembangan laporan (cek KODE)",
    });
  }, 60_000);

  it("accepts a base or a full webhook URL, but only https", () => {
    expect(webhookUrl("https://a.example/")).toBe("https://a.example/telegram/webhook");
    expect(webhookUrl("https://a.example/telegram/webhook")).toBe(
      "https://a.example/telegram/webhook",
    );
    expect(() => webhookUrl("http://a.example")).toThrow(/https/);
  });
});
