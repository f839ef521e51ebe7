/**
 * Turns a resident's message (WhatsApp Indonesian slang, or English) into the tokens the topic
 * index stores and searches. The same function indexes the documents and the queries, so a
 * rule only has to be right in one place: "nyoblosnya", "pencoblosan" and "coblos" all end as
 * `coblos` on both sides.
 *
 * Indonesian pipeline, in order:
 *  1. NFKC, lower case, accents dropped; URLs, e-mail addresses and @mentions removed;
 *  2. amounts: "100rb", "50k", "Rp 100.000" → `100 ribu`; "2jt", "2.000.000" → `2 juta`;
 *  3. reduplication: "bagi2" and "bagi-bagi" → `bagi bagi`, "dibagi2kan" → `dibagi dibagikan`;
 *  4. everything that is not a letter or a digit (punctuation, emoji) becomes a space, letters
 *     repeated three times or more collapse ("kapannn" → `kapan`);
 *  5. slang and abbreviations ({@link SLANG}, with the Malay of Bangka Belitung and Jambi:
 *     "dak", "ape", "cakmano", "caro", its particle -nye/-nyo read as -nya and its suffix -ke
 *     as -kan), and a month typed short after a day in full ("14 feb" → `14 februari`),
 *     except two that depend on the words around them: "bkn" is "bukan" unless it is the civil-service agency BKN ("lapor ke bkn", see agencyBkn), and
 *     "dpt" is the voter list unless it is the verb "dapat" ("blm dpt undangan"); then fixed
 *     phrases ({@link PHRASES}: "tempat pemungutan suara" → `tps`, "serangan fajar" →
 *     `serangan_fajar`, "politik uang" → `politik_uang`, "kepala desa" → `kades`: one thing,
 *     one token);
 *  6. stopwords dropped (the `StopwordsId` list plus chat fillers such as "min", "kak", "nih"),
 *     except the question words that carry intent ({@link INTENT_WORDS}) and a few domain words
 *     the list contains ("bagi", "masa", "memihak", "mulai", "sampai", "luar", "ikut", "awal");
 *  7. `StemmerId`, except for the words it breaks ({@link PROTECTED_STEMS}: it turns kepala into
 *     "pala", perangkat into "angkat", pemilu into "pilu", media into "dia"), after turning
 *     Jakarta verbs into standard ones ("diumumin" → diumumkan, "ngawasin" → awaskan); a stem
 *     that is a stopword is dropped too ("diapain" → "apa").
 *
 * English pipeline: the same steps 1–4, a small stopword list, a few phrases mapped to the
 * Indonesian acronyms (so "polling station" and "TPS", "vote buying" and "politik uang" meet),
 * and crude suffix stripping (plural -s/-es/-ies, -ing, -ed, a final -e), which is enough for
 * a few hundred FAQ texts.
 *
 * Three word lists, in tokens, tell the topic index how much a word says about elections:
 * {@link ELECTION_TERMS} ("pilkada", "kampanye", "tps": the message is about elections),
 * {@link CONTEXT_TERMS} ("pemilu", "pangkalpinang": which election or where, not what is
 * asked) and {@link GENERIC_TERMS} ("jam", "ktp", "libur": everyday words that also fit a
 * clinic, the civil registry or Lebaran).
 */

import { createRequire } from "node:module";

export type QueryLanguage = "id" | "en";

export interface NormalizeOptions {
  /** Which pipeline to use; detected with {@link detectQueryLanguage} when left out. */
  language?: QueryLanguage;
  /** Keep stopwords (after the slang map), e.g. to inspect what the slang map produced. */
  keepStopwords?: boolean;
  /** Skip stemming (after the slang map and phrases). */
  stem?: boolean;
}

// ── @nlpjs/lang-id (CommonJS, untyped) ────────────────────────────────────────────────────

interface LangIdModule {
  StemmerId: new () => { innerStemmer: { stemWord(word: string): string } };
  StopwordsId: new () => { dictionary: Record<string, boolean> };
}

const langId = createRequire(import.meta.url)("@nlpjs/lang-id") as LangIdModule;
/** The bare snowball stemmer: `StemmerId.stemWord` caches every word forever, ours is bounded. */
const snowball = new langId.StemmerId().innerStemmer;

// ── Word lists ────────────────────────────────────────────────────────────────────────────

/** Question words kept as tokens (never dropped, never stemmed): they say what is asked. */
export const INTENT_WORDS: ReadonlySet<string> = new Set([
  "kapan",
  "berapa",
  "boleh",
  "siapa",
  "dimana",
  "bagaimana",
  "kenapa",
]);

/**
 * Slang, abbreviations and spelling variants → canonical words (one or more, space separated).
 * Applied to single tokens before stopwords and stemming, so a canonical form may itself be a
 * stopword ("gak" → "tidak") and still disappear later. A token ending in -nya/-lah/-kah/-pun
 * that is not listed is looked up again without it ("duitnya" → "uang").
 */
