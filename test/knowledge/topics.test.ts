import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import enKnowledge from "../../locales/en/knowledge.json" with { type: "json" };
import idKnowledge from "../../locales/id/knowledge.json" with { type: "json" };
import { knowledgeTopics } from "../../src/knowledge/topics";

const texts: Record<"id" | "en", Record<string, string>> = { id: idKnowledge, en: enKnowledge };
const languages = ["id", "en"] as const;

/** The fact sheet the answers must agree with; it lives beside the repository, not in it. */
const factsPath = path.resolve(import.meta.dirname, "../../../shared/domain/facts.md");
const factsText = fs.existsSync(factsPath) ? fs.readFileSync(factsPath, "utf8") : undefined;

const REQUIRED_IDS = [
  "next_elections",
  "pilkada_2024_voting_day",
  "pemilu_2024_voting_day",
  "campaign_periods",
  "masa_tenang",
  "pilkada_ulang_2025",
  "counting_and_results",
  "who_may_vote",
  "check_voter_list",
  "what_to_bring",
  "tps_hours",
  "how_to_mark_ballot",
  "no_phones_in_booth",
  "pindah_memilih",
  "disability_access",
  "time_off_to_vote",
  "money_politics_what",
  "money_politics_pilkada_sanction",
  "money_politics_pemilu_sanction",
  "asn_neutrality",
  "village_head_neutrality",
  "tni_polri_neutrality",
  "black_vs_negative_campaign",
  "sara_and_hoaxes",
  "campaign_outside_schedule",
  "apk_placement",
  "government_facilities_schools",
  "children_in_campaigns",
  "social_media_accounts",
  "report_requirements",
  "report_deadline",
  "tip_vs_report",
  "after_reporting",
  "reporter_protection",
  "participatory_supervision",
  "bot_neutrality",
];

function answer(language: "id" | "en", id: string): string {
  return texts[language][`${id}.answer`] ?? "";
}

/**
 * Whether facts.md has the section a reference names: "§2" is the heading "## 2.", "§2.1" the
 * heading "### 2.1", and "§8.3" item "3." of the numbered list under "## 8." when section 8
 * has no "###" subsections.
 */
function factsSectionExists(facts: string, reference: string): boolean {
  const match = /^§(\d+)(?:\.(\d+))?$/.exec(reference);
  if (!match) return false;
  const [, major, minor] = match;
  const lines = facts.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`## ${major}.`));
  if (start < 0) return false;
  if (minor === undefined) return true;
  const next = lines.findIndex((line, index) => index > start && line.startsWith("## "));
  const body = lines.slice(start + 1, next < 0 ? undefined : next);
  const subheadings = body.filter((line) => line.startsWith(`### ${major}.`));
  if (subheadings.length > 0) {
    return subheadings.some((line) => new RegExp(`^### ${major}\\.${minor}(\\s|$)`).test(line));
  }
  return body.some((line) => line.startsWith(`${minor}. `));
}

