import { describe, expect, it } from "vitest";
import enKnowledge from "../../locales/en/knowledge.json" with { type: "json" };
import idKnowledge from "../../locales/id/knowledge.json" with { type: "json" };
import {
  createKnowledgeBase,
  knowledgeDocuments,
  otherElectionTopics,
} from "../../src/knowledge/knowledge-base";
import { knowledgeTopics } from "../../src/knowledge/topics";

// Questions written for this test, not taken from the evaluation sets in test/knowledge/sets
// (scripts/eval-knowledge.ts measures those).

const texts = { id: idKnowledge, en: enKnowledge };
const kb = createKnowledgeBase(texts);

function answered(text: string): string | undefined {
  const { decision } = kb.ask(text);
  return decision.kind === "answer" ? decision.id : undefined;
}

describe("createKnowledgeBase", () => {
  it("lists every topic id once, in the order of topics.ts", () => {
    expect(kb.topicIds).toEqual(knowledgeTopics.map((topic) => topic.id));
  });

  it("builds one document per topic and language from the locale texts", () => {
    const docs = knowledgeDocuments(texts);
    expect(docs).toHaveLength(knowledgeTopics.length * 2);
    const english = docs.find((doc) => doc.id === "tps_hours" && doc.language === "en");
    expect(english?.title).toBe(enKnowledge["tps_hours.title"]);
    expect(english?.body).toBe(enKnowledge["tps_hours.answer"]);
  });

  it("refuses texts that lack a topic's title or answer", () => {
    const { "tps_hours.answer": _dropped, ...incomplete } = enKnowledge;
    expect(() => createKnowledgeBase({ id: idKnowledge, en: incomplete })).toThrow(/tps_hours/);
  });

  it("builds independent instances (no shared state)", () => {
    const strict = createKnowledgeBase(texts, { thresholds: { answerMinScore: 1e9 } });
    expect(strict.ask("baliho caleg dipaku di pohon").decision.kind).toBe("unsure");
    expect(kb.ask("baliho caleg dipaku di pohon").decision.kind).toBe("answer");
  });
});

describe("ask: the language of the question", () => {
  it("answers an English question and reports it as English", () => {
    expect(kb.ask("What time does the polling station close?")).toEqual({
      decision: expect.objectContaining({ kind: "answer", id: "tps_hours" }),
      language: "en",
    });
  });

  it("places a message without function words by the texts that hold its words", () => {
    expect(kb.ask("billboard").language).toBe("en");
    expect(kb.ask("vote buying").language).toBe("en");
    expect(kb.ask("politik uang").language).toBe("id");
    expect(kb.ask("money politics").language).toBe("id");
    expect(kb.ask("baliho").language).toBe("id");
  });

  it("reports an Indonesian or slang question as Indonesian", () => {
    const answer = kb.ask("tps tutup jam brp ya min");
    expect(answer.language).toBe("id");
    expect(answer.decision).toMatchObject({ kind: "answer", id: "tps_hours" });
  });
});

describe("ask: topics", () => {
  const cases: Array<[question: string, topic: string]> = [
    ["kapan pemilu lagi?", "next_elections"],
    ["baliho caleg dipaku di pohon depan rumah", "apk_placement"],
    ["Is it allowed to hand out cash to voters?", "money_politics_what"],
    ["pns ikut kampanye, lapor ke BKN bisa?", "asn_neutrality"],
    ["asn dukung paslon dilaporin ke bkn?", "asn_neutrality"],
    // slang, the region's Malay, and words the stopword list or the stemmer used to lose
    ["kapan lg kite nyoblos", "next_elections"],
    ["jurkam cilik di kampanye paslon boleh?", "children_in_campaigns"],
    ["laporan sy kok gk ada kabarnye", "after_reporting"],
    ["kampanye dimulai tanggal berapa", "campaign_periods"],
  ];
  for (const [question, topic] of cases) {
    it(`${question} → ${topic}`, () => {
      expect(answered(question)).toBe(topic);
    });
  }

  it("reaches bot_neutrality for 'whom should I vote for' questions", () => {
    expect(answered("siapa yg harus sy pilih")).toBe("bot_neutrality");
    expect(answered("paslon mana yg bagus")).toBe("bot_neutrality");
    expect(answered("Who should I vote for?")).toBe("bot_neutrality");
  });

  it("reads bkn as 'bukan' in chat, so it does not drag a message to ASN neutrality", () => {
    const { decision } = kb.ask("itu bkn pelanggaran kan?");
    expect(decision.kind === "answer" && decision.id).not.toBe("asn_neutrality");
  });
});

