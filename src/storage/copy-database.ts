import { count, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { AppDatabase } from "./database";
import {
  abandonedDrafts,
  contacts,
  conversationSessions,
  inboundMessages,
  media,
  outbox,
  staff,
  staffTokens,
} from "./schema";

/** Parents before children, so foreign keys hold at every insert. */
const tablesInOrder: { name: string; table: PgTable; serialId: boolean }[] = [
  { name: "contacts", table: contacts, serialId: false },
  { name: "staff", table: staff, serialId: false },
  { name: "staff_tokens", table: staffTokens, serialId: false },
  { name: "inbound_messages", table: inboundMessages, serialId: true },
  { name: "conversation_sessions", table: conversationSessions, serialId: false },
  { name: "abandoned_drafts", table: abandonedDrafts, serialId: true },
  { name: "media", table: media, serialId: true },
  { name: "outbox", table: outbox, serialId: true },
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
  for (const { name, table } of tablesInOrder) {
    const [row] = await target.db.select({ n: count() }).from(table);
    if ((row?.n ?? 0) > 0) {
      throw new CopyRefusedError(
        `The target database already has rows in "${name}". Copy only into an empty database.`,
      );
    }
  }
  const copied: Record<string, number> = {};
  await target.db.transaction(async (tx) => {
    for (const { name, table, serialId } of tablesInOrder) {
      const rows = await source.db.select().from(table);
      for (let i = 0; i < rows.length; i += batchSize) {
        await tx.insert(table).values(rows.slice(i, i + batchSize));
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
