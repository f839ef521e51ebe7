import { and, eq, like, or } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ikpPemilu2024Dimensions,
  ikpPemilu2024Thresholds,
  mostVulnerableKey,
  pilkada2020ReasonsKey,
  provinceRiskFor,
  provinceRisks,
  type RiskFinding,
  regencyRisks,
  riskFor,
  riskIndexes,
  riskIssues,
  riskLevelKeys,
  riskReliabilityKeys,
  riskStageKeys,
} from "../../src/casework/risk-map";
import { resources } from "../../src/i18n/resources";
import { reportCategories } from "../../src/reports/categories";
import type { AppDatabase } from "../../src/storage/database";
import { regions } from "../../src/storage/schema";
import { createTestDatabase } from "../support/database";

// Transcribed by hand from facts.md §7: the only kab/kota figures it gives (IKP Pemilu 2024,
// Jambi, gegeronline). Every other kab/kota of Babel and Jambi has no level and no score.
const expectedFigures: Record<string, { score: number; level: "tinggi" }> = {
  "15.04": { score: 61.18, level: "tinggi" }, // Batanghari
  "15.72": { score: 58.67, level: "tinggi" }, // Kota Sungai Penuh
  "15.01": { score: 57.42, level: "tinggi" }, // Kerinci
};

let database: AppDatabase;
let seededRegencies: { code: string; name: string }[];

beforeAll(async () => {
  database = await createTestDatabase();
  seededRegencies = await database.db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(
      and(eq(regions.level, "regency"), or(like(regions.code, "19.%"), like(regions.code, "15.%"))),
    )
    .orderBy(regions.code);
});

afterAll(async () => {
  await database?.close();
});

const squash = (name: string) => name.toLowerCase().replace(/\s+/g, "");
const allFindings = (): RiskFinding[] => [
  ...regencyRisks.flatMap((r) => r.findings),
  ...provinceRisks.flatMap((p) => p.findings),
];

