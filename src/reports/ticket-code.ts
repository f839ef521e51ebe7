import { randomBytes } from "node:crypto";

/**
 * Ticket codes look like `LPR-7K3M-Q9ZD`: a fixed 3-letter prefix, then 8 characters of Crockford
 * base32 (7 random + 1 check character). Residents read them aloud and retype them on phones, so
 * the alphabet drops I, L, O and U, and parsing forgives case, spacing and O/I/L look-alikes.
 *
 * Codes are random, not sequential, so they don't leak report volume and can't be enumerated.
 * Uniqueness is not guaranteed here (32^7 ≈ 3.4e10 codes): the database holds a unique index and
 * callers generate a fresh code and retry when an insert collides.
 *
 * Check character
 * ---------------
 * The check character is in the same 32-symbol alphabet (Crockford's mod-37 symbols `*~$=U`
 * clash with WhatsApp formatting). Integer arithmetic mod 32 cannot do the job: a weighted sum
 * catches every substitution at position i only if w_i is odd, and every adjacent transposition
 * only if w_i − w_{i+1} is odd, and two odd weights have an even difference. So symbols are
 * treated as elements of the field GF(32) = GF(2)[x]/(x^5 + x^2 + 1) (5-bit values; addition is
 * XOR) and the 8 symbols d_0..d_7 (d_7 = check) must satisfy
 *
 *   Σ α^(7−i) · d_i = 0,   α = x (a primitive element, order 31)
 *
 * evaluated by Horner's rule as `s = α·s ⊕ d`. Because GF(32) is a field and the weights
 * α^7..α^0 are distinct and non-zero, this provably catches:
 * - every single-character substitution (error e ≠ 0 changes the sum by α^k·e ≠ 0);
 * - every transposition of two different characters, adjacent or not, check character included
 *   (the sum changes by (d_i ⊕ d_j)·(α^a ⊕ α^b) ≠ 0);
 * - every "twin" error aa → bb at adjacent positions (same product as a transposition).
 * Other errors (e.g. two unrelated substitutions) slip through with probability 1/32.
 */

/** Crockford base32: digits and letters minus I, L, O, U. Index = symbol value. */
export const TICKET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Same shape as `crypto.randomBytes`; injectable so tests can pin down the output. */
export type RandomBytes = (size: number) => Uint8Array;

const PAYLOAD_LENGTH = 7;
const CODE_LENGTH = PAYLOAD_LENGTH + 1;
const PREFIX_PATTERN = /^[A-Z]{3}$/;
/** x^5 + x^2 + 1, the reduction polynomial for GF(32). */
const FIELD_POLYNOMIAL = 0b100101;

/** Whitespace (incl. NBSP, zero-width) and dashes people or keyboards put inside a code. */
const SEPARATOR_CLASS = "\\s\\u200B-\\u200D\\u2060\\uFEFF\\-\\u2010-\\u2015\\u2212";
const SEPARATORS = new RegExp(`[${SEPARATOR_CLASS}]+`, "g");

function assertPrefix(prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new RangeError(
      `ticket prefix must be exactly 3 letters A-Z, got ${JSON.stringify(prefix)}`,
    );
  }
}

function symbolValue(char: string): number {
  const value = TICKET_ALPHABET.indexOf(char);
  if (value < 0) throw new RangeError(`not a ticket code character: ${JSON.stringify(char)}`);
  return value;
}

/** Horner step `α·s ⊕ d` in GF(32): multiply by x is a shift, reduced when degree 5 appears. */
function step(state: number, symbol: number): number {
  let shifted = state << 1;
  if (shifted & 0b100000) shifted ^= FIELD_POLYNOMIAL;
  return shifted ^ symbol;
}

/** The Horner sum over canonical symbols; 0 for a complete, valid 8-character code. */
function checksum(chars: string): number {
  let state = 0;
  for (const char of chars) state = step(state, symbolValue(char));
  return state;
}

/**
 * Check character for a 7-character canonical payload: the d_7 that makes `α·s ⊕ d_7 = 0`,
 * i.e. α·s (in characteristic 2, −v = v).
 */
export function computeCheckChar(payload: string): string {
  if (payload.length !== PAYLOAD_LENGTH) {
    throw new RangeError(`ticket payload must be ${PAYLOAD_LENGTH} characters`);
  }
  const check = TICKET_ALPHABET[step(checksum(payload), 0)];
  if (check === undefined) throw new Error("unreachable: GF(32) value out of range");
  return check;
}

/** True when 8 canonical characters (payload + check) satisfy the check equation. */
export function hasValidCheck(code: string): boolean {
  return code.length === CODE_LENGTH && checksum(code) === 0;
}

function format(prefix: string, code: string): string {
  return `${prefix}-${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A new random ticket code such as `LPR-7K3M-Q9ZD`. Callers retry on a unique-index collision. */
export function generateTicketCode(prefix: string, random: RandomBytes = randomBytes): string {
  assertPrefix(prefix);
  const bytes = random(PAYLOAD_LENGTH);
  if (bytes.length < PAYLOAD_LENGTH) throw new Error("random source returned too few bytes");
  let payload = "";
  // 256 is a multiple of 32, so the low 5 bits of a uniform byte are uniform: no bias.
  for (let i = 0; i < PAYLOAD_LENGTH; i++) payload += TICKET_ALPHABET[(bytes[i] ?? 0) & 0x1f];
  return format(prefix, payload + computeCheckChar(payload));
}

/**
 * The canonical code (`LPR-7K3M-Q9ZD`) for what a resident typed, or undefined if it is not a
 * valid code with this prefix. Forgives case, spaces, dashes and surrounding punctuation
 * (`*bold*`, quotes), and reads O as 0 and I/L as 1 in the 8 code characters only: the prefix
 * is compared literally, since a prefix like `LPR` legitimately contains L.
 */
export function parseTicketCode(input: string, prefix: string): string | undefined {
  assertPrefix(prefix);
  const compact = input
    .normalize("NFKC") // full-width letters from some keyboards become ASCII
    .replace(SEPARATORS, "")
    .toUpperCase()
    .replace(/^[^A-Z0-9]+|[^A-Z0-9]+$/g, "");
  if (compact.length !== prefix.length + CODE_LENGTH) return undefined;
  if (!compact.startsWith(prefix)) return undefined;
  const code = compact.slice(prefix.length).replace(/O/g, "0").replace(/[IL]/g, "1");
  for (const char of code) if (!TICKET_ALPHABET.includes(char)) return undefined;
  return hasValidCheck(code) ? format(prefix, code) : undefined;
}

/**
 * Valid codes with this prefix found inside a longer message ("cek LPR-7K3M-Q9ZD tolong"), in
 * order of first appearance, without duplicates. Candidates must stand alone (not glued to other
 * letters or digits) and must pass `parseTicketCode`, check character included.
 */
export function findTicketCodes(text: string, prefix: string): string[] {
  assertPrefix(prefix);
  // Up to 3 separator characters between any two characters, as parseTicketCode allows them.
  const gap = `[${SEPARATOR_CLASS}]{0,3}`;
  const candidate = new RegExp(
    `(?<![0-9A-Za-z])${prefix}(?:${gap}[0-9A-Za-z]){${CODE_LENGTH}}(?![0-9A-Za-z])`,
    "gi",
  );
  const found: string[] = [];
  for (const match of text.normalize("NFKC").matchAll(candidate)) {
    const code = parseTicketCode(match[0], prefix);
    if (code !== undefined && !found.includes(code)) found.push(code);
  }
  return found;
}
