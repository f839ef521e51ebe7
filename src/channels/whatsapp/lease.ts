import type postgres from "postgres";
import type { Logger } from "../../logger";

/** Who may hold the WhatsApp socket of one number. */
export interface WhatsAppLease {
  /** Resolves once this instance holds the number (at once on the embedded database). */
  acquire(signal: AbortSignal): Promise<boolean>;
  release(): Promise<void>;
}

/** A fixed key per session: "awas:whatsapp:<session>" folded into a 63-bit number. */
function lockKey(sessionId: string): bigint {
  let hash = 1469598103934665603n;
  for (const char of `awas:whatsapp:${sessionId}`) {
    hash = ((hash ^ BigInt(char.codePointAt(0) ?? 0)) * 1099511628211n) & 0x7fffffffffffffffn;
  }
  return hash;
}

/**
 * One connection per WhatsApp number across instances: a PostgreSQL session-level advisory
 * lock on a connection of its own. The holder keeps it while it lives; when it dies, its
 * session ends and a passive instance (polling) takes over. The embedded database has one
 * process by construction (its data-directory lock), so there the lease is always granted.
 */
export function createWhatsAppLease(deps: {
  postgres: postgres.Sql | undefined;
  log: Logger;
  sessionId?: string;
  retryMs?: number;
}): WhatsAppLease {
  const key = lockKey(deps.sessionId ?? "default");
  let reserved: postgres.ReservedSql | undefined;
  return {
    async acquire(signal) {
      if (!deps.postgres) return true;
      reserved ??= await deps.postgres.reserve();
      for (;;) {
        const [row] =
          await reserved`select pg_try_advisory_lock(${key.toString()}::bigint) as locked`;
        if (row?.locked === true) return true;
        deps.log.info("another instance holds the WhatsApp number; waiting as standby");
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, deps.retryMs ?? 15_000);
          signal.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
        if (signal.aborted) return false;
      }
    },
    async release() {
      if (!reserved) return;
      await reserved`select pg_advisory_unlock(${lockKey(deps.sessionId ?? "default").toString()}::bigint)`.catch(
        () => undefined,
      );
      reserved.release();
      reserved = undefined;
    },
  };
}
