import { and, eq, inArray, isNull } from "drizzle-orm";
import { mediaAad } from "../conversations/conductor";
import type { Say } from "../engine/types";
import type { Translator } from "../i18n/translator";
import type { Keyring } from "../privacy/keyring";
import { createQuestionCasework } from "../questions/staff-work";
import type { ReportStage } from "../reports/categories";
import { reportAad } from "../reports/sealing";
import type { AppDatabase, Tx } from "../storage/database";
import { contacts, media, reportEvents, reportEvidence, reports, staff } from "../storage/schema";
import { type Actor, cleanText, createAudit, requireActing, textLimits, type Via } from "./acting";
import { CaseworkError } from "./errors";
import { type EnterAnswering, reportRecipients, writeNotice, writeOfficerMessage } from "./notify";
import { listQueue, type QueueFilters, stageCounts } from "./queue";
import {
  findScopedReport,
  loadReportDetail,
  phoneNumbersInReport,
  reportEventAad,
} from "./report-detail";
import { inScope, regionScopeCondition } from "./scope";
import { checkStageChange, noteRoleFor, type StageChangeInput, type Track } from "./stages";

export { type Actor, textLimits, type Via } from "./acting";

export interface Identity {
  reporter: { name: string; address: string; phone: string; nik?: string } | null;
  /** The witnesses the reporter named (names and addresses). */
  witnesses: string | null;
  /** A relayed witness's contact, kept with their consent. */
  witness: string | null;
  /** Mobile numbers typed in the report's texts, in full (masked everywhere else). */
  phoneNumbers: string[];
}

export interface CaseworkDeps {
  database: AppDatabase;
  keyring: Keyring;
  translator: Translator;
  clock: () => Date;
  /** Nudges the outbox sender for these contacts after a commit. */
  nudge: (contactIds: string[]) => Promise<void>;
  /**
   * Puts a conversation into "answering an officer" about a ticket (a report or a question),
   * if the person is idle; called with the contact row locked. False when they are busy.
   */
  enterAnswering?: EnterAnswering;
}

