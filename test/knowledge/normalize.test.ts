import { describe, expect, it } from "vitest";
import {
  CONTEXT_TERMS,
  detectQueryLanguage,
  ELECTION_TERMS,
  GENERIC_TERMS,
  languageEvidence,
  namedRegime,
  namesElection,
  normalizeQuery,
  stemEnglish,
  stemIndonesian,
  withoutEverydaySenses,
} from "../../src/knowledge/normalize";

/** Tokens after the slang map and phrases, before stopwords are dropped and words stemmed. */
const mapped = (text: string) => normalizeQuery(text, { language: "id", keepStopwords: true });
const tokens = (text: string) => normalizeQuery(text, "id");

describe("normalizeQuery: slang and abbreviations", () => {
  const cases: Array<[forms: string[], canonical: string[]]> = [
    [["kpn", "kapan", "kapankah", "kapannn"], ["kapan"]],
    [["brp", "brapa", "berapa", "berapakah"], ["berapa"]],
    [["gmn", "gimana", "bagaimana", "gmana"], ["bagaimana"]],
    [["gk", "ga", "gak", "nggak", "ngga", "enggak", "tdk", "tak"], ["tidak"]],
    [["nyoblos", "nyoblosnya", "coblos", "mencoblos", "pencoblosan"], ["coblos"]],
    [["duit", "doku", "fulus", "duitnya"], ["uang"]],
    [["timses", "tim sukses", "tim kampanye"], ["timses"]],
    [["pns", "asn", "pegawai negeri sipil"], ["asn"]],
    [["kades", "kepala desa"], ["kades"]],
    [["medsos", "sosmed", "media sosial"], ["medsos"]],
    [["yg", "yang"], ["yang"]],
    [["utk", "buat", "untuk"], ["untuk"]],
    [["sy", "aku", "gue", "gw", "saya"], ["saya"]],
    [["dmn", "dimana", "di mana"], ["dimana"]],
    [["bs", "bisa"], ["bisa"]],
    [["blm", "belum"], ["belum"]],
    [["udh", "udah", "sdh", "sudah"], ["sudah"]],
    [["hrs", "harus"], ["harus"]],
    [["serangan fajar", "Serangan Fajar!", "serfaj"], ["serangan_fajar"]],
    [["tempat pemungutan suara", "TPS"], ["tps"]],
    [["money politics", "politik duit", "politik uang"], ["politik_uang"]],
    [["e-KTP", "ektp", "kartu tanda penduduk"], ["ktp"]],
  ];
  for (const [forms, canonical] of cases) {
    for (const form of forms) {
      it(`${form} → ${canonical.join(" ")}`, () => {
        expect(mapped(form).map(stemIndonesian)).toEqual(canonical.map(stemIndonesian));
      });
    }
  }

  it("keeps election acronyms and the voter list (dpt) as they are", () => {
    expect(tokens("dpt ktp tps kpu bawaslu paslon caleg capres pilkada pemilu")).toEqual([
      "dpt",
      "ktp",
      "tps",
      "kpu",
      "bawaslu",
      "paslon",
      "caleg",
      "capres",
      "pilkada",
      "pemilu",
    ]);
  });

  it("keeps serangan fajar as one token", () => {
    expect(tokens("td malem ada serangan fajar")).toContain("serangan_fajar");
    expect(tokens("td malem ada serangan fajar")).not.toContain("serang");
  });
});

describe("normalizeQuery: text clean-up", () => {
  it("splits reduplication and amounts: bagi2 amplop 100rb", () => {
    const out = tokens("bagi2 amplop 100rb");
    for (const token of ["bagi", "amplop", "100", "ribu"]) expect(out).toContain(token);
    expect(tokens("bagi-bagi amplop")).toEqual(["bagi", "bagi", "amplop"]);
    expect(tokens("sembako dibagi2kan")).toEqual(["sembako", "bagi", "bagi"]);
  });

  it("writes amounts the same way however they are typed", () => {
    expect(tokens("dikasih 100rb")).toEqual(tokens("dikasih 100.000"));
    expect(tokens("Rp 100.000")).toEqual(["uang", "100", "ribu"]);
    expect(tokens("dikasih 50k")).toContain("ribu");
    expect(tokens("2jt")).toEqual(["2", "juta"]);
  });

  it("drops URLs, emoji, mentions and punctuation; folds width and case", () => {
    expect(tokens("Cek DPT di https://cekdptonline.kpu.go.id/ ya 🙏🙏!!")).toEqual(["cek", "dpt"]);
    expect(tokens("@admin ＴＰＳ buka jam brp???")).toEqual(["tps", "buka", "jam", "berapa"]);
    expect(tokens("kapannnn nyoblosss")).toEqual(["kapan", "coblos"]);
  });

  it("returns nothing for greetings, emoji and empty text", () => {
    expect(tokens("halo min")).toEqual([]);
    expect(tokens("🙏🙏")).toEqual([]);
    expect(tokens("")).toEqual([]);
  });
});

