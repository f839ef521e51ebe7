import { and, eq, inArray, sql } from "drizzle-orm";
import type { ChannelId } from "../channels/types";
import type { Language } from "../engine/types";
import type { Keyring } from "../privacy/keyring";
import type { DbOrTx } from "../storage/database";
import { contacts } from "../storage/schema";

export interface Contact {
  id: string;
  channel: ChannelId;
  language: Language;
  /** The organisation the person relays reports for, if they joined one. */
  relayerOrgId?: string | null;
}

const addressPurpose = "contact-address";
const addressAad = "contacts.address";

/** All blind-index forms of an address, one per key, so lookups survive key rotation. */
export function addressIndexes(keyring: Keyring, channel: ChannelId, address: string): string[] {
  return keyring.blindIndexCandidates(addressPurpose, `${channel}:${address}`);
}

function toContact(row: {
  id: string;
  channel: string;
  language: string;
  relayerOrgId?: string | null;
}): Contact {
  return {
    id: row.id,
    channel: row.channel as ChannelId,
    language: row.language === "en" ? "en" : "id",
    ...(row.relayerOrgId !== undefined ? { relayerOrgId: row.relayerOrgId } : {}),
  };
}

export async function findContact(
  db: DbOrTx,
  keyring: Keyring,
  channel: ChannelId,
  address: string,
): Promise<Contact | undefined> {
  const [row] = await db
    .select({ id: contacts.id, channel: contacts.channel, language: contacts.language })
    .from(contacts)
    .where(
      and(
        eq(contacts.channel, channel),
        inArray(contacts.addressIndex, addressIndexes(keyring, channel, address)),
      ),
    )
    .limit(1);
  return row ? toContact(row) : undefined;
}

/**
 * Finds or creates the contact and locks its row until the transaction ends, so two messages
 * from one person never run concurrently (the conductor's serialisation point).
 */
export async function lockContact(
  tx: DbOrTx,
  keyring: Keyring,
  channel: ChannelId,
  address: string,
  language: Language,
  formerAddress?: string,
): Promise<{ contact: Contact; created: boolean }> {
  const select = (at: string) =>
    tx
      .select({
        id: contacts.id,
        channel: contacts.channel,
        language: contacts.language,
        relayerOrgId: contacts.relayerOrgId,
      })
      .from(contacts)
      .where(
        and(
          eq(contacts.channel, channel),
          inArray(contacts.addressIndex, addressIndexes(keyring, channel, at)),
        ),
      )
      .limit(1)
      .for("update");
  const [existing] = await select(address);
  if (existing) return { contact: toContact(existing), created: false };
  if (formerAddress) {
    // Known by their former address (a LID): the same person, conversation and all, moves.
    const [former] = await select(formerAddress);
    if (former) {
      await tx
        .update(contacts)
        .set({
          addressIndex: keyring.blindIndex(addressPurpose, `${channel}:${address}`),
          addressSealed: keyring.seal(address, addressAad),
        })
        .where(eq(contacts.id, former.id));
      return { contact: toContact(former), created: false };
    }
  }
  const [inserted] = await tx
    .insert(contacts)
    .values({
      channel,
      addressIndex: keyring.blindIndex(addressPurpose, `${channel}:${address}`),
      addressSealed: keyring.seal(address, addressAad),
      language,
    })
    .onConflictDoNothing()
    .returning({
      id: contacts.id,
      channel: contacts.channel,
      language: contacts.language,
      relayerOrgId: contacts.relayerOrgId,
    });
  if (inserted) return { contact: toContact(inserted), created: true };
  // Another delivery created it a moment ago; its transaction has committed, so lock that row.
  const [raced] = await select(address);
  if (!raced) throw new Error("Contact vanished while being created");
  return { contact: toContact(raced), created: false };
}

export function openContactAddress(keyring: Keyring, addressSealed: string): string {
  return keyring.openText(addressSealed, addressAad);
}

/** After each handled message: seen now, in this language; writing again clears "unreachable". */
export async function markContactSeen(tx: DbOrTx, contactId: string, at: Date, language: Language) {
  await tx
    .update(contacts)
    .set({ lastInboundAt: at, unreachableAt: sql`null`, language })
    .where(eq(contacts.id, contactId));
}
