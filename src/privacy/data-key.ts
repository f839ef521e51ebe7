import fs from "node:fs";
import path from "node:path";
import {
  DataKeyError,
  GENERATE_DATA_KEY_COMMAND,
  generateDataKey,
  type Keyring,
  parseDataKey,
} from "./keyring.js";

export interface KeyringLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ResolveKeyringOptions {
  /** Raw DATA_KEY value, if set. */
  dataKey: string | undefined;
  databaseKind: "pglite" | "postgres";
  dataDir: string;
  log: KeyringLog;
}

export const DATA_KEY_FILE = "data.key";

/**
 * Finds the keyring for this process. DATA_KEY wins. Without it, an embedded (PGlite) setup
 * keeps its key in `<dataDir>/data.key`, next to the database it protects, generating one on
 * first start. A shared Postgres gets no such fallback: see the error message for why.
 */
export function resolveKeyring(options: ResolveKeyringOptions): Keyring {
  const { dataKey, databaseKind, dataDir, log } = options;
  if (dataKey !== undefined) {
    return parseDataKey(dataKey);
  }
  if (databaseKind === "postgres") {
    throw new DataKeyError(
      "DATA_KEY is required when DATABASE_URL is set. Personal data is encrypted with this key " +
        "before it reaches the database; a key generated automatically would live on one " +
        "machine's disk, apart from the database, while every server instance must share the " +
        "same key. If it is lost, the encrypted data can never be read again. Create one with\n" +
        `  ${GENERATE_DATA_KEY_COMMAND}\n` +
        "then set it as DATA_KEY on every instance and store a copy somewhere safe.",
    );
  }
  const file = path.join(dataDir, DATA_KEY_FILE);
  const existing = readKeyFile(file);
  if (existing !== undefined) {
    const keyring = parseKeyFile(existing, file);
    warnIfExposed(file, log);
    log.info({ path: file, keyIds: keyring.keyIds }, "Loaded data key from file");
    return keyring;
  }
  return createKeyFile(file, dataDir, log);
}

function readKeyFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return undefined;
    throw error;
  }
}

function parseKeyFile(content: string, file: string): Keyring {
  try {
    return parseDataKey(content);
  } catch (error) {
    if (error instanceof DataKeyError) {
      // The parser speaks of DATA_KEY; point the operator at the file instead.
      throw new DataKeyError(`Key file ${file} is invalid: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function createKeyFile(file: string, dataDir: string, log: KeyringLog): Keyring {
  fs.mkdirSync(dataDir, { recursive: true });
  const value = generateDataKey();
  try {
    // "wx" refuses to overwrite: a key written by a concurrent start must never be replaced,
    // or whatever that process encrypted would become unreadable.
    fs.writeFileSync(file, `${value}\n`, { encoding: "utf8", mode: 0o600, flag: "wx" });
  } catch (error) {
    if (isErrno(error, "EEXIST")) {
      const content = readKeyFile(file);
      if (content !== undefined) return parseKeyFile(content, file);
    }
    throw error;
  }
  const keyring = parseDataKey(value);
  log.warn(
    { path: file, keyId: keyring.currentKeyId },
    `Generated a new data key at ${file}. Back this file up together with the database: ` +
      "without it the encrypted personal data cannot be read.",
  );
  return keyring;
}

function warnIfExposed(file: string, log: KeyringLog): void {
  if (process.platform === "win32") return;
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    log.warn(
      { path: file, mode: `0${mode.toString(8)}` },
      `Data key file ${file} is readable by other users; restrict it with chmod 600`,
    );
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
