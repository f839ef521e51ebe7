import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  computeCheckChar,
  findTicketCodes,
  generateTicketCode,
  hasValidCheck,
  parseTicketCode,
  TICKET_ALPHABET,
} from "../../src/reports/ticket-code.js";

/*
 * Check scheme under test: symbols are elements of GF(32) = GF(2)[x]/(x^5 + x^2 + 1), and a code
 * d_0..d_7 (d_7 = check) is valid iff Σ α^(7−i)·d_i = 0 with α = x. Claims, all tested below:
 * every single substitution and every transposition of two different characters (any two
 * positions) is rejected. Integer weights mod 32 cannot do both (also shown below).
 */

/** Deterministic stand-in for crypto.randomBytes: start, start+stride, ... (mod 256). */
const sequence = (start: number, stride: number) => (size: number) =>
  Uint8Array.from({ length: size }, (_, i) => (start + i * stride) & 0xff);

/** Reference GF(32) multiply (shift-and-add), independent of the module's Horner evaluation. */
function gfMul(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 5; i++) if ((b >> i) & 1) product ^= a << i;
  for (let bit = 8; bit >= 5; bit--) if ((product >> bit) & 1) product ^= 0b100101 << (bit - 5);
  return product;
}

function gfPow(a: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = gfMul(result, a);
  return result;
}

const WEIGHTS = Array.from({ length: 8 }, (_, i) => gfPow(2, 7 - i));

function referenceSum(code: string): number {
  let sum = 0;
  for (let i = 0; i < code.length; i++) {
    sum ^= gfMul(WEIGHTS[i] ?? 0, TICKET_ALPHABET.indexOf(code[i] ?? ""));
  }
  return sum;
}

function randomPayload(): string {
  return Array.from(randomBytes(7), (byte) => TICKET_ALPHABET[byte & 31]).join("");
}

const compact = (code: string) => code.replace(/-/g, "").slice(3);

describe("check character arithmetic", () => {
  it("uses distinct non-zero weights α^7..α^0", () => {
    // α^5 = α^2 + 1 = 5, α^6 = 10, α^7 = α^4 + α^2 = 20.
    expect(WEIGHTS).toEqual([20, 10, 5, 16, 8, 4, 2, 1]);
    expect(new Set(WEIGHTS).size).toBe(8);
  });

  it("matches hand-computed examples", () => {
    expect(computeCheckChar("0000000")).toBe("0"); // all-zero sum
    expect(computeCheckChar("0000001")).toBe("2"); // 1·α = 2
    expect(computeCheckChar("0000010")).toBe("4"); // 1·α^2 = 4
    expect(computeCheckChar("1000000")).toBe("M"); // 1·α^7 = 20 = "M"
    // Horner trace for 7K3MQ9Z = 7,19,3,20,23,9,31, s ← α·s ⊕ d (α·s: shift, XOR 37 if ≥ 32):
    // 0→7; 14⊕19=29; 58⊕37=31, ⊕3=28; 56⊕37=29, ⊕20=9; 18⊕23=5; 10⊕9=3; 6⊕31=25.
    // Check = α·25 = 50⊕37 = 23 = "Q".
    expect(computeCheckChar("7K3MQ9Z")).toBe("Q");
  });

  it("agrees with an independent weighted-sum implementation", () => {
    for (let n = 0; n < 500; n++) {
      const payload = randomPayload();
      const code = payload + computeCheckChar(payload);
      expect(referenceSum(code)).toBe(0);
      expect(hasValidCheck(code)).toBe(true);
    }
  });

  it("catches every single substitution and every two-position transposition", () => {
    // Collected rather than asserted one by one: ~270k checks, and expect() per check is slow.
    const missed: string[] = [];
    let tried = 0;
    for (let n = 0; n < 1000; n++) {
      const payload = randomPayload();
      const code = [...payload, computeCheckChar(payload)];
      for (let i = 0; i < 8; i++) {
        for (const replacement of TICKET_ALPHABET) {
          if (replacement === code[i]) continue;
          const mutated = code.with(i, replacement).join("");
          tried++;
          if (hasValidCheck(mutated)) missed.push(mutated);
        }
        for (let j = i + 1; j < 8; j++) {
          if (code[i] === code[j]) continue;
          const swapped = code
            .with(i, code[j] ?? "")
            .with(j, code[i] ?? "")
            .join("");
          tried++;
          if (hasValidCheck(swapped)) missed.push(swapped);
        }
      }
    }
    expect(tried).toBeGreaterThan(1000 * 8 * 31);
    expect(missed).toEqual([]);
  });

  it("catches every twin error aa → bb", () => {
    const payload = "0000000";
    const base = [...payload, computeCheckChar(payload)];
    for (let i = 0; i < 7; i++) {
      for (const twin of TICKET_ALPHABET.slice(1)) {
        const mutated = base.with(i, twin).with(i + 1, twin);
        expect(hasValidCheck(mutated.join(""))).toBe(false);
      }
    }
  });

  it("explains why integer weights mod 32 were not used", () => {
    // For every pair of adjacent weights, some substitution or adjacent transposition is missed.
    for (let w1 = 0; w1 < 32; w1++) {
      for (let w2 = 0; w2 < 32; w2++) {
        let catchesAll = true;
        for (let a = 0; a < 32 && catchesAll; a++) {
          for (let b = 0; b < 32 && catchesAll; b++) {
            if (a === b) continue;
            if ((w1 * (a - b)) % 32 === 0 || (w2 * (a - b)) % 32 === 0) catchesAll = false;
            if (((w1 - w2) * (a - b)) % 32 === 0) catchesAll = false;
          }
        }
        expect(catchesAll).toBe(false);
      }
    }
  });
});

