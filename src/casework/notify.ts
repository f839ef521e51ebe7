import { inArray } from "drizzle-orm";
import type { ChannelId, OutboundMessage } from "../channels/types";
import { outboxPriority, writeOutbox } from "../conversations/outbox";
import type { Language, Say } from "../engine/types";
import type { Translator } from "../i18n/translator";
import type { Keyring } from "../privacy/keyring";
import type { Tx } from "../storage/database";
import { contacts } from "../storage/schema";

export interface Recipient {
  contactId: string;
  channel: ChannelId;
  language: Language;
}

/** The conversations a report answers to: who filed it and who relayed it (once each). */
export async function reportRecipients(
  tx: Tx,
  report: { contactId: string | null; relayerContactId: string | null },
): Promise<Recipient[]> {
  const ids = [...new Set([report.contactId, report.relayerContactId])].filter(
    (id): id is string => id !== null,
  );
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: contacts.id, channel: contacts.channel, language: contacts.language })
    .from(contacts)
    .where(inArray(contacts.id, ids));
  return rows.map((row) => ({
    contactId: row.id,
    channel: row.channel as ChannelId,
    language: row.language === "en" ? "en" : "id",
  }));
}

/**
 * Writes a notice to a person's outbox in their language, in the caller's transaction; the
 * outbox sender delivers it on their channel after the commit (replies to residents first).
 */
export async function writeNotice(
  tx: Tx,
  keyring: Keyring,
  translator: Translator,
  recipient: Recipient,
  say: Say,
  now: Date,
): Promise<void> {
  const message: OutboundMessage = {
    text: translator.text(recipient.language, say),
    language: recipient.language,
  };
  await writeOutbox(
    tx,
    keyring,
    {
      contactId: recipient.contactId,
      channel: recipient.channel,
      priority: outboxPriority.notice,
      createdAt: now,
    },
    [message],
  );
}

/** What staff write about: a report (to its reporter and relayer) or a question (its asker). */
export type TicketKind = "report" | "question";

/**
 * Puts a conversation into "menjawab petugas" about a ticket if the person is idle; called with
 * the contact row locked. False when they are busy (they answer later with `balas <kode>`).
 */
export type EnterAnswering = (
  tx: Tx,
  contactId: string,
  ticket: string,
  now: Date,
) => Promise<boolean>;

const officerMessageKeys: Record<TicketKind, { idle: string; busy: string }> = {
  report: { idle: "casework:officer_reply", busy: "casework:officer_reply_busy" },
  question: { idle: "casework:question_reply", busy: "casework:question_reply_busy" },
};

/**
 * An officer's message through the bot ("Petugas Bawaslu: …" with the ticket code), for reports
 * and questions alike: an idle person is moved into answering it, so their next message joins
 * the ticket's timeline; a busy one is told how to answer later. In the caller's transaction.
 */
export async function writeOfficerMessage(
  tx: Tx,
  deps: { keyring: Keyring; translator: Translator; enterAnswering?: EnterAnswering | undefined },
  recipient: Recipient,
  message: { kind: TicketKind; ticket: string; text: string },
  now: Date,
): Promise<void> {
  const entered = deps.enterAnswering
    ? await deps.enterAnswering(tx, recipient.contactId, message.ticket, now)
    : false;
  const keys = officerMessageKeys[message.kind];
  await writeNotice(
    tx,
    deps.keyring,
    deps.translator,
    recipient,
    { key: entered ? keys.idle : keys.busy, params: { text: message.text, code: message.ticket } },
    now,
  );
}
