import { createHmac, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * 6-digit PINs that let a resident come back to a report. With only 10^6 values a fast hash of a
 * leaked PIN falls to brute force in well under a second, so stored PINs use scrypt with a
 * per-PIN salt (and optionally a server-side pepper kept outside the database). Stored format:
 * `scrypt$N$r$p$saltB64$hashB64`, so the cost can be raised later without breaking old hashes.
 */

/** Same shape as `crypto.randomBytes`; injectable so tests can pin down the output. */
export type RandomBytes = (size: number) => Uint8Array;

export const PIN_LENGTH = 6;
const PIN_PATTERN = /^\d{6}$/;
const PIN_SPACE = 1_000_000;
/** Largest multiple of 10^6 that fits in 24 bits: values at or above it are redrawn. */
const PIN_DRAW_LIMIT = Math.floor(2 ** 24 / PIN_SPACE) * PIN_SPACE;
/** A healthy source is rejected with p ≈ 0.046 per draw; 64 in a row means it is broken. */
const MAX_PIN_DRAWS = 64;

const SCRYPT_N = 2 ** 14;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

/** A uniformly random 6-digit PIN as a string; leading zeros are kept ("004271"). */
export function generatePin(random: RandomBytes = randomBytes): string {
  for (let draw = 0; draw < MAX_PIN_DRAWS; draw++) {
    const bytes = random(3);
    const value = ((bytes[0] ?? 0) << 16) | ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
    // Rejection sampling: `value % 10^6` is only uniform over a whole number of 10^6 blocks.
    if (value < PIN_DRAW_LIMIT) return String(value % PIN_SPACE).padStart(PIN_LENGTH, "0");
  }
  throw new Error("random source keeps returning out-of-range values");
}

/**
 * The 6-digit PIN in what a resident typed ("123 456", "123-456", "*123456*"), or undefined.
 * Full-width digits are folded to ASCII; anything other than 6 digits is rejected.
 */
export function normalizePinInput(text: string): string | undefined {
  const compact = text
    .normalize("NFKC")
    .replace(/[\s\u200B-\u200D\u2060\uFEFF\-\u2010-\u2015\u2212]+/g, "")
    .replace(/^[^0-9A-Za-z]+|[^0-9A-Za-z]+$/g, "");
  return PIN_PATTERN.test(compact) ? compact : undefined;
}

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

function scryptAsync(
  password: Buffer,
  salt: Buffer,
  length: number,
  { N, r, p }: ScryptParams,
): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is near what N=2^14, r=8 needs (16 MiB); size it explicitly.
  const maxmem = 256 * N * r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** The PIN mixed with the pepper; without a pepper the PIN itself. */
function secretInput(pin: string, pepper: string | Uint8Array | undefined): Buffer {
  if (pepper === undefined) return Buffer.from(pin, "utf8");
  return createHmac("sha256", pepper).update(pin, "utf8").digest();
}

/**
 * Hash a 6-digit PIN for storage. Throws on anything but 6 ASCII digits: callers normalize input
 * with `normalizePinInput` first. The pepper, if used, must be passed to `verifyPin` too.
 */
export async function hashPin(pin: string, pepper?: string | Uint8Array): Promise<string> {
  if (!PIN_PATTERN.test(pin)) throw new RangeError("PIN must be exactly 6 digits");
  const params = { N: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P };
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(secretInput(pin, pepper), salt, HASH_BYTES, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64"), hash.toString("base64")]
    .map(String)
    .join("$");
}

/** Decodes canonical base64 only: Buffer.from silently skips junk and truncated tails. */
function decodeBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, "base64");
  return bytes.length > 0 && bytes.toString("base64") === text ? bytes : undefined;
}

/**
 * Parses a stored hash, bounding the cost parameters: a corrupted or hostile row must not make
 * verification allocate gigabytes or spin for minutes.
 */
function parseStored(
  stored: string,
): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [, nText = "", rText = "", pText = "", saltText = "", hashText = ""] = parts;
  if (![nText, rText, pText].every((text) => /^[1-9]\d{0,7}$/.test(text))) return undefined;
  const params = { N: Number(nText), r: Number(rText), p: Number(pText) };
  const nIsPowerOfTwo = (params.N & (params.N - 1)) === 0;
  if (!nIsPowerOfTwo || params.N < 2 ** 10 || params.N > 2 ** 17) return undefined;
  if (params.r > 16 || params.p > 4) return undefined;
  const salt = decodeBase64(saltText);
  const hash = decodeBase64(hashText);
  // A fixed hash length: a truncated hash would otherwise verify as a prefix of the real one.
  if (salt === undefined || hash === undefined) return undefined;
  if (salt.length < SALT_BYTES || hash.length !== HASH_BYTES) return undefined;
  return { params, salt, hash };
}

/**
 * Whether `pin` matches a hash from `hashPin`. Never throws: a malformed stored value or a
 * non-PIN input is simply false. The comparison is constant-time.
 */
export async function verifyPin(
  pin: string,
  stored: string,
  pepper?: string | Uint8Array,
): Promise<boolean> {
  if (!PIN_PATTERN.test(pin)) return false;
  const parsed = parseStored(stored);
  if (parsed === undefined) return false;
  try {
    const { params, salt, hash } = parsed;
    const candidate = await scryptAsync(secretInput(pin, pepper), salt, hash.length, params);
    return timingSafeEqual(candidate, hash);
  } catch {
    return false;
  }
}