export const SLANG: Readonly<Record<string, string>> = {
  // question words
  kpn: "kapan",
  kapn: "kapan",
  kapankah: "kapan",
  brp: "berapa",
  brapa: "berapa",
  berapakah: "berapa",
  brpa: "berapa",
  gmn: "bagaimana",
  gmna: "bagaimana",
  gmana: "bagaimana",
  gimana: "bagaimana",
  gimna: "bagaimana",
  bgmn: "bagaimana",
  bgmana: "bagaimana",
  bagaimanakah: "bagaimana",
  dmn: "dimana",
  dmna: "dimana",
  dimn: "dimana",
  dimanakah: "dimana",
  kemana: "dimana",
  kmn: "dimana",
  kmana: "dimana",
  knp: "kenapa",
  napa: "kenapa",
  ngapa: "kenapa",
  mengapa: "kenapa",
  sp: "siapa",
  sapa: "siapa",
  siapakah: "siapa",
  blh: "boleh",
  bole: "boleh",
  bolehkah: "boleh",
  dibolehkan: "boleh",
  diperbolehkan: "boleh",
  ap: "apa",
  apaan: "apa",
  // negation and auxiliaries
  gk: "tidak",
  ga: "tidak",
  gak: "tidak",
  g: "tidak",
  nggak: "tidak",
  ngga: "tidak",
  nggk: "tidak",
  enggak: "tidak",
  engga: "tidak",
  kagak: "tidak",
  ndak: "tidak",
  nda: "tidak",
  tdk: "tidak",
  tak: "tidak",
  gaada: "tidak ada",
  gada: "tidak ada",
  // "bkn" is also BKN, the civil-service agency: see agencyBkn() (only "bukan" without context)
  bkn: "bukan",
  bs: "bisa",
  bsa: "bisa",
  bisakah: "bisa",
  blm: "belum",
  blom: "belum",
  blum: "belum",
  udh: "sudah",
  udah: "sudah",
  sdh: "sudah",
  dah: "sudah",
  uda: "sudah",
  hrs: "harus",
  kudu: "harus",
  mo: "mau",
  pengen: "ingin",
  pgn: "ingin",
  pengin: "ingin",
  // pronouns, fillers, function words
  sy: "saya",
  sya: "saya",
  aku: "saya",
  gue: "saya",
  gw: "saya",
  gua: "saya",
  ane: "saya",
  km: "kamu",
  lu: "kamu",
  lo: "kamu",
  loe: "kamu",
  elu: "kamu",
  yg: "yang",
  utk: "untuk",
  untk: "untuk",
  buat: "untuk",
  bwt: "untuk",
  dgn: "dengan",
  dg: "dengan",
  dr: "dari",
  krn: "karena",
  karna: "karena",
  klo: "kalau",
  kalo: "kalau",
  kl: "kalau",
  jg: "juga",
  aja: "saja",
  aj: "saja",
  doang: "saja",
  lg: "lagi",
  tp: "tapi",
  trs: "terus",
  sm: "sama",
  ttg: "tentang",
  tau: "tahu",
  taw: "tahu",
  org: "orang",
  sblm: "sebelum",
  stlh: "setelah",
  skrg: "sekarang",
  skrang: "sekarang",
  msh: "masih",
  bnyk: "banyak",
  jd: "jadi",
  sampe: "sampai",
  tlg: "tolong",
  td: "tadi",
  dtg: "datang",
  dateng: "datang",
  ilang: "hilang",
  pas: "saat",
  tdi: "tadi",
  malem: "malam",
  bener: "benar",
  beneran: "benar",
  // more chat shorthand for function words
  trus: "terus",
  dlu: "dulu",
  jdi: "jadi",
  pdhl: "padahal",
  pdahal: "padahal",
  ampe: "sampai",
  bnr: "benar",
  bner: "benar",
  kyk: "seperti",
  kayak: "seperti",
  spt: "seperti",
  mksd: "maksud",
  sbg: "sebagai",
  dri: "dari",
  tpi: "tapi",
  ato: "atau",
  atw: "atau",
  klw: "kalau",
  dpn: "depan",
  bbrp: "beberapa",
  gpp: "tidak apa",
  ngk: "tidak",
  gaboleh: "tidak boleh",
  gakboleh: "tidak boleh",
  gabole: "tidak boleh",
  gbs: "tidak bisa",
  gabisa: "tidak bisa",
  gakbisa: "tidak bisa",
  msti: "harus",
  mesti: "harus",
  hrsnya: "harus",
  sja: "saja",
  smua: "semua",
  lbh: "lebih",
  kpd: "kepada",
  pd: "pada",
  kpan: "kapan",
  knapa: "kenapa",
  ngapain: "kenapa",
  spa: "siapa",
  gt: "",
  donk: "",
  // time
  tgl: "tanggal",
  bln: "bulan",
  thn: "tahun",
  th: "tahun",
  bsk: "besok",
  kmrn: "kemarin",
  // "next" (the stopword list drops "berikutnya"; for "pemilu berikutnya" it is the question)
  selanjutnya: "berikutnya",
  brikutnya: "berikutnya",
  brikut: "berikutnya",
  mendatang: "berikutnya",
  // money
  duit: "uang",
  duid: "uang",
  doku: "uang",
  fulus: "uang",
  cuan: "uang",
  rp: "uang",
  rupiah: "uang",
  rb: "ribu",
  rebu: "ribu",
  jt: "juta",
  jeti: "juta",
  serfaj: "serangan_fajar",
  // verbs in Jakarta slang
  nyoblos: "coblos",
  nyoblosnya: "coblos",
  nyoblosin: "coblos",
  coblosin: "coblos",
  nyoblosan: "coblos",
  milih: "pilih",
  milihnya: "pilih",
  kasih: "beri",
  ngasih: "beri",
  ngasi: "beri",
  dikasih: "beri",
  dikasi: "beri",
  dapet: "dapat",
  nerima: "terima",
  menerima: "terima",
  laporin: "lapor",
  ngelapor: "lapor",
  ngelaporin: "lapor",
  aduin: "adu",
  ngadu: "adu",
  ngecek: "cek",
  mengecek: "cek",
  dicek: "cek",
  bikin: "buat",
  pake: "pakai",
  make: "pakai",
  memakai: "pakai",
  bawain: "bawa",
  nyalon: "calon",
  nyaleg: "caleg",
  ngampanyein: "kampanye",
  kampanyein: "kampanye",
  nyebar: "sebar",
  nyebarin: "sebar",
  nyari: "cari",
  nanya: "tanya",
  // Malay of Bangka Belitung and Jambi (and Palembang), as residents there type it
  dak: "tidak",
  idak: "tidak",
  endak: "tidak",
  ape: "apa",
  apo: "apa",
  berape: "berapa",
  berapo: "berapa",
  bepo: "berapa",
  brape: "berapa",
  dimane: "dimana",
  dimano: "dimana",
  kemane: "dimana",
  kemano: "dimana",
  cemane: "bagaimana",
  cakmano: "bagaimana",
  camano: "bagaimana",
  gimane: "bagaimana",
  ngape: "kenapa",
  ngapo: "kenapa",
  kenape: "kenapa",
  kenapo: "kenapa",
  siape: "siapa",
  siapo: "siapa",
  sape: "siapa",
  bise: "bisa",
  biso: "bisa",
  pacak: "bisa",
  buleh: "boleh",
  bulih: "boleh",
  pitis: "uang",
  bile: "kapan",
  // Jambi and Palembang Malay end many words in -o where Indonesian has -a
  caro: "cara",
  namo: "nama",
  samo: "sama",
  ado: "ada",
  lamo: "lama",
  mano: "mana",
  kito: "kita",
  dio: "dia",
  galo: "semua",
  bawak: "bawa",
  dibawak: "dibawa",
  bukak: "buka",
  nerimo: "terima",
  kenai: "kena",
  kemaren: "kemarin",
  nak: "ingin",
  kagek: "nanti",
  bae: "saja",
  wong: "orang",
  // asking for advice: "mending pilih yg mana", "sebaiknya coblos siapa"
  sebaiknya: "saran",
  mending: "saran",
  mendingan: "saran",
  bagusnya: "saran",
  enaknya: "saran",
  saranin: "saran",
  sarankan: "saran",
  menyarankan: "saran",
  rekomendasiin: "saran",
  // what is needed: "lapor perlu apa aja", "butuh ktp gk" ask for the requirements
  perlu: "syarat",
  butuh: "syarat",
  diperlukan: "syarat",
  dibutuhkan: "syarat",
  persyaratan: "syarat",
  lengkapi: "syarat",
  melengkapi: "syarat",
  dilengkapi: "syarat",
  kelengkapan: "syarat",
  // being punished, however it is put: the answers say "sanksi"
  dipidana: "sanksi",
  dipidanakan: "sanksi",
  didenda: "sanksi",
  // everyday spellings
  hr: "hari",
  ttp: "tetap",
  nurunin: "turunkan",
  nurunkan: "turunkan",
  sembarangan: "sembarang",
  tetep: "tetap",
  ngritik: "kritik",
  mengkritik: "kritik",
  dikritik: "kritik",
  ngkritik: "kritik",
  kritikan: "kritik",
  // "laporan sy nasibnya gmn": what became of it
  nasibnya: "proses",
  abis: "setelah",
  habis: "setelah",
  brakhir: "berakhir",
  kelar: "selesai",
  beres: "selesai",
  dlm: "dalam",
  ketauan: "ketahuan",
  itung: "hitung",
  ngitung: "hitung",
  diitung: "hitung",
  diitungnya: "hitung",
  ngitungnya: "hitung",
  periksa: "cek",
  memeriksa: "cek",
  diperiksa: "cek",
  ngecekin: "cek",
  nyuruh: "suruh",
  disuruh: "suruh",
  usia: "umur",
  tahanan: "napi",
  lapas: "napi",
  rutan: "napi",
  motret: "foto",
  memotret: "foto",
  difoto: "foto",
  fotoin: "foto",
  poto: "foto",
  ngefoto: "foto",
  hape: "hp",
  handphone: "hp",
  ponsel: "hp",
  telat: "terlambat",
  kesiangan: "terlambat",
  ngantri: "antre",
  antri: "antre",
  ngantre: "antre",
  kaus: "kaos",
  sd: "sekolah",
  rs: "rumah sakit",
  rsud: "rumah sakit",
  smp: "sekolah",
  sma: "sekolah",
  smk: "sekolah",
  bocil: "anak",
  jelekin: "jelek",
  ngejelekin: "jelek",
  jelek2in: "jelek",
  sebarin: "sebar",
  hoaksnya: "hoaks",
  dukungan: "dukung",
  ndukung: "dukung",
  dukungin: "dukung",
  ktpnya: "ktp",
  rahasiain: "rahasia",
  dirahasiain: "rahasia",
  dirahasiakan: "rahasia",
  merahasiakan: "rahasia",
  // more everyday spellings (Bangka, Jambi, Jakarta)
  taun: "tahun",
  thun: "tahun",
  ama: "sama",
  bareng: "serentak",
  barengan: "serentak",
  berbarengan: "serentak",
  bersamaan: "serentak",
  dgr: "dengar",
  denger: "dengar",
  nnt: "nanti",
  ntar: "nanti",
  entar: "nanti",
  info: "informasi",
  kabarin: "informasi",
  ngabarin: "informasi",
  memberitahu: "informasi",
  memberitahukan: "informasi",
  beritahu: "informasi",
  // "laporannya diapain": what is done with it (otherwise "apa", a stopword)
  diapain: "proses",
  diapakan: "proses",
  jgn: "jangan",
  jngn: "jangan",
  emg: "memang",
  emang: "memang",
  liat: "lihat",
  ngeliat: "lihat",
  kite: "kita",
  kalu: "kalau",
  lum: "belum",
  lom: "belum",
  urang: "orang",
  budak: "anak",
  nian: "",
  contreng: "coblos",
  nyontreng: "coblos",
  dicontreng: "coblos",
  walikota: "wali kota",
  jurkam: "juru kampanye",
  cilik: "anak",
  ponakan: "keponakan",
  // election vocabulary
  pns: "asn",
  cpns: "asn",
  pppk: "asn",
  ikd: "ktp digital",
  suket: "surat keterangan",
  pilleg: "pileg",
  nyalonin: "calon",
  paslonnya: "paslon",
  kandidat: "calon",
  calonnya: "calon",
  mencalonkan: "calon",
  kadus: "kepala dusun",
  sosmed: "medsos",
  ig: "instagram",
  fb: "facebook",
  wa: "whatsapp",
  wasap: "whatsapp",
  hoax: "hoaks",
  hoaxs: "hoaks",
  hox: "hoaks",
  ektp: "ktp",
  kpud: "kpu",
  panwas: "panwaslu",
  pilgub: "pilkada",
  pilbup: "pilkada",
  pilwalkot: "pilkada",
  pilwako: "pilkada",
  netralitas: "netral",
  kenetralan: "netral",
  robot: "bot",
  chatbot: "bot",
  banner: "spanduk",
  // greetings and chat fillers (all dropped as stopwords afterwards)
  min: "",
  mimin: "",
  admin: "",
  kak: "",
  kaka: "",
  kakak: "",
  bang: "",
  gan: "",
  bro: "",
  sis: "",
  om: "",
  bu: "",
  mas: "",
  mbak: "",
  nih: "",
  sih: "",
  deh: "",
  loh: "",
  lho: "",
  tuh: "",
  gitu: "",
  gtu: "",
  gini: "",
  bgt: "",
  banget: "",
  ya: "",
  yah: "",
  yaa: "",
  kah: "",
  wkwk: "",
  wkwkwk: "",
  haha: "",
  hehe: "",
  permisi: "",
  assalamualaikum: "",
  selamat: "",
  makasih: "",
  thanks: "",
  thx: "",
};

