import { describe, expect, it } from "vitest";
import {
  createTopicIndex,
  DEFAULT_DECISION_THRESHOLDS,
  decide,
  type TopicDocument,
} from "../../src/knowledge/search";

/** Eight topics in both languages, written for this test (not the real knowledge base). */
const topics: TopicDocument[] = [
  {
    id: "voting_day",
    language: "id",
    title: "Kapan hari pencoblosan?",
    keywords: [
      "kapan nyoblos",
      "hari pencoblosan",
      "tanggal pemungutan suara",
      "hari h",
      "jam buka tps",
      "libur nasional",
    ],
    body: "Pemungutan suara Pilkada serentak berlangsung pada Rabu, 27 November 2024. TPS buka pukul 07.00 sampai 13.00 waktu setempat. Hari pemungutan suara adalah hari libur nasional.",
  },
  {
    id: "voting_day",
    language: "en",
    title: "When is voting day?",
    keywords: [
      "voting day",
      "election day",
      "when do we vote",
      "polling station opening hours",
      "public holiday",
    ],
    body: "Voting in the simultaneous regional elections takes place on Wednesday 27 November 2024. Polling stations open from 07:00 to 13:00 local time. Voting day is a public holiday.",
  },
  {
    id: "what_to_bring",
    language: "id",
    title: "Apa yang perlu dibawa ke TPS?",
    keywords: [
      "bawa apa ke tps",
      "syarat nyoblos",
      "ktp",
      "undangan",
      "surat pemberitahuan",
      "ktp hilang",
      "tidak dapat undangan",
      "nyoblos tanpa undangan",
    ],
    body: "Bawa KTP elektronik dan surat pemberitahuan memilih (undangan C6). Kalau undangan tidak datang, Anda tetap bisa mencoblos dengan menunjukkan KTP asalkan terdaftar di DPT. KTP hilang? Urus dulu surat keterangan ke Dukcapil.",
  },
  {
    id: "what_to_bring",
    language: "en",
    title: "What to bring to the polling station",
    keywords: [
      "what to bring",
      "id card",
      "invitation letter",
      "lost ktp",
      "no invitation",
      "documents needed",
    ],
    body: "Bring your electronic ID card (KTP) and the voting notification letter. If the letter never arrived you can still vote with your KTP as long as you are on the voter list.",
  },
  {
    id: "money_politics",
    language: "id",
    title: "Politik uang dan serangan fajar",
    keywords: [
      "serangan fajar",
      "politik uang",
      "amplop",
      "bagi bagi uang",
      "sembako",
      "dikasih duit",
      "terima uang dari caleg",
      "mahar politik",
      "money politics",
    ],
    body: "Memberi atau menjanjikan uang atau barang supaya orang memilih calon tertentu adalah politik uang dan dapat dipidana. Dalam pilkada, penerima juga dapat dipidana. Simpan buktinya dan laporkan ke Bawaslu.",
  },
  {
    id: "money_politics",
    language: "en",
    title: "Vote buying and money politics",
    keywords: [
      "vote buying",
      "money politics",
      "dawn attack",
      "envelope of cash",
      "bribe",
      "paid to vote",
      "groceries handed out",
    ],
    body: "Giving or promising money or goods so that people vote for a candidate is vote buying and a crime. In regional elections the person who accepts can also be prosecuted. Keep the evidence and report it to Bawaslu.",
  },
  {
    id: "asn_neutrality",
    language: "id",
    title: "Netralitas ASN, TNI, Polri dan kepala desa",
    keywords: [
      "pns kampanye",
      "asn netral",
      "asn ikut kampanye",
      "kepala desa kampanye",
      "kades dukung paslon",
      "perangkat desa",
      "like postingan paslon",
      "foto bareng calon",
    ],
    body: "ASN, anggota TNI dan Polri, kepala desa serta perangkat desa wajib netral. Mereka dilarang ikut kampanye, memakai atribut calon, atau membuat keputusan yang menguntungkan salah satu calon, termasuk lewat media sosial.",
  },
  {
    id: "asn_neutrality",
    language: "en",
    title: "Neutrality of civil servants, soldiers, police and village heads",
    keywords: [
      "civil servant campaigning",
      "asn neutrality",
      "village head campaign",
      "village officials",
      "police neutrality",
      "liking a candidate post",
    ],
    body: "Civil servants (ASN), soldiers, police officers, village heads and village officials must stay neutral. They may not campaign, wear candidate attributes or favour a candidate, on social media included.",
  },
  {
    id: "campaign_banners",
    language: "id",
    title: "Baliho dan alat peraga kampanye",
    keywords: [
      "baliho",
      "spanduk",
      "poster caleg",
      "apk",
      "baliho di pohon",
      "baliho masa tenang",
      "stiker calon",
      "tiang listrik",
    ],
    body: "Alat peraga kampanye hanya boleh dipasang di lokasi yang ditetapkan KPU. Dilarang dipasang di tempat ibadah, sekolah, rumah sakit, gedung pemerintah, pohon dan tiang listrik. Saat masa tenang semua APK wajib diturunkan.",
  },
  {
    id: "campaign_banners",
    language: "en",
    title: "Campaign banners and billboards",
    keywords: [
      "billboard",
      "banner",
      "campaign poster",
      "banner on a tree",
      "banners during the quiet period",
      "sticker",
    ],
    body: "Campaign props may only be put up where the KPU allows. They are banned at places of worship, schools, hospitals, government buildings, trees and power poles, and must come down in the quiet period.",
  },
  {
    id: "how_to_report",
    language: "id",
    title: "Cara melapor pelanggaran ke Bawaslu",
    keywords: [
      "lapor pelanggaran",
      "cara lapor",
      "lapor bawaslu",
      "laporan kecurangan",
      "bukti laporan",
      "saksi",
      "batas waktu lapor",
      "pengaduan",
    ],
    body: "Laporan disampaikan ke Bawaslu atau Panwaslu terdekat paling lambat 7 hari sejak pelanggaran diketahui. Sertakan identitas pelapor, kronologi, bukti foto atau video dan saksi. Identitas pelapor dirahasiakan.",
  },
  {
    id: "how_to_report",
    language: "en",
    title: "How to report a violation to Bawaslu",
    keywords: [
      "report a violation",
      "how to report",
      "report fraud",
      "complaint",
      "evidence",
      "witness",
      "reporting deadline",
    ],
    body: "Report to Bawaslu or the nearest Panwaslu within 7 days of learning about the violation. Include your identity, what happened, photo or video evidence and witnesses. The reporter's identity is kept confidential.",
  },
  {
    id: "next_elections",
    language: "id",
    title: "Pemilu dan pilkada berikutnya",
    keywords: [
      "pemilu berikutnya",
      "pilkada berikutnya",
      "pemilu 2029",
      "jadwal pemilu",
      "kapan pemilu lagi",
      "kapan pilkada",
      "pemilu dipisah",
    ],
    body: "Jadwal pemilu dan pilkada berikutnya belum ditetapkan. Putusan Mahkamah Konstitusi memisahkan pemilu nasional dan pemilu daerah mulai 2029; tanggalnya menunggu undang-undang baru.",
  },
  {
    id: "next_elections",
    language: "en",
    title: "The next elections",
    keywords: [
      "next election",
      "next pilkada",
      "2029 election",
      "election schedule",
      "when is the next election",
      "separate elections",
    ],
    body: "The dates of the next general and regional elections have not been set. A Constitutional Court ruling separates national and local elections from 2029; the dates await a new law.",
  },
  {
    id: "bot_neutrality",
    language: "id",
    title: "Awas netral dan tidak mendukung siapa pun",
    keywords: [
      "kamu dukung siapa",
      "pilih siapa",
      "bot netral",
      "rekomendasi calon",
      "paslon terbaik",
      "paslon mana yang bagus",
      "bot milik partai",
    ],
    body: "Awas tidak mendukung calon atau partai mana pun dan tidak memberi rekomendasi pilihan. Semua orang bebas memilih sesuai hati nurani. Awas dibuat untuk pengawasan partisipatif.",
  },
  {
    id: "bot_neutrality",
    language: "en",
    title: "This bot is neutral",
    keywords: [
      "who do you support",
      "who should i vote for",
      "bot neutral",
      "recommend a candidate",
      "best candidate",
      "owned by a party",
    ],
    body: "Awas supports no candidate or party and gives no voting advice. Everyone is free to vote as they see fit. Awas exists for participatory election supervision.",
  },
];

