import {
  bigserial,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { reports } from "./reports";
import { staff } from "./staff";

/**
 * A report's timeline: stage changes, internal notes, replies to the reporter, the reporter's
 * answers, assignments and unseals. What people wrote (`bodySealed`) is sealed; what staff
 * filter and count by (kind, stage, when, who) is not.
 */
export const reportEvents = pgTable(
  "report_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    /** "stage" | "note" | "reply" | "reporter_message" | "assigned" | "unsealed" | "linked" | "unlinked". */
    kind: text("kind").notNull(),
    /** Null for the reporter's own messages. */
    staffId: uuid("staff_id").references(() => staff.id, { onDelete: "set null" }),
    fromStage: text("from_stage"),
    toStage: text("to_stage"),
    /** The note, reply, answer, reason or outcome, sealed. */
    bodySealed: text("body_sealed"),
    /** Non-sensitive details: the body a case was forwarded to, the officer assigned… */
    meta: jsonb("meta").$type<Record<string, string>>(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("report_events_report_idx").on(t.reportId, t.id)],
);

/** Staff-confirmed duplicates: the pair is stored once, lower id first. */
export const reportLinks = pgTable(
  "report_links",
  {
    reportA: uuid("report_a")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    reportB: uuid("report_b")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    linkedBy: uuid("linked_by").references(() => staff.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportA, t.reportB] })],
);
