import { desc, eq } from "drizzle-orm";
import type { EventHandler } from "../conversations/conductor";
import type { Say } from "../engine/types";
import { jakartaDate } from "../knowledge/calendar";
import { formatIndonesianDate } from "../knowledge/indonesian-dates";
import { contacts, organizations, reports } from "../storage/schema";
import { findByInvite } from "./organizations";

/** Reports listed by `laporanku`, newest first. */
const maxListed = 10;

/** Joining an organisation, and listing one's reports (with what was relayed for whom). */
export function createOrganizationHandlers(): Record<string, EventHandler> {
  return {
    async join_requested(tx, event, context) {
      const typed = typeof event.vars.argument === "string" ? event.vars.argument : "";
      const organization = await findByInvite(tx, typed);
      if (!organization) return ["relay:join_unknown"];
      await tx
        .update(contacts)
        .set({ relayerOrgId: organization.id })
        .where(eq(contacts.id, context.contactId));
      return [{ key: "relay:joined", params: { organization: organization.name } }];
    },

    async my_reports_requested(tx, _event, context) {
      const rows = await tx
        .select({
          code: reports.ticketCode,
          category: reports.category,
          stage: reports.stage,
          createdAt: reports.createdAt,
          organization: organizations.name,
        })
        .from(reports)
        .leftJoin(organizations, eq(organizations.id, reports.relayedByOrgId))
        .where(eq(reports.contactId, context.contactId))
        .orderBy(desc(reports.createdAt))
        .limit(maxListed);
      if (rows.length === 0) return ["relay:my_reports_none"];
      const items: Say[] = rows.map((row) => ({
        key: "relay:my_reports_item",
        params: {
          code: row.code,
          category: { key: `report:category.${row.category}` },
          date: formatIndonesianDate(jakartaDate(row.createdAt), context.language),
          stage: { key: `status:stage.${row.stage}` },
          relayed: row.organization
            ? { key: "relay:my_reports_relayed", params: { organization: row.organization } }
            : "",
        },
      }));
      return ["relay:my_reports_title", ...items, "relay:my_reports_more"];
    },
  };
}