describe("normalizeQuery: stopwords, question words, stemming", () => {
  it("drops stopwords and chat fillers but keeps question words", () => {
    expect(tokens("kpn sih sy bs nyoblos min?")).toEqual(["kapan", "coblos"]);
    expect(tokens("siapa yg boleh lapor")).toEqual(["siapa", "boleh", "lapor"]);
    expect(tokens("brp lama masa tenang")).toEqual(["berapa", "lama", "masa", "tenang"]);
    expect(tokens("dmn tps sy")).toEqual(["dimana", "tps"]);
    expect(tokens("gmn cara lapornya")).toEqual(["bagaimana", "lapor"]);
  });

  it("stems the way the index needs", () => {
    expect(tokens("pelanggaran dilaporkan")).toEqual(["langgar", "lapor"]);
    expect(tokens("pencoblosan")).toEqual(["coblos"]);
    expect(tokens("dibagikan")).toEqual(["bagi"]);
    expect(tokens("netralitas kenetralan netral")).toEqual(["netral", "netral", "netral"]);
    expect(tokens("berkampanye kampanye")).toEqual(["kampanye", "kampanye"]);
  });

  it("protects the words the stemmer breaks", () => {
    expect(tokens("kepala sekolah")).toEqual(["kepala", "sekolah"]);
    expect(tokens("kepalanya")).toEqual(["kepala"]);
    expect(tokens("perangkat desa")).toEqual(["perangkat", "desa"]);
    expect(tokens("pemilu berikutnya")).toEqual(["pemilu", "berikutnya"]);
    expect(tokens("media massa")).toEqual(["media", "massa"]);
    expect(tokens("penerima terima")).toEqual(["terima", "terima"]);
    expect(tokens("ktp digital")).toEqual(["ktp", "digital"]);
    expect(tokens("keluarga")).toEqual(["keluarga"]);
    expect(tokens("terima uang")).toEqual(["terima", "uang"]);
    expect(stemIndonesian("pemenangan")).not.toBe("penang");
  });

  it("keeps the words that say when, where or which, though the stopword list has them", () => {
    // The stemmer makes "mula" of mulai and "sampa" of sampai, and the list drops both.
    expect(tokens("kampanye dimulai kpn")).toEqual(["kampanye", "mulai", "kapan"]);
    expect(tokens("mulai kampanye sampe kapan")).toEqual(["mulai", "kampanye", "sampai", "kapan"]);
    expect(tokens("kampanye di luar jadwal")).toEqual(["kampanye", "luar", "jadwal"]);
    expect(tokens("asn ikut kampanye")).toEqual(["asn", "ikut", "kampanye"]);
    expect(tokens("informasi awal")).toEqual(["informasi", "awal"]);
    expect(tokens("hari nyoblos tetap masuk kerja")).toContain("masuk");
    expect(tokens("termasuk politik uang")).toEqual(["termasuk", "politik_uang"]);
    expect(tokens("pemilih pemula")).toEqual(["pilih", "pemula"]);
    expect(tokens("karyawan pabrik")).toEqual(["karyawan", "pabrik"]);
  });

  it("reads telling someone as giving information", () => {
    expect(tokens("cuma mau ngasih tau aja")).toEqual(["informasi"]);
    expect(tokens("kasih tahu saja")).toEqual(["informasi"]);
    expect(tokens("kasih info")).toEqual(["informasi"]);
  });

  it("reads what residents call campaigning and the form of a report", () => {
    expect(tokens("belum jadwalnya udh door to door")).toEqual(["sebelum", "jadwal", "kampanye"]);
    expect(tokens("minta dukungan warga")).toEqual(["kampanye", "warga"]);
    expect(tokens("dokumen apa yg hrs sy lengkapi")).toEqual(["dokumen", "syarat"]);
    expect(tokens("jurkam cilik")).toEqual(["juru", "kampanye", "anak"]);
    expect(tokens("walikota")).toEqual(tokens("wali kota"));
  });
});

