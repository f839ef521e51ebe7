import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireStaff, type StaffVariables } from "../../src/http/staff-auth";
import { addStaff } from "../../src/staff/accounts";
import { issueToken, revokeToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { createTestDatabase, testDatabaseKind } from "../support/database";

describe(`requireStaff on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  let app: Hono<{ Variables: StaffVariables }>;
  let adminToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const admin = await addStaff(db, { email: "admin@example.org", name: "Admin", role: "admin" });
    const viewer = await addStaff(db, {
      email: "viewer@example.org",
      name: "Viewer",
      role: "viewer",
      regionCode: "19",
    });
    adminToken = await issueToken(db, admin.id);
    viewerToken = await issueToken(db, viewer.id);

    app = new Hono<{ Variables: StaffVariables }>();
    app.get("/me", requireStaff({ db }), (c) => c.json(c.get("staff")));
    app.get("/admin", requireStaff({ db, roles: ["admin"] }), (c) => c.json({ ok: true }));
  });
  afterAll(() => database.close());

  const get = (path: string, authorization?: string) =>
    app.request(path, authorization ? { headers: { Authorization: authorization } } : {});

  async function expectUnauthorized(response: Response): Promise<void> {
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.message).toEqual(expect.any(String));
  }

  it("answers 401 without an Authorization header", async () => {
    await expectUnauthorized(await get("/me"));
  });

  it("answers 401 for a malformed Authorization header", async () => {
    await expectUnauthorized(await get("/me", adminToken));
    await expectUnauthorized(await get("/me", `Basic ${adminToken}`));
    await expectUnauthorized(await get("/me", "Bearer "));
  });

  it("answers 401 for an unknown token", async () => {
    await expectUnauthorized(await get("/me", `Bearer awas_${"x".repeat(43)}`));
  });

  it("answers 401 for a revoked token", async () => {
    const db = database.db;
    const extra = await addStaff(db, { email: "gone@example.org", name: "Gone", role: "admin" });
    const token = await issueToken(db, extra.id);
    expect((await get("/me", `Bearer ${token}`)).status).toBe(200);
    await revokeToken(db, token);
    await expectUnauthorized(await get("/me", `Bearer ${token}`));
  });

  it("answers 403 when the staff member's role is not allowed", async () => {
    const response = await get("/admin", `Bearer ${viewerToken}`);
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe("forbidden");
  });

  it("lets an allowed role through and exposes the staff member as c.get('staff')", async () => {
    expect((await get("/admin", `Bearer ${adminToken}`)).status).toBe(200);
    const response = await get("/me", `bearer  ${viewerToken}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      email: "viewer@example.org",
      name: "Viewer",
      role: "viewer",
      regionCode: "19",
    });
  });
});