describe("risk map", () => {
  it("has one entry for every kab/kota of Babel and Jambi in the region data, and no other", () => {
    expect(seededRegencies).toHaveLength(18);
    expect(regencyRisks.map((r) => r.regencyCode)).toEqual(seededRegencies.map((r) => r.code));
    for (const risk of regencyRisks) {
      const seeded = seededRegencies.find((r) => r.code === risk.regencyCode);
      // facts.md writes "Pangkalpinang"; the dataset "Pangkal Pinang".
      expect(squash(risk.name), risk.regencyCode).toBe(squash(seeded?.name ?? ""));
      expect(risk.provinceCode).toBe(risk.regencyCode.slice(0, 2));
    }
  });

  it("gives the facts.md IKP figures for Batanghari, Sungai Penuh and Kerinci, and none elsewhere", () => {
    for (const risk of regencyRisks) {
      const expected = expectedFigures[risk.regencyCode];
      if (expected) {
        expect({ score: risk.score, level: risk.level, index: risk.levelIndex }).toEqual({
          ...expected,
          index: "ikp_pemilu_2024",
        });
      } else {
        expect({ score: risk.score, level: risk.level }, risk.regencyCode).toEqual({
          score: undefined,
          level: undefined,
        });
        expect(risk.findings.every((f) => f.score === undefined && f.level === undefined)).toBe(
          true,
        );
      }
    }
  });

  it("keeps every kab/kota score within the category it is given on the kab/kota scale", () => {
    const scale = ikpPemilu2024Thresholds.regency;
    for (const risk of regencyRisks.filter((r) => r.score !== undefined)) {
      expect(risk.level).toBe("tinggi");
      expect(risk.score).toBeGreaterThanOrEqual(scale.tinggi.min);
      expect(risk.score).toBeLessThanOrEqual(scale.tinggi.max);
    }
  });

  it("names the reasons facts.md gives for the three Jambi figures, as drawn from Pilkada 2020", () => {
    for (const code of Object.keys(expectedFigures)) {
      const [figure] = riskFor(code)?.findings ?? [];
      expect(figure?.issues).toEqual([
        "threats",
        "asn_mobilisation",
        "kades_involvement",
        "money_distribution",
        "unrest",
      ]);
      expect(figure?.contextKey).toBe(pilkada2020ReasonsKey);
      expect(figure?.reliability).toBe("one_source");
      expect(figure?.citation).toContain("gegeronline");
    }
  });

  it("records Kota Jambi and Sarolangun as named most vulnerable for Pilkada 2024, without a level", () => {
    for (const code of ["15.71", "15.03"]) {
      const risk = riskFor(code);
      expect(risk?.level).toBeUndefined();
      expect(risk?.findings).toHaveLength(1);
      expect(risk?.findings[0]).toMatchObject({
        index: "ikp_pilkada_2024",
        mostVulnerable: true,
        level: undefined,
        score: undefined,
        reliability: "one_source",
      });
    }
    const others = regencyRisks.filter((r) => !["15.71", "15.03"].includes(r.regencyCode));
    expect(others.flatMap((r) => r.findings).some((f) => f.mostVulnerable)).toBe(false);
  });

  it("gives Bawaslu Babel's named local risks for Belitung, Pangkalpinang and Bangka Tengah only", () => {
    const local = regencyRisks
      .map((r) => ({
        code: r.regencyCode,
        issues: r.findings
          .filter((f) => f.index === "bawaslu_babel_pilkada_2024")
          .flatMap((f) => f.issues),
      }))
      .filter((r) => r.issues.length > 0);
    expect(local).toEqual([
      { code: "19.02", issues: ["sara", "black_campaign"] },
      { code: "19.04", issues: ["asn_neutrality"] },
      { code: "19.71", issues: ["money_politics"] },
    ]);
    for (const code of ["19.01", "19.03", "19.05", "19.06"])
      expect(riskFor(code)?.findings).toEqual([]);
  });

  it("gives the provinces their IKP figures, and Jambi no Pilkada 2024 category (unconfirmed)", () => {
    const babel = provinceRiskFor("19");
    const jambi = provinceRiskFor("15");
    const ikp = (findings: RiskFinding[] | undefined, index: string) =>
      findings?.find((f) => f.index === index);
    expect(ikp(babel?.findings, "ikp_pemilu_2024")).toMatchObject({
      score: 29.89,
      level: "sedang",
    });
    expect(ikp(jambi?.findings, "ikp_pemilu_2024")).toMatchObject({
      score: 12.03,
      level: "rendah",
    });
    expect(ikp(babel?.findings, "ikp_pilkada_2024")).toMatchObject({
      score: undefined,
      level: "sedang",
    });
    expect(ikp(jambi?.findings, "ikp_pilkada_2024")).toMatchObject({
      score: undefined,
      level: undefined,
    });
    // Each province's level agrees with its score on the province scale.
    const scale = ikpPemilu2024Thresholds.province;
    const babelScore = ikp(babel?.findings, "ikp_pemilu_2024")?.score ?? Number.NaN;
    const jambiScore = ikp(jambi?.findings, "ikp_pemilu_2024")?.score ?? Number.NaN;
    expect(babelScore).toBeGreaterThanOrEqual(scale.sedang.min);
    expect(babelScore).toBeLessThan(scale.sedang.max);
    expect(jambiScore).toBeLessThan(scale.rendahBelow);
  });

  it("finds the kab/kota of a desa or kecamatan code, and nothing for a province or another province", () => {
    expect(riskFor("19.06.01.2006")?.name).toBe("Kabupaten Belitung Timur");
    expect(riskFor("19.06.01.2006")?.level).toBeUndefined();
    expect(riskFor("15.04.03")?.score).toBe(61.18);
    expect(riskFor("19")).toBeUndefined();
    expect(riskFor("31.71")).toBeUndefined();
    expect(riskFor("19.061")).toBeUndefined();
    expect(provinceRiskFor("15.71.01")?.provinceCode).toBe("15");
    expect(provinceRiskFor("31")).toBeUndefined();
  });

  it("gives every finding a source, an index with its election and year, and a known reliability", () => {
    for (const finding of allFindings()) {
      const index = riskIndexes[finding.index];
      expect(index.year).toBe(2024);
      expect(["pemilu_2024", "pilkada_2024"]).toContain(index.election);
      expect(index.section).toMatch(/^facts\.md §/);
      expect(finding.citation.trim()).not.toBe("");
      expect(finding.namedAs.trim()).not.toBe("");
      expect(Object.keys(riskReliabilityKeys)).toContain(finding.reliability);
      for (const issue of finding.issues) expect(Object.keys(riskIssues)).toContain(issue);
      for (const stage of finding.stages) expect(Object.keys(riskStageKeys)).toContain(stage);
    }
    for (const { category } of Object.values(riskIssues))
      if (category !== undefined) expect(reportCategories).toContain(category);
  });

  it("has a text in both languages for every label key it hands to the console", () => {
    const keys = [
      ...Object.values(riskIndexes).map((i) => i.labelKey),
      ...Object.values(riskIssues).map((i) => i.labelKey),
      ...Object.values(riskStageKeys),
      ...Object.values(riskLevelKeys),
      ...Object.values(riskReliabilityKeys),
      ...ikpPemilu2024Dimensions.map((d) => d.labelKey),
      mostVulnerableKey,
      pilkada2020ReasonsKey,
      ...allFindings().flatMap((f) => (f.contextKey ? [f.contextKey] : [])),
    ];
    for (const key of keys) {
      const [namespace, name] = key.split(":");
      expect(name?.startsWith("risk."), key).toBe(true);
      for (const language of ["id", "en"] as const)
        expect(
          resources[language][namespace ?? ""]?.[name ?? ""],
          `${language} ${key}`,
        ).toBeTruthy();
    }
  });
});
