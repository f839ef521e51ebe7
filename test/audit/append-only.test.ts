import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../src/audit/audit-log";
import type { AppDatabase } from "../../src/storage/database";
import { testKeyring } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

let database: AppDatabase;

async function entries() {
  const result = await database.db.execute(sql`select action, subject from audit_log order by id`);
  return Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows;
}

/** The database's own refusal, under the query error drizzle wraps it in. */
const refusal = (error: unknown) => String((error as { cause?: Error }).cause?.message ?? error);

beforeAll(async () => {
  database = await createTestDatabase();
  await recordAudit(
    database.db,
    testKeyring(),
    {
      actor: null,
      action: "identity_unsealed",
      subject: "LPR-TEST-0001",
      reason: "Klarifikasi kepada pelapor",
      via: "console",
    },
    new Date("2026-12-07T01:00:00Z"),
  );
}, 60_000);

afterAll(() => database?.close());

describe(`the audit log on ${testDatabaseKind}`, () => {
  it("keeps an entry once it is added", async () => {
    expect(await entries()).toEqual([{ action: "identity_unsealed", subject: "LPR-TEST-0001" }]);
  });

  it.each([
    ["changed", sql`update audit_log set subject = 'LPR-TEST-9999'`],
    ["deleted", sql`delete from audit_log`],
    ["truncated", sql`truncate audit_log`],
  ])("refuses to have an entry %s, even by the database owner", async (_what, statement) => {
    const error = await database.db.execute(statement).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(refusal(error)).toMatch(/audit_log is append-only/);
    expect(await entries()).toEqual([{ action: "identity_unsealed", subject: "LPR-TEST-0001" }]);
  });
});
