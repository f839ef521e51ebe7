/**
 * What the staff pages cost over a realistic queue: 20,000 reports (120 days, six kab/kota of
 * Bangka Belitung and Jambi, real desa codes, sealed stories, some spam, ~30 % with a file),
 * inserted straight with drizzle. Then, for an admin (everywhere) and an officer of Belitung
 * Timur (19.06), the median and p95 of repeated runs of: the queue's first page, filtered,
 * the 20th page by cursor, the counts per stage, free-text search (stories decrypted in the
 * application), the dashboard, duplicate groups of a page, and one report's detail. On the
 * embedded database (PGlite in memory) and, with DATABASE_URL, on PostgreSQL (a scratch
 * database, dropped after). Both get an ANALYZE after seeding (PGlite has no autovacuum; on
 * PostgreSQL it keeps autovacuum from kicking in halfway). Prints figures; asserts nothing.
 *   npx tsx scripts/bench-casework.ts
 */

import { createHash } from "node:crypto";
import os from "node:os";
import { and, count, desc, eq, like, sql } from "drizzle-orm";
import { loadDashboard } from "../src/casework/dashboard";
import { groupDuplicates } from "../src/casework/duplicates";
import { listQueue, type QueueFilters, stageCounts } from "../src/casework/queue";
import { loadReportDetail } from "../src/casework/report-detail";
import type { StaffScope } from "../src/casework/scope";
import { mediaAad } from "../src/conversations/conductor";
import { generateDataKey, parseDataKey } from "../src/privacy/keyring";
import { seedRegions } from "../src/regions/seed";
import { reportAad } from "../src/reports/sealing";
import { addStaff } from "../src/staff/accounts";
import { openDatabase } from "../src/storage/database";
import {
  contacts,
  media,
  regions,
  reportEvents,
  reportEvidence,
  reports,
} from "../src/storage/schema";
import { scratchDatabaseUrl } from "./support/scratch-database";

const total = 20_000;
const batch = 500;
const runs = 30;
const warmup = 3;
const day = 86_400_000;
const now = new Date();

/**
 * A small deterministic generator (mulberry32), so every run seeds the same queue. Not the
 * float LCG of console-screenshots.ts: in doubles it cycles after ~10,000 draws, which would
 * repeat the same ~900 reports over and over.
 */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** What happened, per category; a story adds who, when, where and sometimes a paslon. */
const deeds: Record<string, string[]> = {
  politik_uang: [
    "membagikan amplop berisi Rp100.000 ke warga",
    "bagi2 amplop 50rb ke ibu2",
    "membagikan sembako dan meminta warga memilih",
    "memberi uang dan meminta foto surat suara",
    "menjanjikan semen untuk masjid kalau menang",
  ],
  asn: [
    "seorang guru PNS mengajak memilih calon di grup WhatsApp sekolah",
    "camat berpidato di acara kampanye",
    "lurah memakai seragam dinas di panggung kampanye",
  ],
  kades: [
    "kepala desa mengumpulkan RT dan meminta dukungan",
    "perangkat desa memasang spanduk calon di kantor desa",
  ],
  apk: [
    "baliho calon dipasang di pagar sekolah dasar",
    "spanduk kampanye dipaku di pohon sepanjang jalan utama",
    "stiker calon ditempel di tiang listrik",
  ],
  kampanye_hitam: ["beredar selebaran tanpa nama yang menuduh calon menerima suap"],
  sara: ["ceramah di acara warga menyebut calon lain tidak pantas karena agamanya"],
  online: ["akun tidak terdaftar menyebarkan video kampanye pada masa tenang"],
  luar_jadwal: ["tim kampanye mengadakan pertemuan warga pada masa tenang"],
  fasilitas_negara: ["mobil dinas kecamatan dipakai mengangkut peserta kampanye"],
};
const who = ["Tim sukses", "Timses", "Relawan", "Orang tidak dikenal", "Saudara kades", "Caleg"];
const when = ["Tadi pagi", "Kemarin sore", "Semalam", "Sabtu lalu", "Sore tadi", "Minggu pagi"];
const where = [
  "di dekat masjid",
  "di balai desa",
  "di pasar",
  "di warung kopi simpang tiga",
  "di rumah ketua RT",
  "di lapangan bola",
  "di pelabuhan",
];
const paslon = ["", "", "paslon 1", "paslon 2", "paslon nomor 3", "calon nomor urut 2"];
const categoryWeights = [
  ...["politik_uang", "politik_uang", "politik_uang", "politik_uang", "asn", "asn"],
  ...["kades", "kades", "apk", "apk", "kampanye_hitam", "sara", "online", "luar_jadwal"],
  "fasilitas_negara",
] as const;
const regencyWeights = ["19.06", "19.06", "19.06", "19.02", "19.71", "19.05", "15.04", "15.71"];
const formal = ["diterima", "dikaji", "perlu_dilengkapi", "diregistrasi", "diteruskan", "selesai"];
const tipPath = ["informasi_awal", "ditelusuri", "menjadi_temuan", "ditutup"];

