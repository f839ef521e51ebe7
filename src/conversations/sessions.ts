import { and, eq, isNotNull, lte } from "drizzle-orm";
import type { JsonValue, Session } from "../engine/types";
import type { Keyring } from "../privacy/keyring";
import type { DbOrTx } from "../storage/database";
import { abandonedDrafts, conversationSessions } from "../storage/schema";

const stateAad = "conversation_sessions.state";
const draftAad = "abandoned_drafts.data";

export async function loadSession(
  tx: DbOrTx,
  keyring: Keyring,
  contactId: string,
): Promise<Session | undefined> {
  const [row] = await tx
    .select({ stateSealed: conversationSessions.stateSealed })
    .from(conversationSessions)
    .where(eq(conversationSessions.contactId, contactId));
  return row ? keyring.openJson<Session>(row.stateSealed, stateAad) : undefined;
}

export async function saveSession(
  tx: DbOrTx,
  keyring: Keyring,
  contactId: string,
  session: Session,
  at: Date,
) {
  const values = {
    stateSealed: keyring.sealJson(session, stateAad),
    waiting: session.run ? `${session.run.flowId}/${session.run.nodeId}` : null,
    updatedAt: at,
  };
  await tx
    .insert(conversationSessions)
    .values({ contactId, ...values })
    .onConflictDoUpdate({ target: conversationSessions.contactId, set: values });
}

export async function saveAbandonedDraft(
  tx: DbOrTx,
  keyring: Keyring,
  draft: { contactId: string; flowId: string; reason: string; vars: Record<string, JsonValue> },
  at: Date,
) {
  await tx.insert(abandonedDrafts).values({
    contactId: draft.contactId,
    flowId: draft.flowId,
    reason: draft.reason,
    dataSealed: keyring.sealJson(draft.vars, draftAad),
    createdAt: at,
  });
}

export function openDraft(keyring: Keyring, dataSealed: string): Record<string, JsonValue> {
  return keyring.openJson(dataSealed, draftAad);
}

/** Contacts whose conversation waits and has been idle since before `idleSince`. */
export async function idleWaitingSessions(db: DbOrTx, idleSince: Date, limit = 200) {
  const rows = await db
    .select({ contactId: conversationSessions.contactId })
    .from(conversationSessions)
    .where(
      and(isNotNull(conversationSessions.waiting), lte(conversationSessions.updatedAt, idleSince)),
    )
    .limit(limit);
  return rows.map((row) => row.contactId);
}
