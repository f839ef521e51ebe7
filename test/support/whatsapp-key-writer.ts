/**
 * A child process for the crash test: opens the database named in its arguments, then writes
 * batches of WhatsApp Signal keys for ever, printing "batch N" after each committed one, until
 * it is killed. Run: node --import tsx test/support/whatsapp-key-writer.ts <pglite dir | postgres url> <data key>
 */
import { useDatabaseAuthState } from "../../src/channels/whatsapp/auth-state";
import { parseDataKey } from "../../src/privacy/keyring";
import { openDatabase } from "../../src/storage/database";

const [target = "", dataKey = ""] = process.argv.slice(2);
const database = await openDatabase(
  target.startsWith("postgres")
    ? { kind: "postgres", url: target }
    : { kind: "pglite", dataDir: target },
  { purpose: "key-writer test" },
);
await database.migrate();
const auth = await useDatabaseAuthState(database.db, parseDataKey(dataKey));
await auth.saveCreds();
for (let batch = 1; ; batch++) {
  const keys: Record<string, { private: Buffer; public: Buffer }> = {};
  for (let id = 0; id < 60; id++) {
    keys[String(id)] = {
      private: Buffer.alloc(32, batch % 256),
      public: Buffer.from(String(batch)),
    };
  }
  await auth.state.keys.set({ "pre-key": keys });
  process.stdout.write(`batch ${batch}\n`);
}
