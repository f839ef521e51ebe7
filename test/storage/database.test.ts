import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDatabase } from "../../src/storage/database";
import { contacts } from "../../src/storage/schema";
import { createTestDatabase, testDatabaseKind } from "../support/database";

describe(`storage on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("reports ready once every migration is applied", async () => {
    expect(await database.isReady()).toBe(true);
  });

  it("applies the migrations a second time without change", async () => {
    await database.migrate();
    expect(await database.isReady()).toBe(true);
  });

  it("rejects a second contact with the same channel address index", async () => {
    const row = { channel: "webchat", addressIndex: "k1.same", addressSealed: "sealed" };
    await database.db.insert(contacts).values(row);
    await expect(database.db.insert(contacts).values(row)).rejects.toThrow();
  });

  it("rolls a failed transaction back completely", async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx
          .insert(contacts)
          .values({ channel: "webchat", addressIndex: "k1.rolled", addressSealed: "s" });
        throw new Error("injected");
      }),
    ).rejects.toThrow("injected");
    const rows = await database.db
      .select()
      .from(contacts)
      .where(eq(contacts.addressIndex, "k1.rolled"));
    expect(rows).toHaveLength(0);
  });
});
