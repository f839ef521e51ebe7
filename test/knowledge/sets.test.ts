import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { knowledgeTopics } from "../../src/knowledge/topics";
import { reportCategories } from "../../src/reports/categories";

// Shape checks only for the evaluation sets in test/knowledge/sets (see README.md there).
// These tests never run a matcher; they keep the data honest: sizes, ids, splits, regions.

const SETS_DIR = join(dirname(fileURLToPath(import.meta.url)), "sets");

/** Every topic of the knowledge base: each label must be one, and each needs questions. */
const TOPICS = knowledgeTopics.map((topic) => topic.id);

// Every report category but "lainnya" (free text), which a labelled story cannot use.
const CATEGORIES = reportCategories.filter((category) => category !== "lainnya");

const LANGS = ["id", "en"];
const SPLITS = ["tuning", "heldout"];

const MIN_QUESTIONS = 160;
const MIN_PER_TOPIC = 3;
const MIN_OUT_OF_SCOPE = 25;
const MIN_STORIES = 45;
const HELDOUT_MIN_SHARE = 0.25;
const HELDOUT_MAX_SHARE = 0.45;

type Item = Record<string, unknown>;

function loadSet(name: string): Item[] {
  const parsed: unknown = JSON.parse(readFileSync(join(SETS_DIR, `${name}.json`), "utf8"));
  if (!Array.isArray(parsed)) throw new Error(`${name}.json is not an array`);
  return parsed as Item[];
}

/** Regency rows (code → province code) from idn-area-data's regencies.csv. */
function loadRegencies(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("idn-area-data/package.json");
  const csv = readFileSync(join(dirname(packageJson), "data", "regencies.csv"), "utf8");
  const regencies = new Map<string, string>();
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const [code, provinceCode] = line.split(",");
    if (code && provinceCode) regencies.set(code.trim(), provinceCode.trim());
  }
  return regencies;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

function heldoutShare(items: Item[]): number {
  return items.filter((item) => item.split === "heldout").length / items.length;
}

function expectKeys(item: Item, keys: string[], label: string): void {
  expect(Object.keys(item).sort(), label).toEqual([...keys].sort());
}

function expectCommonFields(item: Item, label: string): void {
  expect(typeof item.text, label).toBe("string");
  expect((item.text as string).trim().length, label).toBeGreaterThan(0);
  expect(item.text, `${label}: no surrounding whitespace`).toBe((item.text as string).trim());
  expect(LANGS, `${label}: lang`).toContain(item.lang);
  expect(SPLITS, `${label}: split`).toContain(item.split);
}

const questions = loadSet("questions");
const outOfScope = loadSet("out-of-scope");
const stories = loadSet("stories");

describe("questions.json", () => {
  it("has enough items, each with text, a known topic, a lang and a split", () => {
    expect(questions.length).toBeGreaterThanOrEqual(MIN_QUESTIONS);
    questions.forEach((item, index) => {
      const label = `questions[${index}]`;
      expectKeys(item, ["text", "topic", "lang", "split"], label);
      expectCommonFields(item, label);
      expect(TOPICS, `${label}: topic`).toContain(item.topic);
    });
  });

  it(`gives every topic at least ${MIN_PER_TOPIC} questions, with both splits`, () => {
    for (const topic of TOPICS) {
      const ofTopic = questions.filter((item) => item.topic === topic);
      expect(ofTopic.length, topic).toBeGreaterThanOrEqual(MIN_PER_TOPIC);
      expect(
        ofTopic.some((item) => item.split === "heldout"),
        `${topic}: heldout`,
      ).toBe(true);
      expect(
        ofTopic.some((item) => item.split === "tuning"),
        `${topic}: tuning`,
      ).toBe(true);
    }
  });

  it("holds out about one third and has some English", () => {
    const share = heldoutShare(questions);
    expect(share).toBeGreaterThanOrEqual(HELDOUT_MIN_SHARE);
    expect(share).toBeLessThanOrEqual(HELDOUT_MAX_SHARE);
    expect(questions.some((item) => item.lang === "en")).toBe(true);
    expect(questions.some((item) => item.lang === "id")).toBe(true);
  });
});

describe("out-of-scope.json", () => {
  it("has enough items, each with text, a lang and a split", () => {
    expect(outOfScope.length).toBeGreaterThanOrEqual(MIN_OUT_OF_SCOPE);
    outOfScope.forEach((item, index) => {
      const label = `out-of-scope[${index}]`;
      expectKeys(item, ["text", "lang", "split"], label);
      expectCommonFields(item, label);
    });
  });

  it("holds out about one third", () => {
    const share = heldoutShare(outOfScope);
    expect(share).toBeGreaterThanOrEqual(HELDOUT_MIN_SHARE);
    expect(share).toBeLessThanOrEqual(HELDOUT_MAX_SHARE);
  });
});

describe("stories.json", () => {
  const regencies = loadRegencies();

  it("has enough items, each with text, a known category, a region or null, a lang and a split", () => {
    expect(stories.length).toBeGreaterThanOrEqual(MIN_STORIES);
    stories.forEach((item, index) => {
      const label = `stories[${index}]`;
      expectKeys(item, ["text", "category", "regencyCode", "lang", "split"], label);
      expectCommonFields(item, label);
      expect(CATEGORIES, `${label}: category`).toContain(item.category);
    });
  });

  it("uses only regency codes of Jambi (15) or Bangka Belitung (19) that exist in idn-area-data", () => {
    expect(regencies.size).toBeGreaterThan(500);
    stories.forEach((item, index) => {
      const code = item.regencyCode;
      if (code === null) return;
      const label = `stories[${index}] regencyCode ${String(code)}`;
      expect(typeof code, label).toBe("string");
      expect(code, label).toMatch(/^\d{2}\.\d{2}$/);
      expect(regencies.has(code as string), label).toBe(true);
      expect(["15", "19"], label).toContain(regencies.get(code as string));
    });
  });

  it("covers every category, and has stories with and without a place", () => {
    for (const category of CATEGORIES) {
      expect(
        stories.some((item) => item.category === category),
        category,
      ).toBe(true);
    }
    expect(stories.some((item) => item.regencyCode === null)).toBe(true);
    expect(stories.some((item) => item.regencyCode !== null)).toBe(true);
  });

  it("holds out about one third", () => {
    const share = heldoutShare(stories);
    expect(share).toBeGreaterThanOrEqual(HELDOUT_MIN_SHARE);
    expect(share).toBeLessThanOrEqual(HELDOUT_MAX_SHARE);
  });
});

describe("all sets", () => {
  it("contain no duplicate texts, within or across sets (case and spacing ignored)", () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const [name, items] of [
      ["questions", questions],
      ["out-of-scope", outOfScope],
      ["stories", stories],
    ] as const) {
      items.forEach((item, index) => {
        const key = normalise(String(item.text));
        const where = `${name}[${index}]`;
        const earlier = seen.get(key);
        if (earlier) duplicates.push(`${where} repeats ${earlier}: ${String(item.text)}`);
        else seen.set(key, where);
      });
    }
    expect(duplicates).toEqual([]);
  });
});