/**
 * Fixed phrases (after the slang map, before stopwords and stemming) → replacement tokens.
 * Long official names become the acronym people type; "serangan fajar" stays one token,
 * because "serangan" alone stems to the city of Serang.
 */
export const PHRASES: ReadonlyArray<readonly [phrase: string, replacement: string]> = [
  ["serangan fajar", "serangan_fajar"],
  // One token, the same as the English phrases make, so that "lapor politik uang ke mana"
  // weighs the two words of the question as much as the one thing it is about.
  ["money politic", "politik_uang"],
  ["money politics", "politik_uang"],
  ["politik uang", "politik_uang"],
  ["vote buying", "politik_uang"],
  ["tempat pemungutan suara", "tps"],
  ["komisi pemilihan umum", "kpu"],
  ["badan pengawas pemilihan umum", "bawaslu"],
  ["badan pengawas pemilu", "bawaslu"],
  ["panitia pengawas pemilu", "panwaslu"],
  ["daftar pemilih tetap", "dpt"],
  ["kartu tanda penduduk elektronik", "ktp"],
  ["kartu tanda penduduk", "ktp"],
  ["e ktp", "ktp"],
  ["ktp el", "ktp"],
  ["aparatur sipil negara", "asn"],
  ["badan kepegawaian negara", "bkn"],
  ["pegawai negeri sipil", "asn"],
  ["pegawai negeri", "asn"],
  ["alat peraga kampanye", "apk"],
  ["pasangan calon", "paslon"],
  ["calon anggota legislatif", "caleg"],
  ["calon legislatif", "caleg"],
  ["calon wakil presiden", "cawapres"],
  ["calon presiden", "capres"],
  ["pemilihan kepala daerah", "pilkada"],
  ["pemilihan umum", "pemilu"],
  ["quick count", "hitung cepat"],
  ["di mana", "dimana"],
  ["ke mana", "dimana"],
  // official terms that are one thing, and say "election" on their own
  ["pindah memilih", "pindah_memilih"],
  ["pindah pilih", "pindah_memilih"],
  ["hak pilih", "hak_pilih"],
  ["hak memilih", "hak_pilih"],
  ["rumah sakit", "rumah_sakit"],
  ["belum masa kampanye", "sebelum masa kampanye"],
  ["belum waktunya", "sebelum waktunya"],
  ["yang akan datang", "berikutnya"],
  ["kek mane", "bagaimana"],
  ["kek mana", "bagaimana"],
  ["macam mana", "bagaimana"],
  ["cak mano", "bagaimana"],
  ["cak mana", "bagaimana"],
  ["dalam waktu dekat", "berikutnya"],
  ["harus saya pilih", "saran pilih"],
  ["harus pilih", "saran pilih"],
  ["harus dipilih", "saran pilih"],
  ["harus memilih siapa", "saran pilih siapa"],
  ["harus saya coblos", "saran coblos"],
  ["harus coblos", "saran coblos"],
  ["harus dicoblos", "saran coblos"],
  ["waktu dekat", "berikutnya"],
  ["selamat pagi", ""],
  ["selamat siang", ""],
  ["selamat sore", ""],
  ["selamat malam", ""],
  ["aparatur sipil", "asn"],
  ["ktp elektronik", "ktp"],
  ["identitas kependudukan digital", "ktp digital"],
  // One token for what is one thing, so that it weighs as much as any other word.
  ["tim sukses", "timses"],
  ["tim kampanye", "timses"],
  ["kepala desa", "kades"],
  ["media sosial", "medsos"],
  // "lagi" after an election word asks about the next one ("kapan pemilu lagi"); elsewhere
  // it is "again" or "currently" ("lg dipenjara") and a stopword.
  ["pemilu lagi", "pemilu berikutnya"],
  ["pilkada lagi", "pilkada berikutnya"],
  ["coblos lagi", "coblos berikutnya"],
  ["pemilihan lagi", "pemilihan berikutnya"],
  ["pilih lagi", "pilih berikutnya"],
  ["kepala daerah", "kepala_daerah"],
  ["tidak ada", "tidak ada"],
  // no campaigning at all: the quiet period, as its answer puts it ("hari-hari tanpa kampanye")
  ["tidak ada kampanye", "tanpa kampanye"],
  ["tidak boleh kampanye", "tanpa kampanye"],
  ["belum jadwal", "sebelum jadwal"],
  // "kapan lagi kita nyoblos": when is the next one
  ["kapan lagi", "kapan berikutnya"],
  // what campaigning looks like to a resident
  ["door to door", "kampanye"],
  ["minta dukung", "kampanye"],
  ["cari dukung", "kampanye"],
  // asking people to vote for one: "caleg minta dipilih di masjid"
  ["minta dipilih", "kampanye"],
  ["minta pilih", "kampanye"],
  ["minta dicoblos", "kampanye"],
  ["minta coblos", "kampanye"],
  ["ajak pilih", "kampanye"],
  ["ajak coblos", "kampanye"],
  ["blusukan", "kampanye"],
  // "ngasih tau", "kasih tahu": to inform (both words are stopwords on their own)
  ["beri tahu", "informasi"],
  // away from home on voting day: the resident votes elsewhere (pindah memilih)
  ["luar provinsi", "luar daerah"],
  ["luar kabupaten", "luar daerah"],
  ["luar pulau", "luar daerah"],
  ["provinsi lain", "luar daerah"],
  ["kabupaten lain", "luar daerah"],
  ["jauh dari rumah", "rantau"],
  ["jauh dari kampung", "rantau"],
  ["jauh dari keluarga", "rantau"],
  // a report already made: what follows it ("udh lapor trus gmn")
  ["sudah lapor", "setelah lapor"],
  ["sudah melapor", "setelah lapor"],
  ["sudah laporkan", "setelah lapor"],
  ["sudah dilaporkan", "setelah lapor"],
  ["sudah saya laporkan", "setelah lapor"],
  // a body that does not work: the voters the disability answer is about
  ["tidak bisa melihat", "tunanetra"],
  ["tidak bisa lihat", "tunanetra"],
  ["tidak bisa mendengar", "tuli"],
  ["tidak bisa dengar", "tuli"],
  ["tidak bisa jalan", "lumpuh"],
  ["tidak bisa berjalan", "lumpuh"],
  ["susah jalan", "lumpuh"],
  ["susah berjalan", "lumpuh"],
  ["sulit berjalan", "lumpuh"],
  // "ancaman pidana" is the penalty the law sets, not a threat to a reporter
  ["ancaman pidana", "sanksi pidana"],
  ["ancaman hukuman", "sanksi"],
  ["ancaman penjara", "sanksi penjara"],
  ["ancaman sanksi", "sanksi"],
  ["diancam pidana", "sanksi pidana"],
  ["diancam hukuman", "sanksi"],
  ["diancam penjara", "sanksi penjara"],
];

/**
 * Words `StemmerId` damages, with the stem to use instead. Found by running it over the
 * election vocabulary: most results are fine (pencoblosan → coblos, dibagikan → bagi,
 * pelanggaran → langgar, pengawasan → awas); these lose their meaning or collide with another
 * word (media → "dia", pendapat → "dapat", pemenangan → "penang", berita → "ita").
 */
