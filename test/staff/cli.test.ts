import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { findByInvite } from "../../src/organizations/organizations";
import { attemptLogin } from "../../src/staff/login";
import { describePasswordLink, setPasswordWithLink } from "../../src/staff/password-links";
import { serveStaffCli } from "../../src/staff/staff-cli-socket";
import { verifyToken } from "../../src/staff/tokens";
import { acquireDataDirLock } from "../../src/storage/data-dir-lock";
import { type Db, openDatabase } from "../../src/storage/database";
import { testKeyring } from "../support/conductor-harness";
import { lastLine, runStaffCli, spawnTimeout } from "../support/staff-cli";

const publicUrl = "https://awas.example.org";
const runCli = (dataDir: string, args: string[]) =>
  runStaffCli(dataDir, args, { PUBLIC_URL: publicUrl });

/** The secret of the set-password link on the last line, after checking the link's shape. */
function linkSecret(stdout: string): string {
  const link = new URL(lastLine(stdout));
  expect(`${link.origin}${link.pathname}`).toBe(`${publicUrl}/staff/set-password`);
  const secret = link.searchParams.get("token") ?? "";
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return secret;
}

/** Opens the CLI's embedded database once the CLI has exited and released it. */
async function withDatabase(dataDir: string, work: (db: Db) => Promise<void>): Promise<void> {
  const database = await openDatabase(loadConfig({ DATA_DIR: dataDir }).database, {
    purpose: "test",
  });
  try {
    await work(database.db);
  } finally {
    await database.close();
  }
}