describe("generateTicketCode", () => {
  it("produces golden codes from a fixed random source", () => {
    expect(generateTicketCode("LPR", sequence(0, 1))).toBe("LPR-0123-4568");
    expect(generateTicketCode("LPR", sequence(7, 37))).toBe("LPR-7CHP-V055");
    expect(generateTicketCode("LPR", () => Uint8Array.from([255, 254, 128, 65, 19, 42, 156]))).toBe(
      "LPR-ZY01-KAWB",
    );
    expect(generateTicketCode("AWS", sequence(200, 11))).toBe("AWS-8KY9-MZA5");
  });

  it("produces well-formed, self-parsing codes from crypto randomness", () => {
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) {
      const code = generateTicketCode("LPR");
      expect(code).toMatch(/^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(parseTicketCode(code, "LPR")).toBe(code);
      seen.add(code);
    }
    expect(seen.size).toBe(200);
  });

  it("rejects a bad prefix", () => {
    for (const prefix of ["LP", "LPRS", "lpr", "LP1", "LPÉ"]) {
      expect(() => generateTicketCode(prefix)).toThrow(RangeError);
    }
  });
});

describe("parseTicketCode", () => {
  const golden = "LPR-7K3M-Q9ZQ";

  it("accepts spacing, case and formatting variants", () => {
    for (const input of [
      "LPR-7K3M-Q9ZQ",
      "lpr 7k3m q9zq",
      "LPR7K3MQ9ZQ",
      "*LPR-7K3M-Q9ZQ*",
      '"LPR-7K3M-Q9ZQ".',
      "  LPR\u00a07K3M\u00a0Q9ZQ  ",
      "LPR–7K3M–Q9ZQ", // en dashes from autocorrect
      "ＬＰＲ-７Ｋ３Ｍ-Ｑ９ＺＱ", // full-width
      "_LPR - 7K3M - Q9ZQ_",
    ]) {
      expect(parseTicketCode(input, "LPR"), input).toBe(golden);
    }
  });

  it("folds O to 0 and I/L to 1 in the code characters only", () => {
    const code = "LPR-1000-000M";
    expect(parseTicketCode("LPR-1OOO-000M", "LPR")).toBe(code);
    expect(parseTicketCode("LPR-l000-000m", "LPR")).toBe(code);
    expect(parseTicketCode("LPR-I0o0-000M", "LPR")).toBe(code);
    // The prefix is literal: L stays L, and 1PR is not LPR.
    expect(parseTicketCode("1PR-1000-000M", "LPR")).toBeUndefined();
    expect(parseTicketCode("IPR-1000-000M", "LPR")).toBeUndefined();
    expect(parseTicketCode("0AA-0000-0000", "OAA")).toBeUndefined();
    expect(parseTicketCode("OAA-OOOO-OOOO", "OAA")).toBe("OAA-0000-0000");
  });

  it("rejects a wrong check character, prefix, length or alphabet", () => {
    expect(parseTicketCode("LPR-7K3M-Q9ZD", "LPR")).toBeUndefined(); // check should be Q
    expect(parseTicketCode("ABC-7K3M-Q9ZQ", "LPR")).toBeUndefined();
    expect(parseTicketCode("LPR-7K3M-Q9Z", "LPR")).toBeUndefined();
    expect(parseTicketCode("LPR-7K3M-Q9ZQQ", "LPR")).toBeUndefined();
    expect(parseTicketCode("7K3M-Q9ZQ", "LPR")).toBeUndefined();
    expect(parseTicketCode("LPR-UK3M-Q9ZQ", "LPR")).toBeUndefined();
    expect(parseTicketCode("LPR-7K3M.Q9ZQ", "LPR")).toBeUndefined();
    expect(parseTicketCode("LPR-7K3M-Q9Z*", "LPR")).toBeUndefined();
    expect(parseTicketCode("", "LPR")).toBeUndefined();
  });

  it("rejects every single-character substitution of golden codes", () => {
    for (const code of [golden, "LPR-0123-4568", "LPR-ZY01-KAWB", "LPR-1000-000M"]) {
      const chars = [...compact(code)];
      for (let i = 0; i < chars.length; i++) {
        for (const replacement of TICKET_ALPHABET) {
          if (replacement === chars[i]) continue;
          const mutated = `LPR${chars.with(i, replacement).join("")}`;
          expect(parseTicketCode(mutated, "LPR"), mutated).toBeUndefined();
        }
      }
    }
  });

  it("rejects every adjacent transposition of a golden code", () => {
    const chars = [...compact(golden)];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (chars[i] === chars[i + 1]) continue;
      const swapped = chars.with(i, chars[i + 1] ?? "").with(i + 1, chars[i] ?? "");
      expect(parseTicketCode(`LPR${swapped.join("")}`, "LPR")).toBeUndefined();
    }
  });
});

