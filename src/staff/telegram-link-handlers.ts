import { and, count, eq, gt } from "drizzle-orm";
import type { EventHandler } from "../conversations/conductor";
import type { Tx } from "../storage/database";
import { inboundMessages } from "../storage/schema";
import { linkTelegram } from "./telegram-link";

/** Failed codes a contact may send within `lockoutMs` before the bot stops checking any. */
export const maxFailedLinkAttempts = 5;
export const linkLockoutMs = 15 * 60_000;

/**
 * A failed attempt is remembered on the inbound message itself (its `outcome`), so the count is
 * per contact, survives restarts and session expiry, and needs no table of its own: the
 * conductor's index on (contact, received_at) finds the recent ones.
 */
export const failedLinkOutcome = "link_failed";

async function lockedOut(tx: Tx, contactId: string, now: Date): Promise<boolean> {
  const [row] = await tx
    .select({ failures: count() })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.contactId, contactId),
        eq(inboundMessages.outcome, failedLinkOutcome),
        gt(inboundMessages.receivedAt, new Date(now.getTime() - linkLockoutMs)),
      ),
    );
  return (row?.failures ?? 0) >= maxFailedLinkAttempts;
}

const minutes = String(linkLockoutMs / 60_000);

/**
 * `/tautkan KODE`: a staff member links this Telegram conversation to their account. Whoever
 * guesses learns only "not valid": an unknown, used, expired or replaced code, and a disabled
 * account, all get the same answer.
 */
export function createStaffLinkHandlers(): Record<string, EventHandler> {
  return {
    async staff_link_requested(tx, event, context) {
      if (context.channel !== "telegram") return ["stafflink:telegram_only"];
      const typed = typeof event.vars.argument === "string" ? event.vars.argument.trim() : "";
      if (!typed) return ["stafflink:how"];
      if (await lockedOut(tx, context.contactId, context.now)) {
        return [{ key: "stafflink:locked", params: { minutes } }];
      }
      const result = await linkTelegram(tx, typed, context.contactId, context.channel, context.now);
      if (result.ok) return [{ key: "stafflink:linked", params: { name: result.staffName } }];
      if (result.reason === "telegram_only") return ["stafflink:telegram_only"];
      await tx
        .update(inboundMessages)
        .set({ outcome: failedLinkOutcome })
        .where(eq(inboundMessages.id, context.inboundId));
      return [{ key: "stafflink:invalid", params: { minutes } }];
    },
  };
}
