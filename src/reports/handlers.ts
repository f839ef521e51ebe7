import { and, eq, gte, isNull, ne } from "drizzle-orm";
import type { EventContext, EventHandler } from "../conversations/conductor";
import { RetryableConflictError } from "../conversations/conductor";
import type { JsonValue, Language, Say } from "../engine/types";
import { textOf } from "../engine/values";
import { jakartaDate } from "../knowledge/calendar";
import { formatIndonesianDate } from "../knowledge/indonesian-dates";
import type { Keyring } from "../privacy/keyring";
import type { Tx } from "../storage/database";
import {
  abandonedDrafts,
  contacts,
  inboundMessages,
  media,
  outbox,
  questionTickets,
  reportEvents,
  reportEvidence,
  reports,
  subscriptions,
} from "../storage/schema";
import { missingForFormal } from "./actions";
import { placeOf } from "./parsers";
import { hashPin, normalizePinInput, verifyPin } from "./pin";
import { reportAad, sealOptional } from "./sealing";
import { findTicketCodes } from "./ticket-code";

const placeCode = (value: JsonValue | undefined): string | null => placeOf(value)?.code ?? null;

/**
 * Who relayed a report, when a relayer passed it on for a witness: the organisation is the
 * one the contact belongs to now (the database, not the conversation, is the authority), and
 * the witness's contact is kept only with their consent, sealed.
 */
async function provenance(
  tx: Tx,
  keyring: Keyring,
  vars: Record<string, JsonValue>,
  contactId: string,
): Promise<{ relayedByOrgId?: string; relayerContactId?: string; witnessSealed?: string | null }> {
  if (vars.relay !== "relay") return {};
  const [row] = await tx
    .select({ orgId: contacts.relayerOrgId })
    .from(contacts)
    .where(eq(contacts.id, contactId));
  if (!row?.orgId) return {};
  const witness = vars.witnessConsent === "yes" ? textOf(vars.witnessContact) : "";
  return {
    relayedByOrgId: row.orgId,
    relayerContactId: contactId,
    witnessSealed: sealOptional(keyring, witness, reportAad.witness),
  };
}

/** Wrong PINs before a report stops answering PIN lookups for a while. */
const maxPinFailures = 5;
const pinLockMs = 15 * 60_000;

export interface ReportHandlerDeps {
  keyring: Keyring;
  ticketPrefix: string;
  evidenceMaxBytes: number;
}

/** Files this contact sent since `since` that no report holds yet; they become evidence. */
async function unattachedMedia(tx: Tx, contactId: string, since: Date) {
  return tx
    .select({ id: media.id, byteSize: media.byteSize })
    .from(media)
    .leftJoin(reportEvidence, eq(reportEvidence.mediaId, media.id))
    .where(
      and(eq(media.contactId, contactId), gte(media.receivedAt, since), isNull(reportEvidence.id)),
    )
    .orderBy(media.id);
}

/** Bytes of files a report already holds. */
async function evidenceBytes(tx: Tx, reportId: string): Promise<number> {
  const rows = await tx
    .select({ byteSize: media.byteSize })
    .from(reportEvidence)
    .innerJoin(media, eq(media.id, reportEvidence.mediaId))
    .where(eq(reportEvidence.reportId, reportId));
  return rows.reduce((sum, row) => sum + row.byteSize, 0);
}

/** Attaches files (within the per-report limit) and links; returns how many, and files left out. */
async function attachEvidence(
  tx: Tx,
  keyring: Keyring,
  limits: { reportId: string; maxBytes: number },
  contactId: string,
  since: Date,
  links: string[],
  now: Date,
): Promise<{ attached: number; skipped: number }> {
  const { reportId, maxBytes } = limits;
  let used = await evidenceBytes(tx, reportId);
  const files: { id: number }[] = [];
  let skipped = 0;
  for (const file of await unattachedMedia(tx, contactId, since)) {
    if (used + file.byteSize > maxBytes) {
      skipped++;
      continue;
    }
    used += file.byteSize;
    files.push(file);
  }
  const rows = [
    ...files.map((file) => ({ reportId, mediaId: file.id, linkSealed: null, addedAt: now })),
    ...links.map((link) => ({
      reportId,
      mediaId: null,
      linkSealed: keyring.seal(link, reportAad.link),
      addedAt: now,
    })),
  ];
  if (rows.length > 0) await tx.insert(reportEvidence).values(rows);
  return { attached: rows.length, skipped };
}

function overLimit(skipped: number, maxBytes: number): Say[] {
  if (skipped === 0) return [];
  return [
    {
      key: "evidence:over_limit",
      params: { count: String(skipped), max: `${Math.round(maxBytes / (1024 * 1024))} MB` },
    },
  ];
}

