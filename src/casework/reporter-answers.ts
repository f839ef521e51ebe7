import type { EventHandler } from "../conversations/conductor";
import type { FlowAction } from "../engine/runtime";
import type { Say } from "../engine/types";
import { textOf } from "../engine/values";
import { isQuestionTicket, questionTicketPrefix } from "../questions/actions";
import { recordAskerAnswer } from "../questions/answers";
import { createReportHandlers, type ReportHandlerDeps, reportForCode } from "../reports/handlers";
import { findTicketCodes } from "../reports/ticket-code";
import { reportEvents } from "../storage/schema";
import { reportEventAad } from "./report-detail";

/**
 * The pure steps of the `balas <kode> [PIN]` flow: the canonical ticket code in what was typed
 * (a report's, else a question's), as `ticket`, nothing when there is no valid code (the flow
 * then says "not found"); and which kind of ticket it is, as `ticketKind`.
 */
export function createReporterAnswerActions(deps: {
  ticketPrefix: string;
}): Record<string, FlowAction> {
  return {
    read_reply_code(_params, context) {
      const typed = textOf(context.vars.argument);
      const [code] = [
        ...findTicketCodes(typed, deps.ticketPrefix),
        ...findTicketCodes(typed, questionTicketPrefix),
      ];
      return code ? { vars: { ticket: code } } : {};
    },
    reply_ticket_kind(_params, context) {
      return {
        vars: { ticketKind: isQuestionTicket(textOf(context.vars.ticket)) ? "question" : "report" },
      };
    },
  };
}

/**
 * The conductor's handler for an answer to an officer (`reporter_answered`, from the
 * `officer_reply` flow). About a question, it joins the question's timeline. About a report, it
 * joins the report's timeline as a `reporter_message`, its text sealed; files sent with it
 * become evidence of the report, as with `tambah bukti`.
 */
export function createReporterAnswerHandlers(
  deps: ReportHandlerDeps,
): Record<string, EventHandler> {
  const { keyring } = deps;
  const { evidence_added: addEvidence } = createReportHandlers(deps);
  return {
    async reporter_answered(tx, event, context) {
      const code = textOf(event.vars.ticket);
      if (isQuestionTicket(code)) {
        return recordAskerAnswer(tx, keyring, code, textOf(event.vars.answer), context);
      }
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
