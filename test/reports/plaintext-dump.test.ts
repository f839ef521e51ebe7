import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import idReport from "../../locales/id/report.json" with { type: "json" };
import { enterAnsweringState } from "../../src/casework/answering-state";
import { createCasework } from "../../src/casework/casework";
import type { InboundMessage } from "../../src/channels/types";
import type { Keyring } from "../../src/privacy/keyring";
import { questionAad } from "../../src/questions/handlers";
import { reportAad } from "../../src/reports/sealing";
import { addStaff } from "../../src/staff/accounts";
import type { AppDatabase } from "../../src/storage/database";
import { media, questionTickets, reportEvidence, reports } from "../../src/storage/schema";
import { createTestConductor, translator, webchatMessage } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { createAppEngine } from "../support/engine-driver";
import { withDatabase } from "../support/global-setup";

const run = promisify(execFile);

const ticketCode = "LPR-6YZR-HCY0";
const address = `webchat-plaintext-quokka-${process.pid}`;
const photoBytes = Buffer.from("PNG-secret-payload-xyz");
const photoName = "foto-rahasia-kenari.png";

/** What the reporter typed or sent, each of which must only ever be stored sealed. */
const seeded = {
  name: "Wulandari Kusumawati",
  address: "Jalan Kenari Tujuh Belas",
  phoneAsTyped: "0812 9988 7766",
  phoneDigits: "81299887766",
  nik: "1971012345678901",
  story: "amplop-merah-zebra",
  terlapor: "Haji Sulaiman Kurnia",
  witnesses: "Ibu Ratna Dewanti",
  link: "https://www.facebook.com/share/p/kenari-zebra-777",
  channelAddress: address,
  // A resident on WhatsApp: the chat address is their phone number.
  whatsappNumber: "6281377712345",
  photoName,
  photoUtf8: photoBytes.toString("utf8"),
  photoHex: photoBytes.toString("hex"),
  photoBase64: photoBytes.toString("base64"),
  question: "bolehkah-merpati-pos-kampanye",
  // What staff and the reporter write afterwards (the staff console).
  stageNote: "kurang-formulir-merak",
  reply: "balasan-petugas-cendrawasih",
  staffNote: "catatan-internal-kakatua",
  unsealReason: "alasan-buka-identitas-jalak",
  reporterAnswer: "jawaban-pelapor-elang",
  questionAnswer: "jawaban-tanya-nuri",
};

const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? "");

function photoMessage(): InboundMessage {
  return {
    ...webchatMessage(address, "unused"),
    text: undefined,
    media: [
      {
        kind: "image",
        mimeType: "image/png",
        byteSize: photoBytes.byteLength,
        fileName: photoName,
        content: photoBytes,
      },
    ],
  };
}

/** Values found in `haystack` (case-insensitively) among `needles`. */
function found(haystack: string, needles: Record<string, string>): string[] {
  const lower = haystack.toLowerCase();
  return Object.entries(needles)
    .filter(([, value]) => lower.includes(value.toLowerCase()))
    .map(([label]) => label);
}

