import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { media } from "./messages";
import { organizations } from "./organizations";
import { staff } from "./staff";

/**
 * A report (laporan) or anonymous tip (informasi awal). Everything a person wrote, and who
 * they are, is sealed; what staff filter by (category, region, dates, stage) is not.
 */
export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    ticketCode: text("ticket_code").notNull(),
    pinHash: text("pin_hash").notNull(),
    /** Null once the reporter erased their data: the report stays, anonymised. */
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    channel: text("channel").notNull(),
    /** "tip" = informasi awal (no identity); "report" = laporan (identified). */
    track: text("track").notNull(),
    category: text("category").notNull(),
    categoryOtherSealed: text("category_other_sealed"),
    /** The most specific Kemendagri code known (desa, else kecamatan, else kabupaten/kota). */
    regionCode: text("region_code"),
    onlineUrlSealed: text("online_url_sealed"),
    locationSealed: text("location_sealed"),
    /** Calendar dates in Asia/Jakarta, `YYYY-MM-DD`. */
    happenedOn: text("happened_on").notNull(),
    knownOn: text("known_on").notNull(),
    /** Known more than 7 days before filing: it can only be informasi awal. */
    pastReportingWindow: boolean("past_reporting_window").notNull(),
    storySealed: text("story_sealed").notNull(),
    terlaporSealed: text("terlapor_sealed"),
    witnessesSealed: text("witnesses_sealed"),
    reporterSealed: text("reporter_sealed"),
    /** Relayed by an organisation's member for a witness (provenance, shown to staff). */
    relayedByOrgId: uuid("relayed_by_org_id").references(() => organizations.id, {
      onDelete: "set null",
    }),
    relayerContactId: uuid("relayer_contact_id").references(() => contacts.id, {
      onDelete: "set null",
    }),
    /** The witness's contact, only with their consent; sealed like any identity. */
    witnessSealed: text("witness_sealed"),
    consentAt: timestamp("consent_at", { withTimezone: true }),
    /** What a formal report still lacks, as keys (e.g. "terlapor", "signed_form"). */
    missingForFormal: jsonb("missing_for_formal").$type<string[]>().notNull(),
    stage: text("stage").notNull(),
    stageUpdatedAt: timestamp("stage_updated_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** The officer handling it (staff console). */
    assignedTo: uuid("assigned_to").references(() => staff.id, { onDelete: "set null" }),
    failedPinAttempts: integer("failed_pin_attempts").notNull().default(0),
    pinLockedUntil: timestamp("pin_locked_until", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("reports_ticket_code_idx").on(t.ticketCode),
    index("reports_contact_idx").on(t.contactId),
    index("reports_region_idx").on(t.regionCode),
    index("reports_stage_idx").on(t.stage),
    // The staff queue pages newest first, and duplicate candidates are found by category + time.
    index("reports_created_idx").on(t.createdAt, t.id),
    index("reports_category_created_idx").on(t.category, t.createdAt),
  ],
);

/** Evidence: a file (sealed in `media`, with its SHA-256) or a link, never fetched. */
export const reportEvidence = pgTable(
  "report_evidence",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    mediaId: bigint("media_id", { mode: "number" }).references(() => media.id, {
      onDelete: "set null",
    }),
    linkSealed: text("link_sealed"),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("report_evidence_report_idx").on(t.reportId)],
);
