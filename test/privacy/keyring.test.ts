import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DataKeyError,
  generateDataKey,
  Keyring,
  parseDataKey,
  SealError,
} from "../../src/privacy/keyring.js";

const secret = (fill: number) => Buffer.alloc(32, fill);
const keyring = (...keys: [string, number][]) =>
  new Keyring(keys.map(([id, fill]) => ({ id, secret: secret(fill) })));

/** Decodes one base64url part of a sealed value, flips a byte, and re-encodes it. */
function flipByte(sealed: string, part: 1 | 2, byteIndex: (length: number) => number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part] ?? "", "base64url");
  const index = byteIndex(bytes.length);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("Keyring sealing", () => {
  const ring = keyring(["k1", 1]);

  it("round-trips text, including non-ASCII", () => {
    const text = "Laporan: politik uang di TPS 07 — Rp50.000 🙄";
    expect(ring.openText(ring.seal(text))).toBe(text);
  });

  it("round-trips binary data and returns a Buffer", () => {
    const bytes = randomBytes(1000);
    const opened = ring.open(ring.seal(bytes));
    expect(Buffer.isBuffer(opened)).toBe(true);
    expect(opened.equals(bytes)).toBe(true);
  });

  it("round-trips an empty plaintext", () => {
    expect(ring.openText(ring.seal(""))).toBe("");
  });

  it("round-trips JSON values", () => {
    const value = { phone: "+628123456789", tags: ["a", "b"], count: 3, nested: { ok: true } };
    expect(ring.openJson<typeof value>(ring.sealJson(value))).toEqual(value);
    expect(ring.openJson<null>(ring.sealJson(null))).toBeNull();
  });

  it("refuses to seal a value JSON cannot represent", () => {
    expect(() => ring.sealJson(undefined)).toThrow(SealError);
  });

  it("produces the documented <keyId>.<iv>.<ciphertext> format with a 12-byte iv", () => {
    const sealed = ring.seal("hello");
    expect(sealed).toMatch(/^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const [, iv = "", body = ""] = sealed.split(".");
    expect(Buffer.from(iv, "base64url")).toHaveLength(12);
    expect(Buffer.from(body, "base64url")).toHaveLength(5 + 16);
  });

  it("uses a new iv each time, so the same plaintext seals differently", () => {
    const first = ring.seal("same");
    const second = ring.seal("same");
    expect(first).not.toBe(second);
    expect(first.split(".")[1]).not.toBe(second.split(".")[1]);
    expect(ring.openText(first)).toBe("same");
    expect(ring.openText(second)).toBe("same");
  });

  it("does not contain the plaintext", () => {
    const sealed = ring.seal("+628123456789");
    expect(sealed).not.toContain("628123456789");
    expect(Buffer.from(sealed.split(".")[2] ?? "", "base64url").toString()).not.toContain(
      "628123456789",
    );
  });
});

describe("Keyring tamper detection", () => {
  const ring = keyring(["k1", 1]);
  const sealed = ring.seal("a report that must not be altered");

  it("rejects a flipped byte in the ciphertext", () => {
    expect(() => ring.open(flipByte(sealed, 2, () => 0))).toThrow(SealError);
  });

  it("rejects a flipped byte in the tag", () => {
    expect(() => ring.open(flipByte(sealed, 2, (length) => length - 1))).toThrow(SealError);
  });

  it("rejects a flipped byte in the iv", () => {
    expect(() => ring.open(flipByte(sealed, 1, () => 5))).toThrow(SealError);
  });

  it("explains the authentication failure in the error message", () => {
    expect(() => ring.open(flipByte(sealed, 2, () => 0))).toThrow(/failed authentication/);
  });

  it("rejects a truncated ciphertext", () => {
    const [id, iv, body = ""] = sealed.split(".");
    expect(() => ring.open(`${id}.${iv}.${body.slice(0, 10)}`)).toThrow(SealError);
  });

  it("rejects values that are not in the sealed format", () => {
    for (const bad of ["", "k1", "k1.abc", "k1.a.b.c", "k1.!!!.abc", "k1.AAAA.AAAA"]) {
      expect(() => ring.open(bad), bad).toThrow(SealError);
    }
  });

  it("rejects a non-canonical base64url encoding of otherwise valid bytes", () => {
    const [id, iv, body = ""] = sealed.split(".");
    // The body is 49 bytes, so its last character carries 4 unused bits; setting one of them
    // changes the string but not the decoded bytes.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(body.slice(-1));
    const altered = `${body.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(altered, "base64url").equals(Buffer.from(body, "base64url"))).toBe(true);
    expect(() => ring.open(`${id}.${iv}.${altered}`)).toThrow(/canonical/);
  });

  it("rejects an unknown key id and names it", () => {
    const [, iv, body] = sealed.split(".");
    expect(() => ring.open(`k9.${iv}.${body}`)).toThrow(SealError);
    expect(() => ring.open(`k9.${iv}.${body}`)).toThrow(/"k9".*not in the keyring/);
  });

  it("rejects a value sealed under a different secret with the same key id", () => {
    const other = keyring(["k1", 2]);
    expect(() => other.open(sealed)).toThrow(SealError);
  });
});

describe("Keyring associated data", () => {
  const ring = keyring(["k1", 1]);

  it("opens a value with the same associated data it was sealed with", () => {
    const sealed = ring.seal("+628123456789", "reporters.phone");
    expect(ring.openText(sealed, "reporters.phone")).toBe("+628123456789");
    expect(ring.openText(sealed, Buffer.from("reporters.phone"))).toBe("+628123456789");
  });

  it("fails when the associated data differs", () => {
    const sealed = ring.seal("+628123456789", "reporters.phone");
    expect(() => ring.open(sealed, "staff.phone")).toThrow(SealError);
  });

  it("fails when associated data is missing on open", () => {
    const sealed = ring.seal("+628123456789", "reporters.phone");
    expect(() => ring.open(sealed)).toThrow(SealError);
  });

  it("fails when associated data is given on open but was not used to seal", () => {
    const sealed = ring.seal("+628123456789");
    expect(() => ring.open(sealed, "reporters.phone")).toThrow(SealError);
  });

  it("binds JSON values too", () => {
    const sealed = ring.sealJson({ a: 1 }, "reports.body:42");
    expect(ring.openJson(sealed, "reports.body:42")).toEqual({ a: 1 });
    expect(() => ring.openJson(sealed, "reports.body:43")).toThrow(SealError);
  });
});

describe("Keyring rotation", () => {
  const oldRing = keyring(["k1", 1]);
  const rotated = keyring(["k2", 2], ["k1", 1]);

  it("decrypts a value sealed under a rotated-out key", () => {
    const sealed = oldRing.seal("sealed before rotation");
    expect(rotated.openText(sealed)).toBe("sealed before rotation");
  });

  it("seals new values under the first (current) key", () => {
    expect(rotated.currentKeyId).toBe("k2");
    expect(rotated.seal("new").startsWith("k2.")).toBe(true);
    expect(rotated.keyIds).toEqual(["k2", "k1"]);
  });

  it("cannot open values sealed under a newer key the old keyring lacks", () => {
    expect(() => oldRing.open(rotated.seal("new"))).toThrow(/"k2".*not in the keyring/);
  });
});

describe("Keyring blind index", () => {
  const ring = keyring(["k1", 1]);

  it("is deterministic for the same purpose and value", () => {
    expect(ring.blindIndex("phone", "+628123456789")).toBe(
      ring.blindIndex("phone", "+628123456789"),
    );
  });

  it("has the <keyId>.<hmac> format and does not contain the value", () => {
    const index = ring.blindIndex("phone", "+628123456789");
    expect(index).toMatch(/^k1\.[A-Za-z0-9_-]{43}$/);
    expect(index).not.toContain("628123456789");
  });

  it("differs between values", () => {
    expect(ring.blindIndex("phone", "+628123456789")).not.toBe(
      ring.blindIndex("phone", "+628123456780"),
    );
  });

  it("differs by purpose for the same value", () => {
    expect(ring.blindIndex("phone", "12345")).not.toBe(ring.blindIndex("telegram", "12345"));
  });

  it("does not let purpose and value run into each other", () => {
    expect(ring.blindIndex("ab", "c")).not.toBe(ring.blindIndex("a", "bc"));
  });

  it("differs by key for the same purpose and value", () => {
    const other = keyring(["k1", 2]);
    expect(ring.blindIndex("phone", "12345")).not.toBe(other.blindIndex("phone", "12345"));
  });

  it("does not key the HMAC with the raw secret", () => {
    // Same message layout as the implementation, but keyed with the raw secret: must differ,
    // because the index key is an HKDF sub-key distinct from the encryption sub-key.
    const length = Buffer.alloc(4);
    length.writeUInt32BE(5);
    const raw = createHmac("sha256", secret(1))
      .update(length)
      .update("phone")
      .update("12345")
      .digest("base64url");
    expect(ring.blindIndex("phone", "12345")).not.toBe(`k1.${raw}`);
  });

  it("rejects an empty purpose", () => {
    expect(() => ring.blindIndex("", "12345")).toThrow(TypeError);
  });

  it("returns one candidate per key, current first, including the index made under an older key", () => {
    const oldRing = keyring(["k1", 1]);
    const rotated = keyring(["k2", 2], ["k1", 1]);
    const candidates = rotated.blindIndexCandidates("telegram", "987654321");
    expect(candidates).toHaveLength(2);
    expect(candidates[0]).toBe(rotated.blindIndex("telegram", "987654321"));
    expect(candidates).toContain(oldRing.blindIndex("telegram", "987654321"));
    expect(candidates[1]?.startsWith("k1.")).toBe(true);
  });

  it("compares indexes with indexEquals", () => {
    const index = ring.blindIndex("phone", "1");
    expect(Keyring.indexEquals(index, ring.blindIndex("phone", "1"))).toBe(true);
    expect(Keyring.indexEquals(index, ring.blindIndex("phone", "2"))).toBe(false);
    expect(Keyring.indexEquals(index, "short")).toBe(false);
  });
});

describe("Keyring construction", () => {
  it("rejects an empty key list", () => {
    expect(() => new Keyring([])).toThrow(DataKeyError);
  });

  it("rejects a secret that is not 32 bytes", () => {
    expect(() => new Keyring([{ id: "k1", secret: Buffer.alloc(16) }])).toThrow(/exactly 32/);
  });

  it("does not expose key material when serialised or inspected", async () => {
    const { inspect } = await import("node:util");
    const ring = keyring(["k1", 0xab]);
    const shown = `${JSON.stringify(ring)} ${inspect(ring, { showHidden: true, depth: 10 })}`;
    expect(shown).not.toContain(secret(0xab).toString("base64"));
    // Derived sub-keys are private fields; no Buffer of any kind should show up.
    expect(shown).not.toMatch(/Buffer|\bab ab ab\b/);
  });
});

describe("parseDataKey", () => {
  const k32 = Buffer.alloc(32, 7);
  const std = k32.toString("base64");

  it("parses id:base64 entries with the first as current", () => {
    const a = randomBytes(32).toString("base64");
    const b = randomBytes(32).toString("base64");
    const ring = parseDataKey(`k2:${a},k1:${b}`);
    expect(ring.keyIds).toEqual(["k2", "k1"]);
    expect(ring.currentKeyId).toBe("k2");
  });

  it("accepts a bare base64 key and names it k1", () => {
    const ring = parseDataKey(std);
    expect(ring.keyIds).toEqual(["k1"]);
    expect(ring.blindIndex("p", "v")).toBe(
      new Keyring([{ id: "k1", secret: k32 }]).blindIndex("p", "v"),
    );
  });

  it("accepts url-safe and unpadded base64 and surrounding whitespace", () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i));
    const expected = new Keyring([{ id: "main", secret: bytes }]).blindIndex("p", "v");
    for (const encoded of [bytes.toString("base64"), bytes.toString("base64url")]) {
      expect(parseDataKey(` main:${encoded} \n`).blindIndex("p", "v")).toBe(expected);
    }
  });

  it("round-trips a generated key", () => {
    const value = generateDataKey();
    expect(value).toMatch(/^k1:[A-Za-z0-9+/]{43}=$/);
    const ring = parseDataKey(value);
    expect(ring.openText(ring.seal("x"))).toBe("x");
  });

  it("generates a different key each time", () => {
    expect(generateDataKey()).not.toBe(generateDataKey());
  });

  it.each([
    ["an empty value", "", /empty/],
    ["whitespace only", "   ", /empty/],
    [
      "a key of the wrong length",
      `k1:${Buffer.alloc(16).toString("base64")}`,
      /16 bytes.*exactly 32/,
    ],
    ["a key that is not base64", "k1:not*base64!", /not valid base64/],
    ["an empty key after the id", "k1:", /not valid base64/],
    ["a duplicate id", `k1:${std},k1:${std}`, /"k1" appears more than once/],
    ["an id with bad characters", `k.1:${std}`, /invalid id "k.1"/],
    ["an id that is too long", `${"a".repeat(17)}:${std}`, /invalid id/],
    ["an empty id", `:${std}`, /invalid id ""/],
    ["a stray comma", `k1:${std},`, /entry 2 is empty/],
    ["a bare key among several", `${std},k2:${std}`, /entry 1 has no id/],
  ])("rejects %s with a DataKeyError", (_label, raw, message) => {
    expect(() => parseDataKey(raw)).toThrow(DataKeyError);
    expect(() => parseDataKey(raw)).toThrow(message);
  });

  it("never includes key material in its error messages", () => {
    const short = randomBytes(20).toString("base64");
    try {
      parseDataKey(`k1:${short}`);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });
});