describe("ask: first choice when unsure", () => {
  const first = (question: string) => {
    const { decision } = kb.ask(question);
    return decision.kind === "answer"
      ? decision.id
      : decision.kind === "unsure"
        ? decision.candidates[0]
        : undefined;
  };

  it("lets an everyday word anchor a topic once the message is about elections", () => {
    // "polisi" alone fits a stolen motorbike; with "kampanye" it is the TNI/Polri topic.
    expect(first("polisi ikut kampanye paslon")).toBe("tni_polri_neutrality");
  });

  it("does not drop a long message for the words no topic knows", () => {
    expect(first("ceramah di masjid ajak jgn pilih calon beda agama")).toBe("sara_and_hoaxes");
  });

  it("offers both topics when each holds a word of the message the other lacks", () => {
    const { decision } = kb.ask("diteror timses abis lapor, gmn");
    expect(decision.kind).toBe("unsure");
    if (decision.kind === "unsure") expect(decision.candidates).toContain("reporter_protection");
  });
});

describe("ask: which election", () => {
  const first = (question: string) => {
    const { decision } = kb.ask(question);
    return decision.kind === "answer"
      ? decision.id
      : decision.kind === "unsure"
        ? decision.candidates[0]
        : undefined;
  };

  it("finds the topics about the other election that have a counterpart", () => {
    const other = otherElectionTopics();
    expect([...other.pemilu].sort()).toEqual([
      "money_politics_pilkada_sanction",
      "pilkada_2024_voting_day",
      "pilkada_ulang_2025",
    ]);
    expect([...other.pilkada].sort()).toEqual([
      "money_politics_pemilu_sanction",
      "pemilu_2024_voting_day",
    ]);
  });

  it("puts the sanction of the election the message names first", () => {
    expect(first("terima amplop dari timses capres kena pidana gk")).toBe(
      "money_politics_pemilu_sanction",
    );
    expect(first("timses bupati ngasih amplop ke warga, hukumannya apa")).toBe(
      "money_politics_pilkada_sanction",
    );
  });

  it("does not take a later year for the 2024 voting day", () => {
    expect(first("pilpres 2029 kapan")).toBe("next_elections");
    expect(first("pilkada 2029 kapan ya")).toBe("next_elections");
  });

  it("can be turned off", () => {
    const plain = createKnowledgeBase(texts, { otherElectionFactor: 1 });
    for (const question of [
      "pilpres 2029 kapan",
      "terima amplop dari timses capres kena pidana gk",
    ]) {
      expect(plain.ask(question).decision, question).not.toEqual(kb.ask(question).decision);
    }
  });
});

describe("ask: falling back", () => {
  it("finds nothing for a recipe", () => {
    expect(kb.ask("resep rendang")).toEqual({ decision: { kind: "none" }, language: "id" });
  });

  it("does not answer everyday questions that share words with a topic", () => {
    for (const question of [
      "jam buka puskesmas hari minggu",
      "ktp hilang cara urusnya gmn",
      "harga lada hari ini",
      "cara lapor kehilangan ktp ke polisi",
      "undangan nikahan temen, bawa apa ya",
      "How do I replace a lost ID card?",
    ]) {
      expect(kb.ask(question).decision.kind, question).not.toBe("answer");
    }
  });

  it("does not answer election words in their everyday sense", () => {
    for (const question of [
      "kampanye imunisasi polio di posyandu tgl brp bulan ini",
      "jam buka tps 3r di kelurahan kami jam brp",
      "telinga anak sy mau dicoblos buat anting, umur brp boleh",
      "suara hp sy hilang pas nelpon",
      "umbul umbul 17an pasang kapan",
      "hari tenang nyepi di bali tgl brp",
      "batas lapor spt pajak kapan",
      "best candidate for the job interview?",
    ]) {
      expect(kb.ask(question).decision.kind, question).not.toBe("answer");
    }
  });

  it("answers whom to vote for with the neutrality statement, however it is put", () => {
    for (const question of [
      "partai mano yg paling bersih menurut kau?",
      "yg paling mungkin menang siapa",
      "dak usah milih be lah",
      "Who deserves my vote?",
      "Do you support anyone?",
    ]) {
      expect(kb.ask(question).decision, question).toEqual({
        kind: "answer",
        id: "bot_neutrality",
        score: 1,
      });
    }
  });

  it("offers at most three topics when unsure", () => {
    const { decision } = kb.ask("lapor pelanggaran kades sama timses ke mana");
    expect(decision.kind).toBe("unsure");
    if (decision.kind === "unsure") {
      expect(decision.candidates.length).toBeLessThanOrEqual(3);
      expect(decision.candidates).toContain("where_to_report");
    }
  });
});
