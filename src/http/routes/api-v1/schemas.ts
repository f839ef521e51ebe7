import { z } from "@hono/zod-openapi";
import { forwardTargets } from "../../../casework/stages";
import { reportCategories, reportStages } from "../../../reports/categories";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "not_found" }),
      message: z.string().openapi({ example: "Laporan tidak ditemukan." }),
    }),
  })
  .openapi("Error");

const regionCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const flag = z.enum(["true", "false"]).transform((value) => value === "true");

export const QueueQuerySchema = z.object({
  type: z.enum(["report", "tip"]).optional().openapi({ description: "laporan or informasi awal" }),
  stage: z.enum(reportStages).optional(),
  category: z.enum(reportCategories).optional(),
  region: regionCode.optional().openapi({ description: "A Kemendagri code: that area and below" }),
  from: isoDay.optional().openapi({ description: "Filed on or after this WIB day" }),
  to: isoDay.optional().openapi({ description: "Filed on or before this WIB day" }),
  channel: z.enum(["webchat", "telegram", "whatsapp"]).optional(),
  organization: z.string().uuid().optional().openapi({ description: "Relayed by this ormas" }),
  hasEvidence: flag.optional(),
  incomplete: flag.optional().openapi({ description: "Still lacks something for a formal report" }),
  ticket: z.string().max(40).optional(),
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Words in the story; searches the newest 2000 reports of 90 days" }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const QueueItemSchema = z
  .object({
    ticket: z.string().openapi({ example: "LPR-0123-4568" }),
    type: z.enum(["report", "tip"]),
    stage: z.enum(reportStages),
    category: z.string(),
    regionCode: z.string().nullable(),
    createdAt: z.string().datetime(),
    channel: z.string(),
    ageDays: z.number().int(),
    windowDaysLeft: z.number().int(),
    hasEvidence: z.boolean(),
    relayedBy: z.string().nullable(),
    assignedTo: z.string().nullable(),
    missingForFormal: z.array(z.string()),
  })
  .openapi("QueueItem");

export const QueueSchema = z
  .object({
    items: z.array(QueueItemSchema),
    nextCursor: z.string().optional(),
    searchedReports: z.number().int().optional(),
  })
  .openapi("Queue");

export const TicketParam = z.object({
  ticket: z
    .string()
    .max(40)
    .openapi({ param: { name: "ticket", in: "path" }, example: "LPR-0123-4568" }),
});

export const ReportSchema = z
  .object({
    ticket: z.string(),
    type: z.enum(["report", "tip"]),
    stage: z.enum(reportStages),
    category: z.string(),
    categoryOther: z.string().nullable(),
    regionCode: z.string().nullable(),
    channel: z.string(),
    createdAt: z.string().datetime(),
    stageUpdatedAt: z.string().datetime(),
    happenedOn: z.string(),
    knownOn: z.string(),
    pastReportingWindow: z.boolean(),
    story: z.string(),
    terlapor: z.string().nullable(),
    hasWitnesses: z
      .boolean()
      .openapi({ description: "Witnesses are identities: unseal to read them" }),
    onlineUrl: z.string().nullable(),
    location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    missingForFormal: z.array(z.string()),
    relayedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    assignedTo: z.object({ id: z.string(), name: z.string() }).nullable(),
    identitySealed: z.boolean().openapi({ description: "POST …/unseal with a reason to see it" }),
    reachable: z.boolean(),
    evidence: z.array(
      z.object({
        id: z.number(),
        kind: z.enum(["file", "link"]),
        mediaId: z.number().optional(),
        mimeType: z.string().optional(),
        byteSize: z.number().optional(),
        sha256: z.string().nullable().optional(),
        fetchState: z.string().optional(),
        url: z.string().optional(),
        addedAt: z.string().datetime(),
      }),
    ),
    timeline: z.array(
      z.object({
        at: z.string().datetime(),
        kind: z.string(),
        staffName: z.string().nullable(),
        fromStage: z.string().nullable(),
        toStage: z.string().nullable(),
        text: z.string().nullable(),
        meta: z.record(z.string(), z.string()).nullable(),
      }),
    ),
    nextStages: z.array(z.enum(reportStages)),
  })
  .openapi("Report");

export const StageChangeSchema = z
  .object({
    stage: z.enum(reportStages),
    note: z.string().max(2000).optional().openapi({
      description:
        "Sent to the reporter. Required for perlu_dilengkapi (what is missing), tidak_diregistrasi and ditutup (the reason), selesai (the outcome) and spam",
    }),
    forwardedTo: z
      .enum(forwardTargets)
      .optional()
      .openapi({ description: "Required for diteruskan" }),
  })
  .openapi("StageChange");

export const TextSchema = z.object({ text: z.string().min(1).max(2000) }).openapi("Text");
export const ReasonSchema = z.object({ reason: z.string().min(10).max(500) }).openapi("Reason");
export const AssignSchema = z.object({ staffId: z.string().uuid().nullable() }).openapi("Assign");

export const IdentitySchema = z
  .object({
    reporter: z
      .object({
        name: z.string(),
        address: z.string(),
        phone: z.string(),
        nik: z.string().optional(),
      })
      .nullable(),
    witnesses: z.string().nullable(),
    witness: z.string().nullable(),
    phoneNumbers: z
      .array(z.string())
      .openapi({ description: "Mobile numbers typed in the report's texts, in full (E.164)" }),
  })
  .openapi("Identity");

export const OkSchema = z.object({ ok: z.literal(true) }).openapi("Ok");

export const AuditSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.number(),
        at: z.string().datetime(),
        staffEmail: z.string().nullable(),
        action: z.string(),
        subject: z.string().nullable(),
        detail: z.record(z.string(), z.unknown()).nullable(),
        reason: z.string().nullable(),
        via: z.string(),
      }),
    ),
    nextCursor: z.number().optional(),
  })
  .openapi("AuditLog");

export const AuditQuerySchema = z.object({
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  subject: z.string().max(60).optional(),
  action: z.string().max(40).optional(),
});