export const PROTECTED_STEMS: Readonly<Record<string, string>> = {
  kepala: "kepala",
  terima: "terima",
  kereta: "kereta",
  perangkat: "perangkat",
  pemilu: "pemilu",
  media: "media",
  berita: "berita",
  menteri: "menteri",
  petahana: "petahana",
  partai: "partai",
  peraga: "peraga",
  sekolah: "sekolah",
  kendaraan: "kendaraan",
  negeri: "negeri",
  relawan: "relawan",
  bupati: "bupati",
  penjara: "penjara",
  pendapat: "pendapat",
  pemenangan: "menang",
  penetapan: "tetap",
  pemberitahuan: "beritahu",
  meninggal: "tinggal",
  penutupan: "tutup",
  menikah: "nikah",
  perantau: "rantau",
  difabel: "difabel",
  disabilitas: "disabilitas",
  diskualifikasi: "diskualifikasi",
  simpatisan: "simpatisan",
  serangan: "serangan",
  berikutnya: "berikutnya",
  pemberantasan: "berantas",
  penyebaran: "sebar",
  netralitas: "netral",
  survei: "survei",
  domisili: "domisili",
  kerumunan: "kerumunan",
  pemerintah: "pemerintah",
  pemerintahan: "pemerintah",
  penduduk: "penduduk",
  keberatan: "keberatan",
  perbaikan: "perbaikan",
  pengumuman: "umum",
  selesai: "selesai",
  penerima: "terima",
  pemberi: "pemberi",
  digital: "digital",
  kemarin: "kemarin",
  pakai: "pakai",
  dipakai: "pakai",
  dipaku: "paku",
  setelah: "setelah",
  keluarga: "keluarga",
  pekerja: "kerja",
  bekerja: "kerja",
  pekerjaan: "kerja",
  dipenjara: "penjara",
  narapidana: "napi",
  pelapor: "lapor",
  terlapor: "terlapor",
  rahasia: "rahasia",
  ketahuan: "ketahuan",
  postingan: "posting",
  // the stemmer makes stopwords or other words of these ("mula", "sampa", "karyaw", "gawa")
  mulai: "mulai",
  dimulai: "mulai",
  memulai: "mulai",
  sampai: "sampai",
  masuk: "masuk",
  termasuk: "termasuk",
  pemula: "pemula",
  karyawan: "karyawan",
  pegawai: "pegawai",
  pribadi: "pribadi",
  balai: "balai",
  februari: "februari",
  pemenang: "menang",
  memenangkan: "menang",
  dimenangkan: "menang",
  // the stemmer drops the k of "kampanye" after meng- and keeps "tidak" inside a word
  mengampanyekan: "kampanye",
  ketidaknetralan: "netral",
  sogokan: "sogok",
  keliling: "keliling",
  awasi: "awas",
  mengawasi: "awas",
  diawasi: "awas",
  ngawasi: "awas",
  ngawasin: "awas",
  mengawasin: "awas",
};

/** Stopword-list entries that matter in election questions, so they are kept. */
const KEEP_FROM_STOPWORDS = new Set([
  "bagi",
  "masa",
  "memihak",
  "berpihak",
  "pihak",
  "hari",
  "berikutnya",
  // when: "kampanye mulai/berakhir", "berapa lama", "lewat 7 hari", "sebelum masa kampanye"
  "mulai",
  "akhir",
  "berakhir",
  "lama",
  "lewat",
  "bulan",
  "sebelum",
  "setelah",
  // "masuk kerja" on voting day, "tanpa nama", "tempat ibadah",
  // "termasuk politik uang?"
  "kerja",
  "bekerja",
  "tanpa",
  "tempat",
  "termasuk",
  "masuk",
  // "kampanye di luar jadwal", "ASN ikut kampanye", "informasi awal", "hari terakhir",
  // "sampai kapan", "ujaran kebencian", "tindak lanjut", "kejadian", "pemilih pemula",
  // "dua/tiga/lima hari", "tahun depan"
  "dimulai",
  "memulai",
  "luar",
  "ikut",
  "awal",
  "terakhir",
  "sampai",
  "ujaran",
  "lanjut",
  "kejadian",
  "dua",
  "tiga",
  "lima",
  "depan",
  "kecil",
]);

const ID_STOPWORDS: ReadonlySet<string> = (() => {
  const words = new Set(Object.keys(new langId.StopwordsId().dictionary));
  for (const word of KEEP_FROM_STOPWORDS) words.delete(word);
  for (const word of INTENT_WORDS) words.delete(word);
  for (const word of ["ingin", "mau", "tolong", "saja", "kamu", "sama", "tanya", "ada", "hai"]) {
    words.add(word);
  }
  return words;
})();

/** English stopwords; also the evidence {@link detectQueryLanguage} counts. */
export const EN_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but if then so of to in on at by for from with about into over under " +
    "is are was were be been being am do does did doing have has had having will would shall " +
    "should can could may might must i me my mine we us our you your he him his she her it its " +
    "they them their this that these those there here what which whom whose " +
    "as not no yes any some all each every just only also very too more most much many " +
    "get got please tell know want need like hi hello hey thanks thank okay ok " +
    "again still yet than up down out off one without with during while " +
    "because should did there their " +
    "something anything someone anyone somebody anybody ago now really actually even " +
    "already maybe perhaps"
  ).split(" "),
);

/** English question words kept as tokens. */
export const EN_INTENT_WORDS: ReadonlySet<string> = new Set([
  "when",
  "where",
  "who",
  "how",
  "why",
  // "is that allowed": what "boleh" asks in Indonesian
  "allowed",
]);

const EN_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["polling station", "tps"],
  ["polling stations", "tps"],
  ["polling place", "tps"],
  ["id card", "ktp"],
  ["identity card", "ktp"],
  ["civil servant", "asn"],
  ["civil servants", "asn"],
  ["election commission", "kpu"],
  ["election supervisory agency", "bawaslu"],
  ["election supervisory board", "bawaslu"],
  ["dawn attack", "serangan_fajar"],
  ["serangan fajar", "serangan_fajar"],
  ["voter list", "dpt"],
  ["social media", "medsos"],
  ["general election", "pemilu"],
  ["general elections", "pemilu"],
  ["legislative election", "pemilu"],
  ["legislative elections", "pemilu"],
  ["presidential election", "pilpres"],
  ["regional election", "pilkada"],
  ["regional elections", "pilkada"],
  ["local election", "pilkada"],
  ["local elections", "pilkada"],
  ["regional head election", "pilkada"],
  ["money politics", "politik_uang"],
  ["money politic", "politik_uang"],
  ["politik uang", "politik_uang"],
  ["vote buying", "politik_uang"],
  ["buy votes", "politik_uang"],
  ["buying votes", "politik_uang"],
  ["buys votes", "politik_uang"],
  ["bought votes", "politik_uang"],
  ["buy vote", "politik_uang"],
  ["digital id", "ktp digital"],
  // away from home on voting day
  ["another province", "another city"],
  ["another regency", "another city"],
  ["another island", "another city"],
  ["another town", "another city"],
  // asking for advice on whom to vote for: the same mark as Indonesian "sebaiknya", "mending"
  ["should i vote", "saran vote"],
  ["should we vote", "saran vote"],
  ["should i choose", "saran choose"],
  ["should i pick", "saran pick"],
  ["should i support", "saran support"],
  ["who to vote for", "who saran vote"],
  // a report already made: what follows it
  ["i reported", "submitted report"],
  ["i have reported", "submitted report"],
  ["i already reported", "submitted report"],
  ["we reported", "submitted report"],
  ["already reported", "submitted report"],
];

const EN_WORDS: Readonly<Record<string, string>> = {
  pns: "asn",
  hoaxes: "hoaks",
  religious: "religion",
  hatred: "hate",
  hateful: "hate",
  racial: "race",
  racist: "race",
  ethnicity: "ethnic",
  tribe: "ethnic",
  punishment: "penalty",
  punishments: "penalty",
  punish: "penalty",
  punished: "penalty",
  sanction: "penalty",
  sanctions: "penalty",
  jail: "prison",
  jailed: "prison",
  imprisoned: "prison",
  photograph: "photo",
  picture: "photo",
  pic: "photo",
  cellphone: "phone",
  smartphone: "phone",
  candidates: "candidate",
  pilgub: "pilkada",
  pilbup: "pilkada",
  pilwako: "pilkada",
  chatbot: "bot",
  robot: "bot",
  hoax: "hoaks",
  banners: "banner",
  wanna: "want",
  u: "you",
  pls: "please",
  plz: "please",
  rp: "money",
  rupiah: "money",
  ribu: "thousand",
  juta: "million",
  // Indonesian election words in an English message
  caleg: "legislative candidate",
  capres: "presidential candidate",
  paslon: "candidate",
  pileg: "legislative election",
  pilpres: "presidential election",
  timses: "campaign team",
  // "is that allowed": one question word, like "boleh"
  allow: "allowed",
  permitted: "allowed",
  // what residents call a report and a violation
  complaint: "report",
  complaints: "report",
  complain: "report",
  complained: "report",
  fraud: "violation",
  cheating: "violation",
  irregularity: "violation",
  irregularities: "violation",
  offence: "violation",
  offense: "violation",
};

// ── Caches ────────────────────────────────────────────────────────────────────────────────