/** Slang questions and the topic each must find. */
const queries: Array<[query: string, topic: string]> = [
  ["kpn nyoblos nya min?", "voting_day"],
  ["tps buka jam brp", "voting_day"],
  ["tgl brp pencoblosan pilkada", "voting_day"],
  ["hari h nyoblos libur gk?", "voting_day"],
  ["when is voting day", "voting_day"],
  ["ke tps bawa apa aja", "what_to_bring"],
  ["undangan c6 blm dtg, bs nyoblos gk?", "what_to_bring"],
  ["ktp ilang gmn mau nyoblos", "what_to_bring"],
  ["what do i need to bring to the polling station", "what_to_bring"],
  ["td malem ada serangan fajar, dikasih amplop 100rb", "money_politics"],
  ["bagi2 sembako dr timses caleg boleh?", "money_politics"],
  ["terima duit dr paslon dipidana gk", "money_politics"],
  ["is vote buying a crime?", "money_politics"],
  ["pns boleh ikut kampanye gk?", "asn_neutrality"],
  ["kades ikut timses paslon, boleh?", "asn_neutrality"],
  ["guru asn like postingan caleg di ig, melanggar ga", "asn_neutrality"],
  ["perangkat desa pasang stiker calon", "asn_neutrality"],
  ["baliho caleg dipasang di pohon depan sekolah", "campaign_banners"],
  ["spanduk paslon msh ada pas masa tenang", "campaign_banners"],
  ["boleh ga pasang poster di tiang listrik", "campaign_banners"],
  ["dmn sy bs lapor pelanggaran?", "how_to_report"],
  ["cara ngelaporin kecurangan gmn", "how_to_report"],
  ["mau lapor ke bawaslu tp takut, butuh bukti apa", "how_to_report"],
  ["how do i report a violation", "how_to_report"],
  ["pemilu selanjutnya kapan?", "next_elections"],
  ["kapan pilkada lagi", "next_elections"],
  ["pemilu 2029 jadi dipisah?", "next_elections"],
  ["lu dukung siapa sih bot", "bot_neutrality"],
  ["menurut km paslon mana yg paling bagus", "bot_neutrality"],
  ["bot ini punya partai ya?", "bot_neutrality"],
];