/** Indonesian mobile and landline numbers in the usual spellings, and long digit groups. */
const PHONE_PATTERNS = [
  /(?:\+62|\b62|\b0)8\d[\d\s.-]{6,}\d/,
  /\b0\d{2,3}[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b/,
  /\b\d{3,4}[\s.-]\d{3,4}[\s.-]\d{3,5}\b/,
  /\b\d{9,}\b/,
];

describe("knowledge topics", () => {
  it("have unique ids and include every required topic", () => {
    const ids = knowledgeTopics.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of REQUIRED_IDS) expect(ids, id).toContain(id);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it("have a title and an answer in both languages, and no texts without a topic", () => {
    const expected = knowledgeTopics.flatMap((t) => [`${t.id}.title`, `${t.id}.answer`]).sort();
    for (const language of languages) {
      expect(Object.keys(texts[language]).sort(), language).toEqual(expected);
      for (const [key, text] of Object.entries(texts[language])) {
        expect(text.trim(), `${language} ${key}`).not.toBe("");
      }
    }
  });

  it("keep answers within 600 characters and titles short", () => {
    for (const language of languages) {
      for (const t of knowledgeTopics) {
        expect(answer(language, t.id).length, `${language} ${t.id}`).toBeLessThanOrEqual(600);
        const title = texts[language][`${t.id}.title`] ?? "";
        expect(title.length, `${language} ${t.id}.title`).toBeLessThanOrEqual(50);
        expect(title, `${language} ${t.id}.title`).not.toContain("\n");
      }
    }
  });

  it("end every answer with its legal basis or source", () => {
    const closing = { id: /^(Dasar|Sumber): \S.*\.$/, en: /^(Legal basis|Source): \S.*\.$/ };
    for (const language of languages) {
      for (const t of knowledgeTopics) {
        const lines = answer(language, t.id).split("\n");
        expect(lines.at(-1), `${language} ${t.id}`).toMatch(closing[language]);
      }
    }
  });

  it("never contain a phone number", () => {
    for (const language of languages) {
      for (const [key, text] of Object.entries(texts[language])) {
        for (const pattern of PHONE_PATTERNS) {
          expect(text, `${language} ${key}`).not.toMatch(pattern);
        }
      }
    }
  });

  it("say the next election dates are not set, and give no later year elsewhere", () => {
    expect(answer("id", "next_elections")).toContain("belum ditetapkan");
    expect(answer("en", "next_elections")).toContain("not yet set");
    // 2029 only as the start of the separation, 2031 only as a projection.
    expect(answer("id", "next_elections")).toMatch(/2029[^.]*terpisah/);
    expect(answer("en", "next_elections")).toMatch(/2029[^.]*separate/);
    expect(answer("id", "next_elections")).toContain("sekitar 2031");
    expect(answer("en", "next_elections")).toContain("about 2031");
    for (const language of languages) {
      for (const t of knowledgeTopics) {
        const years = [...answer(language, t.id).matchAll(/\b(20\d\d)\b/g)].map((m) =>
          Number(m[1]),
        );
        const allowed = t.id === "next_elections" ? [2029, 2031] : [];
        for (const year of years.filter((y) => y >= 2027)) {
          expect(allowed, `${language} ${t.id} mentions ${year}`).toContain(year);
        }
      }
    }
  });

  it("have keywords in both languages, lower case and without duplicates", () => {
    for (const t of knowledgeTopics) {
      for (const language of languages) {
        const words = t.keywords[language];
        expect(words.length, `${language} ${t.id}`).toBeGreaterThan(0);
        expect(new Set(words).size, `${language} ${t.id}`).toBe(words.length);
        for (const word of words) {
          expect(word, `${language} ${t.id}`).toBe(word.trim().toLowerCase());
          expect(word, `${language} ${t.id}`).not.toBe("");
        }
      }
    }
  });

  it("cite facts.md sections in the §N or §N.M form", () => {
    for (const t of knowledgeTopics) {
      expect(t.facts.length, t.id).toBeGreaterThan(0);
      for (const reference of t.facts) expect(reference, t.id).toMatch(/^§\d+(\.\d+)?$/);
    }
  });

  it("cite only facts.md sections that exist", (context) => {
    if (factsText === undefined) {
      context.skip(`facts.md not found at ${factsPath}: cannot check the cited sections`);
    }
    for (const t of knowledgeTopics) {
      for (const reference of t.facts) {
        expect(factsSectionExists(factsText ?? "", reference), `${t.id} ${reference}`).toBe(true);
      }
    }
  });
});

describe("knowledge answers follow facts.md", () => {
  const all = (id: string) => `${answer("id", id)}\n${answer("en", id)}`;

  it("keep Pemilu and Pilkada articles apart (§8.2)", () => {
    for (const t of knowledgeTopics) {
      if (t.regime === "pemilu") {
        expect(all(t.id), t.id).not.toMatch(/UU 10\/2016|187A|Pasal 73\b/);
      }
      if (t.regime === "pilkada") {
        expect(all(t.id), t.id).not.toMatch(/UU 7\/2017|Pasal 523|Pasal 515/);
      }
    }
  });

  it("punish receivers of money politics only under the Pilkada law (§8.3)", () => {
    expect(answer("id", "money_politics_pilkada_sanction")).toMatch(/menerima/);
    expect(answer("en", "money_politics_pilkada_sanction")).toMatch(/accepts/);
    expect(answer("id", "money_politics_pemilu_sanction")).toMatch(/tidak memidana penerima/);
    expect(answer("en", "money_politics_pemilu_sanction")).toMatch(/does not punish receivers/);
  });

  it("give no penalty for photographing one's own ballot (§4, unconfirmed)", () => {
    const text = all("no_phones_in_booth");
    expect(text).not.toMatch(/Rp\s?\d|penjara|kurungan|prison|Pasal 500|187A/);
  });

  it("promise no working days for the reporting deadline (§3.4)", () => {
    expect(answer("id", "report_deadline")).toContain("paling lama 7 hari sejak");
    expect(answer("id", "report_deadline")).toContain("secepatnya");
    expect(all("report_deadline")).not.toMatch(/hari kerja|working day/);
  });

  it("mention KASN only as abolished (§2.2)", () => {
    for (const language of languages) {
      for (const t of knowledgeTopics) {
        const text = answer(language, t.id);
        if (text.includes("KASN")) {
          expect(text, `${language} ${t.id}`).toMatch(/dibubarkan|abolished/);
          expect(text, `${language} ${t.id}`).toContain("BKN");
        }
      }
    }
  });

  it("rest the Pilkada child ban on UU 35/2014 (§2.12)", () => {
    for (const language of languages) {
      const text = answer(language, "children_in_campaigns");
      expect(text, language).toContain("493 (Pemilu)");
      expect(text, language).toContain("UU 35/2014 Pasal 15 huruf a (Pilkada)");
    }
  });

  it("treat MK 65/PUU-XXI/2023 as Pemilu-only (§2.9)", () => {
    for (const language of languages) {
      for (const t of knowledgeTopics) {
        const text = answer(language, t.id);
        if (text.includes("65/PUU-XXI/2023")) {
          expect(text, `${language} ${t.id}`).toMatch(/khusus Pemilu|Pemilu only/);
        }
      }
    }
  });

  it("avoid the known wrong citations (§8)", () => {
    for (const language of languages) {
      for (const [key, text] of Object.entries(texts[language])) {
        expect(text, `${language} ${key}`).not.toMatch(
          /Pasal 512|UU 1\/2023|PKPU 1363|PKPU 14\/2024|23[–-]26 Nov|24[–-]27 Nov/,
        );
      }
    }
  });

  it("put past dates in the past tense", () => {
    for (const id of ["pilkada_2024_voting_day", "pemilu_2024_voting_day", "pilkada_ulang_2025"]) {
      expect(answer("id", id), id).toContain("berlangsung pada");
      expect(answer("en", id), id).toContain("took place on");
    }
  });

  it("keep the bot neutral without naming any candidate (bot_neutrality)", () => {
    expect(answer("id", "bot_neutrality")).toMatch(/tidak\* merekomendasikan/);
    expect(answer("en", "bot_neutrality")).toMatch(/not\* recommend/);
    expect(all("bot_neutrality")).toContain("KPU");
  });
});