describe("namesElection", () => {
  it("finds the words for election and voter that the stemmer turns into 'pilih'", () => {
    expect(namesElection("dugaan pelanggaran pemilihan")).toBe(true);
    expect(namesElection("pemilihnya blm terdaftar")).toBe(true);
    expect(namesElection("mau pilih hp yg bagus")).toBe(false);
    expect(tokens("pemilihan")).toEqual(tokens("pilih"));
  });

  it("does not take the vote of a club, school or neighbourhood for an election", () => {
    expect(namesElection("pemilihan ketua osis kapan")).toBe(false);
    expect(namesElection("rapat bahas pemilihan rt")).toBe(false);
    expect(namesElection("pemilihan kepala daerah kapan")).toBe(true);
  });
});

describe("English", () => {
  it("detects English by its stopwords", () => {
    expect(detectQueryLanguage("What should I bring to the polling station?")).toBe("en");
    expect(detectQueryLanguage("how do I report a violation")).toBe("en");
    expect(detectQueryLanguage("kpn nyoblos nya min?")).toBe("id");
    expect(detectQueryLanguage("pns boleh ikut kampanye gk?")).toBe("id");
    expect(detectQueryLanguage("money politics")).toBe("id");
    expect(languageEvidence("money politics").confident).toBe(false);
  });

  it("normalises lightly: stopwords, plurals, -ing", () => {
    expect(normalizeQuery("What should I bring to the polling station?")).toEqual(["bring", "tps"]);
    expect(stemEnglish("voting")).toBe(stemEnglish("votes"));
    expect(stemEnglish("vote")).toBe(stemEnglish("voted"));
    expect(stemEnglish("banners")).toBe("banner");
    expect(stemEnglish("parties")).toBe("party");
    expect(normalizeQuery("Who are you voting for?", "en")).toEqual(["who", "vot"]);
  });

  it("reads a complaint as a report, fraud as a violation, Indonesian election words", () => {
    expect(normalizeQuery("file a complaint about fraud", "en")).toEqual([
      "fil",
      "report",
      "violation",
    ]);
    expect(normalizeQuery("caleg", "en")).toEqual(normalizeQuery("legislative candidate", "en"));
    expect(normalizeQuery("pileg", "en")).toEqual(["pemilu"]);
    expect(normalizeQuery("a candidate who buys votes", "en")).toContain("politik_uang");
  });
});

describe("normalizeQuery: words whose meaning depends on their neighbours", () => {
  it("reads bkn as bukan in chat, and keeps it as the agency BKN after ke/lapor/kantor", () => {
    expect(tokens("itu bkn pelanggaran kan")).not.toContain("bkn");
    expect(tokens("pns kampanye lapor ke bkn")).toContain("bkn");
    expect(tokens("asn tidak netral adukan bkn?")).toContain("bkn");
    expect(tokens("kantor bkn dimana")).toContain("bkn");
  });

  it("keeps BKN written in capitals, unless the whole message is shouted", () => {
    expect(tokens("Kasus netralitas ASN diteruskan ke BKN atau KASN?")).toContain("bkn");
    expect(tokens("pns ikut kampanye, BKN bisa menindak?")).toContain("bkn");
    expect(tokens("ITU BKN MASALAH")).not.toContain("bkn");
  });

  it("keeps a lone bkn (a keyword, or a bare question about the agency)", () => {
    expect(tokens("bkn")).toEqual(["bkn"]);
    expect(tokens("badan kepegawaian negara")).toEqual(["bkn"]);
  });

  it("reads dpt as the verb dapat after an auxiliary, and as the voter list otherwise", () => {
    expect(tokens("blm dpt undangan")).toEqual(["undang"]);
    expect(tokens("warga yg dpt amplop")).toEqual(["warga", "amplop"]);
    expect(tokens("cek dpt")).toEqual(["cek", "dpt"]);
    expect(tokens("nama sy gk ada di dpt")).toContain("dpt");
  });

  it("reads lagi after an election word as the next one, and drops it elsewhere", () => {
    expect(tokens("kapan pemilu lagi")).toEqual(["kapan", "pemilu", "berikutnya"]);
    expect(tokens("nyoblos lg kpn")).toEqual(["coblos", "berikutnya", "kapan"]);
    expect(tokens("org yg lg dipenjara")).not.toContain("berikutnya");
  });

  it("makes one token of official terms that are one thing", () => {
    expect(tokens("surat pindah memilih")).toEqual(["surat", "pindah_memilih"]);
    expect(tokens("punya hak pilih")).toEqual(["hak_pilih"]);
    expect(tokens("aparatur sipil negara")).toEqual(["asn"]);
  });
});