interface Row {
  operation: string;
  scope: string;
  database: string;
  median: number;
  p95: number;
  note: string;
}
const table: Row[] = [];

async function time(
  operation: string,
  scope: string,
  database: string,
  run: () => Promise<string>,
) {
  let note = "";
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    note = await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
  table.push({
    operation,
    scope,
    database,
    median: ((samples[(runs - 1) >> 1] as number) + (samples[runs >> 1] as number)) / 2,
    p95: at(0.95) as number,
    note,
  });
}

async function measure(kind: "pglite" | "postgres") {
  const scratch = kind === "postgres" ? await scratchDatabaseUrl() : undefined;
  const database = await openDatabase(
    kind === "postgres"
      ? { kind: "postgres", url: scratch?.url as string }
      : { kind: "pglite-memory" },
    { purpose: "benchmark" },
  );
  const db = database.db;
  await database.migrate();
  let started = performance.now();
  await seedRegions(db, { provinceCodes: ["19", "15"] });
  const regionsMs = performance.now() - started;

  const keyring = parseDataKey(generateDataKey());
  const rand = random(20_000);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const officer = await addStaff(db, {
    email: "dedi@bawaslu-beltim.example",
    name: "Dedi Saputra",
    role: "officer",
    regionCode: "19.06",
  });
  const admin = await addStaff(db, {
    email: "rina@bawaslu-babel.example",
    name: "Rina Oktaviani",
    role: "admin",
  });
  const [contact] = await db
    .insert(contacts)
    .values({ channel: "whatsapp", addressIndex: "bench", addressSealed: keyring.seal("b", "x") })
    .returning({ id: contacts.id });
  const villages = new Map<string, string[]>();
  for (const regency of new Set(regencyWeights)) {
    const rows = await db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.level, "village"), like(regions.code, `${regency}.%`)));
    villages.set(
      regency,
      rows.map((row) => row.code),
    );
  }
  const file = Buffer.alloc(2_000, 7);
  const fileSha = createHash("sha256").update(file).digest("hex");

  started = performance.now();
  for (let offset = 0; offset < total; offset += batch) {
    const values: (typeof reports.$inferInsert)[] = [];
    const withFile: number[] = [];
    for (let i = offset; i < Math.min(total, offset + batch); i++) {
      // Newer days are busier: a campaign builds up towards the vote.
      const ageDays = Math.floor(120 * (1 - Math.sqrt(rand())));
      const createdAt = new Date(now.getTime() - ageDays * day - Math.floor(rand() * day));
      const category = pick(categoryWeights);
      const regency = pick(regencyWeights);
      const track = rand() < 0.6 ? "report" : "tip";
      const path = track === "report" ? formal : tipPath;
      const stage =
        rand() < 0.05
          ? "spam"
          : rand() < 0.03
            ? "dicabut"
            : (path[
                Math.min(path.length - 1, Math.floor((ageDays / 40) * path.length * rand()))
              ] as string);
      const isoDay = new Date(createdAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      const digits = String(i).padStart(8, "0");
      if (rand() < 0.3) withFile.push(values.length);
      values.push({
        ticketCode: `LPR-${digits.slice(0, 4)}-${digits.slice(4)}`,
        pinHash: "bench",
        contactId: contact?.id ?? null,
        channel: pick(["whatsapp", "whatsapp", "whatsapp", "telegram", "webchat"]),
        track,
        category,
        regionCode: rand() < 0.05 ? regency : pick(villages.get(regency) ?? [regency]),
        happenedOn: isoDay,
        knownOn: isoDay,
        pastReportingWindow: false,
        storySealed: keyring.seal(
          `${pick(when)} ${pick(who)} ${pick(paslon)} ${pick(deeds[category] ?? ["-"])} ${pick(where)}.`,
          reportAad.story,
        ),
        terlaporSealed: keyring.seal("Tim sukses paslon nomor 2", reportAad.terlapor),
        witnessesSealed: rand() < 0.5 ? keyring.seal("Dua warga RT 03", reportAad.witnesses) : null,
        reporterSealed:
          track === "report"
            ? keyring.sealJson(
                { name: "Bench", address: "Bench", phone: "+62800000000" },
                reportAad.reporter,
              )
            : null,
        missingForFormal:
          track === "report" ? ["signed_form"] : ["identity", "witnesses", "signed_form"],
        stage,
        stageUpdatedAt: createdAt,
        createdAt,
        assignedTo: regency === "19.06" && stage !== "diterima" ? officer.id : null,
      });
    }
    const inserted = await db
      .insert(reports)
      .values(values)
      .returning({ id: reports.id, createdAt: reports.createdAt });
    if (withFile.length === 0) continue;
    const files = await db
      .insert(media)
      .values(
        withFile.map(() => ({
          contactId: contact?.id ?? null,
          mimeType: "image/jpeg",
          byteSize: file.byteLength,
          sha256: fileSha,
          contentSealed: keyring.seal(file, mediaAad),
        })),
      )
      .returning({ id: media.id });
    await db.insert(reportEvidence).values(
      withFile.map((index, n) => ({
        reportId: inserted[index]?.id as string,
        mediaId: files[n]?.id ?? null,
        addedAt: inserted[index]?.createdAt as Date,
      })),
    );
  }
  const seedMs = performance.now() - started;
  started = performance.now();
  await db.execute(sql`analyze`);
  const analyzeMs = performance.now() - started;
  const [counted] = await db.select({ n: count() }).from(reports);
  const [evidenced] = await db.select({ n: count() }).from(reportEvidence);
  console.log(
    `${kind}: regions ${regionsMs.toFixed(0)} ms; ${counted?.n} reports (${evidenced?.n} with a file) ` +
      `inserted in ${(seedMs / 1000).toFixed(1)} s, batches of ${batch}; analyze ${analyzeMs.toFixed(0)} ms`,
  );

  // The showcase report: a desa in 19.06 with a file and a short timeline, seen by both scopes.
  const [showcase] = await db
    .select({ id: reports.id, ticket: reports.ticketCode })
    .from(reports)
    .innerJoin(reportEvidence, eq(reportEvidence.reportId, reports.id))
    .where(like(reports.regionCode, "19.06.%"))
    .orderBy(desc(reports.createdAt))
    .limit(1);
  if (!showcase) throw new Error("no report with a file in 19.06");
  await db.insert(reportEvents).values([
    {
      reportId: showcase.id,
      kind: "assigned",
      staffId: admin.id,
      meta: { to: officer.name },
      at: now,
    },
    {
      reportId: showcase.id,
      kind: "stage",
      staffId: officer.id,
      fromStage: "diterima",
      toStage: "dikaji",
      at: now,
    },
    {
      reportId: showcase.id,
      kind: "reply",
      staffId: officer.id,
      bodySealed: keyring.seal("Apakah ada warga lain yang menerima amplop?", "report_events.body"),
      at: now,
    },
  ]);

  const scopes: [string, StaffScope][] = [
    ["admin", { id: admin.id, role: "admin", regionCode: null }],
    ["officer 19.06", { id: officer.id, role: "officer", regionCode: "19.06" }],
  ];
  const filtered: QueueFilters = { stage: "diterima", category: "politik_uang", region: "19.06" };
  for (const [label, scope] of scopes) {
    const queue = (filters: QueueFilters, cursor?: string) =>
      listQueue(db, keyring, scope, filters, { now, limit: 50, ...(cursor ? { cursor } : {}) });
    await time("queue, first page", label, kind, async () => {
      const page = await queue({});
      return `${page.items.length} rows`;
    });
    await time("queue, stage+category+region", label, kind, async () => {
      const page = await queue(filtered);
      return `${page.items.length} rows`;
    });
    let cursor: string | undefined;
    for (let page = 1; page < 20; page++) cursor = (await queue({}, cursor)).nextCursor;
    await time("queue, 20th page (cursor)", label, kind, async () => {
      const page = await queue({}, cursor);
      return `${page.items.length} rows`;
    });
    await time("stageCounts", label, kind, async () => {
      const counts = await stageCounts(db, scope, {});
      return `${Object.values(counts).reduce((a, b) => a + b, 0)} counted`;
    });
    await time('queue, text "amplop"', label, kind, async () => {
      const page = await queue({ text: "amplop" });
      return `${page.searchedReports} decrypted, ${page.items.length} rows`;
    });
    await time("loadDashboard (30 days)", label, kind, async () => {
      const dashboard = await loadDashboard(db, scope, { now });
      return `${dashboard.total} in window`;
    });
    const ids = (await queue({})).items.map((item) => item.id);
    await time("groupDuplicates (page of 50)", label, kind, async () => {
      const groups = await groupDuplicates(db, keyring, scope, ids);
      return `${groups.size} of ${ids.length} grouped`;
    });
    await time("loadReportDetail", label, kind, async () => {
      const detail = await loadReportDetail(db, keyring, scope, showcase.ticket);
      return `${detail?.evidence.length} file, ${detail?.timeline.length} events`;
    });
  }
  await database.close();
  await scratch?.drop();
}

await measure("pglite");
if (process.env.DATABASE_URL) await measure("postgres");

const widths = [30, 14, 9, 10, 8];
const cells = (values: string[]) =>
  values.map((value, i) => (i < 3 ? value.padEnd(widths[i] ?? 0) : value.padStart(widths[i] ?? 0)));
console.log(
  `\n${runs} runs each after ${warmup} warm-up runs, ${total} reports, ${new Date().toISOString()}, ` +
    `load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")} on ${os.cpus().length} cores`,
);
console.log(cells(["operation", "scope", "database", "median ms", "p95 ms"]).join(" "), " note");
for (const row of table) {
  console.log(
    cells([row.operation, row.scope, row.database, row.median.toFixed(1), row.p95.toFixed(1)]).join(
      " ",
    ),
    ` ${row.note}`,
  );
}
