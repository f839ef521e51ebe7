import { describe, expect, it } from "vitest";
import {
  decodeBase32,
  encodeBase32,
  generateTotpSecret,
  isValidTotpSecret,
  totpCode,
  totpUri,
  verifyTotp,
} from "../../src/staff/totp";

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const rfcSecret = encodeBase32(Buffer.from("12345678901234567890", "ascii"));
const rfcVectors: [seconds: number, code: string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];
const at = (seconds: number) => new Date(seconds * 1000);

describe("TOTP (RFC 6238)", () => {
  it("encodes the RFC seed as the base32 string apps are given", () => {
    expect(rfcSecret).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  });

  it.each(rfcVectors)("gives the RFC 6238 8-digit code at %i s", (seconds, code) => {
    expect(totpCode(rfcSecret, at(seconds), 8)).toBe(code);
  });

  it("gives 6 digits by default: the last six of the RFC's 8-digit codes", () => {
    for (const [seconds, code] of rfcVectors) {
      expect(totpCode(rfcSecret, at(seconds))).toBe(code.slice(2));
    }
  });

  it("keeps the same code for the whole 30-second step", () => {
    expect(totpCode(rfcSecret, at(1111111110))).toBe(totpCode(rfcSecret, at(1111111139)));
    expect(totpCode(rfcSecret, at(1111111139))).not.toBe(totpCode(rfcSecret, at(1111111140)));
  });

  it("accepts the current code and one step either side, not two", () => {
    const now = at(1111111111);
    const code = (stepOffset: number) => totpCode(rfcSecret, at(1111111111 + stepOffset * 30));
    expect(verifyTotp(rfcSecret, code(0), now)).toBe(true);
    expect(verifyTotp(rfcSecret, code(-1), now)).toBe(true);
    expect(verifyTotp(rfcSecret, code(1), now)).toBe(true);
    expect(verifyTotp(rfcSecret, code(-2), now)).toBe(false);
    expect(verifyTotp(rfcSecret, code(2), now)).toBe(false);
    expect(verifyTotp(rfcSecret, code(-1), now, 0)).toBe(false);
    expect(verifyTotp(rfcSecret, code(-2), now, 2)).toBe(true);
  });

  it("accepts a code typed with spaces, as apps show it", () => {
    const now = at(1111111111);
    const code = totpCode(rfcSecret, now);
    expect(verifyTotp(rfcSecret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(true);
    expect(verifyTotp(rfcSecret, ` ${code} `, now)).toBe(true);
  });

  it("refuses codes of the wrong shape and a malformed secret", () => {
    const now = at(1111111111);
    const code = totpCode(rfcSecret, now);
    expect(verifyTotp(rfcSecret, totpCode(rfcSecret, now, 8), now)).toBe(false);
    expect(verifyTotp(rfcSecret, code.slice(1), now)).toBe(false);
    expect(verifyTotp(rfcSecret, `${code.slice(0, 5)}x`, now)).toBe(false);
    expect(verifyTotp(rfcSecret, "", now)).toBe(false);
    expect(verifyTotp("not base32!", code, now)).toBe(false);
  });

  it("generates 160-bit base32 secrets, different every time", () => {
    const one = generateTotpSecret();
    const two = generateTotpSecret();
    expect(one).toMatch(/^[A-Z2-7]{32}$/);
    expect(decodeBase32(one)).toHaveLength(20);
    expect(one).not.toBe(two);
    expect(isValidTotpSecret(one)).toBe(true);
  });

  it("decodes base32 leniently (case, spaces, padding) and refuses what no encoder makes", () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253]);
    const encoded = encodeBase32(bytes);
    expect(decodeBase32(encoded)).toEqual(bytes);
    expect(decodeBase32(`${encoded.toLowerCase().replace(/(.{4})/g, "$1 ")}===`)).toEqual(bytes);
    expect(decodeBase32("A")).toBeUndefined();
    expect(decodeBase32("AB1C")).toBeUndefined();
    // "AB" holds 10 bits: one byte and two bits that must be zero.
    expect(decodeBase32("AA")).toEqual(Buffer.from([0]));
    expect(decodeBase32("AB")).toBeUndefined();
  });

  it("refuses secrets shorter than 128 bits", () => {
    expect(isValidTotpSecret(encodeBase32(Buffer.alloc(15, 7)))).toBe(false);
    expect(isValidTotpSecret(encodeBase32(Buffer.alloc(16, 7)))).toBe(true);
    expect(isValidTotpSecret("")).toBe(false);
  });

  it("builds an otpauth URI naming the issuer and the account", () => {
    const uri = totpUri(rfcSecret, "rina@bawaslu.example", "Awas Babel");
    expect(uri.startsWith("otpauth://totp/Awas%20Babel:rina%40bawaslu.example?")).toBe(true);
    const params = new URL(uri).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      secret: rfcSecret,
      issuer: "Awas Babel",
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
    expect(uri).not.toContain("+");
    expect(totpUri(rfcSecret, "rina@bawaslu.example")).toContain("otpauth://totp/Awas:");
  });
});
