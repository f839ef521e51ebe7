import { randomBytes } from "node:crypto";
import type { FlowAction } from "../engine/runtime";
import type { EngineEvent, JsonValue, Say } from "../engine/types";
import { textOf } from "../engine/values";
import { jakartaDate } from "../knowledge/calendar";
import { daysBetween, formatIndonesianDate } from "../knowledge/indonesian-dates";
import { reportingWindowDays } from "./categories";
import { placeOf } from "./parsers";
import { generatePin } from "./pin";
import { generateTicketCode } from "./ticket-code";

/** What a formal report would still lack (keys shown to the person and to staff). */
export function missingForFormal(vars: Readonly<Record<string, JsonValue>>): string[] {
  const missing: string[] = [];
  if (vars.track !== "report") missing.push("identity");
  if (!textOf(vars.terlapor)) missing.push("terlapor");
  if (!textOf(vars.witnesses)) missing.push("witnesses");
  const links = Array.isArray(vars.evidence) ? vars.evidence.length : 0;
  if (links + Number(vars.evidenceFiles ?? 0) === 0) missing.push("evidence");
  if (vars.pastWindow === true) missing.push("deadline");
  missing.push("signed_form");
  return missing;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The pure actions of the report flow. `random` is injectable so tests can fix codes. */
export function createReportActions(deps: {
  ticketPrefix: string;
  dataController: string | undefined;
  draftRetentionDays: number;
  random?: (size: number) => Uint8Array;
  /** "Kab. Belitung Timur" for any code within it; undefined above kab/kota level. */
  regencyName?: (code: string) => string | undefined;
}): Record<string, FlowAction> {
  const random = deps.random ?? randomBytes;
  return {
    /** What a report told in one message already says, before asking what is missing. */
    describe_understood(_params, { vars, language }) {
      const category = textOf(vars.category);
      const where = placeOf(vars.place);
      const happenedOn = textOf(vars.happenedOn);
      const lines: Say[] = [
        "report:understood_intro",
        {
          key: "report:summary_category",
          params: { value: { key: `report:category.${category}` } },
        },
        where
          ? { key: "report:summary_place", params: { value: where.name } }
          : "report:understood_place_missing",
        happenedOn
          ? {
              key: "report:understood_when",
              params: { value: formatIndonesianDate(happenedOn, language) },
            }
          : "report:understood_when_missing",
        "report:understood_story",
      ];
      return { say: lines, compact: true };
    },

    privacy_notice() {
      return {
        say: [
          {
            key: "privacy:notice",
            params: {
              controller: deps.dataController ?? { key: "privacy:controller_unset" },
              draftDays: String(deps.draftRetentionDays),
            },
          },
        ],
      };
    },

    known_if_today(_params, { vars, now }) {
      const today = textOf(vars.happenedOn) === jakartaDate(now);
      const known: Record<string, JsonValue> = today
        ? { happenedToday: true, knownSame: "yes" }
        : { happenedToday: false };
      return { vars: known };
    },

    reporting_window(_params, { vars, now }) {
      const happenedOn = textOf(vars.happenedOn);
      let knownOn = vars.knownSame === "yes" ? happenedOn : textOf(vars.knownOn) || happenedOn;
      if (knownOn < happenedOn) knownOn = happenedOn; // learned of it before it happened: no
      const elapsed = daysBetween(knownOn, jakartaDate(now));
      return {
        vars: {
          knownOn,
          pastWindow: elapsed > reportingWindowDays,
          windowDaysLeft: Math.max(0, reportingWindowDays - elapsed),
        },
      };
    },

    summarize(_params, { vars, language }) {
      const lines: Say[] = ["report:summary_title"];
      const category = textOf(vars.category);
      lines.push(
        category === "lainnya" && textOf(vars.categoryOther)
          ? { key: "report:summary_category_other", params: { value: textOf(vars.categoryOther) } }
          : {
              key: "report:summary_category",
              params: { value: { key: `report:category.${category}` } },
            },
      );
      const where = placeOf(vars.place);
      if (category === "online") {
        lines.push({ key: "report:summary_url", params: { value: textOf(vars.onlineUrl) } });
        const regency = placeOf(vars.onlineRegency);
        if (regency) lines.push({ key: "report:summary_place", params: { value: regency.name } });
      } else if (where) {
        lines.push({ key: "report:summary_place", params: { value: where.name } });
      }
      lines.push({
        key: "report:summary_dates",
        params: {
          happened: formatIndonesianDate(textOf(vars.happenedOn), language),
          known: formatIndonesianDate(textOf(vars.knownOn), language),
        },
      });
      lines.push({
        key: "report:summary_story",
        params: { value: truncate(textOf(vars.story), 400) },
      });
      lines.push(
        textOf(vars.terlapor)
          ? { key: "report:summary_terlapor", params: { value: textOf(vars.terlapor) } }
          : "report:summary_terlapor_unknown",
      );
      lines.push(
        textOf(vars.witnesses)
          ? { key: "report:summary_witnesses", params: { value: textOf(vars.witnesses) } }
          : "report:summary_witnesses_none",
      );
      lines.push({
        key: "report:summary_evidence",
        params: {
          files: String(Number(vars.evidenceFiles ?? 0)),
          links: String(Array.isArray(vars.evidence) ? vars.evidence.length : 0),
        },
      });
      const identified = vars.track === "report";
      lines.push(
        identified
          ? {
              key:
                vars.pastWindow === true
                  ? "report:summary_identified_late"
                  : "report:summary_identified",
              params: { name: textOf(vars.reporterName) },
            }
          : "report:summary_anonymous",
      );
      lines.push({
        key: "report:summary_missing",
        params: { value: { list: missingForFormal(vars).map((item) => `report:missing.${item}`) } },
      });
      return { say: lines, compact: true };
    },

    submit_report(_params, { vars, now, startedAt }) {
      const ticketCode = generateTicketCode(deps.ticketPrefix, random);
      const pin = generatePin(random);
      const regionCode = placeOf(vars.place)?.code ?? placeOf(vars.onlineRegency)?.code;
      const regencyName = regionCode ? deps.regencyName?.(regionCode) : undefined;
      const event: EngineEvent = {
        type: "action",
        name: "report_submitted",
        params: { ticketCode, pin, submittedAt: now.toISOString(), startedAt: startedAt ?? null },
        vars: { ...vars },
      };
      return {
        vars: {
          ticketCode,
          pin,
          receiptRegion: regencyName ? "region" : "none",
          regencyName: regencyName ?? "",
        },
        events: [event],
      };
    },
  };
}