/** Staff work on reports and question tickets: every read is scoped, every change audited. */
export function createCasework(deps: CaseworkDeps) {
  const { database, keyring, translator, clock } = deps;
  const db = database.db;

  const audit = createAudit(keyring, clock);

  async function afterCommit(contactIds: string[]) {
    if (contactIds.length > 0) await deps.nudge(contactIds);
  }

  const questionWork = createQuestionCasework({
    database,
    keyring,
    translator,
    clock,
    enterAnswering: deps.enterAnswering,
    audit,
    afterCommit,
  });

  /** Locks the people a report answers to, then the report (the conductor's order). */
  async function lockReport(tx: Tx, actor: Actor, ticket: string) {
    const peek = await findScopedReport(tx, actor, ticket);
    if (!peek) throw new CaseworkError("not_found");
    const ids = [peek.contactId, peek.relayerContactId].filter((id): id is string => !!id);
    if (ids.length > 0) {
      await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(inArray(contacts.id, ids))
        .for("update");
    }
    const report = await findScopedReport(tx, actor, ticket, { forUpdate: true });
    if (!report) throw new CaseworkError("not_found");
    return report;
  }

  function stageNotice(
    ticket: string,
    stage: ReportStage,
    input: StageChangeInput,
    relayed: boolean,
  ): Say {
    const role = noteRoleFor(stage);
    const note = input.note?.trim();
    let detail: Say | string = "";
    if (stage === "diteruskan" && input.forwardedTo) {
      detail = {
        key: "casework:detail.forwarded",
        params: { body: { key: `casework:body.${input.forwardedTo}` } },
      };
    }
    if (note) {
      const key = role ? `casework:detail.${role}` : "casework:detail.note";
      const noteSay = { key, params: { text: note } };
      detail =
        typeof detail === "string"
          ? noteSay
          : { key: "casework:detail_pair", params: { first: detail, second: noteSay } };
    }
    return {
      key: relayed ? "casework:stage_changed_relayed" : "casework:stage_changed",
      params: { code: ticket, stage: { key: `status:stage.${stage}` }, detail },
    };
  }

  return {
    list: (actor: Actor, filters: QueueFilters, options: { cursor?: string; limit?: number }) =>
      listQueue(db, keyring, actor, filters, { now: clock(), ...options }),

    counts: (actor: Actor, filters: QueueFilters) => stageCounts(db, actor, filters),

    detail: (actor: Actor, ticket: string) => loadReportDetail(db, keyring, actor, ticket),

    async changeStage(actor: Actor, ticket: string, input: StageChangeInput, via: Via) {
      requireActing(actor);
      const note = input.note === undefined ? undefined : cleanText(input.note, textLimits.note);
      const notified = await db.transaction(async (tx) => {
        const report = await lockReport(tx, actor, ticket);
        const from = report.stage as ReportStage;
        const refusal = checkStageChange(report.track as Track, from, { ...input, note });
        if (refusal) throw new CaseworkError(refusal);
        const now = clock();
        await tx
          .update(reports)
          .set({ stage: input.stage, stageUpdatedAt: now })
          .where(eq(reports.id, report.id));
        await tx.insert(reportEvents).values({
          reportId: report.id,
          kind: "stage",
          staffId: actor.id,
          fromStage: from,
          toStage: input.stage,
          bodySealed: note ? keyring.seal(note, reportEventAad) : null,
          meta: input.forwardedTo ? { forwardedTo: input.forwardedTo } : null,
          at: now,
        });
        await audit(tx, actor, via, "stage_changed", ticket, {
          detail: {
            from,
            to: input.stage,
            ...(input.forwardedTo ? { forwardedTo: input.forwardedTo } : {}),
          },
        });
        // Marking spam hides a report; its sender is not told (it would only invite more).
        if (input.stage === "spam") return [];
        const recipients = await reportRecipients(tx, report);
        const say = stageNotice(
          ticket,
          input.stage,
          { ...input, note },
          report.relayedByOrgId !== null,
        );
        for (const recipient of recipients) {
          await writeNotice(tx, keyring, translator, recipient, say, now);
        }
        return recipients.map((recipient) => recipient.contactId);
      });
      await afterCommit(notified);
    },

    async addNote(actor: Actor, ticket: string, text: unknown, via: Via) {
      requireActing(actor);
      const note = cleanText(text, textLimits.note);
      await db.transaction(async (tx) => {
        const report = await findScopedReport(tx, actor, ticket);
        if (!report) throw new CaseworkError("not_found");
        await tx.insert(reportEvents).values({
          reportId: report.id,
          kind: "note",
          staffId: actor.id,
          bodySealed: keyring.seal(note, reportEventAad),
          at: clock(),
        });
        await audit(tx, actor, via, "note_added", ticket);
      });
    },

    async reply(actor: Actor, ticket: string, text: unknown, via: Via) {
      requireActing(actor);
      const reply = cleanText(text, textLimits.reply);
      const notified = await db.transaction(async (tx) => {
        const report = await lockReport(tx, actor, ticket);
        const recipients = await reportRecipients(tx, report);
        if (recipients.length === 0) throw new CaseworkError("no_recipient");
        const now = clock();
        await tx.insert(reportEvents).values({
          reportId: report.id,
          kind: "reply",
          staffId: actor.id,
          bodySealed: keyring.seal(reply, reportEventAad),
          at: now,
        });
        for (const recipient of recipients) {
          await writeOfficerMessage(
            tx,
            deps,
            recipient,
            { kind: "report", ticket, text: reply },
            now,
          );
        }
        await audit(tx, actor, via, "reply_sent", ticket);
        return recipients.map((recipient) => recipient.contactId);
      });
      await afterCommit(notified);
    },

    /** Who filed (or witnessed) a report; takes a written reason and is logged. */
    async unseal(actor: Actor, ticket: string, reason: unknown, via: Via): Promise<Identity> {
      if (actor.role !== "admin" && actor.role !== "officer") throw new CaseworkError("forbidden");
      if (typeof reason !== "string" || reason.trim().length < textLimits.reasonMin) {
        throw new CaseworkError("reason_required");
      }
      const why = cleanText(reason, textLimits.reasonMax);
      return db.transaction(async (tx) => {
        const report = await findScopedReport(tx, actor, ticket);
        if (!report) throw new CaseworkError("not_found");
        const phoneNumbers = await phoneNumbersInReport(tx, keyring, report);
        if (
          !report.reporterSealed &&
          !report.witnessSealed &&
          !report.witnessesSealed &&
          phoneNumbers.length === 0
        ) {
          throw new CaseworkError("no_identity");
        }
        const now = clock();
        await tx.insert(reportEvents).values({
          reportId: report.id,
          kind: "unsealed",
          staffId: actor.id,
          bodySealed: keyring.seal(why, reportEventAad),
          at: now,
        });
        await audit(tx, actor, via, "identity_unsealed", ticket, { reason: why });
        return {
          reporter: report.reporterSealed
            ? keyring.openJson<NonNullable<Identity["reporter"]>>(
                report.reporterSealed,
                reportAad.reporter,
              )
            : null,
          witnesses: report.witnessesSealed
            ? keyring.openText(report.witnessesSealed, reportAad.witnesses)
            : null,
          witness: report.witnessSealed
            ? keyring.openText(report.witnessSealed, reportAad.witness)
            : null,
          phoneNumbers,
        };
      });
    },

    async assign(actor: Actor, ticket: string, staffId: string | null, via: Via) {
      requireActing(actor);
      await db.transaction(async (tx) => {
        const report = await findScopedReport(tx, actor, ticket, { forUpdate: true });
        if (!report) throw new CaseworkError("not_found");
        let name = "";
        if (staffId !== null) {
          const [member] = await tx
            .select({ name: staff.name, role: staff.role, regionCode: staff.regionCode })
            .from(staff)
            .where(and(eq(staff.id, staffId), isNull(staff.disabledAt)));
          // Only someone who may see the report can handle it.
          if (
            !member ||
            member.role === "viewer" ||
            !inScope(
              { id: staffId, role: member.role, regionCode: member.regionCode },
              report.regionCode,
            )
          ) {
            throw new CaseworkError("invalid");
          }
          name = member.name;
        }
        const now = clock();
        await tx.update(reports).set({ assignedTo: staffId }).where(eq(reports.id, report.id));
        await tx.insert(reportEvents).values({
          reportId: report.id,
          kind: "assigned",
          staffId: actor.id,
          meta: staffId ? { to: name } : {},
          at: now,
        });
        await audit(tx, actor, via, "assigned", ticket, { detail: { to: staffId } });
      });
    },

    /** A file's original bytes, if it belongs to a report in scope. */
    async evidenceFile(actor: Actor, mediaId: number) {
      const condition = regionScopeCondition(actor, reports.regionCode);
      const [row] = await db
        .select({
          mimeType: media.mimeType,
          sha256: media.sha256,
          contentSealed: media.contentSealed,
          ticket: reports.ticketCode,
        })
        .from(media)
        .innerJoin(reportEvidence, eq(reportEvidence.mediaId, media.id))
        .innerJoin(reports, eq(reports.id, reportEvidence.reportId))
        .where(and(eq(media.id, mediaId), ...(condition ? [condition] : [])))
        .limit(1);
      if (!row?.contentSealed) return undefined;
      return {
        id: mediaId,
        mimeType: row.mimeType,
        sha256: row.sha256,
        ticket: row.ticket,
        bytes: keyring.open(row.contentSealed, mediaAad),
      };
    },

    ...questionWork,
  };
}

export type Casework = ReturnType<typeof createCasework>;