/** A Map that forgets everything once full: enough for a stream of chat words. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
  }
}

const stemCache = new BoundedCache<string>(20_000);

// ── Shared steps ─────────────────────────────────────────────────────────────────────────

const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+|\b[\w.-]+\.(?:com|id|net|org|ly|io|me)(?:\/\S*)?/gu;
const EMAIL_PATTERN = /\S+@\S+\.\S+/gu;
const MENTION_PATTERN = /(?:^|\s)@\w+/gu;
const THOUSANDS_PATTERN = /(\d)[.,](?=\d{3}(?!\d))/gu;
/** 100000 → "100 ribu", 2000000 → "2 juta", the way people type amounts. */
const ROUND_AMOUNT_PATTERN = /(?<![\p{L}\p{N}])(\d+?)(000000|000)(?!\d)/gu;

function roundAmount(_match: string, amount: string, zeros: string): string {
  return ` ${amount} ${zeros.length === 6 ? "juta" : "ribu"} `;
}

/** "100rb", "50 k", "2jt" */
const AMOUNT_PATTERN = /(\d+)\s*(rb|ribu|rebu|k|jt|juta|jeti)\b/gu;
/** "bagi2", "dibagi2kan", "kartu2nya": a word of 3+ letters, the digit 2, an optional suffix. */
const REDUPLICATION_PATTERN = /(?<![\p{L}\p{N}])(\p{L}{3,})2(\p{L}*)(?![\p{L}\p{N}])/gu;
const NOT_WORD_PATTERN = /[^\p{L}\p{N}]+/gu;
const REPEATED_LETTER_PATTERN = /(\p{L})\1{2,}/gu;
const LETTER_DIGIT_BOUNDARY = /(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;
/** Form codes people type whole: C1 (tally), C6 (invitation), A5 (moving to vote elsewhere). */
const FORM_CODE = /^[a-z]\d{1,2}$/u;

function cleanText(text: string): string {
  let out = text.normalize("NFKC").toLowerCase();
  out = out.normalize("NFD").replace(/\p{M}+/gu, "");
  out = out.replace(URL_PATTERN, " ").replace(EMAIL_PATTERN, " ").replace(MENTION_PATTERN, " ");
  out = out.replace(THOUSANDS_PATTERN, "$1").replace(ROUND_AMOUNT_PATTERN, roundAmount);
  out = out.replace(AMOUNT_PATTERN, (_match, amount: string, unit: string) => {
    const word = unit.startsWith("j") ? "juta" : "ribu";
    return ` ${amount} ${word} `;
  });
  out = out.replace(REDUPLICATION_PATTERN, (_match, base: string, suffix: string) => {
    return suffix === "" || suffix === "in" ? `${base} ${base}` : `${base} ${base}${suffix}`;
  });
  out = out.replace(NOT_WORD_PATTERN, " ").replace(REPEATED_LETTER_PATTERN, "$1");
  return out;
}

function rawTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const piece of cleanText(text).split(" ")) {
    if (piece === "") continue;
    if (FORM_CODE.test(piece)) {
      tokens.push(piece);
      continue;
    }
    for (const part of piece.split(LETTER_DIGIT_BOUNDARY)) {
      if (part !== "") tokens.push(part);
    }
  }
  return tokens;
}

interface PhraseTable {
  /** first word → phrases starting with it, longest first */
  byFirst: Map<string, Array<{ words: string[]; replacement: string[] }>>;
}

function phraseTable(entries: ReadonlyArray<readonly [string, string]>): PhraseTable {
  const byFirst = new Map<string, Array<{ words: string[]; replacement: string[] }>>();
  for (const [phrase, replacement] of entries) {
    const words = phrase.split(" ");
    const first = words[0] as string;
    const list = byFirst.get(first) ?? [];
    list.push({ words, replacement: replacement.split(" ").filter((w) => w !== "") });
    list.sort((a, b) => b.words.length - a.words.length);
    byFirst.set(first, list);
  }
  return { byFirst };
}

/** A message word is a phrase word as it is or with a particle ("belum jadwalnya"). */
function samePhraseWord(token: string | undefined, word: string): boolean {
  return token !== undefined && (token === word || withoutParticle(token) === word);
}

function applyPhrases(tokens: readonly string[], table: PhraseTable): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as string;
    const candidates = table.byFirst.get(token);
    let matched = false;
    if (candidates) {
      for (const { words, replacement } of candidates) {
        if (words.every((word, k) => samePhraseWord(tokens[i + k], word))) {
          out.push(...replacement);
          i += words.length;
          matched = true;
          break;
        }
      }
    }
    if (!matched) {
      out.push(token);
      i += 1;
    }
  }
  return out;
}

const ID_PHRASES = phraseTable(PHRASES);
const EN_PHRASE_TABLE = phraseTable(EN_PHRASES);

function isSingleLetter(token: string): boolean {
  return token.length === 1 && !/\p{N}/u.test(token);
}

const PARTICLES = ["nya", "lah", "kah", "pun", "ku", "mu"] as const;

/** The word without a trailing particle or possessive, when the rest is still a word. */
function withoutParticle(word: string): string | undefined {
  for (const particle of PARTICLES) {
    if (word.length > particle.length + 2 && word.endsWith(particle)) {
      return word.slice(0, -particle.length);
    }
  }
  return undefined;
}

function lookup(table: Readonly<Record<string, string>>, word: string): string | undefined {
  if (Object.hasOwn(table, word)) return table[word];
  const base = withoutParticle(word);
  if (base !== undefined && Object.hasOwn(table, base)) return table[base];
  return undefined;
}

// ── Indonesian ───────────────────────────────────────────────────────────────────────────

/**
 * Jakarta-style verbs the stemmer does not know: the suffix -in for -kan ("diumumin",
 * "didaftarin") and the nasal prefixes nge-/ng-/ny- ("ngawasin" → awaskan, "nyebarin" →
 * sebarkan). Only for words of 7+ letters starting with di-, ng- or ny- and ending in -in,
 * so "ingin" or "dingin" are left alone.
 */
function standardizeJakartaVerb(word: string): string {
  if (word.length < 7 || !word.endsWith("in") || !/^(?:di|ng|ny)/u.test(word)) return word;
  const base = `${word.slice(0, -2)}kan`;
  if (base.startsWith("nge")) return base.slice(3);
  if (base.startsWith("ny")) return `s${base.slice(2)}`;
  if (base.startsWith("ng") && /^ng[aiueo]/u.test(base)) return base.slice(2);
  return base;
}

/** The stem of one Indonesian word, with {@link PROTECTED_STEMS} taking precedence. */
export function stemIndonesian(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  let stem: string;
  const isWord = /^\p{L}+$/u.test(word);
  const protectedStem = isWord ? lookup(PROTECTED_STEMS, word) : undefined;
  if (protectedStem !== undefined) stem = protectedStem;
  else if (!isWord || word.length <= 3) stem = word;
  else stem = snowball.stemWord(standardizeJakartaVerb(word)) || word;
  stemCache.set(word, stem);
  return stem;
}

/**
 * Words after which "bkn" is the agency, not "bukan": "lapor ke bkn", "diadukan ke BKN",
 * "kantor bkn". Nobody writes "ke bukan" or "kantor bukan".
 */
const BKN_AGENCY_BEFORE: ReadonlySet<string> = new Set([
  "ke",
  "di",
  "dari",
  "dr",
  "oleh",
  "kantor",
  "pihak",
  "lapor",
  "laporkan",
  "laporin",
  "adu",
  "adukan",
  "aduin",
  "ngadu",
  "via",
  "lewat",
]);

/**
 * Whether the "bkn" at `index` of `tokens` is BKN (Badan Kepegawaian Negara, where ASN
 * neutrality cases end up) rather than chat shorthand for "bukan". In chat "bkn" is far more
 * often "bukan", so the agency needs evidence: the message writes it in capitals ("BKN")
 * while not being shouted in capitals as a whole, a word that only an agency can follow comes
 * before it ("ke bkn", "lapor bkn"), or it is the whole message (a keyword, or a bare question
 * about the agency; a lone "bukan" would carry nothing to search for anyway).
 */
function agencyBkn(tokens: readonly string[], index: number, capitalBkn: boolean): boolean {
  if (capitalBkn || tokens.length === 1) return true;
  const before = tokens[index - 1];
  return before !== undefined && BKN_AGENCY_BEFORE.has(before);
}

/**
 * Words after which "dpt" is the verb "dapat" (got, may), not the voter list (DPT): "blm dpt
 * undangan", "udh dpt amplop", "yg dpt duit", "bisa dpt". Compared after the slang map.
 */
const DAPAT_BEFORE: ReadonlySet<string> = new Set([
  "tidak",
  "belum",
  "sudah",
  "bisa",
  "mau",
  "akan",
  "ingin",
  "harus",
  "pernah",
  "yang",
  "baru",
  "cuma",
  "hanya",
  "juga",
  "saya",
  "kami",
  "kita",
  "dia",
  "mereka",
  "kamu",
  "warga",
]);

/**
 * The Malay of Bangka and Jambi writes the particle -nya as -nye or -nyo ("maksudnye",
 * "laporannyo"), and the suffix -kan as -ke ("dilaporke", "diumumke"): made -nya and -kan,
 * so that the slang map and the stemmer know the word.
 */