/** Rows of a raw query on either driver (postgres.js answers an array, PGlite `{ rows }`). */
async function rowsOf<T>(database: AppDatabase, query: ReturnType<typeof sql>): Promise<T[]> {
  const result: unknown = await database.db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Every row of every table outside the system schemas, as text; bytea both as hex and UTF-8. */
async function scanAllTables(database: AppDatabase): Promise<string> {
  const tables = await rowsOf<{ table_schema: string; table_name: string }>(
    database,
    sql`select table_schema, table_name from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema')
        order by table_schema, table_name`,
  );
  expect(tables.map((t) => t.table_name)).toEqual(
    expect.arrayContaining(["reports", "contacts", "media", "inbound_messages", "outbox"]),
  );
  const replacer = (_key: string, value: unknown) => {
    if (value instanceof Uint8Array) {
      const bytes = Buffer.from(value);
      return { hex: bytes.toString("hex"), utf8: bytes.toString("utf8") };
    }
    if (
      value &&
      typeof value === "object" &&
      (value as { type?: unknown }).type === "Buffer" &&
      Array.isArray((value as { data?: unknown }).data)
    ) {
      const bytes = Buffer.from((value as { data: number[] }).data);
      return { hex: bytes.toString("hex"), utf8: bytes.toString("utf8") };
    }
    return value;
  };
  const parts: string[] = [];
  for (const { table_schema, table_name } of tables) {
    const rows = await rowsOf<Record<string, unknown>>(
      database,
      sql.raw(
        `select * from "${table_schema.replace(/"/g, '""')}"."${table_name.replace(/"/g, '""')}"`,
      ),
    );
    for (const row of rows)
      parts.push(`${table_schema}.${table_name} ${JSON.stringify(row, replacer)}`);
  }
  return parts.join("\n");
}

async function pgDump(database: AppDatabase, extra: string[]): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("pg_dump needs DATABASE_URL");
  const [current] = await rowsOf<{ name: string }>(
    database,
    sql`select current_database() as name`,
  );
  if (!current?.name) throw new Error("no current database");
  const binary = process.env.PG_DUMP ?? "pg_dump";
  const { stdout } = await run(
    binary,
    ["--no-owner", "--no-privileges", ...extra, `--dbname=${withDatabase(url, current.name)}`],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  return stdout;
}

let database: AppDatabase;
let keyring: Keyring;

beforeAll(async () => {
  database = await createTestDatabase();
  // A fixed clock: every message lands in the same minute, so lift the per-minute limit.
  const engine = await createAppEngine();
  const harness = await createTestConductor(database, { rateLimitPerMinute: 1000, engine });
  const { conductor } = harness;
  keyring = harness.keyring;
  const say = async (input: string | InboundMessage) =>
    (
      await conductor.receive(typeof input === "string" ? webchatMessage(address, input) : input)
    ).replies.map((reply) => reply.text);

  for (const input of [
    "lapor",
    "1",
    "desa Lalang, Manggar",
    "tadi pagi",
    `Ada ${seeded.story}: amplop berisi uang dibagikan di rumah kepala dusun.`,
    seeded.terlapor,
    seeded.witnesses,
  ])
    await say(input);
  expect(await say(photoMessage())).toEqual([
    fill(idReport.evidence_received, { files: "1", links: "0" }),
  ]);
  expect(await say(seeded.link)).toEqual([
    fill(idReport.evidence_received, { files: "1", links: "1" }),
  ]);
  for (const input of ["selesai", "2", "1", seeded.name, seeded.address, seeded.phoneAsTyped])
    await say(input);
  const summary = (await say(seeded.nik)).join("\n");
  expect(summary).toContain(fill(idReport.summary_identified, { name: seeded.name }));
  expect(summary).toContain(fill(idReport.summary_evidence, { files: "1", links: "1" }));
  const receipt = await say("Kirim");
  expect(receipt.join("\n")).toContain(ticketCode);
  // A lookup too, so whatever it writes is scanned as well.
  const status = await say(`cek ${ticketCode}`);
  expect(status.join("\n")).toContain(ticketCode);
  // And a question for an officer ("Tanya petugas"), stored as a question ticket.
  await say(`tanya petugas Apakah ${seeded.question} dilarang?`);
  const questionReceipt = (await say("Kirim")).join("\n");
  const questionCode = /TNY-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(questionReceipt)?.[0] ?? "";
  expect(questionCode).not.toBe("");

  // Someone writes on WhatsApp, whose address is their number.
  const whatsappGreeting = await conductor.receive({
    ...webchatMessage(address, "halo"),
    channel: "whatsapp",
    address: `${seeded.whatsappNumber}@s.whatsapp.net`,
  });
  expect(whatsappGreeting.replies.length).toBeGreaterThan(0);

  // Then staff work on it, and the reporter answers the officer.
  const casework = createCasework({
    database,
    keyring,
    translator,
    clock: harness.clock,
    nudge: async () => {},
    enterAnswering: (tx, contactId, ticket, now) =>
      enterAnsweringState(tx, keyring, engine, contactId, ticket, now),
  });
  const officer = {
    id: (await addStaff(database.db, { email: "o@example.org", name: "O", role: "admin" })).id,
    email: "o@example.org",
    role: "admin" as const,
    regionCode: null,
  };
  await casework.changeStage(
    officer,
    ticketCode,
    { stage: "perlu_dilengkapi", note: seeded.stageNote },
    "api",
  );
  await casework.addNote(officer, ticketCode, seeded.staffNote, "api");
  const identity = await casework.unseal(officer, ticketCode, seeded.unsealReason, "api");
  expect(identity.reporter?.name).toBe(seeded.name);
  await casework.reply(officer, ticketCode, seeded.reply, "api");
  expect((await say(seeded.reporterAnswer)).join("\n")).toContain(ticketCode);
  await casework.answerQuestion(officer, questionCode, seeded.questionAnswer, "api");
  const detail = await casework.detail(officer, ticketCode);
  expect(detail?.timeline.map((entry) => entry.text)).toEqual(
    expect.arrayContaining([
      seeded.stageNote,
      seeded.staffNote,
      seeded.reply,
      seeded.reporterAnswer,
    ]),
  );
});

afterAll(() => database?.close());

describe(`plain text at rest on ${testDatabaseKind}`, () => {
  it("stores what the reporter sent, sealed (so the scan below looks for values that are there)", async () => {
    const [report] = await database.db
      .select()
      .from(reports)
      .where(eq(reports.ticketCode, ticketCode));
    if (!report?.reporterSealed) throw new Error("the identified report was not stored");
    expect(JSON.parse(keyring.openText(report.reporterSealed, reportAad.reporter))).toEqual({
      name: seeded.name,
      address: seeded.address,
      phone: `+62${seeded.phoneDigits}`,
      nik: seeded.nik,
    });
    expect(keyring.openText(report.storySealed, reportAad.story)).toContain(seeded.story);
    const evidence = await database.db
      .select({ contentSealed: media.contentSealed })
      .from(reportEvidence)
      .innerJoin(media, eq(media.id, reportEvidence.mediaId))
      .where(eq(reportEvidence.reportId, report.id));
    expect(evidence).toHaveLength(1);
    expect(keyring.open(evidence[0]?.contentSealed ?? "", "media.content")).toEqual(photoBytes);
    const [ticket] = await database.db.select().from(questionTickets);
    expect(keyring.openText(ticket?.questionSealed ?? "", questionAad)).toContain(seeded.question);
  });

  it("keeps no reporter identity, story, evidence or staff writing in plain text (pg_dump on PostgreSQL, full scan on PGlite)", async () => {
    const texts: Record<string, string> = { "full table scan": await scanAllTables(database) };
    if (testDatabaseKind === "postgres") {
      texts["pg_dump --data-only"] = await pgDump(database, ["--data-only"]);
      texts["pg_dump (full)"] = await pgDump(database, []);
    }
    for (const [source, text] of Object.entries(texts)) {
      // Control: the search works on this text, since the ticket code (not secret) is in it.
      expect(found(text, { ticketCode: ticketCode.toLowerCase() }), source).toEqual(["ticketCode"]);
      expect(found(text, seeded), `plain text found in ${source}`).toEqual([]);
    }
  });

  it("would notice a value stored in plain text (the scan can fail)", async () => {
    const canary = `canary ${seeded.name} ${seeded.story}`;
    await database.db.execute(
      sql`insert into abandoned_drafts (contact_id, flow_id, reason, data_sealed)
          values (null, 'report', 'canary', ${canary})`,
    );
    try {
      const sources = [await scanAllTables(database)];
      if (testDatabaseKind === "postgres") sources.push(await pgDump(database, ["--data-only"]));
      for (const text of sources) {
        expect(found(text, seeded)).toEqual(["name", "story"]);
      }
    } finally {
      await database.db.execute(sql`delete from abandoned_drafts where reason = 'canary'`);
    }
  });
});
