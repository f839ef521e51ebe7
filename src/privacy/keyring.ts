import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/**
 * Field-level encryption and blind indexing for personal data (phone numbers, Telegram ids,
 * report contents) stored in the database.
 *
 * Sealed format (one ASCII string, safe for a text column):
 *
 *   <keyId>.<iv>.<ciphertext+tag>
 *
 * - keyId: the id of the keyring entry that encrypted it, `[A-Za-z0-9_-]{1,16}`, so keys can
 *   rotate: new values use the first key, old values still name the key that opens them.
 * - iv: 12 random bytes, base64url without padding.
 * - ciphertext+tag: AES-256-GCM ciphertext followed by its 16-byte tag, base64url, no padding.
 *
 * Blind index format: `<keyId>.<HMAC-SHA256 base64url>`.
 */

export interface DataKey {
  id: string;
  /** Exactly 32 bytes of key material. Never used directly; sub-keys are derived with HKDF. */
  secret: Uint8Array;
}

export type AssociatedData = string | Uint8Array;

/** Decryption failed: malformed value, unknown key id, tampering or mismatched associated data. */
export class SealError extends Error {
  override name = "SealError";
}

/** Key material is missing or malformed. Messages never contain key material. */
export class DataKeyError extends Error {
  override name = "DataKeyError";
}

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;
const SECRET_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DEFAULT_KEY_ID = "k1";

/** Shell one-liner an operator can run to make a DATA_KEY value (shown in error messages). */
export const GENERATE_DATA_KEY_COMMAND =
  "node -e \"console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))\"";

// Distinct HKDF "info" labels give independent keys, so the encryption key and the
// blind-index key never coincide even though they come from one secret.
const ENCRYPTION_INFO = "awas/privacy/v1/aes-256-gcm";
const BLIND_INDEX_INFO = "awas/privacy/v1/blind-index-hmac-sha256";

interface DerivedKey {
  id: string;
  encryptionKey: Buffer;
  indexKey: Buffer;
}

function derive(secret: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), info, SECRET_BYTES));
}

function toBytes(value: string | Uint8Array): Buffer {
  return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value);
}

/** Strict base64url decoding: Node silently skips invalid characters, which would hide damage. */
function decodeBase64Url(text: string, what: string): Buffer {
  if (!BASE64URL_PATTERN.test(text)) {
    throw new SealError(`Sealed value is malformed: ${what} is not base64url`);
  }
  const bytes = Buffer.from(text, "base64url");
  if (bytes.toString("base64url") !== text) {
    throw new SealError(`Sealed value is malformed: ${what} is not canonical base64url`);
  }
  return bytes;
}

export class Keyring {
  // Private fields stay out of JSON.stringify, util.inspect and pino output.
  readonly #keys: readonly DerivedKey[];
  readonly #byId: ReadonlyMap<string, DerivedKey>;

  /** The first key is current (used to seal and index); every key can open. */
  constructor(keys: readonly DataKey[]) {
    if (keys.length === 0) {
      throw new DataKeyError("A keyring needs at least one key");
    }
    const byId = new Map<string, DerivedKey>();
    for (const key of keys) {
      if (!KEY_ID_PATTERN.test(key.id)) {
        throw new DataKeyError(
          `Key id ${JSON.stringify(key.id)} is invalid: use 1-16 characters from A-Z a-z 0-9 _ -`,
        );
      }
      if (key.secret.length !== SECRET_BYTES) {
        throw new DataKeyError(
          `Key "${key.id}" is ${key.secret.length} bytes long; it must be exactly ${SECRET_BYTES}`,
        );
      }
      if (byId.has(key.id)) {
        throw new DataKeyError(`Key id "${key.id}" appears more than once`);
      }
      byId.set(key.id, {
        id: key.id,
        encryptionKey: derive(key.secret, ENCRYPTION_INFO),
        indexKey: derive(key.secret, BLIND_INDEX_INFO),
      });
    }
    this.#byId = byId;
    this.#keys = [...byId.values()];
  }

  /** Id of the key used for new ciphertexts and blind indexes. */
  get currentKeyId(): string {
    return this.#current().id;
  }

  /** All key ids, current first. Safe to log. */
  get keyIds(): string[] {
    return this.#keys.map((key) => key.id);
  }

