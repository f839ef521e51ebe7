import { eq } from "drizzle-orm";
import type { ChannelId } from "../channels/types";
import { outboxPriority, writeOutbox } from "../conversations/outbox";
import type { Translator } from "../i18n/translator";
import type { Keyring } from "../privacy/keyring";
import type { AppDatabase } from "../storage/database";
import { contacts, media } from "../storage/schema";

/** Why a file a person sent was not kept after all. */
export type UnkeptReason = "too_large" | "not_fetched";

/**
 * Tells the person who sent a file that it was not kept, once its fetch has failed for good:
 * over the size limit once downloaded, or not fetched after every retry. By then the chat has
 * moved on, so without this they would believe it was filed. Returns whom to nudge.
 */
export function createUnkeptFileNotice(deps: {
  database: AppDatabase;
  keyring: Keyring;
  translator: Translator;
  clock: () => Date;
  maxBytes: number;
}) {
  return async (mediaId: number, reason: UnkeptReason): Promise<string | undefined> =>
    deps.database.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ contactId: contacts.id, channel: contacts.channel, language: contacts.language })
        .from(media)
        .innerJoin(contacts, eq(contacts.id, media.contactId))
        .where(eq(media.id, mediaId));
      if (!row) return undefined;
      const language = row.language === "en" ? "en" : "id";
      const say =
        reason === "too_large"
          ? {
              key: "common:file_too_large",
              params: { count: "1", max: String(Math.floor(deps.maxBytes / 1_048_576)) },
            }
          : { key: "common:file_not_fetched" };
      await writeOutbox(
        tx,
        deps.keyring,
        {
          contactId: row.contactId,
          channel: row.channel as ChannelId,
          // An answer to something they sent, not an unsolicited message.
          priority: outboxPriority.reply,
          createdAt: deps.clock(),
        },
        [{ text: deps.translator.text(language, say), language }],
      );
      return row.contactId;
    });
}
