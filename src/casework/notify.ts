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
