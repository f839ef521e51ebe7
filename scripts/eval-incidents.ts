/**
 * Measures the incident reader on the labelled sets (test/knowledge/sets):
 *
 *   npx tsx scripts/eval-incidents.ts                    tuning items: figures and every miss
 *   npx tsx scripts/eval-incidents.ts --verbose          … and every story with what was read
 *   npx tsx scripts/eval-incidents.ts --heldout-summary  held-out items: percentages only
 *   npx tsx scripts/eval-incidents.ts --since REV        tuning items: also the figures of the
 *                                                         stories added since git revision REV
 *
 * Items are filtered by split as soon as they are read; held-out texts are never printed.
 */

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { explainIncident, readIncident } from "../src/knowledge/incident";
import { findTimeInText } from "../src/knowledge/time-in-text";
import { createPlaceFinder } from "../src/regions/place-in-text";
import { createRegionResolver, type RegionResolver } from "../src/regions/resolver";
import { readRegionRows } from "../src/regions/seed";

type Split = "tuning" | "heldout";

interface Story {
  text: string;
  category: string;
  regencyCode: string | null;
  lang: string;
  split: Split;
}

interface Item {
  text: string;
  lang: string;
  split: Split;
}

const setsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../test/knowledge/sets");

function readSplit<T extends { split: Split }>(file: string, split: Split, json?: string): T[] {
  const raw: unknown = JSON.parse(json ?? readFileSync(path.join(setsDir, file), "utf8"));
  const list = Array.isArray(raw)
    ? raw
    : (Object.values(raw as Record<string, unknown>).find(Array.isArray) ?? []);
  return (list as T[]).filter((item) => item.split === split);
}

function regencyOf(regions: RegionResolver, code: string | undefined): string | null {
  if (code === undefined) return null;
  return regions.pathOf(code).find((region) => region.level === "regency")?.code ?? null;
}

/** `text` indented under a miss. */
function indent(text: string): string {
  return text.replace(/^/gm, "      ");
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(1)}%`;
}

const argv = process.argv.slice(2);
const args = new Set(argv);
const split: Split = args.has("--heldout-summary") ? "heldout" : "tuning";
const showTexts = split === "tuning";
const verbose = showTexts && args.has("--verbose");
const sinceIndex = argv.indexOf("--since");
const since = showTexts && sinceIndex >= 0 ? argv[sinceIndex + 1] : undefined;

const stories = readSplit<Story>("stories.json", split);
/** Texts of the tuning stories at revision `since` (tuning items only, filtered on reading). */
const earlierTexts =
  since === undefined
    ? undefined
    : new Set(
        readSplit<Story>(
          "stories.json",
          "tuning",
          execFileSync("git", ["show", `${since}:test/knowledge/sets/stories.json`], {
            cwd: setsDir,
            encoding: "utf8",
          }),
        ).map((story) => story.text),
      );
const questions = readSplit<Item>("questions.json", split);
const outOfScope = readSplit<Item>("out-of-scope.json", split);

const regions = createRegionResolver(await readRegionRows({ provinceCodes: ["19", "15"] }));
const findPlace = createPlaceFinder(regions);
const now = new Date("2026-11-20T03:00:00Z");

let categoryRight = 0;
let notIncident = 0;
let regencyRight = 0;
let regencyWrong = 0;
let regencyNone = 0;
let spuriousPlace = 0;
let newStories = 0;
let newCategoryRight = 0;
const misses: string[] = [];
for (const story of stories) {
  const reading = readIncident(story.text);
  const place = findPlace(story.text);
  const regency = regencyOf(regions, place?.code);
  const categoryOk = reading.kind === "incident" && reading.category === story.category;
  if (categoryOk) categoryRight++;
  const isNew = earlierTexts !== undefined && !earlierTexts.has(story.text);
  if (isNew) {
    newStories++;
    if (categoryOk) newCategoryRight++;
  }
  if (reading.kind === "not_incident") notIncident++;
  let regencyMark = "ok";
  if (regency === story.regencyCode) regencyRight++;
  else if (regency === null) {
    regencyNone++;
    regencyMark = "none";
  } else {
    regencyWrong++;
    if (story.regencyCode === null) spuriousPlace++;
    regencyMark = "WRONG";
  }
  if (!showTexts) continue;
  const got =
    reading.kind === "incident" ? `${reading.category} (${reading.score})` : "not_incident";
  const line =
    `  ${isNew ? "[new] " : ""}${story.text}\n    category: want ${story.category}, got ${got}` +
    `\n    regency: want ${story.regencyCode}, got ${regency} [${regencyMark}]` +
    ` ${place ? `— ${place.name}` : ""}\n    time: ${findTimeInText(story.text, now) ?? "-"}` +
    (categoryOk ? "" : `\n${indent(explainIncident(story.text))}`);
  if (verbose) console.log(line);
  else if (!categoryOk || regencyMark !== "ok") misses.push(line);
}

const falseIncidents = (items: Item[]) => {
  let count = 0;
  for (const item of items) {
    const reading = readIncident(item.text);
    if (reading.kind === "incident") {
      count++;
      if (showTexts)
        misses.push(
          `  FALSE INCIDENT (${reading.category}): ${item.text}\n${indent(explainIncident(item.text))}`,
        );
    }
  }
  return count;
};
const falseQuestions = falseIncidents(questions);
const falseOutOfScope = falseIncidents(outOfScope);

/** A percentage, with the count beside it for tuning items only. */
const figure = (part: number, whole: number) =>
  showTexts ? `${percent(part, whole)} (${part})` : percent(part, whole);

console.log(`split: ${split}`);
console.log(
  `stories (${stories.length}): category right ${figure(categoryRight, stories.length)},` +
    ` read as not an incident ${figure(notIncident, stories.length)}`,
);
console.log(
  `  regency: right ${figure(regencyRight, stories.length)},` +
    ` wrong ${figure(regencyWrong, stories.length)} (a place where none was named:` +
    ` ${figure(spuriousPlace, stories.length)}), none ${figure(regencyNone, stories.length)}`,
);
if (earlierTexts !== undefined)
  console.log(
    `  added since ${since} (${newStories}): category right ${figure(newCategoryRight, newStories)}`,
  );
console.log(
  `questions (${questions.length}): read as incidents ${figure(falseQuestions, questions.length)}`,
);
console.log(
  `out-of-scope (${outOfScope.length}): read as incidents` +
    ` ${figure(falseOutOfScope, outOfScope.length)}`,
);
if (showTexts && misses.length > 0) {
  console.log("\nmisses:");
  for (const miss of misses) console.log(miss);
}
