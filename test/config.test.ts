import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";
import { clockFrom } from "../src/server";

describe("configuration", () => {
  it("runs on the embedded database in ./.data with no environment at all", () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe("pglite");
    expect(config.port).toBe(3000);
    expect(config.regionScope).toEqual(["19", "15"]);
    expect(config.ticketPrefix).toBe("LPR");
    expect(config.dataController).toBeUndefined();
  });

  it("switches to PostgreSQL when DATABASE_URL is set", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://u@h:5432/db" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u@h:5432/db" });
  });

  it("refuses malformed values with a message naming the variable", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(ConfigError);
    expect(() => loadConfig({ TICKET_PREFIX: "lp" })).toThrow(/TICKET_PREFIX/);
    expect(() => loadConfig({ REGION_SCOPE: "19;15" })).toThrow(/REGION_SCOPE/);
    expect(() => loadConfig({ AWAS_NOW: "yesterday" })).toThrow(/AWAS_NOW/);
  });

  it("starts the clock at AWAS_NOW and lets it run on", () => {
    const config = loadConfig({ AWAS_NOW: "2024-11-25T09:00:00+07:00" });
    let real = 1_000_000;
    const clock = clockFrom(config.clockStart, () => real);
    expect(clock().toISOString()).toBe("2024-11-25T02:00:00.000Z");
    real += 60_000;
    expect(clock().toISOString()).toBe("2024-11-25T02:01:00.000Z");
  });

  it("leaves Telegram off without a token, and needs a webhook secret in webhook mode", () => {
    expect(loadConfig({}).telegram).toBeUndefined();
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: "123:abc" })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(
      loadConfig({ TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_MODE: "polling" }).telegram,
    ).toMatchObject({ token: "123:abc", mode: "polling" });
    expect(() =>
      loadConfig({ TELEGRAM_BOT_TOKEN: "not a token", TELEGRAM_MODE: "polling" }),
    ).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() =>
      loadConfig({ TELEGRAM_BOT_TOKEN: "123:abc", TELEGRAM_WEBHOOK_SECRET: "has spaces in it" }),
    ).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it("paces WhatsApp business-initiated messages 3 s apart to at most 200 people a day unless told otherwise", () => {
    expect(loadConfig({}).whatsapp).toBeUndefined();
    expect(loadConfig({ WHATSAPP_ENABLED: "true" }).whatsapp).toMatchObject({
      dailyCap: 200,
      noticeGapSeconds: 3,
    });
    expect(
      loadConfig({
        WHATSAPP_ENABLED: "true",
        WHATSAPP_DAILY_CAP: "50",
        WHATSAPP_NOTICE_GAP_SECONDS: "10",
      }).whatsapp,
    ).toMatchObject({ dailyCap: 50, noticeGapSeconds: 10 });
    expect(() => loadConfig({ WHATSAPP_DAILY_CAP: "0" })).toThrow(/WHATSAPP_DAILY_CAP/);
    expect(() => loadConfig({ WHATSAPP_DAILY_CAP: "many" })).toThrow(/WHATSAPP_DAILY_CAP/);
    expect(() => loadConfig({ WHATSAPP_NOTICE_GAP_SECONDS: "0" })).toThrow(
      /WHATSAPP_NOTICE_GAP_SECONDS/,
    );
  });
});
