import { hash, verify } from "@node-rs/argon2";

/** NIST SP 800-63B: at least 8 characters (we ask 10), no composition rules, long ones allowed. */
export const minPasswordLength = 10;
/** Long enough for any passphrase; the bound keeps a megabyte "password" from reaching argon2. */
export const maxPasswordLength = 200;

export type PasswordPolicyError = "too_short" | "too_long";

/**
 * argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane), which are also the library's
 * defaults; spelled out so an upgrade of the library cannot change them silently.
 */
const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * NFKC so the same passphrase typed on two keyboards (composed "é" vs "e" + accent) hashes the
 * same, as 800-63B recommends. Applied on both hashing and verifying.
 */
function normalize(password: string): string {
  return password.normalize("NFKC");
}

/** Length in characters (code points), not UTF-16 units: "🔑" counts as one. */
function characterCount(text: string): number {
  return [...text].length;
}

export function checkPasswordPolicy(password: string): PasswordPolicyError | undefined {
  const length = characterCount(normalize(password));
  if (length < minPasswordLength) return "too_short";
  if (length > maxPasswordLength) return "too_long";
  return undefined;
}

/** A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with its own random salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), argon2Options);
}

/** False, never an exception, for a wrong password or a damaged hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalize(password));
  } catch {
    return false;
  }
}