const linksOf = (value: JsonValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

type ReportRow = typeof reports.$inferSelect;

/** A ticket code as typed, removed before reading the PIN after it. */
const typedCode = /[A-Za-z]{3}[\s-]*[0-9A-Za-z]{4}[\s-]*[0-9A-Za-z]{4}/;

/**
 * Finds the report a message names, if this person may see it: the conversation that filed
 * or relayed it, or anyone with the right PIN. Everyone else learns nothing (`undefined`), and
 * wrong PINs lock PIN lookups of that report for a while.
 */
async function reportForRequester(
  tx: Tx,
  argument: string,
  context: EventContext,
  ticketPrefix: string,
): Promise<{ report?: ReportRow; locked?: boolean }> {
  const [code] = findTicketCodes(argument, ticketPrefix);
  return code ? reportForCode(tx, code, argument, context) : {};
}

/** The same check for a code already read (`pinText` may hold a PIN typed after it). */
export async function reportForCode(
  tx: Tx,
  code: string,
  pinText: string,
  context: EventContext,
): Promise<{ report?: ReportRow; locked?: boolean }> {
  const [report] = await tx
    .select()
    .from(reports)
    .where(eq(reports.ticketCode, code))
    .for("update");
  if (!report) return {};
  if (report.contactId === context.contactId || report.relayerContactId === context.contactId) {
    return { report };
  }
  const pin = normalizePinInput(pinText.replace(typedCode, ""));
  if (!pin) return {};
  if (report.pinLockedUntil && report.pinLockedUntil > context.now) return { locked: true };
  if (await verifyPin(pin, report.pinHash)) {
    if (report.failedPinAttempts > 0 || report.pinLockedUntil !== null) {
      await tx
        .update(reports)
        .set({ failedPinAttempts: 0, pinLockedUntil: null })
        .where(eq(reports.id, report.id));
    }
    return { report };
  }
  const failures = report.failedPinAttempts + 1;
  await tx
    .update(reports)
    .set({
      failedPinAttempts: failures >= maxPinFailures ? 0 : failures,
      pinLockedUntil:
        failures >= maxPinFailures ? new Date(context.now.getTime() + pinLockMs) : null,
    })
    .where(eq(reports.id, report.id));
  return {};
}

function statusSay(report: ReportRow, language: Language): Say[] {
  const updated = formatIndonesianDate(jakartaDate(report.stageUpdatedAt), language);
  return [
    {
      key: "status:summary",
      params: {
        code: report.ticketCode,
        stage: { key: `status:stage.${report.stage}` },
        updated,
      },
    },
    `status:next.${report.stage}`,
  ];
}

/** The conductor's handlers for the report flows' events; all run in its transaction. */
export function createReportHandlers(deps: ReportHandlerDeps): Record<string, EventHandler> {
  const { keyring, ticketPrefix, evidenceMaxBytes } = deps;

  /** A handler for a report the message names (`cek KODE [PIN]`…), for those who may see it. */
  const forRequestedReport =
    (
      act: (
        tx: Tx,
        report: ReportRow,
        event: Parameters<EventHandler>[1],
        context: EventContext,
      ) => Promise<Say[]>,
    ): EventHandler =>
    async (tx, event, context) => {
      const argument = textOf(event.vars.argument);
      const { report, locked } = await reportForRequester(tx, argument, context, ticketPrefix);
      if (locked) return ["status:pin_locked"];
      if (!report) return ["status:not_found"];
      return act(tx, report, event, context);
    };
  return {
    async report_submitted(tx, event, context) {
      const vars = event.vars;
      const ticketCode = String(event.params.ticketCode);
      const pin = String(event.params.pin);
      const identified = vars.track === "report" && vars.consent === "agree";
      const pastWindow = vars.pastWindow === true;
      const reporter = identified
        ? JSON.stringify({
            name: textOf(vars.reporterName),
            address: textOf(vars.reporterAddress),
            phone: textOf(vars.reporterPhone),
            nik: textOf(vars.reporterNik) || undefined,
          })
        : null;
      const [created] = await tx
        .insert(reports)
        .values({
          ticketCode,
          pinHash: await hashPin(pin),
          contactId: context.contactId,
          channel: context.channel,
          track: identified ? "report" : "tip",
          category: textOf(vars.category),
          categoryOtherSealed: sealOptional(
            keyring,
            textOf(vars.categoryOther),
            reportAad.categoryOther,
          ),
          regionCode: placeCode(vars.place) ?? placeCode(vars.onlineRegency),
          onlineUrlSealed: sealOptional(keyring, textOf(vars.onlineUrl), reportAad.onlineUrl),
          locationSealed:
            vars.location && typeof vars.location === "object"
              ? keyring.sealJson(vars.location, reportAad.location)
              : null,
          happenedOn: textOf(vars.happenedOn),
          knownOn: textOf(vars.knownOn) || textOf(vars.happenedOn),
          pastReportingWindow: pastWindow,
          storySealed: keyring.seal(textOf(vars.story), reportAad.story),
          terlaporSealed: sealOptional(keyring, textOf(vars.terlapor), reportAad.terlapor),
          witnessesSealed: sealOptional(keyring, textOf(vars.witnesses), reportAad.witnesses),
          reporterSealed: sealOptional(keyring, reporter, reportAad.reporter),
          ...(await provenance(tx, keyring, vars, context.contactId)),
          consentAt: identified ? context.now : null,
          missingForFormal: missingForFormal(vars),
          stage: identified && !pastWindow ? "diterima" : "informasi_awal",
          stageUpdatedAt: context.now,
          createdAt: context.now,
        })
        .onConflictDoNothing({ target: reports.ticketCode })
        .returning({ id: reports.id });
      if (!created) throw new RetryableConflictError(`ticket code collision`);
      const since = event.params.startedAt ? new Date(String(event.params.startedAt)) : context.now;
      const { skipped } = await attachEvidence(
        tx,
        keyring,
        { reportId: created.id, maxBytes: evidenceMaxBytes },
        context.contactId,
        since,
        linksOf(vars.evidence),
        context.now,
      );
      return overLimit(skipped, evidenceMaxBytes);
    },

    status_requested: forRequestedReport(async (_tx, report, _event, context) =>
      statusSay(report, context.language),
    ),

    withdraw_requested: forRequestedReport(async (tx, report, _event, context) => {
      const code = report.ticketCode;
      if (report.stage === "dicabut") return [{ key: "withdraw:already", params: { code } }];
      await tx
        .update(reports)
        .set({ stage: "dicabut", stageUpdatedAt: context.now })
        .where(eq(reports.id, report.id));
      // Staff see when and from which stage the reporter withdrew; no staff member did it.
      await tx.insert(reportEvents).values({
        reportId: report.id,
        kind: "withdrawn",
        fromStage: report.stage,
        toStage: "dicabut",
        at: context.now,
      });
      return [{ key: "withdraw:done", params: { code } }];
    }),

    evidence_added: forRequestedReport(async (tx, report, event, context) => {
      const since = event.params.startedAt ? new Date(String(event.params.startedAt)) : context.now;
      const { attached, skipped } = await attachEvidence(
        tx,
        keyring,
        { reportId: report.id, maxBytes: evidenceMaxBytes },
        context.contactId,
        since,
        linksOf(event.vars.evidence),
        context.now,
      );
      return [
        { key: "evidence:added", params: { code: report.ticketCode, count: String(attached) } },
        ...overLimit(skipped, evidenceMaxBytes),
      ];
    }),

    async erase_requested(tx, _event, context) {
      const contactId = context.contactId;
      // Reports stay for Bawaslu, but no longer point to this person or say who they are.
      const anonymised = await tx
        .update(reports)
        .set({ contactId: null, reporterSealed: null })
        .where(eq(reports.contactId, contactId))
        .returning({ id: reports.id });
      // Reports relayed by this person stay with their organisation, no longer with them.
      await tx
        .update(reports)
        .set({ relayerContactId: null })
        .where(eq(reports.relayerContactId, contactId));
      const kept = await tx
        .select({ mediaId: reportEvidence.mediaId })
        .from(reportEvidence)
        .innerJoin(media, eq(media.id, reportEvidence.mediaId))
        .where(eq(media.contactId, contactId));
      const keptIds = new Set(kept.map((row) => row.mediaId));
      const own = await tx
        .select({ id: media.id })
        .from(media)
        .where(eq(media.contactId, contactId));
      for (const file of own) {
        if (keptIds.has(file.id)) {
          await tx
            .update(media)
            .set({ contactId: null, nameSealed: null })
            .where(eq(media.id, file.id));
        } else {
          await tx.delete(media).where(eq(media.id, file.id));
        }
      }
      await tx.delete(abandonedDrafts).where(eq(abandonedDrafts.contactId, contactId));
      // A question is no evidence of anything: it goes entirely; so does a subscription.
      await tx.delete(questionTickets).where(eq(questionTickets.contactId, contactId));
      await tx.delete(subscriptions).where(eq(subscriptions.contactId, contactId));
      // Belonging to an ormas or a party group says who someone is: it goes too.
      await tx
        .update(contacts)
        .set({ relayerOrgId: null, liaisonOrgId: null })
        .where(eq(contacts.id, contactId));
      await tx.delete(outbox).where(eq(outbox.contactId, contactId));
      // The message asking for erasure stays only as an id (its reply refers to it), emptied.
      await tx
        .delete(inboundMessages)
        .where(
          and(eq(inboundMessages.contactId, contactId), ne(inboundMessages.id, context.inboundId)),
        );
      await tx
        .update(inboundMessages)
        .set({ payloadSealed: null })
        .where(eq(inboundMessages.id, context.inboundId));
      return [{ key: "erase:done", params: { reports: String(anonymised.length) } }];
    },
  };
}
