import type { EventHandler } from "../conversations/conductor";
import type { FlowAction } from "../engine/runtime";
import type { Say } from "../engine/types";
import { textOf } from "../engine/values";
import { createReportHandlers, type ReportHandlerDeps, reportForCode } from "../reports/handlers";
import { findTicketCodes } from "../reports/ticket-code";
import { reportEvents } from "../storage/schema";
import { reportEventAad } from "./report-detail";

/**
 * The pure step of the `balas <kode> [PIN]` flow: the canonical ticket code in what was typed,
 * as `ticket`; nothing when there is no valid code (the flow then says "not found").
 */
export function createReporterAnswerActions(deps: {
  ticketPrefix: string;
}): Record<string, FlowAction> {
  return {
    read_reply_code(_params, context) {
      const [code] = findTicketCodes(textOf(context.vars.argument), deps.ticketPrefix);
      return code ? { vars: { ticket: code } } : {};
    },
  };
}

/**
 * The conductor's handler for a reporter's answer to an officer (`reporter_answered`, from the
 * `officer_reply` flow): the answer joins the report's timeline as a `reporter_message`, its
 * text sealed; files sent with it become evidence of the report, as with `tambah bukti`.
 */
export function createReporterAnswerHandlers(
  deps: ReportHandlerDeps,
): Record<string, EventHandler> {
  const { keyring } = deps;
  const { evidence_added: addEvidence } = createReportHandlers(deps);
  return {
    async reporter_answered(tx, event, context) {
      const code = textOf(event.vars.ticket);
      const argument = textOf(event.vars.argument);
      const { report, locked } = code ? await reportForCode(tx, code, argument, context) : {};
      if (locked) return ["status:pin_locked"];
      if (!report) return ["status:not_found"];
      const text = textOf(event.vars.answer).trim();
      const files = typeof event.vars.answerFiles === "number" ? event.vars.answerFiles : 0;
      await tx.insert(reportEvents).values({
        reportId: report.id,
        kind: "reporter_message",
        staffId: null,
        bodySealed: text ? keyring.seal(text, reportEventAad) : null,
        meta: files > 0 ? { files: String(files) } : null,
        at: context.now,
      });
      const said: Say[] = [{ key: "officer:answer_sent", params: { code: report.ticketCode } }];
      if (files > 0 && addEvidence) {
        // The files of this message (sent since the run started) become the report's evidence.
        const added = await addEvidence(
          tx,
          { ...event, vars: { argument: argument || report.ticketCode, evidence: [] } },
          context,
        );
        said.push(...(added ?? []));
      }
      return said;
    },
  };
}
