/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), as authenticator apps expect
 * them: HMAC-SHA1, 30-second steps, 6 digits, the secret shared as base32.
 */
import crypto from "node:crypto";

const stepSeconds = 30;
const defaultDigits = 6;
/** 160 bits, the HMAC-SHA1 output size, which RFC 4226 recommends. */
const secretBytes = 20;
/** RFC 4226 section 4 requires at least 128 bits. */
const minSecretBytes = 16;
const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding (authenticator apps accept it and it reads better). */
export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += base32Alphabet[(value << (5 - bits)) & 31];
  return output;
}

/**
 * Lenient about what people copy (case, spaces, `=` padding); undefined for anything else,
 * including leftover bits that could not come from an encoder.
 */
export function decodeBase32(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = base32Alphabet.indexOf(char);
    if (index < 0) return undefined;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (bits >= 5 || (value & ((1 << bits) - 1)) !== 0) return undefined;
  return Buffer.from(bytes);
}

/** A new shared secret: 20 random bytes in base32 (32 characters). */
export function generateTotpSecret(): string {
  return encodeBase32(crypto.randomBytes(secretBytes));
}

/** Whether `secret` is base32 of at least 128 bits, i.e. safe to store as a second factor. */
export function isValidTotpSecret(secret: string): boolean {
  const key = decodeBase32(secret);
  return key !== undefined && key.length >= minSecretBytes;
}

function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  // BigInt: the step count passes 2^32 in 2106 and RFC 6238's own vectors go beyond it.
  message.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac("sha1", key).update(message).digest();
  // Dynamic truncation, RFC 4226 section 5.3.
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

function stepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / stepSeconds);
}

function requireKey(secret: string): Buffer {
  const key = decodeBase32(secret);
  if (!key || key.length === 0) throw new TypeError("A TOTP secret must be base32");
  return key;
}

/** The code an authenticator shows at `now`. `digits` is 6 for apps; RFC 6238's vectors use 8. */
export function totpCode(secret: string, now: Date, digits = defaultDigits): string {
  return hotp(requireKey(secret), stepAt(now), digits);
}

/**
 * The step whose code `code` is: the step at `now` or up to `window` steps either side (clocks
 * drift, and people type slowly); undefined when none. Spaces are ignored ("123 456" as apps
 * show it). Every candidate is compared in constant time and all are compared, so timing says
 * nothing about which step matched. A malformed secret matches nothing.
 */
export function matchTotpStep(
  secret: string,
  code: string,
  now: Date,
  window = 1,
): number | undefined {
  const typed = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(typed)) return undefined;
  const key = decodeBase32(secret);
  if (!key || key.length === 0) return undefined;
  const given = Buffer.from(typed);
  const step = stepAt(now);
  let matched: number | undefined;
  for (let offset = -window; offset <= window; offset++) {
    if (step + offset < 0) continue;
    const expected = Buffer.from(hotp(key, step + offset, defaultDigits));
    if (crypto.timingSafeEqual(expected, given)) matched = step + offset;
  }
  return matched;
}

/** Whether `code` is a code of the secret around `now` (see matchTotpStep). */
export function verifyTotp(secret: string, code: string, now: Date, window = 1): boolean {
  return matchTotpStep(secret, code, now, window) !== undefined;
}

/**
 * The otpauth:// URI that authenticator apps read from a QR code (Google's "Key Uri Format").
 * The label is `issuer:account`; the issuer parameter repeats it, as the format recommends.
 */
export function totpUri(secret: string, account: string, issuer = "Awas"): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({
    secret: secret.replace(/[\s=]/g, "").toUpperCase(),
    issuer,
    algorithm: "SHA1",
    digits: String(defaultDigits),
    period: String(stepSeconds),
  });
  // URLSearchParams writes a space as "+", which some apps show literally.
  return `otpauth://totp/${label}?${params.toString().replace(/\+/g, "%20")}`;
}
