import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Keyring } from "../privacy/keyring";
import { maskPhonesInText, phoneNumbersIn } from "../privacy/phone";
import type { ReportStage } from "../reports/categories";
import { reportAad } from "../reports/sealing";
import type { DbOrTx } from "../storage/database";
import {
  media,
  organizations,
  reportEvents,
  reportEvidence,
  reports,
  staff,
} from "../storage/schema";
import { regionScopeCondition, type StaffScope } from "./scope";
import { nextStages } from "./stages";

export const reportEventAad = "report_events.body";

export type EvidenceItem =
  | {
      id: number;
      kind: "file";
      mediaId: number;
      mimeType: string;
      byteSize: number;
      sha256: string | null;
      /** "stored", "pending" (still being fetched from the channel) or "failed". */
      fetchState: string;
      addedAt: Date;
    }
  | { id: number; kind: "link"; url: string; addedAt: Date };

export interface TimelineEntry {
  id: number;
  at: Date;
  kind: string;
  staffName: string | null;
  fromStage: string | null;
  toStage: string | null;
  text: string | null;
  meta: Record<string, string> | null;
}

export interface ReportDetail {
  id: string;
  ticket: string;
  type: "report" | "tip";
  stage: ReportStage;
  category: string;
  categoryOther: string | null;
  regionCode: string | null;
  channel: string;
  createdAt: Date;
  stageUpdatedAt: Date;
  happenedOn: string;
  knownOn: string;
  pastReportingWindow: boolean;
  story: string;
  terlapor: string | null;
  /** Witnesses are named with their addresses: sealed like the reporter (unseal to read). */
  hasWitnesses: boolean;
  onlineUrl: string | null;
  location: { latitude: number; longitude: number } | null;
  missingForFormal: string[];
  relayedBy: { id: string; name: string } | null;
  assignedTo: { id: string; name: string } | null;
  /**
   * Whether there is something sealed to unseal: the reporter, witnesses, a relayed witness, or
   * mobile numbers typed in the report's texts.
   */
  identitySealed: boolean;
  /** Whether the bot can still reach whoever filed it (erased reporters cannot be). */
  reachable: boolean;
  evidence: EvidenceItem[];
  timeline: TimelineEntry[];
  nextStages: ReportStage[];
}

type ReportRow = typeof reports.$inferSelect;

