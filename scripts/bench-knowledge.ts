/**
 * What one topic lookup costs: normalisation, the MiniSearch query (fuzzy and prefix) and the
 * decision, over a synthetic knowledge base of 40 topics in Indonesian and English, with
 * 1,000 slang-style queries (denser in domain words than real ones, so a worst case). Prints
 * p50/p99/max per query (wall clock, which waits on a busy machine, and the CPU time of the
 * process) and the index build time; asserts nothing.
 *
 *   npx tsx scripts/bench-knowledge.ts [topics=40] [queries=1000]
 *
 * The corpus generator is exported for test/knowledge/search.test.ts.
 */

import { pathToFileURL } from "node:url";
import { createTopicIndex, decide, type TopicDocument } from "../src/knowledge/search";

const ID_WORDS = (
  "pemilu pilkada pencoblosan tps kpu bawaslu panwaslu dpt ktp undangan pemilih calon paslon " +
  "caleg capres partai kampanye baliho spanduk stiker poster masa tenang politik uang amplop " +
  "sembako serangan fajar mahar asn kepala desa perangkat desa netralitas tni polri laporan " +
  "pelanggaran bukti saksi kronologi pengaduan hoaks fitnah media sosial survei hitung cepat " +
  "rekapitulasi surat suara kotak suara tinta formulir pindah memilih disabilitas pendamping " +
  "lansia rumah sakit tahanan mahasiswa perantau domisili jadwal tahapan penetapan hasil " +
  "sengketa mahkamah gugatan pidana denda sanksi diskualifikasi petugas kpps saksi pengawas " +
  "dana kampanye iklan debat relawan tim sukses ibadah sekolah kantor pemerintah fasilitas " +
  "negara kendaraan dinas bantuan sosial program anggaran petahana cuti jabatan"
).split(" ");

const EN_WORDS = (
  "election voting polling station voter list id card invitation candidate party campaign " +
  "billboard banner sticker quiet period vote buying money envelope groceries civil servant " +
  "village head official neutrality soldier police report violation evidence witness " +
  "complaint hoax slander social media survey quick count recount ballot paper box ink form " +
  "move disability assistant elderly hospital prison student migrant address schedule stage " +
  "result dispute court lawsuit crime fine sanction disqualification officer supervisor fund " +
  "advert debate volunteer team worship school office government facility state vehicle aid"
).split(" ");

const SLANG_SWAPS: Record<string, string> = {
  kapan: "kpn",
  berapa: "brp",
  bagaimana: "gmn",
  tidak: "gk",
  uang: "duit",
  pencoblosan: "nyoblos",
  asn: "pns",
  "kepala desa": "kades",
  "tim sukses": "timses",
  "media sosial": "medsos",
  yang: "yg",
  untuk: "utk",
  sudah: "udh",
  belum: "blm",
};

const FILLERS = ["min", "kak", "nih", "sih", "dong", "ya", "gmn", "kpn", "brp", "boleh", "gk"];

/** A small deterministic PRNG (mulberry32), so every run measures the same corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function words(random: () => number, vocabulary: readonly string[], count: number): string {
  return Array.from({ length: count }, () => pick(random, vocabulary)).join(" ");
}

/** `topics` topics, each as an Indonesian and an English document of FAQ-like length. */
export function syntheticCorpus(topics = 40, seed = 42): TopicDocument[] {
  const random = seededRandom(seed);
  const docs: TopicDocument[] = [];
  for (let i = 0; i < topics; i++) {
    const id = `topic_${i}`;
    docs.push({
      id,
      language: "id",
      title: `Apa itu ${words(random, ID_WORDS, 3)}?`,
      keywords: Array.from({ length: 10 }, () => words(random, ID_WORDS, 1 + (i % 3))),
      body: `${words(random, ID_WORDS, 40)}, yang harus diketahui pemilih. ${words(random, ID_WORDS, 30)}.`,
    });
    docs.push({
      id,
      language: "en",
      title: `What is ${words(random, EN_WORDS, 3)}?`,
      keywords: Array.from({ length: 8 }, () => words(random, EN_WORDS, 1 + (i % 3))),
      body: `${words(random, EN_WORDS, 40)}, which every voter should know. ${words(random, EN_WORDS, 30)}.`,
    });
  }
  return docs;
}

/** Slang-style questions built from the corpus words, a tenth of them English. */
export function syntheticQueries(count = 1000, seed = 7): string[] {
  const random = seededRandom(seed);
  const queries: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9) {
      queries.push(`how do I ${words(random, EN_WORDS, 2 + (i % 4))} at the polling station?`);
      continue;
    }
    let text = `${pick(random, FILLERS)} ${words(random, ID_WORDS, 2 + (i % 5))} ${pick(random, FILLERS)}?`;
    for (const [from, to] of Object.entries(SLANG_SWAPS)) {
      if (random() < 0.5) text = text.replace(from, to);
    }
    if (i % 7 === 0) text += " bagi2 amplop 100rb 🙏 https://example.com/x";
    queries.push(text);
  }
  return queries;
}

export interface LatencyReport {
  topics: number;
  documents: number;
  queries: number;
  buildMs: number;
  /** Wall-clock time per query: includes waiting for the CPU on a busy machine. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU time of the whole process per query (process.cpuUsage: every thread, GC included). */
  cpuP50Ms: number;
  cpuP99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(index, 0)] ?? 0;
}

/** Builds the index and times `search` + `decide` per query (after a warm-up pass). */
export function measureLatency(topics = 40, queryCount = 1000): LatencyReport {
  const docs = syntheticCorpus(topics);
  const queries = syntheticQueries(queryCount);
  const buildStart = performance.now();
  const index = createTopicIndex(docs);
  const buildMs = performance.now() - buildStart;
  // Warm-up: one full pass, so the figures are those of a running server, not of the JIT.
  for (const query of queries) decide(index.search(query));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (const query of queries) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    decide(index.search(query));
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  return {
    topics: index.topicCount,
    documents: index.documentCount,
    queries: queries.length,
    buildMs,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times[times.length - 1] ?? 0,
    cpuP50Ms: percentile(cpuTimes, 50),
    cpuP99Ms: percentile(cpuTimes, 99),
  };
}

function main(): void {
  const topics = Number(process.argv[2] ?? 40);
  const queries = Number(process.argv[3] ?? 1000);
  const report = measureLatency(topics, queries);
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  console.log(
    `knowledge search: ${report.topics} topics, ${report.documents} documents, ${report.queries} queries`,
  );
  console.log(`  index build ${ms(report.buildMs)}`);
  console.log(
    `  per query   p50 ${ms(report.p50Ms)}  p99 ${ms(report.p99Ms)}  max ${ms(report.maxMs)} (wall clock)`,
  );
  console.log(`  per query   p50 ${ms(report.cpuP50Ms)}  p99 ${ms(report.cpuP99Ms)} (CPU time)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
