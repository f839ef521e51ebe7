/**
 * The pure steps of `/siaran` (flows/siaran.ts): reading the texts, the audience and the time a
 * staff member types, and keeping their role and area for the run. No I/O; the handlers in
 * telegram-compose-handlers.ts read the database.
 */
import type { FlowAction, InputParser, ParseResult, StepContext } from "../engine/runtime";
import { hasWords, isDoneWord, normalizeWords } from "../engine/text";
import type { JsonValue, Say } from "../engine/types";
import { recordOf, textOf } from "../engine/values";
import type { RegionResolver } from "../regions/resolver";
import { withinRegion } from "./broadcasts";
import { parseSendTime } from "./send-time";
import { createSubscriptionParsers, type PlacesValue, placesOf } from "./subscriptions";

/** The longest text a broadcast may have (as in the console). */
export const maxBroadcastText = 4000;

/** `sendAt` of the run: "now", or the instant as an ISO string. */
export const sendNow = "now";

/** Saying there is no English text (besides "lewati", "skip", "-"). */
const noEnglishWords = new Set([
  "tanpa",
  "kosong",
  "tidak perlu",
  "tidak usah",
  "ga usah",
  "gak usah",
  "tanpa bahasa inggris",
  "no english",
  "without english",
]);

/** The officer's whole area (or, for an admin, every province served). */
const wholeAreaWords = new Set([
  "semua",
  "semuanya",
  "seluruh",
  "seluruhnya",
  "semua wilayah",
  "seluruh wilayah",
  "wilayah saya",
  "wilayah tugas",
  "wilayah tugas saya",
  "seluruh wilayah tugas",
  "seluruh wilayah saya",
  "all",
  "everywhere",
  "all regions",
  "my area",
  "whole area",
  "my whole area",
]);

/** The composer as the run keeps it (from the conductor's `staff` fact at `/siaran`). */
export interface Composer {
  role: "admin" | "officer";
  /** An officer's area (their limit, and `semua`); null = every region served. */
  scope: string | null;
}

export function composerOf(vars: Readonly<Record<string, JsonValue>>): Composer {
  const scope = textOf(vars.scope);
  return {
    role: vars.role === "officer" ? "officer" : "admin",
    scope: scope === "" ? null : scope,
  };
}

/** The run's draft, as the preview and `kirim` read it. */
export interface Draft {
  text: string;
  textEn: string | null;
  places: PlacesValue;
  /** null = now. */
  sendAt: Date | null;
}

export function draftOf(vars: Readonly<Record<string, JsonValue>>): Draft | undefined {
  const text = textOf(vars.text);
  const places = placesOf(vars.audience);
  const when = textOf(vars.sendAt);
  if (text === "" || !places || when === "") return undefined;
  const sendAt = when === sendNow ? null : new Date(when);
  if (sendAt && Number.isNaN(sendAt.getTime())) return undefined;
  const textEn = textOf(vars.textEn);
  return { text, textEn: textEn === "" ? null : textEn, places, sendAt };
}

function readText(typed: string): ParseResult {
  const text = typed.replace(/\r\n?/g, "\n").trim();
  if (!hasWords(text)) return { ok: false, error: "broadcast:text_needed" };
  // "/siaran" again, "/start"…: a command, not what subscribers should read.
  if (/^\/[a-z]/i.test(text)) return { ok: false, error: "broadcast:text_command" };
  if (text.length > maxBroadcastText) {
    return {
      ok: false,
      error: {
        key: "broadcast:text_too_long",
        params: { max: String(maxBroadcastText), length: String(text.length) },
      },
    };
  }
  return { ok: true, value: text };
}

export function createBroadcastComposeParsers(deps: {
  regions: RegionResolver;
}): Record<string, InputParser> {
  const { regions } = deps;
  const places = createSubscriptionParsers(deps).subscription_places as InputParser;
  const describeAll = (codes: string[]) => codes.map((code) => regions.describe(code)).join(", ");
  const placesValue = (codes: string[]): { [key: string]: JsonValue } => ({
    codes,
    names: describeAll(codes),
  });

  /** Places typed the way `langganan` reads them, held to the composer's area. */
  function audience(text: string, context: StepContext): ParseResult {
    const { scope } = composerOf(context.vars);
    const area = scope === null ? "" : regions.describe(scope);
    const outside = (names: string): ParseResult => ({
      ok: false,
      error: { key: "broadcast:audience_outside", params: { places: names, area } },
    });
    if (scope !== null && wholeAreaWords.has(normalizeWords(text))) {
      return { ok: true, value: placesValue([scope]) };
    }
    const read = places(text, context);
    if (read.ok === true) {
      const chosen = placesOf(read.value);
      if (!chosen) return { ok: false, error: "broadcast:audience_needed" };
      // A broadcast goes exactly where it says: a name not understood is asked again, not dropped.
      const skipped = textOf(recordOf(read.value)?.skipped);
      if (skipped !== "") {
        return {
          ok: false,
          error: { key: "broadcast:audience_unknown", params: { typed: skipped } },
        };
      }
      const beyond = chosen.codes.filter((code) => !withinRegion(code, scope));
      if (beyond.length > 0) return outside(describeAll(beyond));
      return { ok: true, value: placesValue(chosen.codes) };
    }
    if (read.ok === "offer") {
      const options = read.options.filter((option) =>
        (placesOf(option.value)?.codes ?? []).every((code) => withinRegion(code, scope)),
      );
      if (options.length === 0) {
        return outside(read.options.map((option) => option.label).join(", "));
      }
      const say = read.say.map(
        (line): Say => (line === "subscribe:pick_from_list" ? "broadcast:audience_pick" : line),
      );
      return { ok: "offer", say, options };
    }
    return { ok: false, error: "broadcast:audience_needed" };
  }

  return {
    broadcast_text: (text) => readText(text),
    broadcast_text_en: (text) => {
      const typed = normalizeWords(text);
      if (
        /^[-\u2010-\u2015]+$/.test(text.trim()) ||
        isDoneWord(text) ||
        noEnglishWords.has(typed)
      ) {
        return { ok: true, value: null };
      }
      return readText(text);
    },
    broadcast_audience: audience,
    broadcast_send_time: (text, context) => {
      const read = parseSendTime(text, context.now);
      if (!read.ok) return { ok: false, error: `broadcast:when_${read.reason}` };
      return { ok: true, value: read.at ? read.at.toISOString() : sendNow };
    },
  };
}

export function createBroadcastComposeActions(deps: {
  regions: RegionResolver;
}): Record<string, FlowAction> {
  return {
    /** Keeps who composes (the `staff` fact the flow checked) for the steps that follow. */
    broadcast_compose_begin(_params, context) {
      const staff = recordOf(context.facts?.staff);
      const role = staff?.role === "officer" ? "officer" : "admin";
      const region = role === "officer" ? textOf(staff?.region) : "";
      return {
        vars: {
          role,
          scope: region === "" ? null : region,
          scopeKind: region === "" ? "all" : "area",
          scopeName: region === "" ? "" : deps.regions.describe(region),
        },
      };
    },
  };
}