function standardizeMalayParticle(word: string): string {
  if (word.length <= 5 || Object.hasOwn(SLANG, word) || word.includes("kampanye")) return word;
  if (word.endsWith("nye") || word.endsWith("nyo")) return `${word.slice(0, -1)}a`;
  return word.endsWith("ke") && /\p{L}{4}ke$/u.test(word) ? `${word.slice(0, -2)}kan` : word;
}

/** Month abbreviations people type after a day ("14 feb", "24-26 nov"), both languages. */
const MONTHS: Readonly<Record<string, { id: string; en: string }>> = {
  jan: { id: "januari", en: "january" },
  feb: { id: "februari", en: "february" },
  mar: { id: "maret", en: "march" },
  apr: { id: "april", en: "april" },
  mei: { id: "mei", en: "may" },
  jun: { id: "juni", en: "june" },
  jul: { id: "juli", en: "july" },
  agu: { id: "agustus", en: "august" },
  agt: { id: "agustus", en: "august" },
  agus: { id: "agustus", en: "august" },
  aug: { id: "agustus", en: "august" },
  sep: { id: "september", en: "september" },
  sept: { id: "september", en: "september" },
  okt: { id: "oktober", en: "october" },
  oct: { id: "oktober", en: "october" },
  nov: { id: "november", en: "november" },
  des: { id: "desember", en: "december" },
  dec: { id: "desember", en: "december" },
};

/** The month a token abbreviates when it follows a day number ("14 feb"), else undefined. */
function monthAfterDay(
  token: string,
  before: string | undefined,
  language: QueryLanguage,
): string | undefined {
  const month = Object.hasOwn(MONTHS, token) ? MONTHS[token] : undefined;
  if (month === undefined || before === undefined || !/^\d{1,2}$/u.test(before)) return undefined;
  return month[language];
}

function normalizeIndonesian(text: string, keepStopwords: boolean, stem: boolean): string[] {
  const mapped: string[] = [];
  const raw = rawTokens(text);
  const capitalBkn = /(?<![\p{L}\p{N}])BKN(?![\p{L}\p{N}])/u.test(text) && /\p{Ll}/u.test(text);
  for (const [index, rawToken] of raw.entries()) {
    const token = standardizeMalayParticle(rawToken);
    if (token === "bkn" && agencyBkn(raw, index, capitalBkn)) {
      mapped.push(token);
      continue;
    }
    const month = monthAfterDay(token, raw[index - 1], "id");
    if (month !== undefined) {
      mapped.push(month);
      continue;
    }
    if (token === "dpt" && DAPAT_BEFORE.has(mapped[mapped.length - 1] ?? "")) {
      mapped.push("dapat");
      continue;
    }
    const replacement = lookup(SLANG, token);
    if (replacement === undefined) mapped.push(token);
    else if (replacement !== "") mapped.push(...replacement.split(" "));
  }
  const phrased = applyPhrases(mapped, ID_PHRASES);
  const out: string[] = [];
  for (const token of phrased) {
    if (INTENT_WORDS.has(token)) {
      out.push(token);
      continue;
    }
    if (!keepStopwords && (ID_STOPWORDS.has(token) || isSingleLetter(token))) continue;
    if (!stem) {
      out.push(token);
      continue;
    }
    const stemmed = stemIndonesian(token);
    // "diapain" → "apa", "pemberian" → "beri": a stem that is itself a stopword says nothing.
    if (!keepStopwords && stemmed !== token && ID_STOPWORDS.has(stemmed)) continue;
    out.push(stemmed);
  }
  return out;
}

// ── English ──────────────────────────────────────────────────────────────────────────────

