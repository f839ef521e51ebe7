import { describe, expect, it } from "vitest";
import {
  articleProblems,
  normalizeArticleText,
  shippedKnowledge,
} from "../../src/content/knowledge-articles";
import { knowledgeTopics } from "../../src/knowledge/topics";

const shipped = shippedKnowledge();

describe("the checks on a staff edit of an answer", () => {
  it("pass every shipped title and answer, so restoring one is never refused", () => {
    for (const language of ["id", "en"] as const) {
      for (const topic of knowledgeTopics) {
        const text = {
          title: shipped[language][`${topic.id}.title`] ?? "",
          answer: shipped[language][`${topic.id}.answer`] ?? "",
        };
        expect(articleProblems(language, text), `${language} ${topic.id}`).toEqual([]);
      }
    }
  });

  it("count a line end as one character, as the bot sends it", () => {
    expect(normalizeArticleText("  Satu  \r\nDua\rTiga \n")).toBe("Satu\nDua\nTiga");
    const answer = normalizeArticleText(`${"a".repeat(587)}\r\nSumber: KPU.`);
    expect(answer).toHaveLength(600);
    expect(articleProblems("id", { title: "Judul", answer })).toEqual([]);
    expect(articleProblems("id", { title: "Judul", answer: `a${answer}` })).toEqual([
      "answer_too_long",
    ]);
  });

  it("want the closing line in the answer's own language", () => {
    const english = "Polling stations open at 07.00.\nSource: KPU.";
    expect(articleProblems("en", { title: "TPS", answer: english })).toEqual([]);
    expect(articleProblems("id", { title: "TPS", answer: english })).toEqual(["answer_no_source"]);
    expect(articleProblems("id", { title: "TPS", answer: "TPS buka.\nSumber: KPU" })).toEqual([
      "answer_no_source",
    ]);
  });

  it("refuse empty texts, long or two-line titles and phone numbers", () => {
    expect(articleProblems("id", { title: "", answer: "" })).toEqual([
      "title_empty",
      "answer_empty",
    ]);
    expect(articleProblems("id", { title: "x".repeat(51), answer: "A.\nSumber: KPU." })).toEqual([
      "title_too_long",
    ]);
    expect(articleProblems("id", { title: "Satu\nDua", answer: "A.\nSumber: KPU." })).toEqual([
      "title_multiline",
    ]);
    for (const phone of [
      "0812-3456-7890",
      "+62 812 3456 7890",
      "(0717) 422 1234",
      "081234567890",
    ]) {
      expect(
        articleProblems("id", { title: "TPS", answer: `Hubungi ${phone}.\nSumber: KPU.` }),
        phone,
      ).toContain("phone_number");
    }
  });
});