describe("findTicketCodes", () => {
  it("finds valid codes inside a message", () => {
    expect(findTicketCodes("cek LPR-7K3M-Q9ZQ tolong", "LPR")).toEqual(["LPR-7K3M-Q9ZQ"]);
    expect(findTicketCodes("status *lpr 7k3m q9zq*?", "LPR")).toEqual(["LPR-7K3M-Q9ZQ"]);
    expect(findTicketCodes("LPR-0123-4568, LPR-ZY01-KAWB dan LPR01234568", "LPR")).toEqual([
      "LPR-0123-4568",
      "LPR-ZY01-KAWB",
    ]);
    expect(findTicketCodes("kode saya: LPR-1OOO-OOOM.", "LPR")).toEqual(["LPR-1000-000M"]);
  });

  it("ignores invalid, glued or foreign-prefix codes", () => {
    expect(findTicketCodes("cek LPR-7K3M-Q9ZD tolong", "LPR")).toEqual([]);
    expect(findTicketCodes("XLPR-7K3M-Q9ZQ", "LPR")).toEqual([]);
    expect(findTicketCodes("LPR-7K3M-Q9ZQX", "LPR")).toEqual([]);
    expect(findTicketCodes("AWS-8KY9-MZA5", "LPR")).toEqual([]);
    expect(findTicketCodes("tidak ada kode di sini", "LPR")).toEqual([]);
  });
});
