import { and, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { EventHandler } from "../conversations/conductor";
import type { FlowAction, InputParser, ParseResult } from "../engine/runtime";
import { normalizeWords } from "../engine/text";
import type { JsonValue, Say } from "../engine/types";
import { recordOf } from "../engine/values";
import type { RegionResolver } from "../regions/resolver";
import type { DbOrTx } from "../storage/database";
import { contacts, subscriptions } from "../storage/schema";

/**
 * Subscriptions to imbauan (Bawaslu's official advisories): the pure parsers and actions of the
 * `subscribe` flow, the conductor handlers that write the one row per contact, and the query a
 * broadcast uses to find its recipients.
 */

export const subscriberRoles = ["public", "relayer", "liaison"] as const;
export type SubscriberRole = (typeof subscriberRoles)[number];

/**
 * What a contact subscribes as, from what is known of them: a member of an ormas relays
 * (`relayer`), a party group's liaison is a `liaison`; anyone else is the public. (A contact is
 * never both: joining one group leaves the other.)
 */
export function subscriberRole(contact: {
  relayerOrgId: string | null;
  liaisonOrgId: string | null;
}): SubscriberRole {
  if (contact.liaisonOrgId) return "liaison";
  return contact.relayerOrgId ? "relayer" : "public";
}

/** The places a subscriber chose, as the flow keeps them: codes to store, names to show. */
export interface PlacesValue {
  /** Kemendagri codes of kab/kota or whole provinces, sorted, none inside another. */
  codes: string[];
  /** "Kab. Belitung Timur, Kota Pangkal Pinang" (literal place names, the same in any language). */
  names: string;
  /** What was typed beside them but not understood, said back before the choice is confirmed. */
  skipped?: string;
}

export function placesOf(value: JsonValue | undefined): PlacesValue | undefined {
  const record = recordOf(value);
  const codes = Array.isArray(record?.codes)
    ? record.codes.filter((code): code is string => typeof code === "string")
    : [];
  if (codes.length === 0) return undefined;
  return { codes, names: typeof record?.names === "string" ? record.names : codes.join(", ") };
}

/** The whole area served ("semua", "all"): every province in scope. */
const everywhereWords = new Set([
  "semua",
  "semuanya",
  "seluruh",
  "seluruhnya",
  "semua wilayah",
  "seluruh wilayah",
  "semua daerah",
  "seluruh daerah",
  "semua provinsi",
  "seluruh provinsi",
  "semua kabupaten",
  "semua kabupaten kota",
  "all",
  "everything",
  "everywhere",
  "all regions",
  "all areas",
]);
/** Asking for the list instead of typing a name. */
const listWords = new Set([
  "daftar",
  "lihat daftar",
  "daftar wilayah",
  "daftarnya",
  "pilih",
  "pilihan",
  "list",
  "the list",
  "show list",
  "show the list",
]);
/** "seluruh Babel", "provinsi Jambi": the whole province, not a kab/kota of the same name. */
const wholePrefix =
  /^(?:seluruh|semua|se-|whole|all of|all|entire|the whole|provinsi|propinsi|prov\.?|province of|province)\s*/;
/** Several places in one answer: "Belitung Timur, Pangkalpinang", "Bangka dan Belitung". */
const placeSeparator = /[,;\n/&+]+|\s+(?:dan|serta|and)\s+/i;
/** Longest run of words read as one name when names come without commas. */
const maxNameWords = 4;
const maxSplitWords = 12;
/** How much of what was typed is echoed back when it is not understood. */
const maxEchoLength = 40;

type PartReading =
  | { kind: "ok"; codes: string[] }
  | { kind: "choose"; codes: string[] }
  | { kind: "unknown" };

/**
 * The `subscription_places` parser (the first answer) and `subscription_places_more` (more
 * places added to those in `places`): kab/kota and whole provinces typed by name, many at once,
 * or picked from the list; a kecamatan or desa stands for its kab/kota. Anything not understood
 * is named back with the list to pick from, and may be typed again.
 */
export function createSubscriptionParsers(deps: {
  regions: RegionResolver;
}): Record<string, InputParser> {
  const { regions } = deps;
  const provinces = () => regions.childrenOf(null).map((province) => province.code);

  /** A province named by its whole answer ("babel", "Jambi"), else undefined. */
  const provinceNamed = (text: string): string | undefined => {
    const resolved = regions.resolvePlace(text);
    return resolved.kind === "exact" &&
      resolved.region.level === "province" &&
      resolved.region.score >= 0.99
      ? resolved.region.code
      : undefined;
  };
  /** A kab/kota or province named exactly and alone by `text`. */
  const exactName = (text: string): string | undefined => {
    const [best, second] = regions.findRegency(text);
    if (best && best.score >= 0.99 && !(second && second.score >= 0.99)) return best.code;
    return provinceNamed(text);
  };
  /** The kab/kota (or province) a code lies in. */
  const areaOf = (code: string): string | undefined =>
    regions.pathOf(code).find((region) => region.level === "regency")?.code ??
    regions.pathOf(code)[0]?.code;

  /** Names typed one after another without commas ("beltim pangkalpinang"). */
  const splitNames = (words: string[]): string[] | undefined => {
    if (words.length < 2 || words.length > maxSplitWords) return undefined;
    const memo = new Map<number, string[] | null>();
    const from = (start: number): string[] | null => {
      if (start === words.length) return [];
      const known = memo.get(start);
      if (known !== undefined) return known;
      let found: string[] | null = null;
      for (let end = Math.min(words.length, start + maxNameWords); end > start; end--) {
        const code = exactName(words.slice(start, end).join(" "));
        const rest = code ? from(end) : null;
        if (code && rest) {
          found = [code, ...rest];
          break;
        }
      }
      memo.set(start, found);
      return found;
    };
    const codes = from(0);
    return codes && codes.length > 1 ? codes : undefined;
  };

  const readPart = (typed: string): PartReading => {
    if (everywhereWords.has(typed)) return { kind: "ok", codes: provinces() };
    const rest = typed.replace(wholePrefix, "").trim();
    const wantsWhole = rest !== typed;
    if (rest === "") return { kind: "ok", codes: provinces() };
    const province = provinceNamed(rest);
    const regencies = regions.findRegency(rest).filter((match) => match.score >= 0.5);
    const [best, second] = regencies;
    const exactRegencies = regencies.filter((match) => match.score >= 0.99);
    if (province && (wantsWhole || exactRegencies.length === 0)) {
      return { kind: "ok", codes: [province] };
    }
    // "Jambi": the province or Kota Jambi.
    if (province)
      return { kind: "choose", codes: [province, ...exactRegencies.map((m) => m.code)] };
    if (best && best.score >= 0.7 && !(second && second.score >= best.score)) {
      return { kind: "ok", codes: [best.code] };
    }
    const close = regencies.filter((match) => match.score >= 0.7);
    if (close.length > 1) return { kind: "choose", codes: close.map((match) => match.code) };
    // A kecamatan or desa named in full stands for its kab/kota ("Manggar" → Belitung Timur).
    const place = regions.resolvePlace(rest);
    if (place.kind === "exact" && place.region.score >= 0.99) {
      const area = areaOf(place.region.code);
      if (area) return { kind: "ok", codes: [area] };
    }
    const split = splitNames(rest.split(" "));
    if (split) return { kind: "ok", codes: split };
    if (regencies.length > 0)
      return { kind: "choose", codes: regencies.map((match) => match.code) };
    return { kind: "unknown" };
  };

  /** Sorted, without repeats, and without a kab/kota whose whole province is chosen. */
  const tidy = (codes: string[]): string[] => {
    const unique = [...new Set(codes)];
    return unique
      .filter((code) => !unique.some((other) => code.startsWith(`${other}.`)))
      .sort((a, b) => a.localeCompare(b));
  };
  const placesValue = (codes: string[], skipped: string[] = []): { [key: string]: JsonValue } => {
    const tidied = tidy(codes);
    return {
      codes: tidied,
      names: tidied.map((code) => regions.describe(code)).join(", "),
      ...(skipped.length > 0 ? { skipped: echo(skipped.join(", ")) } : {}),
    };
  };
  const options = (kept: string[], codes: string[]) =>
    codes.map((code) => ({ value: placesValue([...kept, code]), label: regions.describe(code) }));
  /** Every province in scope followed by its kab/kota. */
  const everyArea = () =>
    provinces().flatMap((province) => [
      province,
      ...regions.childrenOf(province).map((regency) => regency.code),
    ]);

  const parse = (text: string, kept: string[]): ParseResult => {
    const whole = normalizeWords(text);
    if (listWords.has(whole) || /^\d+$/.test(whole)) {
      return {
        ok: "offer",
        say: ["subscribe:pick_from_list"],
        options: options(kept, everyArea()),
      };
    }
    const codes = [...kept];
    const unknown: string[] = [];
    let unclear: { typed: string; codes: string[] } | undefined;
    for (const part of text.split(placeSeparator)) {
      const typed = normalizeWords(part);
      if (typed === "") continue;
      const reading = readPart(typed);
      if (reading.kind === "ok") codes.push(...reading.codes);
      else if (reading.kind === "choose") unclear ??= { typed, codes: reading.codes };
      else unknown.push(typed);
    }
    // Some names understood: keep them and say which were not (they can be added again).
    if (unknown.length > 0 && codes.length > kept.length && !unclear) {
      return { ok: true, value: placesValue(codes, unknown) };
    }
    if (unknown.length > 0) {
      return {
        ok: "offer",
        say: [{ key: "subscribe:places_unknown", params: { typed: echo(unknown.join(", ")) } }],
        options: options(tidy(codes), everyArea()),
      };
    }
    if (unclear) {
      return {
        ok: "offer",
        say: [{ key: "subscribe:places_which", params: { typed: echo(unclear.typed) } }],
        options: options(tidy(codes), unclear.codes),
      };
    }
    if (codes.length === kept.length) return { ok: false, error: "subscribe:places_needed" };
    return { ok: true, value: placesValue(codes) };
  };

  return {
    subscription_places: (text) => parse(text, []),
    subscription_places_more: (text, context) =>
      parse(text, placesOf(context.vars.places)?.codes ?? []),
  };
}

/** What the person typed, said back safely: short, without chat formatting or "$" variables. */
function echo(typed: string): string {
  const plain = typed.replace(/[$*_~`{}]/g, "").trim();
  return plain.length > maxEchoLength ? `${plain.slice(0, maxEchoLength - 1)}…` : plain;
}

export function createSubscriptionActions(): Record<string, FlowAction> {
  return {
    /** Bahasa Indonesia and English, the conversation's own language first (the default). */
    subscription_language_choices(_params, context) {
      const order = context.language === "en" ? ["en", "id"] : ["id", "en"];
      return {
        vars: {
          languageChoices: order.map((id) => ({ id, label: `subscribe:language_${id}` })),
        },
      };
    },
  };
}

async function activeSubscription(tx: DbOrTx, contactId: string) {
  const [row] = await tx
    .select({ contactId: subscriptions.contactId })
    .from(subscriptions)
    .where(and(eq(subscriptions.contactId, contactId), isNull(subscriptions.unsubscribedAt)));
  return row;
}

/** The conductor's handlers: they write the contact's one subscription row. */
export function createSubscriptionHandlers(): Record<string, EventHandler> {
  return {
    /** Subscribing again replaces the choice: said before the person chooses. */
    async subscription_started(tx, _event, context): Promise<Say[] | undefined> {
      return (await activeSubscription(tx, context.contactId))
        ? ["subscribe:already_subscribed"]
        : undefined;
    },

    async subscription_requested(tx, event, context) {
      const places = placesOf(event.vars.places);
      if (!places) throw new Error("subscription_requested without places");
      const language = event.vars.subscriptionLanguage === "en" ? "en" : "id";
      const [contact] = await tx
        .select({ relayerOrgId: contacts.relayerOrgId, liaisonOrgId: contacts.liaisonOrgId })
        .from(contacts)
        .where(eq(contacts.id, context.contactId));
      const row = {
        regionCodes: places.codes,
        language,
        role: subscriberRole({
          relayerOrgId: contact?.relayerOrgId ?? null,
          liaisonOrgId: contact?.liaisonOrgId ?? null,
        }),
        subscribedAt: context.now,
        unsubscribedAt: null,
      };
      await tx
        .insert(subscriptions)
        .values({ contactId: context.contactId, ...row })
        .onConflictDoUpdate({ target: subscriptions.contactId, set: row });
      return undefined;
    },

    /** At once, from anywhere; status updates about one's reports are not subscriptions. */
    async unsubscribe_requested(tx, _event, context) {
      const ended = await tx
        .update(subscriptions)
        .set({ unsubscribedAt: context.now })
        .where(
          and(eq(subscriptions.contactId, context.contactId), isNull(subscriptions.unsubscribedAt)),
        )
        .returning({ contactId: subscriptions.contactId });
      return ended.length > 0 ? ["subscribe:unsubscribed"] : ["subscribe:not_subscribed"];
    },
  };
}

/**
 * Who a broadcast reaches: contacts with an active subscription who can be reached, as ids.
 * Each filter left out places no limit; a filter given as an empty list matches nobody.
 *
 * - `regions`: Kemendagri codes of the broadcast. A subscription matches when one of its codes
 *   and one of these lie on one line: the same area, inside it, or around it. A subscriber of
 *   province `19` gets a broadcast for `19.06`; a subscriber of `19.06` gets one for `19`
 *   (province-wide) and for `19.06` (or a kecamatan in it), never one for `19.01`.
 * - `channels`: the contact's channel (`telegram`, `whatsapp`, `webchat`).
 * - `roles`: `public`, `relayer`, `liaison`.
 * - `organisations`: organisation ids; a contact matches when they relay for one of them (ormas)
 *   or are a liaison of one of them (party group), whatever role their subscription says.
 *
 * Unsubscribed contacts never match, and neither do unreachable ones (`contacts.unreachable_at`,
 * set by the channel, cleared when they write again: their subscription counts again then).
 */
export async function activeSubscribers(
  db: DbOrTx,
  audience: {
    regions?: string[];
    channels?: string[];
    roles?: string[];
    organisations?: string[];
  } = {},
): Promise<string[]> {
  const conditions: SQL[] = [isNull(subscriptions.unsubscribedAt), isNull(contacts.unreachableAt)];
  if (audience.channels) conditions.push(listed(contacts.channel, audience.channels));
  if (audience.roles) conditions.push(listed(subscriptions.role, audience.roles));
  if (audience.organisations) conditions.push(memberOfAny(audience.organisations));
  if (audience.regions) conditions.push(coversAny(audience.regions));
  const rows = await db
    .select({ contactId: subscriptions.contactId })
    .from(subscriptions)
    .innerJoin(contacts, eq(contacts.id, subscriptions.contactId))
    .where(and(...conditions))
    .orderBy(subscriptions.contactId);
  return rows.map((row) => row.contactId);
}

function listed(column: typeof contacts.channel | typeof subscriptions.role, values: string[]) {
  return values.length === 0 ? sql`false` : inArray(column, values);
}

/** The contact relays for one of these organisations or is a liaison of one of them. */
function memberOfAny(organisationIds: string[]): SQL {
  if (organisationIds.length === 0) return sql`false`;
  return (
    or(
      inArray(contacts.relayerOrgId, organisationIds),
      inArray(contacts.liaisonOrgId, organisationIds),
    ) ?? sql`false`
  );
}

/** A subscription's codes and the broadcast's share a line: equal, or one inside the other. */
function coversAny(targets: string[]): SQL {
  if (targets.length === 0) return sql`false`;
  const lines = targets.map(
    (target) =>
      sql`(s.code = ${target}::text or starts_with(${target}::text, s.code || '.') or starts_with(s.code, ${target}::text || '.'))`,
  );
  return sql`exists (select 1 from jsonb_array_elements_text(${subscriptions.regionCodes}) as s(code) where ${sql.join(lines, sql` or `)})`;
}
