import { count, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { AppDatabase } from "./database";
import {
  abandonedDrafts,
  auditLog,
  broadcastRecipients,
  broadcasts,
  calendarEvents,
  contacts,
  conversationSessions,
  inboundMessages,
  knowledgeArticles,
  media,
  organizations,
  outbox,
  questionEvents,
  questionTickets,
  regionSeed,
  regions,
  reportEvents,
  reportEvidence,
  reportLinks,
  reports,
  staff,
  staffLinkCodes,
  staffPasswordLinks,
  staffSessions,
  staffTokens,
  subscriptions,
  whatsappAuth,
} from "./schema";

/** Parents before children, so foreign keys hold at every insert. */
/** Reference data (regions) may already be seeded in the target; it is merged, not refused. */
const tablesInOrder: { name: string; table: PgTable; serialId: boolean; reference?: true }[] = [
  { name: "organizations", table: organizations, serialId: false },
  { name: "contacts", table: contacts, serialId: false },
  { name: "subscriptions", table: subscriptions, serialId: false },
  { name: "staff", table: staff, serialId: false },
  { name: "staff_tokens", table: staffTokens, serialId: false },
  { name: "staff_password_links", table: staffPasswordLinks, serialId: false },
  { name: "staff_sessions", table: staffSessions, serialId: false },
  { name: "staff_link_codes", table: staffLinkCodes, serialId: false },
  { name: "inbound_messages", table: inboundMessages, serialId: true },
  { name: "conversation_sessions", table: conversationSessions, serialId: false },
  { name: "abandoned_drafts", table: abandonedDrafts, serialId: true },
  { name: "media", table: media, serialId: true },
  { name: "outbox", table: outbox, serialId: true },
  { name: "regions", table: regions, serialId: false, reference: true },
  { name: "region_seed", table: regionSeed, serialId: false, reference: true },
  { name: "reports", table: reports, serialId: false },
  { name: "report_evidence", table: reportEvidence, serialId: true },
  { name: "report_events", table: reportEvents, serialId: true },
  { name: "report_links", table: reportLinks, serialId: false },
  { name: "question_tickets", table: questionTickets, serialId: false },
  { name: "question_events", table: questionEvents, serialId: true },
  { name: "knowledge_articles", table: knowledgeArticles, serialId: false },
  { name: "calendar_events", table: calendarEvents, serialId: false },
  { name: "whatsapp_auth", table: whatsappAuth, serialId: false },
  { name: "audit_log", table: auditLog, serialId: true },
  { name: "broadcasts", table: broadcasts, serialId: false },
  { name: "broadcast_recipients", table: broadcastRecipients, serialId: false },
];

const batchSize = 200;

export class CopyRefusedError extends Error {
  override name = "CopyRefusedError";
}

/**
 * Copies every application row from one database to another (e.g. the embedded PGlite to a
 * PostgreSQL server) in one target transaction. Ciphertexts are copied as they are, so the
 * target needs the same DATA_KEY. Queue jobs are not copied: the outbox sweep re-creates
 * what is pending.
 */
export async function copyDatabase(
  source: AppDatabase,
  target: AppDatabase,
  progress: (table: string, rows: number) => void = () => {},
): Promise<Record<string, number>> {
  await target.migrate();
  for (const { name, table, reference } of tablesInOrder) {
    if (reference) continue;
    const [row] = await target.db.select({ n: count() }).from(table);
    if ((row?.n ?? 0) > 0) {
      throw new CopyRefusedError(
        `The target database already has rows in "${name}". Copy only into an empty database.`,
      );
    }
  }
  const copied: Record<string, number> = {};
  await target.db.transaction(async (tx) => {
    for (const { name, table, serialId, reference } of tablesInOrder) {
      const rows = await source.db.select().from(table);
      for (let i = 0; i < rows.length; i += batchSize) {
        const insert = tx.insert(table).values(rows.slice(i, i + batchSize));
        await (reference ? insert.onConflictDoNothing() : insert);
      }
      if (serialId && rows.length > 0) {
        // Ids were copied as they were; new rows must continue after them.
        await tx.execute(
          sql`select setval(pg_get_serial_sequence(${name}, 'id'), (select max(id) from ${sql.identifier(name)}))`,
        );
      }
      copied[name] = rows.length;
      progress(name, rows.length);
    }
  });
  return copied;
}
