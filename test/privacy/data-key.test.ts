import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DATA_KEY_FILE, resolveKeyring } from "../../src/privacy/data-key.js";
import { DataKeyError, generateDataKey, parseDataKey } from "../../src/privacy/keyring.js";

interface LogCall {
  level: "info" | "warn";
  obj: object;
  msg: string;
}

function captureLog() {
  const calls: LogCall[] = [];
  return {
    calls,
    log: {
      info: (obj: object, msg: string) => calls.push({ level: "info", obj, msg }),
      warn: (obj: object, msg: string) => calls.push({ level: "warn", obj, msg }),
    },
  };
}

/** Every textual form the key material could take in a log line. */
function secretForms(dataKeyValue: string): string[] {
  const encoded = dataKeyValue.trim().split(":")[1] ?? "";
  const bytes = Buffer.from(encoded, "base64");
  expect(bytes).toHaveLength(32);
  return [
    dataKeyValue.trim(),
    encoded,
    bytes.toString("base64url"),
    bytes.toString("hex"),
    encoded.slice(0, 16),
  ];
}

function expectNoKeyMaterial(calls: LogCall[], dataKeyValue: string): void {
  const logged = JSON.stringify(calls);
  for (const form of secretForms(dataKeyValue)) {
    expect(logged).not.toContain(form);
  }
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "awas-privacy-"));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("resolveKeyring with DATA_KEY set", () => {
  it("parses the given key and touches no file", () => {
    const dataDir = path.join(tempDir(), "data");
    const value = generateDataKey();
    const { calls, log } = captureLog();
    for (const databaseKind of ["pglite", "postgres"] as const) {
      const ring = resolveKeyring({ dataKey: value, databaseKind, dataDir, log });
      expect(ring.blindIndex("p", "v")).toBe(parseDataKey(value).blindIndex("p", "v"));
    }
    expect(fs.existsSync(dataDir)).toBe(false);
    expectNoKeyMaterial(calls, value);
  });

  it("reports a malformed key as a DataKeyError", () => {
    const { log } = captureLog();
    expect(() =>
      resolveKeyring({ dataKey: "k1:short", databaseKind: "postgres", dataDir: tempDir(), log }),
    ).toThrow(DataKeyError);
  });
});

describe("resolveKeyring for postgres without DATA_KEY", () => {
  it("refuses to start and explains why and how to create a key", () => {
    const dataDir = path.join(tempDir(), "data");
    const { calls, log } = captureLog();
    let error: unknown;
    try {
      resolveKeyring({ dataKey: undefined, databaseKind: "postgres", dataDir, log });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataKeyError);
    const message = (error as Error).message;
    expect(message).toContain("DATA_KEY");
    expect(message).toContain("DATABASE_URL");
    expect(message).toMatch(/every server instance must share/);
    expect(message).toMatch(/lost/);
    expect(message).toContain(
      "node -e \"console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))\"",
    );
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(calls).toEqual([]);
  });
});

describe("resolveKeyring for embedded pglite without DATA_KEY", () => {
  it("generates a key file with mode 600 on first start and warns to back it up", () => {
    const dataDir = path.join(tempDir(), "nested", "data");
    const { calls, log } = captureLog();
    const ring = resolveKeyring({ dataKey: undefined, databaseKind: "pglite", dataDir, log });

    const file = path.join(dataDir, DATA_KEY_FILE);
    expect(fs.existsSync(file)).toBe(true);
    if (process.platform !== "win32") {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    const content = fs.readFileSync(file, "utf8");
    expect(content).toMatch(/^k1:[A-Za-z0-9+/]{43}=\n$/);
    expect(ring.currentKeyId).toBe("k1");

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.level).toBe("warn");
    expect(call?.msg).toContain(file);
    expect(call?.msg).toMatch(/back/i);
    expectNoKeyMaterial(calls, content);
  });

  it("returns the same keyring from the existing file on the second start", () => {
    const dataDir = tempDir();
    const first = captureLog();
    const ring1 = resolveKeyring({
      dataKey: undefined,
      databaseKind: "pglite",
      dataDir,
      log: first.log,
    });
    const content = fs.readFileSync(path.join(dataDir, DATA_KEY_FILE), "utf8");

    const second = captureLog();
    const ring2 = resolveKeyring({
      dataKey: undefined,
      databaseKind: "pglite",
      dataDir,
      log: second.log,
    });

    expect(ring2.blindIndex("phone", "+628123456789")).toBe(
      ring1.blindIndex("phone", "+628123456789"),
    );
    expect(ring2.openText(ring1.seal("carried across restarts"))).toBe("carried across restarts");
    expect(fs.readFileSync(path.join(dataDir, DATA_KEY_FILE), "utf8")).toBe(content);

    expect(second.calls.every((call) => call.level === "info")).toBe(true);
    expectNoKeyMaterial([...first.calls, ...second.calls], content);
  });

  it("reads a rotated key file with several keys", () => {
    const dataDir = tempDir();
    const oldValue = generateDataKey();
    const newValue = generateDataKey().replace(/^k1:/, "k2:");
    fs.writeFileSync(path.join(dataDir, DATA_KEY_FILE), `${newValue},${oldValue}\n`, {
      mode: 0o600,
    });
    const { calls, log } = captureLog();
    const ring = resolveKeyring({ dataKey: undefined, databaseKind: "pglite", dataDir, log });
    expect(ring.keyIds).toEqual(["k2", "k1"]);
    expect(ring.openText(parseDataKey(oldValue).seal("old"))).toBe("old");
    expectNoKeyMaterial(calls, oldValue);
    expectNoKeyMaterial(calls, newValue);
  });

  it("names the file when its content is invalid, without overwriting it", () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, DATA_KEY_FILE);
    fs.writeFileSync(file, "k1:tooshort\n", { mode: 0o600 });
    const { log } = captureLog();
    expect(() =>
      resolveKeyring({ dataKey: undefined, databaseKind: "pglite", dataDir, log }),
    ).toThrow(DataKeyError);
    expect(() =>
      resolveKeyring({ dataKey: undefined, databaseKind: "pglite", dataDir, log }),
    ).toThrow(file);
    expect(fs.readFileSync(file, "utf8")).toBe("k1:tooshort\n");
  });

  it.skipIf(process.platform === "win32")(
    "warns without key material when the key file is readable by others",
    () => {
      const dataDir = tempDir();
      const file = path.join(dataDir, DATA_KEY_FILE);
      const value = generateDataKey();
      fs.writeFileSync(file, value);
      fs.chmodSync(file, 0o644);
      const { calls, log } = captureLog();
      resolveKeyring({ dataKey: undefined, databaseKind: "pglite", dataDir, log });
      const warnings = calls.filter((call) => call.level === "warn");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.msg).toMatch(/chmod 600/);
      expectNoKeyMaterial(calls, value);
    },
  );
});