/** Nothing to do with elections, or only by one shared word. */
const outOfScope = [
  "resep rendang",
  "jadwal kapal ke belitung",
  "harga cabai hari ini berapa",
  "kapan lebaran tahun ini",
  "hp saya rusak bisa diservis dimana",
  "what is the weather tomorrow",
  "jadwal bioskop",
  "uang kuliah mahal",
  "siapa presiden pertama",
];

const index = createTopicIndex(topics);

describe("search", () => {
  it("counts topics once across languages", () => {
    expect(index.topicCount).toBe(8);
    expect(index.documentCount).toBe(16);
  });

  for (const [query, topic] of queries) {
    it(`${query} → ${topic}`, () => {
      const results = index.search(query);
      expect(results[0]?.id).toBe(topic);
      expect(decide(results)).toMatchObject({ kind: "answer", id: topic });
    });
  }

  it("returns one result per topic, best first", () => {
    const results = index.search("kapan pilkada lagi");
    const ids = results.map((result) => result.id);
    expect(new Set(ids).size).toBe(ids.length);
    const scores = results.map((result) => result.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("finds a topic by its English document, and by an undetectable language", () => {
    expect(index.search("how do I report a violation")[0]).toMatchObject({
      id: "how_to_report",
      language: "en",
    });
    // No function words: both normalisations are tried.
    expect(index.search("vote buying")[0]?.id).toBe("money_politics");
    expect(index.search("money politics")[0]?.id).toBe("money_politics");
  });

  it("honours an explicit language", () => {
    expect(index.search("billboards on trees", "en")[0]?.id).toBe("campaign_banners");
  });

  it("does not let a typo reach a question word (kapal is not kapan)", () => {
    const results = index.search("kapal");
    expect(results).toEqual([]);
  });

  it("corrects typos in words it does not know", () => {
    expect(index.search("sembakko dibagiin")[0]?.id).toBe("money_politics");
    expect(index.search("spandukk di pohon")[0]?.id).toBe("campaign_banners");
  });

  it("finds nothing for empty or emoji-only messages", () => {
    expect(index.search("")).toEqual([]);
    expect(index.search("🙏🙏 ???")).toEqual([]);
    expect(decide(index.search("halo min"))).toEqual({ kind: "none" });
  });

  it("rejects duplicate documents", () => {
    const doc = topics[0] as TopicDocument;
    expect(() => createTopicIndex([doc, doc])).toThrow(/duplicate/);
  });
});

describe("decide", () => {
  for (const query of outOfScope) {
    it(`out of scope: ${query} → not an answer`, () => {
      expect(decide(index.search(query)).kind).not.toBe("answer");
    });
  }

  it("says none when nothing matched", () => {
    expect(decide([])).toEqual({ kind: "none" });
    expect(decide(index.search("resep rendang"))).toEqual({ kind: "none" });
  });

  it("offers candidates when two topics score alike", () => {
    const decision = decide([
      { id: "a", score: 4, coverage: 1, matched: 2 },
      { id: "b", score: 3.5, coverage: 1, matched: 2 },
      { id: "c", score: 3, coverage: 1, matched: 2 },
      { id: "d", score: 2, coverage: 1, matched: 2 },
    ]);
    expect(decision).toEqual({ kind: "unsure", candidates: ["a", "b", "c"] });
  });

  it("answers only with both the score and the margin", () => {
    const clear = [
      { id: "a", score: 6, coverage: 1, matched: 2 },
      { id: "b", score: 2, coverage: 0.5, matched: 1 },
    ];
    expect(decide(clear)).toEqual({ kind: "answer", id: "a", score: 6 });
    expect(decide(clear, { answerMinScore: 10 }).kind).toBe("unsure");
    expect(decide(clear, { answerMinMargin: 4 }).kind).toBe("unsure");
    expect(decide([{ id: "a", score: 0.3, coverage: 1, matched: 1 }]).kind).toBe("none");
  });

  it("wants most of the message explained", () => {
    const oneWordOfThree = [{ id: "a", score: 3, coverage: 1 / 3, matched: 1 }];
    expect(decide(oneWordOfThree).kind).toBe("unsure");
    const twoWordsOfFive = [{ id: "a", score: 5, coverage: 0.4, matched: 2 }];
    expect(decide(twoWordsOfFive).kind).toBe("answer");
    const oneWordOfFive = [{ id: "a", score: 5, coverage: 0.2, matched: 1 }];
    expect(decide(oneWordOfFive).kind).toBe("none");
  });

  it("accepts plain { id, score } results", () => {
    expect(decide([{ id: "a", score: 3 }])).toEqual({ kind: "answer", id: "a", score: 3 });
    expect(DEFAULT_DECISION_THRESHOLDS.maxCandidates).toBe(3);
  });
});

describe("search: word order and how much a match says", () => {
  /** Two topics that share their main words, told apart by the rest of a keyword. */
  const siblings = createTopicIndex([
    {
      id: "money_what",
      language: "id",
      title: "Apa itu politik uang",
      keywords: ["politik uang", "serangan fajar", "amplop", "contoh politik uang"],
      body: "Politik uang adalah memberi uang atau barang supaya orang memilih calon tertentu.",
    },
    {
      id: "money_sanction",
      language: "id",
      title: "Sanksi politik uang",
      keywords: ["sanksi politik uang", "hukuman politik uang", "penerima dipidana", "penjara"],
      body: "Pemberi dan penerima politik uang dalam pilkada dapat dipidana penjara dan denda.",
    },
    {
      id: "tps_hours",
      language: "id",
      title: "Jam buka TPS",
      keywords: ["jam buka tps", "tps tutup jam berapa"],
      body: "TPS buka pukul 07.00 sampai 13.00.",
    },
    {
      id: "counting",
      language: "id",
      title: "Penghitungan suara",
      keywords: ["penghitungan suara", "hitung suara di tps", "rekapitulasi"],
      body: "Suara dihitung di TPS setelah pemungutan selesai.",
    },
  ]);

  it("prefers the topic whose keyword the message holds whole", () => {
    expect(decide(siblings.search("politik uang itu apa"))).toMatchObject({ id: "money_what" });
    expect(decide(siblings.search("hukuman politik uang gmn"))).toMatchObject({
      kind: "answer",
      id: "money_sanction",
    });
  });

  it("counts two keyword words near each other for more than the same words apart", () => {
    const results = siblings.search("hitung suara di tps sampe jam brp");
    expect(results[0]?.id).toBe("counting");
  });

  it("marks topics matched only on everyday words as not anchored", () => {
    const [top] = siblings.search("jam buka puskesmas");
    expect(top).toMatchObject({ id: "tps_hours", anchored: false, electionContext: false });
    expect(decide(siblings.search("jam buka puskesmas"))).toEqual({ kind: "none" });
    expect(siblings.search("jam buka tps")[0]).toMatchObject({ anchored: true });
  });

  it("says whether the message names the election at all", () => {
    expect(siblings.search("amplop dari caleg")[0]?.electionContext).toBe(true);
    expect(siblings.search("amplop coklat")[0]?.electionContext).toBe(false);
  });

  it("does not hold the election's name or a place against a topic", () => {
    const plain = siblings.search("contoh politik uang")[0];
    const named = siblings.search("contoh politik uang pilkada pangkalpinang")[0];
    expect(named?.coverage).toBe(plain?.coverage);
  });

  it("counts a word found only in the answer text for half", () => {
    // "selesai" is only in the body of "counting"; "rekapitulasi" is a keyword.
    const bodyOnly = siblings.search("selesai").find((hit) => hit.id === "counting");
    const keyword = siblings.search("rekapitulasi").find((hit) => hit.id === "counting");
    expect(bodyOnly?.coverage).toBe(0.5);
    expect(keyword?.coverage).toBe(1);
  });
});

describe("decide: anchoring and election context", () => {
  it("neither answers nor offers a topic that matched only everyday words", () => {
    expect(decide([{ id: "a", score: 9, coverage: 1, matched: 2, anchored: false }])).toEqual({
      kind: "none",
    });
  });

  it("offers the best anchored topic, with an unanchored one above it as the runner-up", () => {
    const decision = decide([
      { id: "a", score: 9, coverage: 1, matched: 2, anchored: false },
      { id: "b", score: 8, coverage: 1, matched: 2, anchored: true },
    ]);
    expect(decision).toEqual({ kind: "unsure", candidates: ["b"] });
  });

  it("answers a message without an election word only when the topic explains most of it", () => {
    const hit = { id: "a", score: 9, matched: 2, anchored: true, electionContext: false };
    expect(decide([{ ...hit, coverage: 0.9 }]).kind).toBe("answer");
    expect(decide([{ ...hit, coverage: 0.55 }]).kind).toBe("unsure");
    expect(decide([{ ...hit, coverage: 0.55, electionContext: true }]).kind).toBe("answer");
    expect(
      decide([{ ...hit, coverage: 0.55 }], { answerMinCoverageWithoutContext: 0.5 }).kind,
    ).toBe("answer");
  });

  it("offers nothing for a message without an election word that the topic barely explains", () => {
    const hit = { id: "a", score: 9, matched: 1, anchored: true };
    expect(decide([{ ...hit, coverage: 0.4, electionContext: false }])).toEqual({ kind: "none" });
    expect(decide([{ ...hit, coverage: 0.4, electionContext: true }]).kind).toBe("unsure");
  });
});

describe("search and decide: distinctive words and words no topic knows", () => {
  const reporting = createTopicIndex([
    {
      id: "after_reporting",
      language: "id",
      title: "Setelah melapor",
      keywords: ["setelah lapor", "laporan diproses", "status laporan"],
      body: "Laporan dikaji, lalu diregistrasi atau tidak.",
    },
    {
      id: "reporter_protection",
      language: "id",
      title: "Perlindungan pelapor",
      keywords: ["diteror", "diancam", "takut lapor"],
      body: "Identitas pelapor dirahasiakan.",
    },
    {
      id: "where_to_report",
      language: "id",
      title: "Tempat melapor",
      keywords: ["lapor ke mana", "kantor bawaslu"],
      body: "Lapor di kantor Bawaslu.",
    },
    {
      id: "campaign",
      language: "id",
      title: "Kampanye",
      keywords: ["masa kampanye", "polisi kampanye"],
      body: "Kampanye hanya pada masa kampanye.",
    },
  ]);

  it("lists the distinctive words a topic holds in its title or keywords", () => {
    const hits = reporting.search("sy diteror setelah lapor, hrs gmn");
    const protection = hits.find((hit) => hit.id === "reporter_protection");
    const after = hits.find((hit) => hit.id === "after_reporting");
    expect(protection?.distinctive).toEqual(["teror"]);
    expect(after?.distinctive).toEqual(["setelah"]);
    // "lapor" is in three topics: not distinctive.
    expect(after?.distinctive).not.toContain("lapor");
  });

  it("offers a choice while another close topic holds a distinctive word the top lacks", () => {
    const top = { id: "a", score: 10, coverage: 1, matched: 2, distinctive: ["setelah"] };
    const close = { id: "b", score: 3, coverage: 1, matched: 2, distinctive: ["teror"] };
    expect(decide([top, close])).toEqual({ kind: "unsure", candidates: ["a", "b"] });
    // Too far below the top, or holding nothing the top lacks: the top is answered.
    expect(decide([top, { ...close, score: 2 }]).kind).toBe("answer");
    expect(decide([top, { ...close, distinctive: ["setelah"] }]).kind).toBe("answer");
    expect(decide([top, close], { conflictMinShare: 0.5 }).kind).toBe("answer");
  });

  it("offers a choice while a topic half as good holds a word of the message the top lacks", () => {
    // "kampanye … berakhir tgl brp": the campaign periods hold "kampanye", the voting day not.
    const top = { id: "voting_day", score: 10, coverage: 1, matched: 3, keyWords: ["akhir"] };
    const close = { id: "campaign", score: 5, coverage: 1, matched: 3, keyWords: ["kampanye"] };
    expect(decide([top, close])).toEqual({
      kind: "unsure",
      candidates: ["voting_day", "campaign"],
    });
    // Below the share, or holding nothing the top lacks: the top is answered.
    expect(decide([top, { ...close, score: 3 }]).kind).toBe("answer");
    expect(decide([top, { ...close, keyWords: ["akhir"] }]).kind).toBe("answer");
    expect(decide([top, close], { contentConflictMinShare: 0.6 }).kind).toBe("answer");
  });

  it("lists every word of the message a topic holds in its title or keywords", () => {
    const hits = reporting.search("sy diteror setelah lapor, hrs gmn");
    const after = hits.find((hit) => hit.id === "after_reporting");
    expect(after?.keyWords).toEqual(expect.arrayContaining(["setelah", "lapor"]));
  });

  it("does not reach a phrase made one token from one of its words", () => {
    const index = createTopicIndex([
      {
        id: "money",
        language: "id",
        title: "Politik uang",
        keywords: ["politik uang", "serangan fajar"],
        body: "Memberi uang supaya orang memilih calon tertentu.",
      },
      {
        id: "attack",
        language: "id",
        title: "Kampanye hitam",
        keywords: ["kampanye hitam", "serang pribadi"],
        body: "Menyerang pribadi calon dengan fitnah.",
      },
    ]);
    // "politik" and "serangan" alone are not money politics or a dawn attack.
    expect(index.search("ceramah politik").find((hit) => hit.id === "money")).toBeUndefined();
    expect(index.search("serangan pribadi")[0]?.id).toBe("attack");
    expect(index.search("politik uang")[0]).toMatchObject({
      id: "money",
      distinctive: ["politik_uang"],
    });
  });

  it("weighs words no topic knows less, in a message about elections only", () => {
    expect(reporting.search("masa kampanye")[0]).toMatchObject({ id: "campaign", coverage: 1 });
    // "ceramah" is in no topic: it counts half, 2 of 2.5.
    expect(reporting.search("masa kampanye ceramah")[0]?.coverage).toBeCloseTo(0.8);
    expect(
      createTopicIndex(topics, { unexplainedWordWeight: 1 }).search("tps ceramah")[0]?.coverage,
    ).toBeCloseTo(0.5);
    // Without an election word it counts fully: "kantor" explains half of "kantor ceramah".
    expect(reporting.search("kantor ceramah")[0]?.coverage).toBe(0.5);
  });

  it("lets an everyday word anchor a topic when the message is about elections", () => {
    expect(reporting.search("polisi di jalan")[0]).toMatchObject({ anchored: false });
    expect(reporting.search("polisi ikut kampanye")[0]).toMatchObject({
      id: "campaign",
      anchored: true,
    });
  });
});

// Latency is measured by scripts/bench-knowledge.ts (figures in the README), not by a timed test.
