import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addStaff,
  disableStaff,
  findStaffByEmail,
  listStaff,
  StaffError,
} from "../../src/staff/accounts";
import {
  hashToken,
  issueToken,
  revokeStaffTokens,
  revokeToken,
  verifyToken,
} from "../../src/staff/tokens";
import type { AppDatabase, Db } from "../../src/storage/database";
import { staffTokens } from "../../src/storage/schema";
import { createTestDatabase, testDatabaseKind } from "../support/database";

async function expectStaffError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StaffError);
  expect((error as StaffError).code).toBe(code);
}

describe(`staff accounts and tokens on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.close());

  describe("accounts", () => {
    it("adds a staff member with a trimmed, lowercased email", async () => {
      const added = await addStaff(db, {
        email: "  Rina@Bawaslu.Example ",
        name: " Rina ",
        role: "admin",
      });
      expect(added).toMatchObject({
        email: "rina@bawaslu.example",
        name: "Rina",
        role: "admin",
        regionCode: null,
        disabledAt: null,
      });
      expect(added.createdAt).toBeInstanceOf(Date);
      expect(await findStaffByEmail(db, "RINA@bawaslu.example")).toEqual(added);
    });

    it("adds an officer with a province or kabupaten/kota region", async () => {
      const province = await addStaff(db, {
        email: "prov@example.org",
        name: "Prov",
        role: "officer",
        regionCode: "19",
      });
      const city = await addStaff(db, {
        email: "kota@example.org",
        name: "Kota",
        role: "officer",
        regionCode: "15.71",
      });
      expect(province.regionCode).toBe("19");
      expect(city.regionCode).toBe("15.71");
    });

    it("rejects a second account with the same email, whatever its case", async () => {
      await addStaff(db, { email: "dup@example.org", name: "One", role: "viewer" });
      await expectStaffError(
        addStaff(db, { email: " DUP@example.org", name: "Two", role: "viewer" }),
        "duplicate_email",
      );
    });

    it("rejects an unknown role", async () => {
      await expectStaffError(
        addStaff(db, { email: "role@example.org", name: "R", role: "superuser" }),
        "invalid_role",
      );
    });

    it("rejects a region code that is not a Kemendagri code", async () => {
      for (const regionCode of ["1906", "19.6", "19.06.01", "AB", "19-06"]) {
        await expectStaffError(
          addStaff(db, { email: "region@example.org", name: "R", role: "viewer", regionCode }),
          "invalid_region",
        );
      }
    });

    it("rejects an officer without a region", async () => {
      await expectStaffError(
        addStaff(db, { email: "noregion@example.org", name: "N", role: "officer" }),
        "region_required",
      );
    });

    it("rejects an invalid email and an empty name", async () => {
      await expectStaffError(
        addStaff(db, { email: "not-an-email", name: "X", role: "viewer" }),
        "invalid_email",
      );
      await expectStaffError(
        addStaff(db, { email: "empty@example.org", name: "  ", role: "viewer" }),
        "invalid_name",
      );
    });

    it("finds nothing for an unknown email and lists the added accounts", async () => {
      expect(await findStaffByEmail(db, "nobody@example.org")).toBeUndefined();
      const emails = (await listStaff(db)).map((account) => account.email);
      expect(emails).toEqual(expect.arrayContaining(["rina@bawaslu.example", "kota@example.org"]));
      expect(emails).not.toContain("noregion@example.org");
    });
  });

  describe("tokens", () => {
    it("issues a prefixed token that verifies to its staff member", async () => {
      const officer = await addStaff(db, {
        email: "tok@example.org",
        name: "Tok",
        role: "officer",
        regionCode: "19.06",
      });
      const token = await issueToken(db, officer.id, "laptop");
      expect(token).toMatch(/^awas_[A-Za-z0-9_-]{43}$/);
      const verified = await verifyToken(db, token);
      expect(verified).toMatchObject({
        id: officer.id,
        email: "tok@example.org",
        name: "Tok",
        role: "officer",
        regionCode: "19.06",
      });
      expect(verified?.tokenId).toEqual(expect.any(String));
    });

    it("stores only the SHA-256 of the token, never the token itself", async () => {
      const account = await addStaff(db, { email: "hash@example.org", name: "H", role: "viewer" });
      const token = await issueToken(db, account.id, "ci");
      const rows = await db.select().from(staffTokens).where(eq(staffTokens.staffId, account.id));
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(token.slice("awas_".length));
      expect(rows[0]?.tokenHash).toBe(hashToken(token));
      expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0]?.label).toBe("ci");
    });

    it("rejects unknown and malformed tokens", async () => {
      expect(await verifyToken(db, `awas_${"A".repeat(43)}`)).toBeUndefined();
      expect(await verifyToken(db, "awas_short")).toBeUndefined();
      expect(await verifyToken(db, "")).toBeUndefined();
    });

    it("rejects a revoked token and keeps the account's other tokens", async () => {
      const account = await addStaff(db, { email: "rev@example.org", name: "R", role: "admin" });
      const revoked = await issueToken(db, account.id);
      const kept = await issueToken(db, account.id);
      expect(await revokeToken(db, revoked)).toBe(true);
      expect(await revokeToken(db, revoked)).toBe(false);
      expect(await verifyToken(db, revoked)).toBeUndefined();
      expect(await verifyToken(db, kept)).toBeDefined();
    });

    it("revokes every token of one staff member", async () => {
      const account = await addStaff(db, { email: "all@example.org", name: "A", role: "viewer" });
      const tokens = [await issueToken(db, account.id), await issueToken(db, account.id)];
      expect(await revokeStaffTokens(db, account.id)).toBe(2);
      for (const token of tokens) expect(await verifyToken(db, token)).toBeUndefined();
    });

    it("rejects the token of a disabled staff member", async () => {
      const account = await addStaff(db, { email: "off@example.org", name: "O", role: "admin" });
      const token = await issueToken(db, account.id);
      expect(await verifyToken(db, token)).toBeDefined();
      expect(await disableStaff(db, account.id)).toBe(true);
      expect(await verifyToken(db, token)).toBeUndefined();
    });

    it("records last use at most once a minute", async () => {
      const account = await addStaff(db, { email: "used@example.org", name: "U", role: "viewer" });
      const token = await issueToken(db, account.id);
      const lastUsed = async () =>
        (
          await db
            .select({ at: staffTokens.lastUsedAt })
            .from(staffTokens)
            .where(eq(staffTokens.tokenHash, hashToken(token)))
        )[0]?.at;
      expect(await lastUsed()).toBeNull();
      const first = new Date("2030-01-01T00:00:00Z");
      await verifyToken(db, token, { now: first });
      expect(await lastUsed()).toEqual(first);
      await verifyToken(db, token, { now: new Date(first.getTime() + 30_000) });
      expect(await lastUsed()).toEqual(first);
      const later = new Date(first.getTime() + 61_000);
      await verifyToken(db, token, { now: later });
      expect(await lastUsed()).toEqual(later);
    });
  });
});
