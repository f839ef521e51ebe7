import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createWhatsAppLease } from "../../src/channels/whatsapp/lease";
import { silentLog } from "../support/conductor-harness";

const url = process.env.DATABASE_URL;

describe("one WhatsApp connection per number", () => {
  it("is always granted on the embedded database (one process by construction)", async () => {
    const lease = createWhatsAppLease({ postgres: undefined, log: silentLog });
    expect(await lease.acquire(new AbortController().signal)).toBe(true);
  });

  describe.runIf(url)("on PostgreSQL", () => {
    const clients: postgres.Sql[] = [];
    const client = () => {
      const sql = postgres(url ?? "", { max: 2, onnotice: () => undefined });
      clients.push(sql);
      return sql;
    };
    afterAll(async () => {
      for (const sql of clients) await sql.end();
    });

    it("lets one instance hold the number; the other waits and takes over when it goes", async () => {
      const sessionId = `lease-test-${process.pid}`;
      const holder = createWhatsAppLease({ postgres: client(), log: silentLog, sessionId });
      const standby = createWhatsAppLease({
        postgres: client(),
        log: silentLog,
        sessionId,
        retryMs: 50,
      });
      expect(await holder.acquire(new AbortController().signal)).toBe(true);
      let took = false;
      const waiting = standby.acquire(new AbortController().signal).then((held) => {
        took = held;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(took).toBe(false);
      await holder.release();
      await waiting;
      expect(took).toBe(true);
      await standby.release();
    });
  });
});
