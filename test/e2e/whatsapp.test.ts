import { afterAll, describe, expect, it } from "vitest";
import { conversationId } from "../support/app-harness";
import { type RuledBotApi, startRuledBotApi } from "../support/ruled-bot-api";
import { startServer, stopAllServers } from "../support/server-process";
import { telegramPeople, webhookPoster } from "../support/telegram-user";

/**
 * WhatsApp switched on where WhatsApp cannot be reached (as on these machines): the real
 * Baileys socket keeps failing to connect, and everything else must keep serving.
 */
describe("WhatsApp enabled with no route to WhatsApp", () => {
  let botApi: RuledBotApi | undefined;
  afterAll(async () => {
    await stopAllServers();
    await botApi?.close();
  });

  it("still serves the web chat and Telegram, and /healthz says the channel is not open", async () => {
    botApi = await startRuledBotApi({ perSecond: 30, blocked: new Set() });
    const secret = "uji_tanpa_whatsapp";
    const server = await startServer({
      env: { WHATSAPP_ENABLED: "true", ...botApi.env(secret) },
    });
    // Give the socket time to try and fail at least once.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; channels: Record<string, string> };
    expect(body.status).toBe("degraded");
    // The connection's own state: it keeps trying (never open), pairing first with no session.
    expect(body.channels.whatsapp).toMatch(/^(connecting|pairing)$/);
    const response = await fetch(`${server.url}/chat/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ conversationId: conversationId(), text: "halo" }),
    });
    expect(response.status).toBe(200);
    const { replies } = (await response.json()) as { replies: { text: string }[] };
    expect(replies[0]?.text).toContain("Awas");
    const telegramUser = telegramPeople({
      post: webhookPoster({ request: (path, init) => fetch(`${server.url}${path}`, init) }, secret),
      arrivals: botApi.arrivals,
    })(7_500_000_001);
    await telegramUser.say("halo");
    expect((await telegramUser.read(/Awas/)).text).toContain("Awas");
    expect(server.output()).not.toMatch(/unhandled|uncaught/i);
  }, 90_000);
});
