/**
 * What reading one free-text message costs with the full knowledge base loaded: the incident
 * reader, the place finder over the seeded regions of Babel and Jambi, the time finder, and the
 * topic matcher with its decision — the `understand_text` action exactly as the flow runs it.
 * The messages are every text of the labelled sets (questions, out-of-scope, stories), repeated;
 * nothing about their labels is read or printed. Prints p50/p99/max per message and build
 * times; asserts nothing.
 *
 *   npx tsx scripts/bench-understand.ts [rounds=5]
 */

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import enKnowledge from "../locales/en/knowledge.json" with { type: "json" };
import idKnowledge from "../locales/id/knowledge.json" with { type: "json" };
import { createElectionCalendar } from "../src/knowledge/calendar";
import { createKnowledgeActions } from "../src/knowledge/flow-actions";
import { readIncident } from "../src/knowledge/incident";
import { createKnowledgeBase } from "../src/knowledge/knowledge-base";
import { findTimeInText } from "../src/knowledge/time-in-text";
import { createPlaceFinder } from "../src/regions/place-in-text";
import { createRegionResolver } from "../src/regions/resolver";
import { readRegionRows } from "../src/regions/seed";

const rounds = Number(process.argv[2] ?? 5);
const sets = new URL("../test/knowledge/sets/", import.meta.url);
const texts = ["questions.json", "out-of-scope.json", "stories.json"].flatMap((file) =>
  (JSON.parse(readFileSync(new URL(file, sets), "utf8")) as { text: string }[]).map(
    (item) => item.text,
  ),
);

let started = performance.now();
const regions = createRegionResolver(await readRegionRows({ provinceCodes: ["19", "15"] }));
const regionsMs = performance.now() - started;
started = performance.now();
const knowledge = createKnowledgeBase({ id: idKnowledge, en: enKnowledge });
const findPlace = createPlaceFinder(regions);
const actions = createKnowledgeActions({
  knowledge,
  readIncident,
  findPlace,
  findTime: findTimeInText,
  calendar: createElectionCalendar(),
  regionName: (code) => regions.describe(code),
});
const buildMs = performance.now() - started;
const understand = actions.understand_text;
if (!understand) throw new Error("understand_text missing");

const now = new Date("2026-11-22T05:00:00Z");
const run = (text: string) => understand({}, { now, language: "id", vars: { text } });
for (const text of texts) run(text); // warm-up

const times: number[] = [];
const cpuStart = process.cpuUsage();
for (let round = 0; round < rounds; round++) {
  for (const text of texts) {
    const t0 = performance.now();
    run(text);
    times.push(performance.now() - t0);
  }
}
const cpu = process.cpuUsage(cpuStart);
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
const ms = (value: number) => `${value.toFixed(2)} ms`;
console.log(`messages: ${texts.length} × ${rounds} rounds = ${times.length}`);
console.log(
  `region resolver build: ${ms(regionsMs)}; knowledge base + place finder build: ${ms(buildMs)}`,
);
console.log(`per message: p50 ${ms(at(0.5))}, p99 ${ms(at(0.99))}, max ${ms(times.at(-1) ?? 0)}`);
console.log(`CPU per message (mean): ${ms((cpu.user + cpu.system) / 1000 / times.length)}`);
