import { describe, expect, it } from "vitest";
import { maskPhone, normalizeIndonesianMobile } from "../../src/privacy/phone";

describe("Indonesian mobile numbers", () => {
  it.each([
    ["0812 3456 7890", "+6281234567890"],
    ["62812-3456-7890", "+6281234567890"],
    ["+62 (812) 3456.7890", "+6281234567890"],
    ["081234567", "+6281234567"],
  ])("normalises %j to E.164", (typed, e164) => {
    expect(normalizeIndonesianMobile(typed)).toBe(e164);
  });

  it.each(["021 555 1234", "12345", "+1 415 555 0100", "0812abc"])("refuses %j", (typed) => {
    expect(normalizeIndonesianMobile(typed)).toBeUndefined();
  });

  it("masks the middle digits for staff", () => {
    expect(maskPhone("+6281234567890")).toBe("+62 812-•••••-890");
    expect(maskPhone("not a number")).toBe("••••");
  });
});
