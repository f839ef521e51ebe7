import { describe, expect, it } from "vitest";
import { generatePin, hashPin, normalizePinInput, verifyPin } from "../../src/reports/pin.js";

/** Random source that hands out the given 3-byte draws in order. */
function draws(...values: number[]) {
  let next = 0;
  return (size: number) => {
    expect(size).toBe(3);
    const value = values[next++];
    if (value === undefined) throw new Error("ran out of draws");
    return Uint8Array.from([value >> 16, (value >> 8) & 0xff, value & 0xff]);
  };
}

describe("generatePin", () => {
  it("keeps leading zeros", () => {
    expect(generatePin(draws(0))).toBe("000000");
    expect(generatePin(draws(42))).toBe("000042");
    expect(generatePin(draws(15_999_999))).toBe("999999");
    expect(generatePin(draws(1_234_567))).toBe("234567");
  });

  it("redraws values that would bias the modulo", () => {
    // 16,000,000..16,777,215 would make 000000..777215 more likely; they must be skipped.
    expect(generatePin(draws(16_000_000, 0xffffff, 7))).toBe("000007");
  });

  it("gives up on a broken random source instead of looping forever", () => {
    expect(() => generatePin(() => Uint8Array.from([255, 255, 255]))).toThrow();
  });

  it("spreads digits evenly over every position", () => {
    const samples = 5000;
    const counts = Array.from({ length: 6 }, () => new Array<number>(10).fill(0));
    for (let n = 0; n < samples; n++) {
      const pin = generatePin();
      expect(pin).toMatch(/^\d{6}$/);
      [...pin].forEach((digit, position) => {
        const row = counts[position];
        if (row) row[Number(digit)] = (row[Number(digit)] ?? 0) + 1;
      });
    }
    // Expected 500 per cell, σ ≈ 21: ±150 is > 7σ, so this only fails when something is stuck.
    for (const row of counts) for (const count of row) expect(count).toBeGreaterThan(350);
    for (const row of counts) for (const count of row) expect(count).toBeLessThan(650);
  });
});

describe("normalizePinInput", () => {
  it("accepts common ways of typing a PIN", () => {
    for (const input of [
      "123456",
      "123 456",
      "123-456",
      " 123\u00a0456 ",
      "*123456*",
      "１２３４５６",
    ]) {
      expect(normalizePinInput(input), input).toBe("123456");
    }
    expect(normalizePinInput("012 345")).toBe("012345");
  });

  it("rejects anything that is not exactly 6 digits", () => {
    for (const input of ["12345", "1234567", "12a456", "123.456", "", "PIN 123456", "١٢٣٤٥٦"]) {
      expect(normalizePinInput(input), input).toBeUndefined();
    }
  });
});

describe("hashPin / verifyPin", () => {
  it("round-trips and rejects a wrong PIN", async () => {
    const stored = await hashPin("482910");
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPin("482910", stored)).toBe(true);
    expect(await verifyPin("482911", stored)).toBe(false);
    expect(await verifyPin("48291", stored)).toBe(false);
  });

  it("salts: two hashes of one PIN differ but both verify", async () => {
    const [first, second] = await Promise.all([hashPin("111111"), hashPin("111111")]);
    expect(first).not.toBe(second);
    expect(await verifyPin("111111", first)).toBe(true);
    expect(await verifyPin("111111", second)).toBe(true);
  });

  it("handles leading-zero PINs as strings", async () => {
    const stored = await hashPin("000123");
    expect(await verifyPin("000123", stored)).toBe(true);
    expect(await verifyPin("123", stored)).toBe(false);
    expect(await verifyPin("001230", stored)).toBe(false);
  });

  it("binds the hash to the pepper", async () => {
    const stored = await hashPin("654321", "server-pepper");
    expect(await verifyPin("654321", stored, "server-pepper")).toBe(true);
    expect(await verifyPin("654321", stored, "other-pepper")).toBe(false);
    expect(await verifyPin("654321", stored)).toBe(false);
  });

  it("refuses to hash a non-PIN", async () => {
    await expect(hashPin("12345")).rejects.toThrow(RangeError);
    await expect(hashPin("123 456")).rejects.toThrow(RangeError);
  });

  it("returns false, never throws, for malformed stored hashes", async () => {
    const stored = await hashPin("246810");
    const [, , , , salt = "", hash = ""] = stored.split("$");
    const malformed = [
      "",
      "garbage",
      stored.replace("scrypt", "bcrypt"),
      `${stored}$extra`,
      `scrypt$16384$8$1$${salt}`,
      `scrypt$16383$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$1073741824$8$1$${salt}$${hash}`, // N absurdly large
      `scrypt$16384$0$1$${salt}$${hash}`,
      `scrypt$16384$8$99$${salt}$${hash}`,
      `scrypt$16384$8$1$!!!$${hash}`,
      `scrypt$16384$8$1$${salt}$AAAA`, // hash too short
      `scrypt$16384$8$1$${salt}$${hash.slice(0, -2)}`, // truncated
      `scrypt$abc$8$1$${salt}$${hash}`,
      // A prefix of the real hash, canonically encoded: scrypt output is prefix-stable, so only
      // the fixed hash length stops this from verifying.
      `scrypt$16384$8$1$${salt}$${Buffer.from(hash, "base64").subarray(0, 24).toString("base64")}`,
    ];
    for (const value of malformed) {
      await expect(verifyPin("246810", value), value).resolves.toBe(false);
    }
  });
});
