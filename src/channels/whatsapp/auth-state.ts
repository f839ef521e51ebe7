import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
} from "baileys";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Keyring } from "../../privacy/keyring";
import type { Db } from "../../storage/database";
import { whatsappAuth } from "../../storage/schema";

const credsCategory = "creds";
const valueAad = "whatsapp_auth.value";

export interface DatabaseAuthState {
  state: AuthenticationState;
  /** Stores the current credentials (Baileys calls this on `creds.update`). */
  saveCreds(): Promise<void>;
  /** Forgets the whole session (after `loggedOut`): the next start pairs afresh. */
  clear(): Promise<void>;
}

/**
 * Baileys' auth state in the database instead of files. Every value is sealed with the data
 * key (the Signal keys are the account). `keys.set` writes one batch in one transaction: a
 * crash or an error mid-batch leaves the previous keys, never a mix.
 */
export async function useDatabaseAuthState(
  db: Db,
  keyring: Keyring,
  sessionId = "default",
): Promise<DatabaseAuthState> {
  const seal = (value: unknown) =>
    keyring.seal(JSON.stringify(value, BufferJSON.replacer), valueAad);
  const open = (sealed: string): unknown =>
    JSON.parse(keyring.openText(sealed, valueAad), BufferJSON.reviver);
  const ofSession = eq(whatsappAuth.sessionId, sessionId);

  const [stored] = await db
    .select({ valueSealed: whatsappAuth.valueSealed })
    .from(whatsappAuth)
    .where(and(ofSession, eq(whatsappAuth.category, credsCategory), eq(whatsappAuth.keyId, "")));
  const creds: AuthenticationCreds = stored
    ? (open(stored.valueSealed) as AuthenticationCreds)
    : initAuthCreds();

  const upsert = (category: string, keyId: string, valueSealed: string) => ({
    sessionId,
    category,
    keyId,
    valueSealed,
  });
  const onConflict = {
    target: [whatsappAuth.sessionId, whatsappAuth.category, whatsappAuth.keyId],
    set: { valueSealed: sql`excluded.value_sealed`, updatedAt: sql`now()` },
  };

  return {
    state: {
      creds,
      keys: {
        async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
          const found: { [id: string]: SignalDataTypeMap[T] } = {};
          if (ids.length === 0) return found;
          const rows = await db
            .select({ keyId: whatsappAuth.keyId, valueSealed: whatsappAuth.valueSealed })
            .from(whatsappAuth)
            .where(
              and(ofSession, eq(whatsappAuth.category, type), inArray(whatsappAuth.keyId, ids)),
            );
          for (const row of rows) {
            let value = open(row.valueSealed);
            if (type === "app-state-sync-key" && value) {
              value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
            }
            found[row.keyId] = value as SignalDataTypeMap[T];
          }
          return found;
        },

        async set(data: SignalDataSet) {
          // Seal everything first: a value that cannot be written fails before any write.
          const writes: ReturnType<typeof upsert>[] = [];
          const deletes: { category: string; keyId: string }[] = [];
          for (const [category, entries] of Object.entries(data)) {
            for (const [keyId, value] of Object.entries(entries ?? {})) {
              if (value === null || value === undefined) deletes.push({ category, keyId });
              else writes.push(upsert(category, keyId, seal(value)));
            }
          }
          await db.transaction(async (tx) => {
            for (const { category, keyId } of deletes) {
              await tx
                .delete(whatsappAuth)
                .where(
                  and(
                    ofSession,
                    eq(whatsappAuth.category, category),
                    eq(whatsappAuth.keyId, keyId),
                  ),
                );
            }
            if (writes.length > 0) {
              await tx.insert(whatsappAuth).values(writes).onConflictDoUpdate(onConflict);
            }
          });
        },

        async clear() {
          await db
            .delete(whatsappAuth)
            .where(and(ofSession, sql`${whatsappAuth.category} <> ${credsCategory}`));
        },
      },
    },

    async saveCreds() {
      await db
        .insert(whatsappAuth)
        .values(upsert(credsCategory, "", seal(creds)))
        .onConflictDoUpdate(onConflict);
    },

    async clear() {
      await db.delete(whatsappAuth).where(ofSession);
    },
  };
}
