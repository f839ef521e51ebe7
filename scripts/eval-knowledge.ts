/**
 * How well the knowledge base answers the labelled sets in test/knowledge/sets (see README.md
 * there). By default only the `tuning` split is read, and its misses are listed so the
 * matcher can be improved:
 *
 *   npx tsx scripts/eval-knowledge.ts
 *
 * `--heldout-summary` prints the same aggregate figures for the `heldout` split and nothing
 * else: no texts, no per-item lines. Run it to report, never to tune.
 *
 * `--from N` (tuning only) also prints the figures of the tuning questions from the N-th on
 * (0-based, in file order), and `--oos-from M` those of the out-of-scope tuning messages from
 * the M-th on: items added later, by someone who had not seen the matcher, are a fair check of
 * how the matcher generalises (`--from 139 --oos-from 22`: the second batch of 2026-11-22;
 * `--from 213 --oos-from 36`: the third).
 *
 * Figures, for questions: answered right (the right topic answered), rank-1 (the decision's
 * first topic is right: answered, or unsure with the right topic as the first choice offered),
 * wrong answers (answered with another topic: the worst outcome), unsure with the right topic
 * among the candidates, unsure without it, and none. For out-of-scope messages: how many fell
 * back (none or unsure) and how many were answered (must be 0). And how many of the
 * `bot_neutrality` questions ("whom should I vote for") got that answer directly (must be all).
 */

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import enKnowledge from "../locales/en/knowledge.json" with { type: "json" };
import idKnowledge from "../locales/id/knowledge.json" with { type: "json" };
import {
  createKnowledgeBase,
  type KnowledgeBase,
  knowledgeDocuments,
} from "../src/knowledge/knowledge-base";
import { createTopicIndex, type TopicDecision } from "../src/knowledge/search";

type Split = "tuning" | "heldout";

interface Question {
  text: string;
  topic: string;
  lang: string;
  split: Split;
}

interface OutOfScope {
  text: string;
  lang: string;
  split: Split;
}

const SETS_DIR = join(dirname(fileURLToPath(import.meta.url)), "../test/knowledge/sets");

/** Reads a set and keeps only the items of `split`, before anything else looks at them. */
function loadSplit<T extends { split: Split }>(file: string, split: Split): T[] {
  const items = JSON.parse(readFileSync(join(SETS_DIR, file), "utf8")) as T[];
  return items.filter((item) => item.split === split);
}

export interface EvaluationFigures {
  questions: number;
  correct: number;
  /** Answered right, or unsure with the right topic as the first candidate. */
  rankOne: number;
  wrong: number;
  unsureWithRight: number;
  unsureWithoutRight: number;
  none: number;
  outOfScope: number;
  outOfScopeAnswered: number;
  outOfScopeUnsure: number;
  /** Questions labelled with the neutrality topic ("whom should I vote for")… */
  neutrality: number;
  /** …and how many of them got the neutrality answer directly (the target: all). */
  neutralityAnswered: number;
}

/** The topic of "whom should I vote for": it must always be answered directly. */
const NEUTRALITY_TOPIC = "bot_neutrality";

interface Miss {
  /** Position of the item in its (tuning) list. */
  index: number;
  text: string;
  expected?: string;
  decision: TopicDecision;
}

type Explain = (text: string) => string;

function evaluate(
  kb: KnowledgeBase,
  questions: readonly Question[],
  outOfScope: readonly OutOfScope[],
): { figures: EvaluationFigures; misses: Miss[]; falseAnswers: Miss[] } {
  const figures: EvaluationFigures = {
    questions: questions.length,
    correct: 0,
    rankOne: 0,
    wrong: 0,
    unsureWithRight: 0,
    unsureWithoutRight: 0,
    none: 0,
    outOfScope: outOfScope.length,
    outOfScopeAnswered: 0,
    outOfScopeUnsure: 0,
    neutrality: 0,
    neutralityAnswered: 0,
  };
  const misses: Miss[] = [];
  const falseAnswers: Miss[] = [];
  for (const [index, question] of questions.entries()) {
    const { decision } = kb.ask(question.text);
    if (question.topic === NEUTRALITY_TOPIC) {
      figures.neutrality += 1;
      if (decision.kind === "answer" && decision.id === NEUTRALITY_TOPIC) {
        figures.neutralityAnswered += 1;
      }
    }
    if (decision.kind === "answer" && decision.id === question.topic) {
      figures.correct += 1;
      figures.rankOne += 1;
      continue;
    }
    if (decision.kind === "unsure" && decision.candidates[0] === question.topic) {
      figures.rankOne += 1;
    }
    if (decision.kind === "answer") figures.wrong += 1;
    else if (decision.kind === "unsure" && decision.candidates.includes(question.topic)) {
      figures.unsureWithRight += 1;
    } else if (decision.kind === "unsure") figures.unsureWithoutRight += 1;
    else figures.none += 1;
    misses.push({ index, text: question.text, expected: question.topic, decision });
  }
  for (const [index, item] of outOfScope.entries()) {
    const { decision } = kb.ask(item.text);
    if (decision.kind === "answer") {
      figures.outOfScopeAnswered += 1;
      falseAnswers.push({ index, text: item.text, decision });
    } else if (decision.kind === "unsure") {
      figures.outOfScopeUnsure += 1;
      falseAnswers.push({ index, text: item.text, decision });
    }
  }
  return { figures, misses, falseAnswers };
}

