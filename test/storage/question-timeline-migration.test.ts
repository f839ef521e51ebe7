import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsFolder } from "../../src/storage/database";

/**
 * Migration 0015 gave question tickets a timeline: an answer stored the old way (one
 * `answer_sealed` column) must come through as the question's first reply, with who and when.
 * Run here on a database migrated only as far as 0014 and holding such an answer.
 */
const before = fs.mkdtempSync(path.join(os.tmpdir(), "awas-migrations-0014-"));
const pglite = new PGlite();
const db = drizzle(pglite);

/** The migrations folder as it was before `tag`: its files and a journal that ends there. */
function migrationsBefore(tag: string): string {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8"),
  ) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(end).toBeGreaterThan(0);
  fs.mkdirSync(path.join(before, "meta"), { recursive: true });
  const entries = journal.entries.slice(0, end);
  for (const entry of entries) {
    fs.copyFileSync(
      path.join(migrationsFolder, `${entry.tag}.sql`),
      path.join(before, `${entry.tag}.sql`),
    );
  }
  fs.writeFileSync(
    path.join(before, "meta/_journal.json"),
    JSON.stringify({ ...journal, entries }),
  );
  return before;
}

afterAll(async () => {
  await pglite.close();
  fs.rmSync(before, { recursive: true, force: true });
});

describe("migration 0015 (question timelines), on an embedded database", () => {
  it("turns an answer stored the old way into the question's first reply, keeping who and when", async () => {
    await migrate(db, { migrationsFolder: migrationsBefore("0015_question_timeline") });
    const staff = await pglite.query<{ id: string }>(
      `insert into staff (email, name, role) values ('lama@example.org', 'Petugas Lama', 'officer') returning id`,
    );
    const officer = staff.rows[0]?.id;
    await pglite.query(
      `insert into question_tickets
         (ticket_code, channel, language, question_sealed, suggested_topics, status,
          created_at, answered_at, answer_sealed, answered_by)
       values
         ('TNY-AAAA-AAA1', 'webchat', 'id', 'sealed-question-1', '[]', 'answered',
          '2026-11-01T01:00:00Z', '2026-11-02T02:00:00Z', 'sealed-answer-1', $1),
         ('TNY-AAAA-AAA2', 'webchat', 'id', 'sealed-question-2', '[]', 'open',
          '2026-11-03T01:00:00Z', null, null, null)`,
      [officer],
    );

    await migrate(db, { migrationsFolder });

    const events = await pglite.query<{
      ticket_code: string;
      kind: string;
      staff_id: string | null;
      body_sealed: string;
      meta: Record<string, string>;
      at: Date;
    }>(
      `select q.ticket_code, e.kind, e.staff_id, e.body_sealed, e.meta, e.at
         from question_events e join question_tickets q on q.id = e.question_id`,
    );
    expect(events.rows).toEqual([
      {
        ticket_code: "TNY-AAAA-AAA1",
        kind: "reply",
        staff_id: officer,
        body_sealed: "sealed-answer-1",
        meta: { sealedAs: "question_tickets.answer" },
        at: new Date("2026-11-02T02:00:00Z"),
      },
    ]);
    const columns = await pglite.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'question_tickets'`,
    );
    expect(columns.rows.map((row) => row.column_name)).not.toContain("answer_sealed");
  });
});