  /**
   * Encrypts under the current key with a fresh random IV. `aad` binds the ciphertext to a
   * context (e.g. "reports.phone"): opening it needs the same `aad`, so a value copied into
   * another column or row fails instead of being silently accepted.
   */
  seal(plaintext: string | Uint8Array, aad?: AssociatedData): string {
    const key = this.#current();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key.encryptionKey, iv, {
      authTagLength: TAG_BYTES,
    });
    if (aad !== undefined) cipher.setAAD(toBytes(aad));
    const body = Buffer.concat([
      cipher.update(toBytes(plaintext)),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${key.id}.${iv.toString("base64url")}.${body.toString("base64url")}`;
  }

  /** Decrypts a value from `seal`. Throws `SealError` if it cannot be authenticated. */
  open(sealed: string, aad?: AssociatedData): Buffer {
    const parts = sealed.split(".");
    if (parts.length !== 3) {
      throw new SealError("Sealed value is malformed: expected <keyId>.<iv>.<ciphertext>");
    }
    const [keyId = "", ivText = "", bodyText = ""] = parts;
    const key = this.#byId.get(keyId);
    if (key === undefined) {
      const known = this.keyIds.join(", ");
      throw new SealError(
        `Sealed value uses key id ${JSON.stringify(keyId)}, which is not in the keyring (known: ${known}); ` +
          "was a retired key removed from DATA_KEY too early?",
      );
    }
    const iv = decodeBase64Url(ivText, "iv");
    if (iv.length !== IV_BYTES) {
      throw new SealError(`Sealed value is malformed: iv must be ${IV_BYTES} bytes`);
    }
    const body = decodeBase64Url(bodyText, "ciphertext");
    if (body.length < TAG_BYTES) {
      throw new SealError("Sealed value is malformed: ciphertext is shorter than the tag");
    }
    const decipher = createDecipheriv("aes-256-gcm", key.encryptionKey, iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    if (aad !== undefined) decipher.setAAD(toBytes(aad));
    try {
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch (cause) {
      throw new SealError(
        `Sealed value under key "${keyId}" failed authentication: ` +
          "it was altered, or the associated data does not match",
        { cause },
      );
    }
  }

  openText(sealed: string, aad?: AssociatedData): string {
    return this.open(sealed, aad).toString("utf8");
  }

  sealJson(value: unknown, aad?: AssociatedData): string {
    const json = JSON.stringify(value);
    if (json === undefined) {
      throw new SealError(`Cannot seal a value of type ${typeof value} as JSON`);
    }
    return this.seal(json, aad);
  }

  /** The type parameter is trusted, not checked: validate the result if its shape matters. */
  openJson<T>(sealed: string, aad?: AssociatedData): T {
    const text = this.openText(sealed, aad);
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new SealError("Sealed value decrypted but does not contain JSON", { cause });
    }
  }

  /**
   * Deterministic keyed hash for equality lookups on values that must not be readable.
   * `purpose` namespaces the hash so the same value indexed for two purposes does not link.
   * Normalise `value` (e.g. phone number format) before calling.
   */
  blindIndex(purpose: string, value: string): string {
    return indexWith(this.#current(), purpose, value);
  }

  /** One index per key, current first: after a rotation, look up with `WHERE idx IN (...)`. */
  blindIndexCandidates(purpose: string, value: string): string[] {
    return this.#keys.map((key) => indexWith(key, purpose, value));
  }

  /** Constant-time comparison of two blind indexes (for checks outside SQL). */
  static indexEquals(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  }

  #current(): DerivedKey {
    const key = this.#keys[0];
    if (key === undefined) throw new DataKeyError("A keyring needs at least one key");
    return key;
  }
}

function indexWith(key: DerivedKey, purpose: string, value: string): string {
  if (purpose === "") {
    throw new TypeError("blindIndex needs a non-empty purpose");
  }
  // Length-prefix the purpose so ("ab", "c") and ("a", "bc") hash different inputs.
  const purposeBytes = Buffer.from(purpose, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(purposeBytes.length);
  const mac = createHmac("sha256", key.indexKey)
    .update(length)
    .update(purposeBytes)
    .update(value, "utf8")
    .digest("base64url");
  return `${key.id}.${mac}`;
}

/** Accepts standard or url-safe base64, padded or not. */
function decodeSecret(text: string, label: string): Buffer {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw new DataKeyError(`${label}: the key is not valid base64`);
  }
  const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (bytes.length !== SECRET_BYTES) {
    throw new DataKeyError(
      `${label}: the key decodes to ${bytes.length} bytes; it must be exactly ${SECRET_BYTES} ` +
        `(generate one with: ${GENERATE_DATA_KEY_COMMAND})`,
    );
  }
  return bytes;
}

/**
 * Parses DATA_KEY: comma-separated `id:base64key` entries, current key first, e.g.
 * `k2:<new>,k1:<old>`. A single bare base64 key (no id) is accepted and gets id "k1".
 */
export function parseDataKey(raw: string): Keyring {
  const trimmed = raw.trim();
  if (trimmed === "") {
    throw new DataKeyError("DATA_KEY is empty: expected comma-separated id:base64key entries");
  }
  const entries = trimmed.split(",").map((entry) => entry.trim());
  const keys: DataKey[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const label = `DATA_KEY entry ${index + 1}`;
    if (entry === "") {
      throw new DataKeyError(`${label} is empty (stray comma?)`);
    }
    const colon = entry.indexOf(":");
    let id: string;
    let encoded: string;
    if (colon === -1) {
      if (entries.length > 1) {
        throw new DataKeyError(`${label} has no id: with several keys, write each as id:base64key`);
      }
      id = DEFAULT_KEY_ID;
      encoded = entry;
    } else {
      id = entry.slice(0, colon).trim();
      encoded = entry.slice(colon + 1).trim();
    }
    if (!KEY_ID_PATTERN.test(id)) {
      throw new DataKeyError(
        `${label} has an invalid id ${JSON.stringify(id)}: use 1-16 characters from A-Z a-z 0-9 _ -`,
      );
    }
    if (seen.has(id)) {
      throw new DataKeyError(`${label}: key id "${id}" appears more than once`);
    }
    seen.add(id);
    keys.push({ id, secret: decodeSecret(encoded, `${label} ("${id}")`) });
  }
  return new Keyring(keys);
}

/** A fresh DATA_KEY value: `k1:` followed by 32 random bytes in standard base64. */
export function generateDataKey(): string {
  return `${DEFAULT_KEY_ID}:${randomBytes(SECRET_BYTES).toString("base64")}`;
}
