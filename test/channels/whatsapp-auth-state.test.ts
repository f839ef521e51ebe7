import { randomBytes } from "node:crypto";
import { proto } from "baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseAuthState } from "../../src/channels/whatsapp/auth-state";
import type { Keyring } from "../../src/privacy/keyring";
import type { AppDatabase } from "../../src/storage/database";
import { whatsappAuth } from "../../src/storage/schema";
import { testKeyring } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

let database: AppDatabase;
let keyring: Keyring;
const preKey = { private: randomBytes(32), public: randomBytes(32) };
const session = new Uint8Array(randomBytes(64));

describe(`the WhatsApp session in the database on ${testDatabaseKind}`, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    keyring = testKeyring();
  });
  afterAll(() => database.close());

  it("round-trips credentials and keys, Buffers included, across a restart", async () => {
    const first = await useDatabaseAuthState(database.db, keyring);
    Object.assign(first.state.creds, { registrationId: 4242 });
    await first.saveCreds();
    await first.state.keys.set({
      "pre-key": { "1": preKey },
      session: { "6281200000000.0": session },
      "app-state-sync-key": {
        AAAA: { keyData: new Uint8Array([1, 2, 3]), timestamp: 1700000000 },
      },
    });

    const again = await useDatabaseAuthState(database.db, keyring);
    expect(again.state.creds.registrationId).toBe(4242);
    expect(Buffer.from(again.state.creds.noiseKey.private)).toEqual(
      Buffer.from(first.state.creds.noiseKey.private),
    );
    const preKeys = await again.state.keys.get("pre-key", ["1", "2"]);
    expect(Buffer.from(preKeys["1"]?.private ?? [])).toEqual(preKey.private);
    expect(preKeys["2"]).toBeUndefined();
    const sessions = await again.state.keys.get("session", ["6281200000000.0"]);
    expect(Buffer.from(sessions["6281200000000.0"] ?? [])).toEqual(Buffer.from(session));
    const sync = await again.state.keys.get("app-state-sync-key", ["AAAA"]);
    expect(sync.AAAA).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
  });

  it("deletes a key written as null", async () => {
    const auth = await useDatabaseAuthState(database.db, keyring);
    await auth.state.keys.set({ "pre-key": { "1": null } });
    expect(await auth.state.keys.get("pre-key", ["1"])).toEqual({});
  });

  it("keeps every value sealed at rest", async () => {
    const rows = await database.db.select().from(whatsappAuth);
    const raw = rows.map((row) => row.valueSealed).join("\n");
    expect(raw).not.toContain(Buffer.from(session).toString("base64"));
    expect(raw).not.toContain("registrationId");
  });

  it("a write that fails half-way leaves the previous keys, none of the batch", async () => {
    const auth = await useDatabaseAuthState(database.db, keyring);
    await auth.state.keys.set({ "pre-key": { "7": preKey } });
    // The database refuses the NUL byte in the last key id, after the delete has run in the
    // same transaction: nothing of the batch may remain.
    await expect(
      auth.state.keys.set({
        "pre-key": { "7": null, "8": preKey, "bad\u0000id": preKey },
      }),
    ).rejects.toThrow();
    const restarted = await useDatabaseAuthState(database.db, keyring);
    const keys = await restarted.state.keys.get("pre-key", ["7", "8"]);
    expect(Object.keys(keys)).toEqual(["7"]);
    expect(Buffer.from(keys["7"]?.public ?? [])).toEqual(preKey.public);
  });

  it("clears the whole session after a logout, so the next start pairs afresh", async () => {
    const auth = await useDatabaseAuthState(database.db, keyring);
    await auth.clear();
    expect(await database.db.select().from(whatsappAuth)).toEqual([]);
    const fresh = await useDatabaseAuthState(database.db, keyring);
    expect(fresh.state.creds.registrationId).not.toBe(4242);
  });
});