/** The report row behind a ticket, only within the staff member's scope. */
export async function findScopedReport(
  db: DbOrTx,
  scope: StaffScope,
  ticket: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReportRow | undefined> {
  const condition = regionScopeCondition(scope, reports.regionCode);
  const query = db
    .select()
    .from(reports)
    .where(and(eq(reports.ticketCode, ticket), ...(condition ? [condition] : [])));
  const [row] = await (options.forUpdate ? query.for("update") : query);
  return row;
}

const openOptional = (keyring: Keyring, sealed: string | null, aad: string) =>
  sealed ? keyring.openText(sealed, aad) : null;

/** Timeline entries whose text the reporter wrote (staff writing is theirs, not the reporter's). */
const reporterEventKinds = ["reporter_message"];

/** The report's own texts, opened once. */
function openReportTexts(keyring: Keyring, report: ReportRow) {
  return {
    story: keyring.openText(report.storySealed, reportAad.story),
    terlapor: openOptional(keyring, report.terlaporSealed, reportAad.terlapor),
    categoryOther: openOptional(keyring, report.categoryOtherSealed, reportAad.categoryOther),
    onlineUrl: openOptional(keyring, report.onlineUrlSealed, reportAad.onlineUrl),
  };
}

/** The numbers in everything the reporter wrote: the report's texts, links, answers. */
function reporterNumbers(
  texts: ReturnType<typeof openReportTexts>,
  links: string[],
  answers: (string | null)[],
): string[] {
  return phoneNumbersIn(
    [texts.story, texts.terlapor, texts.categoryOther, texts.onlineUrl, ...links, ...answers]
      .filter((text) => text !== null)
      .join("\n"),
  );
}

/**
 * The mobile numbers the reporter typed anywhere in a report (story, terlapor, category, links,
 * answers to officers), in full: what an unseal shows beside the identity.
 */
export async function phoneNumbersInReport(
  db: DbOrTx,
  keyring: Keyring,
  report: ReportRow,
): Promise<string[]> {
  const answers = await db
    .select({ bodySealed: reportEvents.bodySealed })
    .from(reportEvents)
    .where(
      and(eq(reportEvents.reportId, report.id), inArray(reportEvents.kind, reporterEventKinds)),
    );
  const links = await db
    .select({ linkSealed: reportEvidence.linkSealed })
    .from(reportEvidence)
    .where(and(eq(reportEvidence.reportId, report.id), isNotNull(reportEvidence.linkSealed)));
  return reporterNumbers(
    openReportTexts(keyring, report),
    links.map((row) => keyring.openText(row.linkSealed ?? "", reportAad.link)),
    answers.map((row) => openOptional(keyring, row.bodySealed, reportEventAad)),
  );
}

/**
 * Everything about one report except who filed it and the mobile numbers typed in its texts
 * (masked here; both take an unseal).
 */
export async function loadReportDetail(
  db: DbOrTx,
  keyring: Keyring,
  scope: StaffScope,
  ticket: string,
): Promise<ReportDetail | undefined> {
  const report = await findScopedReport(db, scope, ticket);
  if (!report) return undefined;
  const [organization] = report.relayedByOrgId
    ? await db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, report.relayedByOrgId))
    : [];
  const [assignee] = report.assignedTo
    ? await db
        .select({ id: staff.id, name: staff.name })
        .from(staff)
        .where(eq(staff.id, report.assignedTo))
    : [];
  const evidenceRows = await db
    .select({
      id: reportEvidence.id,
      mediaId: reportEvidence.mediaId,
      linkSealed: reportEvidence.linkSealed,
      addedAt: reportEvidence.addedAt,
      mimeType: media.mimeType,
      byteSize: media.byteSize,
      sha256: media.sha256,
      fetchState: media.fetchState,
    })
    .from(reportEvidence)
    .leftJoin(media, eq(media.id, reportEvidence.mediaId))
    .where(eq(reportEvidence.reportId, report.id))
    .orderBy(asc(reportEvidence.id));
  const evidence: EvidenceItem[] = [];
  for (const row of evidenceRows) {
    if (row.linkSealed) {
      evidence.push({
        id: row.id,
        kind: "link",
        url: keyring.openText(row.linkSealed, reportAad.link),
        addedAt: row.addedAt,
      });
    } else if (row.mediaId !== null && row.mimeType !== null) {
      evidence.push({
        id: row.id,
        kind: "file",
        mediaId: row.mediaId,
        mimeType: row.mimeType,
        byteSize: row.byteSize ?? 0,
        sha256: row.sha256,
        fetchState: row.fetchState ?? "stored",
        addedAt: row.addedAt,
      });
    }
  }
  const timeline = (
    await db
      .select({
        id: reportEvents.id,
        at: reportEvents.at,
        kind: reportEvents.kind,
        staffName: staff.name,
        fromStage: reportEvents.fromStage,
        toStage: reportEvents.toStage,
        bodySealed: reportEvents.bodySealed,
        meta: reportEvents.meta,
      })
      .from(reportEvents)
      .leftJoin(staff, eq(staff.id, reportEvents.staffId))
      .where(eq(reportEvents.reportId, report.id))
      .orderBy(asc(reportEvents.id))
  ).map(({ bodySealed, ...entry }) => ({
    ...entry,
    text: openOptional(keyring, bodySealed, reportEventAad),
  }));
  const texts = openReportTexts(keyring, report);
  const typedNumbers = reporterNumbers(
    texts,
    evidence.flatMap((item) => (item.kind === "link" ? [item.url] : [])),
    timeline.filter((entry) => reporterEventKinds.includes(entry.kind)).map((entry) => entry.text),
  );
  // Masked in everything shown, staff writing too: a number copied into a note stays masked.
  const masked = (text: string | null) => (text === null ? null : maskPhonesInText(text));
  const location = report.locationSealed
    ? keyring.openJson<{ latitude: number; longitude: number }>(
        report.locationSealed,
        reportAad.location,
      )
    : null;
  const type = report.track === "report" ? "report" : "tip";
  return {
    id: report.id,
    ticket: report.ticketCode,
    type,
    stage: report.stage as ReportStage,
    category: report.category,
    categoryOther: masked(texts.categoryOther),
    regionCode: report.regionCode,
    channel: report.channel,
    createdAt: report.createdAt,
    stageUpdatedAt: report.stageUpdatedAt,
    happenedOn: report.happenedOn,
    knownOn: report.knownOn,
    pastReportingWindow: report.pastReportingWindow,
    story: maskPhonesInText(texts.story),
    terlapor: masked(texts.terlapor),
    hasWitnesses: report.witnessesSealed !== null,
    onlineUrl: masked(texts.onlineUrl),
    location: location ? { latitude: location.latitude, longitude: location.longitude } : null,
    missingForFormal: report.missingForFormal,
    relayedBy: organization ?? null,
    assignedTo: assignee ?? null,
    identitySealed:
      report.reporterSealed !== null ||
      report.witnessSealed !== null ||
      report.witnessesSealed !== null ||
      typedNumbers.length > 0,
    reachable: report.contactId !== null || report.relayerContactId !== null,
    evidence: evidence.map((item) =>
      item.kind === "link" ? { ...item, url: maskPhonesInText(item.url) } : item,
    ),
    timeline: timeline.map((entry) => ({ ...entry, text: masked(entry.text) })),
    nextStages: nextStages(type, report.stage as ReportStage),
  };
}
