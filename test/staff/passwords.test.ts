import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import {
  checkPasswordPolicy,
  hashPassword,
  maxPasswordLength,
  minPasswordLength,
  verifyPassword,
} from "../../src/staff/passwords";

describe("password hashing", () => {
  it("hashes with argon2id at the OWASP parameters (19 MiB, 2 passes, 1 lane)", async () => {
    const hash = await hashPassword("kuda lumping sore hari");
    expect(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(parseOptions(hash)).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it("salts every hash, so one password hashes differently twice", async () => {
    const first = await hashPassword("kuda lumping sore hari");
    const second = await hashPassword("kuda lumping sore hari");
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, "kuda lumping sore hari")).toBe(true);
    expect(await verifyPassword(second, "kuda lumping sore hari")).toBe(true);
  });

  it("rejects a wrong password, including one differing only in case or a trailing space", async () => {
    const hash = await hashPassword("kuda lumping sore hari");
    expect(await verifyPassword(hash, "Kuda lumping sore hari")).toBe(false);
    expect(await verifyPassword(hash, "kuda lumping sore hari ")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  it("answers false, not an exception, for a damaged hash", async () => {
    expect(await verifyPassword("not a hash", "kuda lumping sore hari")).toBe(false);
    const hash = await hashPassword("kuda lumping sore hari");
    expect(await verifyPassword(hash.slice(0, -5), "kuda lumping sore hari")).toBe(false);
  });

  it("accepts a password typed with decomposed accents when it was set composed", async () => {
    const composed = "kopi s\u00e9duh panas";
    const decomposed = "kopi se\u0301duh panas";
    expect(composed).not.toBe(decomposed);
    const hash = await hashPassword(composed);
    expect(await verifyPassword(hash, decomposed)).toBe(true);
  });
});

describe("password policy", () => {
  it("asks for at least 10 characters and at most 200", () => {
    expect(minPasswordLength).toBe(10);
    expect(maxPasswordLength).toBe(200);
    expect(checkPasswordPolicy("")).toBe("too_short");
    expect(checkPasswordPolicy("a".repeat(9))).toBe("too_short");
    expect(checkPasswordPolicy("a".repeat(10))).toBeUndefined();
    expect(checkPasswordPolicy("a".repeat(200))).toBeUndefined();
    expect(checkPasswordPolicy("a".repeat(201))).toBe("too_long");
  });

  it("has no composition rules: lowercase letters only, or spaces, are fine", () => {
    expect(checkPasswordPolicy("pantaibatu")).toBeUndefined();
    expect(checkPasswordPolicy("ada apa di sana")).toBeUndefined();
  });

  it("counts characters, not UTF-16 units, so an emoji counts once", () => {
    // Five emoji are ten UTF-16 units but five characters.
    expect(checkPasswordPolicy("🔑".repeat(5))).toBe("too_short");
    expect(checkPasswordPolicy("🔑".repeat(10))).toBeUndefined();
    expect(checkPasswordPolicy("🔑".repeat(200))).toBeUndefined();
  });
});