describe("normalizeQuery: Malay of Bangka Belitung and Jambi", () => {
  it("maps the question words and negation of the region", () => {
    expect(tokens("cakmano cara nyoblos")).toEqual(tokens("gimana cara nyoblos"));
    expect(tokens("kek mane cara nyoblos")).toEqual(tokens("gimana cara nyoblos"));
    expect(tokens("berape pitis yg dibagi")).toEqual(tokens("berapa duit yg dibagi"));
    expect(tokens("dimane tps aku")).toEqual(["dimana", "tps"]);
    expect(mapped("dak")).toEqual(["tidak"]);
  });

  it("reads the particle -nye / -nyo as -nya", () => {
    expect(tokens("laporannye")).toEqual(["lapor"]);
    expect(tokens("laporannyo")).toEqual(["lapor"]);
    expect(tokens("caranye")).toEqual(tokens("caranya"));
    expect(tokens("kampanye berkampanye")).toEqual(["kampanye", "kampanye"]);
  });

  it("maps the everyday words of the region and of chat", () => {
    expect(tokens("kapan lg kite nyoblos")).toEqual(["kapan", "berikutnya", "coblos"]);
    expect(tokens("taun depan")).toEqual(["tahun", "depan"]);
    expect(tokens("pilpres ama pileg barengan")).toEqual(["pilpres", "pileg", "serentak"]);
    expect(tokens("nyontreng")).toEqual(["coblos"]);
    expect(tokens("ngawasi pemilu")).toEqual(tokens("mengawasi pemilu"));
  });

  it("reads the suffix -ke as -kan, and words ending in -o", () => {
    expect(tokens("dilaporke")).toEqual(tokens("dilaporkan"));
    expect(tokens("diumumke kapan")).toEqual(tokens("diumumkan kapan"));
    expect(tokens("namo aku terdaftar")).toEqual(tokens("nama saya terdaftar"));
    expect(tokens("bawak apo bae")).toEqual(["bawa"]);
    expect(tokens("kemaren")).toEqual(["kemarin"]);
  });

  it("turns advice words into saran, the mark of asking whom to vote for", () => {
    expect(tokens("mending pilih yg mana")).toEqual(["saran", "pilih"]);
    expect(tokens("siapa yg harus sy pilih")).toEqual(["siapa", "saran", "pilih"]);
  });
});

describe("normalizeQuery: what a phrase means", () => {
  it("writes a month typed short after a day in full, and leaves it alone elsewhere", () => {
    expect(tokens("rabu 14 feb")).toEqual(["rabu", "14", "februari"]);
    expect(tokens("24-26 nov kmrn")).toEqual(["24", "26", "november", "kemarin"]);
    expect(normalizeQuery("on 14 feb", "en")).toEqual(["14", "february"]);
    expect(tokens("des kami")).toEqual(["des"]);
  });

  it("reads the penalty the law sets as a sanction, not as a threat", () => {
    expect(tokens("ancaman pidananya apa")).toEqual(["sanksi", "pidana"]);
    expect(tokens("bisa dipidana gk")).toEqual(["sanksi"]);
    expect(tokens("takut diancam")).not.toContain("sanksi");
  });

  it("reads a body that does not work as the disabled voters it is about", () => {
    expect(tokens("nenek gk bisa jalan")).toContain("lumpuh");
    expect(tokens("bapak tidak bisa melihat")).toContain("tunanetra");
  });

  it("reads being away from home as voting elsewhere", () => {
    expect(tokens("kerja jauh dr rumah")).toEqual(["kerja", "rantau"]);
    expect(tokens("kuliah di luar provinsi")).toEqual(tokens("kuliah di luar daerah"));
    expect(normalizeQuery("I study in another province", "en")).toEqual(
      normalizeQuery("I study in another city", "en"),
    );
  });

  it("reads no campaigning at all as the quiet period's words", () => {
    expect(tokens("gk ada kampanye")).toEqual(["tanpa", "kampanye"]);
  });

  it("reads a report already made as what follows it", () => {
    expect(tokens("udh lapor minggu lalu")).toEqual(["setelah", "lapor", "minggu"]);
    expect(normalizeQuery("I reported it last week", "en")).toEqual([
      "submit",
      "report",
      "last",
      "week",
    ]);
  });

  it("knows more chat shorthand", () => {
    expect(tokens("gaboleh")).toEqual(["boleh"]);
    expect(tokens("ngritik lawan")).toEqual(["kritik", "lawan"]);
    expect(tokens("trus pdhl ato gt")).toEqual([]);
    expect(tokens("mengampanyekan")).toEqual(["kampanye"]);
  });

  it("asks 'is that allowed' in English with one question word", () => {
    expect(normalizeQuery("is that allowed", "en")).toEqual(["allowed"]);
    expect(normalizeQuery("is it permitted", "en")).toEqual(["allowed"]);
  });
});

