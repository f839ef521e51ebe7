import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaff } from "../../src/staff/accounts";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { createTestAwas } from "../support/app-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

let database: AppDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe(`health and staff routes on ${testDatabaseKind}`, () => {
  it("reports ok with each channel's state while the database is migrated", async () => {
    const { app } = await createTestAwas(database);
    const response = await app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", channels: { webchat: "ok" } });
  });

  it("answers 503 once the database is gone", async () => {
    const doomed = await createTestDatabase();
    const { app } = await createTestAwas(doomed);
    await doomed.close();
    const response = await app.request("/healthz");
    expect(response.status).toBe(503);
  });

  it("answers 503 when the database has lost its migrations", async () => {
    const broken = await createTestDatabase();
    try {
      const { app } = await createTestAwas(broken);
      expect((await app.request("/healthz")).status).toBe(200);
      await broken.db.execute(sql`drop schema drizzle cascade`);
      expect((await app.request("/healthz")).status).toBe(503);
    } finally {
      await broken.close();
    }
  });

  it("lets a staff token through to the staff API and refuses a missing one", async () => {
    const { app } = await createTestAwas(database);
    const staff = await addStaff(database.db, {
      email: "petugas@example.org",
      name: "Petugas",
      role: "officer",
      regionCode: "19.06",
    });
    const token = await issueToken(database.db, staff.id);
    expect((await app.request("/staff/api/me")).status).toBe(401);
    const me = await app.request("/staff/api/me", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email: "petugas@example.org",
      role: "officer",
      regionCode: "19.06",
    });
  });
});
