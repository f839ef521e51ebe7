import { describe, expect, it } from "vitest";
import {
  maskPhone,
  maskPhonesInText,
  normalizeIndonesianMobile,
  phoneNumbersIn,
} from "../../src/privacy/phone";

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

describe("mobile numbers typed in a story", () => {
  const story =
    "Pak RT (0812-3456-7890) bagi amplop, hubungi juga +62 813 1111 2222 atau 6285733334444.";

  it("masks every number typed the everyday ways", () => {
    expect(maskPhonesInText(story)).toBe(
      "Pak RT (+62 812-•••••-890) bagi amplop, hubungi juga +62 813-•••••-222 atau +62 857-•••••-444.",
    );
  });

  it("lists the full numbers once each, in E.164", () => {
    expect(phoneNumbersIn(`${story} Sekali lagi: 0812 3456 7890`)).toEqual([
      "+6281234567890",
      "+6281311112222",
      "+6285733334444",
    ]);
  });

  it("masks a number glued to letters or inside a link", () => {
    expect(maskPhonesInText("hp081234567890, https://wa.me/6281234567890?text=halo")).toBe(
      "hp+62 812-•••••-890, https://wa.me/+62 812-•••••-890?text=halo",
    );
  });

  it.each([
    ["a NIK", "NIK saya 1906012345678901"],
    ["a landline", "kantor desa 0717 123456"],
    ["an amount", "uang Rp 50.000 per orang, 200 orang"],
    ["a date and time", "27/11/2024 jam 08.00"],
    ["a longer digit run", "rekening 9908123456789012"],
  ])("leaves %s alone", (_what, text) => {
    expect(maskPhonesInText(text)).toBe(text);
    expect(phoneNumbersIn(text)).toEqual([]);
  });
});
