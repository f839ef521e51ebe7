import { Hono } from "hono";
import type { ChannelAdapter, ChannelState } from "../../channels/types";
import type { AppDatabase } from "../../storage/database";

const readinessTimeoutMs = 2000;

/**
 * 200 while the database answers and is migrated (degraded if a channel is down), else 503.
 * Each channel is listed by its connection state where it has one (WhatsApp: pairing, open…).
 */
export function healthRoutes(deps: { database: AppDatabase; channels: ChannelAdapter[] }) {
  return new Hono().get("/healthz", async (c) => {
    const ready = await Promise.race([
      deps.database.isReady(),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), readinessTimeoutMs)),
    ]);
    const channels: Record<string, string> = {};
    const states: ChannelState[] = [];
    for (const adapter of deps.channels) {
      const state = adapter.state();
      states.push(state);
      channels[adapter.channel] = adapter.connectionState?.() ?? state;
    }
    if (!ready) return c.json({ status: "unavailable", database: "unreachable", channels }, 503);
    const degraded = states.some((state) => state !== "ok" && state !== "disabled");
    return c.json({ status: degraded ? "degraded" : "ok", channels }, 200);
  });
}