const percent = (part: number, whole: number): string =>
  whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(1)}%`;

function printFigures(label: string, f: EvaluationFigures): void {
  console.log(`${label}`);
  console.log(`  questions: ${f.questions}`);
  console.log(`    top-1 answered right    ${f.correct} (${percent(f.correct, f.questions)})`);
  console.log(`    rank-1 (answer/first)   ${f.rankOne} (${percent(f.rankOne, f.questions)})`);
  console.log(`    answered WRONG topic    ${f.wrong} (${percent(f.wrong, f.questions)})`);
  console.log(
    `    unsure, right offered   ${f.unsureWithRight} (${percent(f.unsureWithRight, f.questions)})`,
  );
  console.log(
    `    unsure, right missing   ${f.unsureWithoutRight} (${percent(f.unsureWithoutRight, f.questions)})`,
  );
  console.log(`    none                    ${f.none} (${percent(f.none, f.questions)})`);
  console.log(
    `    neutrality answered     ${f.neutralityAnswered} of ${f.neutrality} (target: all)`,
  );
  const fellBack = f.outOfScope - f.outOfScopeAnswered;
  console.log(`  out of scope: ${f.outOfScope}`);
  console.log(`    fell back (none/unsure) ${fellBack} (${percent(fellBack, f.outOfScope)})`);
  console.log(`    of which unsure         ${f.outOfScopeUnsure}`);
  console.log(`    ANSWERED                ${f.outOfScopeAnswered}`);
}

function describeDecision(decision: TopicDecision): string {
  if (decision.kind === "answer") return `answer ${decision.id} (${decision.score.toFixed(2)})`;
  if (decision.kind === "unsure") return `unsure [${decision.candidates.join(", ")}]`;
  return "none";
}

const verbose = process.argv.includes("--verbose");

/** The number after `flag` on the command line, or undefined. */
function numberOption(flag: string): number | undefined {
  const at = process.argv.indexOf(flag);
  if (at < 0) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number`);
  return value;
}

/** The top three hits of the raw search, with score, coverage and matched words. */
function explainer(): Explain {
  const index = createTopicIndex(knowledgeDocuments({ id: idKnowledge, en: enKnowledge }));
  return (text) =>
    index
      .search(text)
      .slice(0, 3)
      .map(
        (hit) =>
          `${hit.id} ${hit.score.toFixed(2)} cov ${hit.coverage.toFixed(2)} m ${hit.matched.toFixed(2)}`,
      )
      .join(" | ");
}

function main(): void {
  const kb = createKnowledgeBase({ id: idKnowledge, en: enKnowledge });
  if (process.argv.includes("--heldout-summary")) {
    const { figures } = evaluate(
      kb,
      loadSplit<Question>("questions.json", "heldout"),
      loadSplit<OutOfScope>("out-of-scope.json", "heldout"),
    );
    printFigures("held-out split (aggregates only)", figures);
    return;
  }
  const questions = loadSplit<Question>("questions.json", "tuning");
  const outOfScope = loadSplit<OutOfScope>("out-of-scope.json", "tuning");
  const { figures, misses, falseAnswers } = evaluate(kb, questions, outOfScope);
  printFigures("tuning split", figures);
  const from = numberOption("--from");
  const oosFrom = numberOption("--oos-from");
  if (from !== undefined || oosFrom !== undefined) {
    const later = evaluate(kb, questions.slice(from ?? 0), outOfScope.slice(oosFrom ?? 0));
    printFigures(
      `tuning split, questions from #${from ?? 0}, out of scope from #${oosFrom ?? 0}`,
      later.figures,
    );
  }
  const explain = explainer();
  if (misses.length > 0) {
    console.log("\nquestion misses (tuning):");
    for (const miss of misses) {
      console.log(
        `  #${miss.index} [${miss.expected}] ${describeDecision(miss.decision)}  ← ${miss.text}`,
      );
      if (verbose) console.log(`      ${explain(miss.text)}`);
    }
  }
  if (falseAnswers.length > 0) {
    console.log("\nout-of-scope not 'none' (tuning):");
    for (const miss of falseAnswers) {
      console.log(`  #${miss.index} ${describeDecision(miss.decision)}  ← ${miss.text}`);
      if (verbose) console.log(`      ${explain(miss.text)}`);
    }
  }
}

main();