/** Crude English suffix stripping: plurals, -ing, -ed, a final -e ("voting", "votes" → vot). */
export function stemEnglish(word: string): string {
  if (!/^\p{L}+$/u.test(word) || word.length <= 3) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is)$/u.test(w)) w = w.slice(0, -1);
  let stripped = false;
  if (w.endsWith("ing") && w.length > 5) {
    w = w.slice(0, -3);
    stripped = true;
  } else if (w.endsWith("ed") && w.length > 4) {
    w = w.slice(0, -2);
    stripped = true;
  }
  if (stripped && /([^aeiouls])\1$/u.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ity") && w.length > 6) w = w.slice(0, -3);
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

function normalizeEnglish(text: string, keepStopwords: boolean, stem: boolean): string[] {
  const mapped: string[] = [];
  const raw = rawTokens(text);
  for (const [index, token] of raw.entries()) {
    const month = monthAfterDay(token, raw[index - 1], "en");
    if (month !== undefined) {
      mapped.push(month);
      continue;
    }
    const replacement = EN_WORDS[token];
    if (replacement === undefined) mapped.push(token);
    else if (replacement !== "") mapped.push(...replacement.split(" "));
  }
  const phrased = applyPhrases(mapped, EN_PHRASE_TABLE);
  const out: string[] = [];
  for (const token of phrased) {
    if (EN_INTENT_WORDS.has(token)) {
      out.push(token);
      continue;
    }
    if (!keepStopwords && (EN_STOPWORDS.has(token) || isSingleLetter(token))) continue;
    out.push(stem && !token.includes("_") ? stemEnglish(token) : token);
  }
  return out;
}

// ── Language ─────────────────────────────────────────────────────────────────────────────

export interface LanguageEvidence {
  language: QueryLanguage;
  /** English stopwords / words, and Indonesian stopwords or slang / words. */
  englishRatio: number;
  indonesianRatio: number;
  /** True when the evidence decided: English as above, or more Indonesian words than English. */
  confident: boolean;
}

/**
 * How English the text looks: the share of its words that are English stopwords against the
 * share that are Indonesian stopwords or slang. Words on both lists and single letters count
 * for neither. English needs a fifth of the words and more than the Indonesian side; a tie, a
 * text with no function words at all ("money politics") or too few English ones is reported
 * as `language: "id"` with `confident: false`.
 */
export function languageEvidence(text: string): LanguageEvidence {
  const words = rawTokens(text).filter((token) => token.length > 1 && !/^\p{N}+$/u.test(token));
  let english = 0;
  let indonesian = 0;
  for (const word of words) {
    const isEnglish = EN_STOPWORDS.has(word) || EN_INTENT_WORDS.has(word);
    const isIndonesian =
      ID_STOPWORDS.has(word) || INTENT_WORDS.has(word) || Object.hasOwn(SLANG, word);
    if (isEnglish && isIndonesian) continue;
    if (isEnglish) english += 1;
    else if (isIndonesian) indonesian += 1;
  }
  const total = Math.max(words.length, 1);
  const englishRatio = english / total;
  const indonesianRatio = indonesian / total;
  const isEnglish = englishRatio >= 0.2 && englishRatio > indonesianRatio;
  return {
    language: isEnglish ? "en" : "id",
    englishRatio,
    indonesianRatio,
    confident: isEnglish || indonesian > english,
  };
}

/** "en" when at least a fifth of the words are English stopwords and they outnumber Indonesian ones. */
export function detectQueryLanguage(text: string): QueryLanguage {
  return languageEvidence(text).language;
}

// ── Entry point ──────────────────────────────────────────────────────────────────────────

/**
 * Tokens for indexing or searching. Indonesian unless `options.language` says otherwise or the
 * text is detected as English. Duplicates are kept ("bagi2" → `bagi`, `bagi`).
 */
export function normalizeQuery(
  text: string,
  options: NormalizeOptions | QueryLanguage = {},
): string[] {
  const opts: NormalizeOptions = typeof options === "string" ? { language: options } : options;
  const language = opts.language ?? detectQueryLanguage(text);
  const keepStopwords = opts.keepStopwords ?? false;
  const stem = opts.stem ?? true;
  return language === "en"
    ? normalizeEnglish(text, keepStopwords, stem)
    : normalizeIndonesian(text, keepStopwords, stem);
}

// ── Everyday words ───────────────────────────────────────────────────────────────────────

/**
 * Everyday words that occur in the topics' keywords but do not, on their own, make a message
 * about elections: "jam buka" fits a clinic as well as a TPS, "cara daftar online" BPJS,
 * "ktp hilang" the civil registry, "libur" Lebaran, "polisi" a traffic fine, "uang kuliah"
 * school fees. The topic index weighs them less and does not answer a topic on them alone
 * (see `anchored` in search.ts); with an election word beside them they count as usual.
 * Place names are here too: "kapal ke bangka" is not the Bangka re-run election.
 */
export const GENERIC_WORDS: Readonly<Record<QueryLanguage, string>> = {
  id:
    "jam buka tutup cara daftar hari tanggal jadwal bulan tahun minggu pagi siang sore malam " +
    "online baru lama hilang nama ktp kk nik kerja karyawan pekerja bos upah lembur izin cuti " +
    "libur anak bocah pelajar sekolah kampus guru masjid gereja rumah sakit kantor alamat " +
    "tempat lokasi kota daerah desa kepala lurah camat polisi tentara tni polri aparat asn " +
    "honorer pegawai uang duit sembako pulsa beras harga beli bayar gratis info informasi " +
    "data pribadi akun facebook instagram tiktok whatsapp media sosial berita agama suku " +
    "lansia hamil kursi roda antre syarat umur cek foto kamera hp bawa pindah kuliah nikah " +
    "kawin rekomendasi bagus terbaik mobil pohon bendera poster stiker tinggal surat " +
    "dukcapil capil urus akta kartu keluarga domisili bpjs sim paspor pajak bank gaji " +
    "tunjangan jalan rusak puskesmas hasil pengumuman diumumkan ujian tes nilai " +
    "bangka belitung pangkalpinang jambi muntok",
  en:
    "time hour open close day date week month year morning evening night online new old " +
    "lost name card id work worker employer boss wage overtime leave holiday child children " +
    "kid school campus teacher mosque church house hospital office address place city town " +
    "village head police army soldier money cash rice price buy pay free information data " +
    "personal account facebook instagram tiktok whatsapp social media news religion elderly " +
    "pregnant wheelchair queue requirement age check photo camera phone bring move study " +
    "married recommend good best car tree flag poster sticker letter result announce " +
    "exam test score " +
    "bangka belitung pangkalpinang jambi",
};

/**
 * Words that put a message in the election domain by themselves: the elections, voting, the
 * institutions, campaigns, candidates and parties. Anything else ("lapor", "takut", "saksi")
 * can mean an election matter in this chat, but also a stolen motorbike, so it anchors a topic
 * only when the topic explains (nearly) the whole message (see search.ts).
 */
export const ELECTION_WORDS: Readonly<Record<QueryLanguage, string>> = {
  id:
    "pemilu pilkada pileg pilpres pilgub pilbup pilwako coblos suara pemungutan tps kpu " +
    "kpps pps ppk bawaslu panwaslu panwascam ptps dpt dptb dpk dpr dprd dpd kampanye calon " +
    "caleg capres cawapres paslon partai timses golput netral bilik apk umbul " +
    "sirekap rekapitulasi rekap gakkumdu dkpp lpsk sigap cekdptonline c6 a5 tenang buzzer " +
    "demokrasi bot serangan_fajar politik politik_uang pindah_memilih hak_pilih",
  en:
    "election elections vote voting voter voters ballot tps kpu bawaslu campaign campaigning " +
    "candidate candidates pemilu pilkada pilpres political politics politik_uang dpt " +
    "serangan_fajar bot quiet rally booth polling",
};

/**
 * Words that say which election or where, not what is asked: a topic that does not mention
 * them is not the worse for it ("lapor pelanggaran pemilu kemana" is about where to report,
 * whichever election; "dirawat di rs pangkalpinang" about being in hospital, wherever).
 * search.ts leaves them out of a topic's coverage when the topic does not match them.
 */
export const CONTEXT_WORDS: Readonly<Record<QueryLanguage, string>> = {
  id:
    "pemilu pilkada pileg pilpres pilgub pilbup pilwako bawaslu kpu " +
    // where it happens: the kab/kota and towns of Bangka Belitung and Jambi, and the levels
    "bangka belitung pangkalpinang jambi kerinci merangin sarolangun batanghari muaro " +
    "tanjabbar tanjabtim bungo tebo manggar koba sungailiat muntok mentok toboali palembang " +
    "provinsi kabupaten kota kecamatan kelurahan desa kampung dusun",
  en: "election elections pemilu pilkada bawaslu kpu bangka belitung pangkalpinang jambi",
};

/**
 * Election words that the stemmer turns into everyday ones: "pemilihan" (election) and
 * "pemilih" (voter) both end as `pilih` (to choose), which is not an election word ("pilih
 * hp yg bagus"). {@link namesElection} looks for them before stemming.
 */
const ELECTION_SURFACE_WORDS: ReadonlySet<string> = new Set(["pemilihan", "pemilih"]);

/**
 * Words after which "pemilihan" is a vote of a club, a school or a neighbourhood, not an
 * election of this bot: "pemilihan ketua osis", "pemilihan ketua rt", "pemilihan duta wisata".
 */
const OTHER_VOTE_AFTER: ReadonlySet<string> = new Set([
  "ketua",
  "osis",
  "rt",
  "rw",
  "duta",
  "putri",
  "miss",
  "bujang",
  "gadis",
  "pengurus",
  "imam",
  "karyawan",
  "pegawai",
  "siswa",
  "mahasiswa",
  "kades",
  "pilkades",
]);

/**
 * Whether the text holds one of {@link ELECTION_SURFACE_WORDS} (with or without -nya), unless
 * what follows says another kind of vote ({@link OTHER_VOTE_AFTER}).
 */
export function namesElection(text: string): boolean {
  const tokens = rawTokens(text);
  return tokens.some((token, index) => {
    const word = standardizeMalayParticle(token);
    const surface =
      ELECTION_SURFACE_WORDS.has(word) || ELECTION_SURFACE_WORDS.has(withoutParticle(word) ?? "");
    return surface && !OTHER_VOTE_AFTER.has(tokens[index + 1] ?? "");
  });
}

/** {@link CONTEXT_WORDS} as tokens, both languages. */
export const CONTEXT_TERMS: ReadonlySet<string> = new Set([
  ...normalizeQuery(CONTEXT_WORDS.id, "id"),
  ...normalizeQuery(CONTEXT_WORDS.en, "en"),
]);

/** {@link ELECTION_WORDS} as the tokens {@link normalizeQuery} makes of them, both languages. */
export const ELECTION_TERMS: ReadonlySet<string> = new Set([
  ...normalizeQuery(ELECTION_WORDS.id, "id"),
  ...normalizeQuery(ELECTION_WORDS.en, "en"),
]);

/** {@link GENERIC_WORDS} as the tokens {@link normalizeQuery} makes of them, both languages. */
export const GENERIC_TERMS: ReadonlySet<string> = new Set([
  ...normalizeQuery(GENERIC_WORDS.id, "id"),
  ...normalizeQuery(GENERIC_WORDS.en, "en"),
]);

// ── Which election ───────────────────────────────────────────────────────────────────────

export type ElectionRegime = "pemilu" | "pilkada";

/**
 * Words (as {@link rawTokens} spells them, both languages) that name one of the two elections,
 * whose laws and dates differ: the national one (president, DPR/DPRD/DPD, "pileg") or the
 * regional one (governor, regent, mayor, "pilkada"). "pemilu" is left out: residents call any
 * election that ("pelanggaran pemilu" about a pilkada).
 */
const REGIME_WORDS: Readonly<Record<ElectionRegime, ReadonlySet<string>>> = {
  pemilu: new Set(
    (
      "pileg pilleg pilpres caleg capres cawapres presiden wapres dpr dprd dpd legislatif " +
      "legislative presidential president parliament"
    ).split(" "),
  ),
  pilkada: new Set(
    (
      "pilkada pilgub pilbup pilwako pilwalkot gubernur bupati walikota wako walkot cagub " +
      "cawagub cabup cawabup cawako cawalkot governor regent mayor"
    ).split(" "),
  ),
};

/** Two-word names of one election ("wali kota", "kepala daerah", "regional election"). */
const REGIME_PAIRS: Readonly<Record<ElectionRegime, ReadonlySet<string>>> = {
  pemilu: new Set(["anggota dewan", "general election", "pemilu legislatif"]),
  pilkada: new Set([
    "wali kota",
    "kepala daerah",
    "regional election",
    "local election",
    "regional head",
  ]),
};

/**
 * The election a message names, when it names exactly one of the two (see
 * {@link REGIME_WORDS}); undefined when it names neither or both.
 */
export function namedRegime(text: string): ElectionRegime | undefined {
  const tokens = rawTokens(text).map((token) => withoutParticle(token) ?? token);
  const named = new Set<ElectionRegime>();
  for (const [index, token] of tokens.entries()) {
    const pair = `${token} ${tokens[index + 1] ?? ""}`;
    for (const regime of ["pemilu", "pilkada"] as const) {
      if (REGIME_WORDS[regime].has(token) || REGIME_PAIRS[regime].has(pair)) named.add(regime);
    }
  }
  return named.size === 1 ? [...named][0] : undefined;
}

// ── Everyday senses of election words ────────────────────────────────────────────────────

/**
 * An election word that also has an everyday sense, and the words beside it that say it is
 * used in that sense: "TPS sampah" is a rubbish dump, "kampanye imunisasi" a health drive,
 * "suara speaker" a sound, "calon pengantin" a bride-to-be, "ban kecoblos paku" a punctured
 * tyre, "beli partai besar" buying wholesale, "job candidate", "photo booth".
 *
 * `before` / `after`: how many words before and after the word are looked at for a cue (the
 * raw word, or the word without -nya / -s). `unlessBefore`: the word is an election word only
 * right after one of these ("masa tenang"), and everyday elsewhere ("biar hati tenang").
 * `cuesAnywhere`: the cue counts only when one of these is somewhere in the message too ("beli
 * kemplang partai besar": "besar" is wholesale when buying or selling is talked of).
 */
interface EverydaySense {
  word: RegExp;
  cues?: ReadonlySet<string>;
  before?: number;
  after?: number;
  unlessBefore?: ReadonlySet<string>;
  cuesAnywhere?: ReadonlySet<string>;
  /** Words right beside it (one or two words away) that keep the election sense: "surat suara". */
  keep?: ReadonlySet<string>;
}

const wordSet = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/));

