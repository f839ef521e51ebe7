/**
 * Linking a staff member's Telegram account (issue #7; `/siaran` relies on it). The console
 * issues a one-time code; the staff member sends `/tautkan KODE` to the bot in a private chat,
 * and the Telegram contact that sent it becomes theirs.
 *
 * A code is 8 Crockford base32 characters (40 random bits, shown `XXXX-XXXX`, always with a
 * digit so that the bot can tell it from a word), valid 15 minutes, used once. Only its SHA-256
 * is stored, and only the newest code of a staff member works.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, inArray, isNotNull, isNull, lt, ne, or } from "drizzle-orm";
import type { ChannelId } from "../channels/types";
import { type RandomBytes, TICKET_ALPHABET } from "../reports/ticket-code";
import type { DbOrTx } from "../storage/database";
import { staff, staffLinkCodes } from "../storage/schema";
import type { StaffRole } from "./accounts";

export const telegramLinkCodeTtlMs = 15 * 60_000;
const codeLength = 8;

/** Whitespace (incl. NBSP, zero-width) and dashes people or keyboards put inside a code. */
const separators = /[\s\u200B-\u200D\u2060\uFEFF\-\u2010-\u2015\u2212]+/g;

export type TelegramLinkResult =
  | { ok: true; staffId: string; staffName: string }
  /** Only a Telegram conversation can be linked (the web chat and WhatsApp cannot). */
  | { ok: false; reason: "telegram_only" }
  /** Unknown, mistyped, used, expired, replaced, or its account disabled: never said which. */
  | { ok: false; reason: "invalid_code" };

/** The staff member behind a linked Telegram contact. */
export interface LinkedStaff {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  regionCode: string | null;
}

const hashCode = (canonical: string) =>
  createHash("sha256").update(canonical, "utf8").digest("hex");

/** 8 random symbols with at least one digit (rejection sampling keeps them uniform). */
function generateCode(random: RandomBytes): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const bytes = random(codeLength);
    if (bytes.length < codeLength) throw new Error("random source returned too few bytes");
    let code = "";
    // 256 is a multiple of 32, so the low 5 bits of a uniform byte are uniform: no bias.
    for (let i = 0; i < codeLength; i++) code += TICKET_ALPHABET[(bytes[i] ?? 0) & 0x1f];
    if (/\d/.test(code)) return code;
  }
  throw new Error("random source never produced a code with a digit");
}

/** `XXXX-XXXX`, as the console shows it. */
export function formatLinkCode(canonical: string): string {
  return `${canonical.slice(0, 4)}-${canonical.slice(4)}`;
}

/**
 * The 8 canonical characters for what someone typed, or undefined when it cannot be a code.
 * Forgives case, spaces, dashes, surrounding punctuation, and reads O as 0 and I/L as 1.
 */
export function parseLinkCode(typed: string): string | undefined {
  const compact = typed
    .normalize("NFKC")
    .replace(separators, "")
    .toUpperCase()
    .replace(/^[^A-Z0-9]+|[^A-Z0-9]+$/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (compact.length !== codeLength) return undefined;
  for (const char of compact) if (!TICKET_ALPHABET.includes(char)) return undefined;
  return compact;
}

/**
 * A new code for this staff member, returned formatted (`7K3M-Q9ZD`): the only time it exists
 * outside the caller. Their earlier unused codes stop working (and long-dead codes of anyone
 * are cleared away).
 */
export async function issueTelegramLinkCode(
  db: DbOrTx,
  staffId: string,
  now: Date,
  random: RandomBytes = randomBytes,
): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = generateCode(random);
    const issued = await db.transaction(async (tx) => {
      await tx
        .delete(staffLinkCodes)
        .where(
          and(
            isNull(staffLinkCodes.usedAt),
            or(eq(staffLinkCodes.staffId, staffId), lt(staffLinkCodes.expiresAt, now)),
          ),
        );
      const rows = await tx
        .insert(staffLinkCodes)
        .values({
          codeHash: hashCode(code),
          staffId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + telegramLinkCodeTtlMs),
        })
        .onConflictDoNothing()
        .returning({ codeHash: staffLinkCodes.codeHash });
      return rows.length > 0;
    });
    // A collision with a stored (used) code: 1 in 10^12 per code; draw again.
    if (issued) return formatLinkCode(code);
  }
  throw new Error("could not issue a unique Telegram link code");
}

/**
 * Links the Telegram contact that sent `code` to the code's staff member. Run it inside the
 * conductor's transaction (the contact row is locked there). The code is claimed by one
 * conditional UPDATE, so it works once even when sent twice at the same moment. A contact
 * linked to another staff member before is moved: one Telegram account, one staff member.
 */
export async function linkTelegram(
  tx: DbOrTx,
  code: string,
  contactId: string,
  channel: ChannelId,
  now: Date,
): Promise<TelegramLinkResult> {
  if (channel !== "telegram") return { ok: false, reason: "telegram_only" };
  const canonical = parseLinkCode(code);
  if (!canonical) return { ok: false, reason: "invalid_code" };
  const [claimed] = await tx
    .update(staffLinkCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(staffLinkCodes.codeHash, hashCode(canonical)),
        isNull(staffLinkCodes.usedAt),
        gt(staffLinkCodes.expiresAt, now),
        inArray(
          staffLinkCodes.staffId,
          tx.select({ id: staff.id }).from(staff).where(isNull(staff.disabledAt)),
        ),
      ),
    )
    .returning({ staffId: staffLinkCodes.staffId });
  if (!claimed) return { ok: false, reason: "invalid_code" };
  await tx
    .update(staff)
    .set({ telegramContactId: null })
    .where(and(eq(staff.telegramContactId, contactId), ne(staff.id, claimed.staffId)));
  const [member] = await tx
    .update(staff)
    .set({ telegramContactId: contactId })
    .where(eq(staff.id, claimed.staffId))
    .returning({ name: staff.name });
  return { ok: true, staffId: claimed.staffId, staffName: member?.name ?? "" };
}

/**
 * Drops the staff member's Telegram link, and any code of theirs not yet used (whoever asks to
 * unlink does not want a pending code to link again). True when a link was removed.
 */
export async function unlinkTelegram(db: DbOrTx, staffId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx
      .delete(staffLinkCodes)
      .where(and(eq(staffLinkCodes.staffId, staffId), isNull(staffLinkCodes.usedAt)));
    const rows = await tx
      .update(staff)
      .set({ telegramContactId: null })
      .where(and(eq(staff.id, staffId), isNotNull(staff.telegramContactId)))
      .returning({ id: staff.id });
    return rows.length > 0;
  });
}

/** Whether the staff member has a Telegram account linked. */
export async function linkedTelegram(db: DbOrTx, staffId: string): Promise<boolean> {
  const [row] = await db
    .select({ contactId: staff.telegramContactId })
    .from(staff)
    .where(eq(staff.id, staffId));
  return Boolean(row?.contactId);
}

/**
 * The enabled staff member a contact is linked to (for `/siaran`), or undefined. A disabled
 * account keeps its link in the row but is never returned, so it grants nothing.
 */
export async function staffForContact(
  db: DbOrTx,
  contactId: string,
): Promise<LinkedStaff | undefined> {
  const [row] = await db
    .select({
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      regionCode: staff.regionCode,
    })
    .from(staff)
    .where(and(eq(staff.telegramContactId, contactId), isNull(staff.disabledAt)))
    .limit(1);
  return row;
}
