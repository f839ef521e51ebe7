import { desc, eq } from "drizzle-orm";
import { subscriberRole } from "../broadcasts/subscriptions";
import type { EventHandler } from "../conversations/conductor";
import type { Say } from "../engine/types";
import { jakartaDate } from "../knowledge/calendar";
import { formatIndonesianDate } from "../knowledge/indonesian-dates";
import type { DbOrTx } from "../storage/database";
import { contacts, organizations, reports, subscriptions } from "../storage/schema";
import { findByInvite } from "./organizations";

/** Reports listed by `laporanku`, newest first. */
const maxListed = 10;

/**
 * Joining an organisation, and listing one's reports (with what was relayed for whom).
 *
 * An ormas invite makes the person a relayer for it; a party invite makes them a liaison of that
 * party group, who receives the imbauan for party liaisons and relays nothing. A person is one or
 * the other, for one group: the later join wins, and the confirmation names the group left.
 * Their subscription (active or ended) takes the new role at once.
 */
export function createOrganizationHandlers(): Record<string, EventHandler> {
  return {
    async join_requested(tx, event, context) {
      const typed = typeof event.vars.argument === "string" ? event.vars.argument : "";
      const organization = await findByInvite(tx, typed);
      if (!organization) return ["relay:join_unknown"];
      const [before] = await tx
        .select({ relayerOrgId: contacts.relayerOrgId, liaisonOrgId: contacts.liaisonOrgId })
        .from(contacts)
        .where(eq(contacts.id, context.contactId));
      const membership =
        organization.kind === "party"
          ? { relayerOrgId: null, liaisonOrgId: organization.id }
          : { relayerOrgId: organization.id, liaisonOrgId: null };
      await tx.update(contacts).set(membership).where(eq(contacts.id, context.contactId));
      const subscribed = await tx
        .update(subscriptions)
        .set({ role: subscriberRole(membership) })
        .where(eq(subscriptions.contactId, context.contactId))
        .returning({ unsubscribedAt: subscriptions.unsubscribedAt });

      const params = { organization: organization.name };
      const said: Say[] =
        organization.kind === "party"
          ? [{ key: "relay:joined_liaison", params }]
          : [{ key: "relay:joined", params }];
      const left = await groupLeft(tx, before, organization.id);
      if (left) said.push(left);
      if (organization.kind === "party") {
        const active = subscribed.some((row) => row.unsubscribedAt === null);
        said.push(active ? "relay:liaison_subscribed" : "relay:liaison_subscribe_hint");
      }
      return said;
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

/** What is said about the group a person leaves by joining another, if they were in one. */
async function groupLeft(
  tx: DbOrTx,
  before: { relayerOrgId: string | null; liaisonOrgId: string | null } | undefined,
  joinedId: string,
): Promise<Say | undefined> {
  const previous = before?.relayerOrgId ?? before?.liaisonOrgId;
  if (!previous || previous === joinedId) return undefined;
  const [row] = await tx
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, previous));
  if (!row) return undefined;
  const key = before?.relayerOrgId ? "relay:left_relayer" : "relay:left_liaison";
  return { key, params: { organization: row.name } };
}