const TRADE_WORDS = wordSet(
  "beli membeli dibeli jual jualan dijual menjual harga grosir agen toko warung stok murah " +
    "kg kilo kiloan ton dus karung pack pcs kulak borong borongan ecer eceran supplier",
);

const EVERYDAY_SENSES: readonly EverydaySense[] = [
  {
    word: /^tps$/u,
    cues: wordSet(
      "sampah 3r tpa tpst buang pembuangan limbah dlh kebersihan liar garbage " +
        "rubbish trash waste dump landfill",
    ),
    before: 2,
    after: 3,
  },
  {
    word: /^(?:ber|di|me|meng)?kampanye(?:kan|nya|in)?$/u,
    cues: wordSet(
      "imunisasi vaksin vaksinasi polio campak rubela kesehatan sehat gizi stunting posyandu " +
        "puskesmas narkoba antinarkoba kebersihan lingkungan sampah donor asi cuci rokok " +
        "merokok keselamatan lalu lintas produk promo promosi iklan marketing pemasaran brand " +
        "jualan penjualan diskon dbd demam berdarah jentik hiv aids tbc kanker penghijauan " +
        "hemat energi bullying perundungan zakat sedekah donasi galang dana",
    ),
    before: 2,
    after: 3,
  },
  {
    word: /^(?:ber)?suara(?:nya)?$/u,
    cues: wordSet(
      "speaker spiker salon sound soundsystem bluetooth mic mik mikrofon headset earphone " +
        "headphone tv televisi radio musik lagu mesin motor mobil knalpot kipas angin ac kulkas " +
        "laptop serak parau berisik bising kresek sember fals merdu nyanyi penyanyi burung " +
        "azan adzan tenggorokan batuk radang pita gitar piano volume bass dengung mendengung gema " +
        "nyaring cempreng pecah hp handphone nelpon telpon telepon video youtube film",
    ),
    keep: wordSet(
      "surat kotak bilik hak hitung penghitungan perolehan sah rekap rekapitulasi beli jual " +
        "pemungutan terbanyak rakyat paslon caleg calon partai tps coblos jumlah",
    ),
    before: 4,
    after: 3,
  },
  {
    word: /^calon(?:nya)?$/u,
    cues: wordSet(
      "pengantin manten siswa murid mahasiswa mahasiswi santri pegawai karyawan cpns pns pppk " +
        "pekerja tki pmi tkw jemaah jamaah haji umroh umrah menantu mertua istri suami pacar " +
        "besan pembeli penumpang nasabah debitur investor dokter bidan perawat guru polisi " +
        "bintara tamtama taruna praja prajurit tentara akpol akmil ibu ayah bayi penerima " +
        "pendonor donor pelanggan penyewa pengontrak",
    ),
    before: 0,
    after: 1,
  },
  {
    word: /^partai(?:nya)?$/u,
    cues: wordSet("grosir ecer eceran borongan kiloan final semifinal puncak pembuka"),
    before: 0,
    after: 2,
  },
  {
    word: /^partai(?:nya)?$/u,
    cues: wordSet("besar kecil banyak"),
    before: 0,
    after: 1,
    cuesAnywhere: TRADE_WORDS,
  },
  {
    word: /^(?:ke|ter|di|ny|men)?coblos(?:nya|in|an)?$/u,
    cues: wordSet("ban paku jarum duri tindik telinga kuping anting balon bocor tambal kaki kulit"),
    before: 4,
    after: 3,
  },
  {
    word: /^tenang(?:nya)?$/u,
    unlessBefore: wordSet("masa hari minggu periode tahap tahapan"),
    cues: wordSet(
      "pantai liburan libur wisata healing hati pikiran jiwa batin tidur santai suasana alam " +
        "danau villa ujian nyepi ibadah meditasi exam",
    ),
    before: 3,
    after: 4,
  },
  {
    word: /^netral$/u,
    cues: wordSet(
      "gigi ph warna kabel listrik persneling perseneling transmisi sabun bau aroma rasa matic",
    ),
    before: 2,
    after: 2,
  },
  {
    word: /^bilik(?:nya)?$/u,
    cues: wordSet("asmara mandi atm disinfeksi sterilisasi bambu kamar ganti toilet wc"),
    before: 2,
    after: 2,
  },
  {
    word: /^rekap(?:itulasi)?(?:nya|an)?$/u,
    cues: wordSet(
      "absen absensi kehadiran penjualan jualan nilai gaji transaksi keuangan kas stok order " +
        "orderan pesanan omzet",
    ),
    before: 2,
    after: 2,
  },
  {
    word: /^umbul$/u,
    cues: wordSet("agustus agustusan kemerdekaan 17an hut ri"),
    before: 3,
    after: 4,
  },
  {
    word: /^bot(?:nya)?$/u,
    cues: wordSet("trading forex crypto kripto saham game ml spam followers follower like"),
    before: 2,
    after: 2,
  },
  {
    word: /^vot(?:e|es|ed|ing)$/u,
    cues: wordSet(
      "contest competition instagram tiktok youtube video award awards idol talent show photo " +
        "pageant like likes giveaway meme song",
    ),
    before: 4,
    after: 4,
  },
  {
    word: /^campaigns?$/u,
    cues: wordSet(
      "marketing ad ads advertising vaccination vaccine immunization immunisation polio " +
        "awareness fundraising crowdfunding kickstarter gofundme email brand product health " +
        "donation charity",
    ),
    before: 3,
    after: 3,
  },
  {
    word: /^candidates?$/u,
    cues: wordSet(
      "job jobs interview hiring position vacancy hr recruitment recruiter phd thesis degree " +
        "applicant admission scholarship",
    ),
    before: 3,
    after: 3,
  },
  {
    word: /^rall(?:y|ies)$/u,
    cues: wordSet("car motor racing race stock stocks market tennis price prices rebound dakar"),
    before: 2,
    after: 2,
  },
  {
    word: /^booths?$/u,
    cues: wordSet("photo phone food toll exhibition expo fair ticket dj vendor"),
    before: 2,
    after: 2,
  },
  {
    word: /^quiet$/u,
    cues: wordSet(
      "place room cafe neighbourhood neighborhood library spot area beach street house hotel " +
        "car engine fan keyboard",
    ),
    before: 2,
    after: 2,
  },
];

/** The word as a cue is looked up: itself, and without -nya or a plural -s. */
function cueForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith("nya") && word.length > 5) forms.push(word.slice(0, -3));
  if (word.endsWith("s") && word.length > 3) forms.push(word.slice(0, -1));
  return forms;
}

function usedInEverydaySense(tokens: readonly string[], index: number): boolean {
  const token = tokens[index] as string;
  for (const sense of EVERYDAY_SENSES) {
    if (!sense.word.test(token)) continue;
    if (sense.unlessBefore && !sense.unlessBefore.has(tokens[index - 1] ?? "")) return true;
    const cues = sense.cues;
    if (!cues) continue;
    if (sense.cuesAnywhere && !tokens.some((word) => sense.cuesAnywhere?.has(word))) continue;
    const keep = sense.keep;
    if (keep && [-2, -1, 1, 2].some((offset) => keep.has(tokens[index + offset] ?? ""))) {
      continue;
    }
    const from = Math.max(0, index - (sense.before ?? 0));
    const to = Math.min(tokens.length - 1, index + (sense.after ?? 0));
    for (let at = from; at <= to; at += 1) {
      if (at === index) continue;
      // "3r", "17an": the words were split where letters meet digits
      const joined = `${tokens[at]}${tokens[at + 1] ?? ""}`;
      if ([...cueForms(tokens[at] as string), joined].some((form) => cues.has(form))) return true;
    }
  }
  return false;
}

/**
 * The text without the election words it uses in an everyday sense ({@link EVERYDAY_SENSES}):
 * "kampanye imunisasi polio di posyandu" is about vaccination, and no election topic should be
 * found for "kampanye" in it. The text is returned unchanged when there is nothing to drop;
 * otherwise as its cleaned words.
 */
export function withoutEverydaySenses(text: string): string {
  const tokens = rawTokens(text);
  const drop = tokens.map((_, index) => usedInEverydaySense(tokens, index));
  if (!drop.includes(true)) return text;
  return tokens.filter((_, index) => !drop[index]).join(" ");
}