describe("namedRegime", () => {
  it("names the national election by its offices", () => {
    expect(namedRegime("caleg DPR bagi amplop")).toBe("pemilu");
    expect(namedRegime("pilpres kemarin")).toBe("pemilu");
    expect(namedRegime("penalty for a legislative candidate")).toBe("pemilu");
  });

  it("names the regional election by its offices", () => {
    expect(namedRegime("pemilihan wali kota jambi")).toBe("pilkada");
    expect(namedRegime("timses bupatinya")).toBe("pilkada");
    expect(namedRegime("governor election")).toBe("pilkada");
  });

  it("names none when the message names neither, both, or only 'pemilu'", () => {
    expect(namedRegime("pelanggaran pemilu lapor kemana")).toBeUndefined();
    expect(namedRegime("caleg dan bupati")).toBeUndefined();
    expect(namedRegime("cara nyoblos")).toBeUndefined();
  });
});

describe("word classes", () => {
  it("lists election words, context words and everyday words as tokens", () => {
    for (const term of ["kampanye", "tps", "coblos", "paslon", "politik_uang", "vot"]) {
      expect(ELECTION_TERMS.has(term), term).toBe(true);
    }
    for (const term of ["pemilu", "pilkada", "pangkalpinang", "desa"]) {
      expect(CONTEXT_TERMS.has(term), term).toBe(true);
    }
    for (const term of ["jam", "buka", "ktp", "hilang", "libur", "polisi", "dukcapil"]) {
      expect(GENERIC_TERMS.has(term), term).toBe(true);
    }
    expect(GENERIC_TERMS.has("kampanye")).toBe(false);
    expect(ELECTION_TERMS.has("lapor")).toBe(false);
  });

  it("meets English and Indonesian on the same money-politics token", () => {
    expect(normalizeQuery("vote buying", "en")).toEqual(["politik_uang"]);
    expect(normalizeQuery("buying votes", "en")).toEqual(["politik_uang"]);
    expect(normalizeQuery("politik uang", "id")).toEqual(["politik_uang"]);
  });
});

describe("withoutEverydaySenses", () => {
  it.each([
    ["TPS sampah di ujung gang penuh", "sampah di ujung gang penuh"],
    ["kampanye imunisasi polio di posyandu", "imunisasi polio di posyandu"],
    ["calon pengantin wajib ke KUA?", "pengantin wajib ke kua"],
    ["ban motor kecoblos paku", "ban motor paku"],
    ["speaker bluetooth suaranya kresek2", "speaker bluetooth kresek kresek"],
    ["beli kemplang partai besar", "beli kemplang besar"],
    ["cari tempat yang tenang", "cari tempat yang"],
    ["photo booth rental", "photo rental"],
    ["job candidate interview", "job interview"],
  ])("drops the everyday election word of %j", (text, expected) => {
    expect(withoutEverydaySenses(text)).toBe(expected);
  });

  it.each([
    "tps buka jam brp",
    "surat suara rusak, bawa hp ke bilik boleh?",
    "calon bupati kampanye di masjid",
    "partai besar koalisi di pilkada",
    "masa tenang mulai kapan",
    "caleg minta dipilih",
    "Where is my polling booth?",
  ])("keeps %j as it is", (text) => {
    expect(withoutEverydaySenses(text)).toBe(text);
  });
});

describe("normalizeQuery: asking to be voted for", () => {
  it("reads it as campaigning", () => {
    expect(tokens("caleg minta dipilih di masjid")).toContain("kampanye");
    expect(tokens("cara pilih di tps")).not.toContain("kampanye");
  });
});