describe("staff CLI on the embedded database", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "awas-staff-cli-"));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(
    "adds a staff member and prints a working set-password link, then a working token, each as the last line",
    async () => {
      const added = await runCli(dataDir, [
        "add",
        "--email",
        "Kepala@Example.org",
        "--name",
        "Kepala",
        "--role",
        "officer",
        "--region",
        "19.06",
      ]);
      // Code, signal and stderr together, so a failure shows why the CLI failed.
      expect({ code: added.code, signal: added.signal, stderr: added.stderr }).toEqual({
        code: 0,
        signal: null,
        stderr: "",
      });
      expect(added.stdout).toContain("kepala@example.org");
      expect(added.stdout).toContain("19.06");
      expect(added.stdout).toContain("valid for 72 hours and shown only this once");
      const secret = linkSecret(added.stdout);

      const issued = await runCli(dataDir, ["token", "--email", "kepala@example.org"]);
      expect({ code: issued.code, signal: issued.signal, stderr: issued.stderr }).toEqual({
        code: 0,
        signal: null,
        stderr: "",
      });
      const token = lastLine(issued.stdout);
      expect(token).toMatch(/^awas_[A-Za-z0-9_-]{43}$/);
      expect(issued.stdout.trimEnd().split("\n").length).toBeGreaterThan(1);

      // The CLI has exited and released the lock, so this process can open the directory.
      await withDatabase(dataDir, async (db) => {
        expect(await verifyToken(db, token)).toMatchObject({
          email: "kepala@example.org",
          role: "officer",
          regionCode: "19.06",
        });
        const credentials = { email: "kepala@example.org", password: "pantai tanjung pendam" };
        expect(await attemptLogin(db, testKeyring(), credentials, new Date())).toEqual({
          ok: false,
          reason: "invalid",
        });
        expect(
          await setPasswordWithLink(db, secret, credentials.password, new Date()),
        ).toMatchObject({ ok: true });
        expect(await attemptLogin(db, testKeyring(), credentials, new Date())).toMatchObject({
          ok: true,
          staff: { email: "kepala@example.org", role: "officer", regionCode: "19.06" },
        });
      });
    },
    spawnTimeout * 3,
  );

  it(
    "refuses a second account with the same email, with exit code 1",
    async () => {
      const again = await runCli(dataDir, [
        "add",
        "--email",
        "kepala@example.org",
        "--name",
        "Someone else",
        "--role",
        "viewer",
      ]);
      expect({ code: again.code, stdout: again.stdout, stderr: again.stderr.trim() }).toEqual({
        code: 1,
        stdout: "",
        stderr: "A staff account for kepala@example.org already exists.",
      });
    },
    spawnTimeout,
  );

  it(
    "issues a fresh set-password link that replaces the unused one",
    async () => {
      const added = await runCli(dataDir, [
        "add",
        "--email",
        "lupa@example.org",
        "--name",
        "Lupa",
        "--role",
        "viewer",
      ]);
      expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: "" });
      const first = linkSecret(added.stdout);
      const fresh = await runCli(dataDir, ["password-link", "--email", "LUPA@example.org"]);
      expect({ code: fresh.code, stderr: fresh.stderr }).toEqual({ code: 0, stderr: "" });
      expect(fresh.stdout).toContain("lupa@example.org");
      const second = linkSecret(fresh.stdout);
      expect(second).not.toBe(first);
      await withDatabase(dataDir, async (db) => {
        expect(await describePasswordLink(db, first, new Date())).toBeUndefined();
        expect(await describePasswordLink(db, second, new Date())).toEqual({
          email: "lupa@example.org",
          name: "Lupa",
        });
      });
      const unknown = await runCli(dataDir, ["password-link", "--email", "siapa@example.org"]);
      expect({ code: unknown.code, stderr: unknown.stderr.trim() }).toEqual({
        code: 1,
        stderr: "No staff account has the email siapa@example.org.",
      });
    },
    spawnTimeout * 3,
  );

  it(
    "refuses to open the embedded database while the server holds it",
    async () => {
      // This test process plays the running server: the lock names its own, live pid.
      const lock = acquireDataDirLock(dataDir, "server");
      try {
        const run = await runCli(dataDir, ["list"]);
        expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
        const message = run.stderr.trim();
        expect(message.split("\n")).toHaveLength(1);
        expect(message).toContain(`pid ${process.pid}, server`);
        expect(message).toMatch(/Stop that process/);
        expect(message).toMatch(/try again once it listens/);
        expect(message).toContain("DATABASE_URL");
        expect(message).not.toMatch(/\n\s+at /);
      } finally {
        lock.release();
      }
      // The refused CLI did not take the lock away from its holder.
      expect(fs.existsSync(path.join(dataDir, "awas.lock"))).toBe(false);
    },
    spawnTimeout,
  );

  it(
    "has the running server carry a command out while it holds the embedded database",
    async () => {
      // This test process plays the running server, as src/entry/node.ts starts it.
      const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: publicUrl });
      const database = await openDatabase(config.database, { purpose: "server" });
      const log = createLogger({ level: "silent" });
      const serverNow = new Date(Date.now() + 30 * 86_400_000);
      const socket = await serveStaffCli({
        dataDir,
        db: database.db,
        config,
        // The server's clock, a month ahead (as AWAS_NOW would set it): links are dated by it.
        clock: () => serverNow,
        log,
      });
      try {
        expect(socket).toBeDefined();
        // Only the owner can reach the socket.
        expect(fs.statSync(path.join(dataDir, "staff-cli")).mode & 0o777).toBe(0o700);
        expect(fs.statSync(path.join(dataDir, "staff-cli", "socket")).mode & 0o777).toBe(0o600);
        const added = await runCli(dataDir, [
          "add",
          "--email",
          "saat.jalan@example.org",
          "--name",
          "Saat Jalan",
          "--role",
          "viewer",
        ]);
        expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: "" });
        expect(added.stdout).toContain("Added staff account: Saat Jalan <saat.jalan@example.org>");
        const secret = linkSecret(added.stdout);
        const hoursAfterServerNow = (hours: number) =>
          new Date(serverNow.getTime() + hours * 3_600_000);
        expect(
          await describePasswordLink(database.db, secret, hoursAfterServerNow(71)),
        ).toMatchObject({ email: "saat.jalan@example.org" });
        expect(
          await describePasswordLink(database.db, secret, hoursAfterServerNow(73)),
        ).toBeUndefined();
        const wrong = await runCli(dataDir, ["token", "--email", "siapa@example.org"]);
        expect(wrong).toMatchObject({
          code: 1,
          stdout: "",
          stderr: "No staff account has the email siapa@example.org.\n",
        });
      } finally {
        await socket?.close();
        await database.close();
      }
      expect(fs.existsSync(path.join(dataDir, "staff-cli", "socket"))).toBe(false);
    },
    spawnTimeout * 2,
  );

  it(
    "registers an organisation and prints its invite code as the last line, once",
    async () => {
      const added = await runCli(dataDir, [
        "org",
        "add",
        "--name",
        "Relawan Demokrasi Beltim",
        "--region",
        "19.06",
      ]);
      expect({ code: added.code, signal: added.signal, stderr: added.stderr }).toEqual({
        code: 0,
        signal: null,
        stderr: "",
      });
      expect(lastLine(added.stdout)).toMatch(/^ORG-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const listed = await runCli(dataDir, ["org", "list"]);
      expect(listed.stdout).toContain("Relawan Demokrasi Beltim  ormas  19.06  active");
      expect(listed.stdout).not.toContain(lastLine(added.stdout));
      const bad = await runCli(dataDir, ["org", "add", "--name", "X Y", "--region", "jambi"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("province (19) or kab/kota (19.06)");
    },
    spawnTimeout * 3,
  );

  it(
    "registers a party liaison group with its own LSN invite code, listed with its kind",
    async () => {
      const added = await runCli(dataDir, [
        "org",
        "add",
        "--kind",
        "party",
        "--name",
        "Partai X, Belitung Timur",
        "--region",
        "19.06",
      ]);
      expect({ code: added.code, signal: added.signal, stderr: added.stderr }).toEqual({
        code: 0,
        signal: null,
        stderr: "",
      });
      expect(added.stdout).toContain("Added party liaison group: Partai X, Belitung Timur");
      const inviteCode = lastLine(added.stdout);
      expect(inviteCode).toMatch(/^LSN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const listed = await runCli(dataDir, ["org", "list"]);
      expect(listed.stdout).toContain("Partai X, Belitung Timur  party  19.06  active");
      expect(listed.stdout).not.toContain(inviteCode);
      await withDatabase(dataDir, async (db) => {
        expect(await findByInvite(db, inviteCode)).toMatchObject({
          name: "Partai X, Belitung Timur",
          kind: "party",
        });
      });
      const bad = await runCli(dataDir, [
        "org",
        "add",
        "--kind",
        "partai",
        "--name",
        "Partai Y",
        "--region",
        "19.06",
      ]);
      expect({ code: bad.code, stdout: bad.stdout }).toEqual({ code: 1, stdout: "" });
      expect(bad.stderr).toContain('--kind must be "ormas" or "party"');
    },
    spawnTimeout * 4,
  );
});
