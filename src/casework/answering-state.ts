import { eq } from "drizzle-orm";
import { officerReplyFlowId } from "../../flows/officer-reply";
import { loadSession, saveSession } from "../conversations/sessions";
import type { Engine } from "../engine/runtime";
import type { Session } from "../engine/types";
import { type Keyring, SealError } from "../privacy/keyring";
import type { Tx } from "../storage/database";
import { contacts } from "../storage/schema";

/**
 * Puts a conversation in the "menjawab petugas" state for a ticket (a report or a question),
 * after staff wrote to the person: their next message is their answer (the `officer_reply` flow). Only an idle
 * conversation moves; someone in the middle of something else (filing another report) is left
 * as they are, and `false` says so (tell them to answer later with `balas <kode>`).
 *
 * Call it in the transaction that writes the officer's message, with the contact's row locked
 * (`select … for update`), as the conductor does: load the session, enter, save. Nothing is
 * said here; the officer's message is what the person reads.
 */
export async function enterAnsweringState(
  tx: Tx,
  keyring: Keyring,
  engine: Engine,
  contactId: string,
  ticketCode: string,
  now: Date,
): Promise<boolean> {
  let session: Session | undefined;
  try {
    session = await loadSession(tx, keyring, contactId);
  } catch (error) {
    // Unreadable (a retired key): leave it to the conductor, which starts afresh on their next
    // message; they can still answer with `balas <kode>`.
    if (error instanceof SealError) return false;
    throw error;
  }
  session ??= await freshSession(tx, contactId, now);
  const result = engine.enterFlow(session, officerReplyFlowId, { ticket: ticketCode }, now);
  if (result.entered) await saveSession(tx, keyring, contactId, result.session, now);
  return result.entered;
}

/**
 * Takes a conversation out of "menjawab petugas" about this ticket (staff closed it), so their
 * next message is read afresh instead of being refused as an answer to a closed ticket. Any
 * other state is left as it is. Call it with the contact's row locked, like entering.
 */
export async function leaveAnsweringState(
  tx: Tx,
  keyring: Keyring,
  contactId: string,
  ticketCode: string,
  now: Date,
): Promise<void> {
  let session: Session | undefined;
  try {
    session = await loadSession(tx, keyring, contactId);
  } catch (error) {
    if (error instanceof SealError) return;
    throw error;
  }
  const run = session?.run;
  if (!session || run?.flowId !== officerReplyFlowId || run.vars.ticket !== ticketCode) return;
  const { run: _left, ...rest } = session;
  await saveSession(tx, keyring, contactId, rest, now);
}

/** A conversation with no stored session yet, in the contact's language. */
async function freshSession(tx: Tx, contactId: string, now: Date): Promise<Session> {
  const [row] = await tx
    .select({ language: contacts.language })
    .from(contacts)
    .where(eq(contacts.id, contactId));
  return { language: row?.language === "en" ? "en" : "id", lastActivityAt: now.toISOString() };
}
