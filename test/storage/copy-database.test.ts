import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CopyRefusedError, copyDatabase } from "../../src/storage/copy-database";
import type { AppDatabase } from "../../src/storage/database";
import { contacts, outbox } from "../../src/storage/schema";
import { createTestConductor, testKeyring, webchatMessage } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

describe(`copying the embedded database to ${testDatabaseKind}`, () => {
  let source: AppDatabase;
  let target: AppDatabase;
  beforeAll(async () => {
    source = await createTestDatabase("pglite");
    target = await createTestDatabase();
  });
  afterAll(async () => {
    await source.close();
    await target.close();
  });

  it("copies conversations so they go on where they were, with the same key", async () => {
    const keyring = testKeyring();
    const address = "copy-conversation-000001";
    await (await createTestConductor(source, { keyring })).conductor.receive(
      webchatMessage(address, "menu"),
    );
    await (await createTestConductor(source, { keyring })).conductor.receive(
      webchatMessage(address, "5"),
    );

    const copied = await copyDatabase(source, target);
    expect(copied.contacts).toBe(1);
    expect(copied.outbox).toBeGreaterThan(0);

    const resumed = await (await createTestConductor(target, { keyring })).conductor.receive(
      webchatMessage(address, "2"),
    );
    expect(resumed.replies[0]?.text).toContain("Language: English");
    const [contactCount] = await target.db.select({ n: count() }).from(contacts);
    expect(contactCount?.n).toBe(1);
    // New rows continue after the copied ids.
    const ids = (await target.db.select({ id: outbox.id }).from(outbox)).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("refuses to copy into a database that already has data", async () => {
    await expect(copyDatabase(source, target)).rejects.toThrow(CopyRefusedError);
  });
});
