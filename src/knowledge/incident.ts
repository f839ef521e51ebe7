/**
 * Reads a resident's first message and decides whether it tells of a violation (a report to
 * prefill) or asks something (for the FAQ matcher), and which report category it is.
 *
 * The text is first normalised: lower case, punctuation gone, "bagi2" → "bagi bagi", and the
 * chat spellings of everyday words folded to one spelling ("blm" → belum, "udh" → sudah, "yg" →
 * yang, the Malay "dak" → tidak), so that every cue below also reads the way residents type.
 *
 * Then two independent readings, both plain weighted cue lists:
 *
 * 1. **Report or question.** Narrative evidence against question evidence. Narrative: a past or
 *    present time word, "ada yg …", "saya lihat", "mau lapor", "desa kami", an amount of money,
 *    event verbs (a few distinct ones count more than one), English past and progressive tense,
 *    a particular candidate or polling station ("paslon 2", "tps 12"), and length: residents
 *    ask in a line but tell a story in several. Question: "?", question words, "boleh gk", a
 *    trailing "gk", "-kah", rule words such as "sanksi" or "termasuk", "mau tanya", a leading
 *    "kalau". A message that names election vocabulary of some category strongly (weight ≥ 3)
 *    gets one point of narrative for free: "camat koba hadir di deklarasi paslon" tells of an
 *    event even without a time word. It is an incident when it concerns an election and
 *    `narrative - question ≥ 1` (≥ 2 with no category vocabulary at all). A call to act ("tolong
 *    ditindak", "gimana ini min?") is a complaint: its question words do not count.
 *
 * 2. **Category.** Each category sums the weights of the cues found (the first phrase of a cue
 *    fully, the next two half). Weights: 4–4.5 for words that name the violation or its actor
 *    outright (amplop, serangan fajar, pns, camat, lurah, kades, babinsa, fitnah, sara, baliho,
 *    masa tenang, mobil dinas, anak kecil, dpt, rekap, kpps, medsos); 2.5–3.5 for strong but
 *    shared words (uang, sembako items, guru, suku, spanduk, surat suara, facebook, akun); 1–2
 *    for supporting words (bagi2, dikasih, tps, posting, hasil). An amount of money adds 3 to
 *    politik uang, and so does (1.5) something given together with a vote asked for. Rules of
 *    context:
 *    - who did it beats where and how: when an actor category (ASN, kepala desa, TNI/Polri,
 *      penyelenggara) is named outright (≥ 4), the online channel and the spots where campaign
 *      material hangs count half ("kades posting di grup wa" is about the kades, "polisi masang
 *      spanduk di jalan" about the police); of two officials named, the first is the one who
 *      did it ("camat ngajak kades2 makan malam bareng calon" is about the camat);
 *    - what was said beats where: a hoax or a slur named outright (≥ 4.5) makes the channel
 *      and the spots where it hangs count half ("hoaks di grup wa", "spanduk … pemimpin kafir");
 *    - a school, mosque, office or hall is a forbidden *venue* for campaigning (fasilitas
 *      negara) unless campaign material is the subject, then it is where the material hangs
 *      (APK); a venue counts only after "di/ke/in/at" or as a named building ("aula sekolah",
 *      "kantor camat"), so "pegawai kantor kecamatan" is a civil servant, not a venue;
 *    - "terdaftar"/"registered" is about the voter list unless an account is meant.
 *    The best category under 2 points is `lainnya`. Ties go to an actor category, then to the
 *    menu order.
 */

import { type ReportCategory, reportCategories } from "../reports/categories";
import { chatSpellings } from "./chat-spellings";

export type IncidentReading =
  | { kind: "incident"; category: ReportCategory; score: number }
  | { kind: "not_incident" };

/** A category cue: phrases (regex fragments over the normalised text) and their weight. */
interface Cue {
  category: ReportCategory;
  weight: number;
  /** Global: every distinct phrase found counts (the first fully, the next two half). */
  pattern: RegExp;
}

/** A narrative or question cue. */
interface Scored {
  weight: number;
  pattern: RegExp;
  /** Global pattern when distinct matches add up: each one after the first adds this much. */
  each?: number;
  /** … up to this many extra matches. */
  most?: number;
}

/** Whole words, with an optional possessive "-nya" ("akunnya", "duitnya"). */
function words(...phrases: string[]): RegExp {
  return new RegExp(`(?<![a-z0-9])(?:${phrases.join("|")})(?:nya)?(?![a-z0-9])`);
}

/** {@link words}, global: for counting every occurrence. */
function wordsEverywhere(...phrases: string[]): RegExp {
  return new RegExp(words(...phrases).source, "g");
}

function cue(category: ReportCategory, weight: number, ...phrases: string[]): Cue {
  return { category, weight, pattern: wordsEverywhere(...phrases) };
}

function scored(weight: number, ...phrases: string[]): Scored {
  return { weight, pattern: words(...phrases) };
}

/** {@link scored}, where up to `most` further distinct matches add `each`. */
function scoredEach(weight: number, each: number, most: number, ...phrases: string[]): Scored {
  return { weight, each, most, pattern: wordsEverywhere(...phrases) };
}

// Chat spellings are folded before matching (see chat-spellings.ts), so the full words suffice here;
// a few variants stay for the spellings that are not folded.
const NEG = "(?:tidak|tak|gak|ga|gk|g|nggak|enggak)";
const I = "(?:saya|aku|aq|gw|gue|gua|ane|kami|kita)";
const WEEKDAY = "(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu|ahad)";
/** "kantor camat", "rumah kades": the building, not the person. */
const NOT_A_BUILDING = "(?<!(?:kantor|mobil|balai|aula|rumah|gedung|halaman|rumah dinas) )";
/** "kasih" as giving, not "terima kasih" (thanks) or "kasih tau" (tell). */
const KASIH = "(?<!terima )kasih(?! (?:tau|tahu|info\\w*))";
/** A number as typed or spelled. */
const NUMBER = "(?:\\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)";

// ── Category cues ─────────────────────────────────────────────────────────────────────────

/** Actors whose involvement is the violation: they win over channel and venue words. */
const ACTOR_CATEGORIES: ReadonlySet<ReportCategory> = new Set([
  "asn",
  "kades",
  "tni_polri",
  "penyelenggara",
]);

/** An amount of money, in digits ("100rb", "Rp 50.000", "150 thousand") or spelled out. */
const AMOUNT = new RegExp(
  [
    String.raw`rp\.?\s?\d[\d.,]*`,
    String.raw`\d+[.,]?\d*\s?(?:rb|ribu|rebu|k|jt|juta|jeti|thousand|million|rupiah|perak)`,
    String.raw`\d{1,3}(?:[.,]\d{3})+`,
    String.raw`(?:se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)\s?(?:ratus|puluh|belas)?\s?(?:ribu|rebu|juta)`,
    "(?:one|two|three|four|five|fifty|twenty|a) (?:hundred )?(?:thousand|million)",
  ]
    .map((form) => `(?<![a-z0-9])${form}(?![a-z0-9])`)
    .join("|"),
);

const CUES: readonly Cue[] = [
  // politik uang
  cue(
    "politik_uang",
    4.5,
    "politik uang|money politics?|serangan fajar|serfaj|vote buying|buy(?:ing)? votes?",
    "bought votes|(?:mem)?beli suara|jual beli suara|amplop|envelopes?|sembako",
    "uang (?:transport\\w*|bensin|rokok|saku|makan|lelah|kopi|jalan|duduk|pulsa)",
    "bagi (?:bagi )?uang|pembagian uang|money for votes|tukar suara|harga suara|lembar(?:an)? merah",
    "in exchange for (?:their |your |our )?votes?|(?:sebagai )?imbalan (?:suara|memilih|milih|nyoblos)",
  ),
  cue("politik_uang", 3.5, "sogok\\w*|disogok|nyogok|suap|disuap|menyuap|bribe[sd]?|bribery"),
  cue(
    "politik_uang",
    3,
    "uang|money|cash|dibayar|bayar\\w*|paid|pulsa|kuota|paket data|vouchers?|beras|rice|gula|sugar",
    "minyak goreng|migor|minyak|sarung|kerudung|jilbab|mukena|sajadah|kupon|coupons?|hadiah",
    "door ?prize|undian|semen|seng|kompor|bensin|bbm|fuel|token listrik|groceries|food packages?",
    "transfer\\w*|ditransfer|ovo|gopay|shopeepay|e wallet|imbalan|upah|bayaran|sedekah",
    "santunan|sumbangan|thr|rupiah|mie instan|indomie|supermi|telur|selembar|goceng|gocap",
    "bingkisan|parsel|hampers|tabung gas|gas elpiji|elpiji|lpg|nasi kotak|sirup|biskuit",
    "ceban|cepek",
  ),
  cue(
    "politik_uang",
    1.5,
    "ditawar(?:i|in|kan)|nawarin|menawarkan|offered|offering",
    "(?:asal|asalkan|dengan syarat) (?:[a-z]+ ){0,2}?(?:nyoblos|milih|memilih|pilih|coblos|mencoblos|dukung|datang)",
    "syarat\\w* (?:nyoblos|milih|memilih|pilih|coblos|harus)",
    "per (?:kk|kepala|orang|rumah|suara|jiwa|pemilih|kepala keluarga|person|vote|head|family)",
    "gifts?|janji\\w*|dijanji\\w*|promised|barang|bansos|bantuan|gratis|free",
  ),
  cue(
    "politik_uang",
    1,
    `bagi bagi|dibagi\\w*|bagiin|membagi\\w*|bagikan|pembagian|dikasih|ngasih|${KASIH}`,
    "hand(?:s|ed|ing)? out|gave|given|giving|nerima|menerima|(?<!ucapan )terima(?! kasih)",
    "dapet|dapat|received",
  ),
  // ASN
  cue(
    "asn",
    4,
    "asn|pns|aparatur sipil(?: negara)?|pegawai negeri(?: sipil)?|civil servants?",
    `${NOT_A_BUILDING}camat|${NOT_A_BUILDING}lurah|sekcam|sekda|sekretaris (?:camat|daerah)`,
    "kadis|kepala (?:dinas|puskesmas|bidang|seksi|uptd|kua|kantor|bagian|badan)|kabag|kabid",
    "kasubag|kasubbag|pppk|p3k|honorer|satpol pp|pol pp|satpol",
    "government (?:employees?|officials?|workers?|staff)|public servants?|state employees?",
    "(?:sub ?)?district (?:heads?|secretary)|head of the (?:sub ?)?district|regional secretary",
    "(?:regional|district|regency) secretariat|setda|sekretariat daerah",
  ),
  cue("asn", 4, "pegawai|staf (?:kantor|kecamatan|kelurahan|dinas|pemda|pemkab|pemkot|bupati)"),
  cue(
    "asn",
    3.5,
    "pejabat|korpri|(?:seragam|baju) (?:dinas|pns|asn|korpri|khaki|coklat)|official uniform",
  ),
  cue(
    "asn",
    2.5,
    "guru|teachers?|kepsek|kepala sekolah|(?:school )?principal|headmaster|dosen|lecturers?",
    "bidan|midwi\\w+|nakes|perawat|nurses?|dokter puskesmas|penyuluh|health workers?",
    "(?<!(?:mobil|kendaraan|motor|rumah|seragam|baju|jam|perjalanan|kapal|plat|pelat) )dinas \\w+",
    "dinkes|disdik|(?:health|education|agriculture|regency|district|city) (?:office|department|agency)",
  ),
  cue("asn", 1, "jam (?:kerja|dinas|kantor)", "working hours", "office hours", "nip"),
  // kepala desa
  cue(
    "kades",
    4.5,
    `${NOT_A_BUILDING}kades|${NOT_A_BUILDING}kepala desa|kepdes|pj kades|plt kades`,
    "kepala kampung|perangkat desa|aparat(?:ur)? desa|pemerintah desa|pemdes|sekdes",
    "sekretaris desa|kadus|kepala dusun|kaur|bpd|datuk rio|pak rio",
    "rio (?:dusun|desa|kami|kita|kampung)",
    "village (?:heads?|chiefs?|officials?|secretary|apparatus)|headman|hamlet heads?",
    "head of the (?:village|hamlet)(?! (?:polling|election|voting))",
  ),
  cue("kades", 2, "ketua rt", "pak rt", "ketua rw", "pak rw", "rt rw"),
  cue("kades", 1, "mobil desa", "dana desa", "balai desa", "kantor desa", "blt", "proyek desa"),
  // TNI/Polri
  cue(
    "tni_polri",
    4.5,
    "tni|polri|polisi|polwan|babinsa|bhabinkamtibmas|babin|bhabin|brimob|tentara|prajurit",
    "koramil|kodim|korem|kodam|polsek|polres|polresta|polda|kapolsek|kapolres|kapolda",
    "danramil|dandim|danrem|kepolisian|bripka|brigadir|briptu|bripda|aiptu|aipda|ipda|iptu",
    "serda|sertu|serka|kopda|praka|pratu|prada|kopral|sersan|marinir|angkatan (?:darat|laut|udara)",
    "police(?:m[ae]n|wom[ae]n)?|police officers?|cops?|soldiers?|military|army|navy|air force",
  ),
  cue("tni_polri", 2, "aparat", "oknum aparat", "intel", "provost?"),
  cue("tni_polri", 1, "berseragam", "seragam", "uniformed", "uniforms?"),
  // kampanye hitam
  cue(
    "kampanye_hitam",
    4.5,
    "kampanye hitam|black campaign|fitnah\\w*|memfitnah|difitnah|hoaks|hoax|hoaxs|hox",
    "berita bohong|kabar bohong|fake news|disinformasi|misinformasi|smear\\w*|slander\\w*",
    "defam\\w*|pencemaran nama baik|(?:tabloid|selebaran|surat) (?:gelap|kaleng)",
  ),
  cue(
    "kampanye_hitam",
    3.5,
    "(?:surat|dokumen|foto|video|berita|info|informasi|kabar|data|tabloid|selebaran|meme) palsu",
    "forged|fabricated|doctored|made up|rekayasa|direkayasa|deepfake|editan|diedit|photoshop\\w*",
    "fake (?:polls?|surveys?|letters?|documents?|photos?|pictures?|videos?|quotes?|statements?|results?|screenshots?|chats?)",
    "(?:screenshot|ss|tangkapan layar|chat) (?:palsu|editan|hasil edit)",
    "(?:survei|poll|hasil survei|quick count) (?:palsu|bohong|abal abal)",
  ),
  cue(
    "kampanye_hitam",
    3,
    "bohong|boong|bohongan|dusta|lies?|lying|untrue|rumou?rs?|pki|komunis|communists?",
    "antek\\w*|(?:completely|totally|entirely|is|are|was|all) (?:false|untrue|made up)",
    "(?:belum|tidak|tanpa|never) (?:pernah )?(?:terbukti|proven|been proven)",
    "padahal (?:itu |dia |beliau )?(?:tidak|bukan) (?:benar|pernah)",
    `${NEG} (?:benar|betul)|(?:tanpa|${NEG} ada) (?:bukti|dasar|fakta)|not true|no (?:proof|evidence)`,
    "without (?:proof|evidence)|baseless|unfounded|false (?:claims?|information|accusations?)",
    "accus\\w*|menuduh|tuduh\\w*|nuduh|dituduh|menjelek\\w*|jelek\\w*in|menjatuhkan|framing",
    "memojokkan|isu (?:miring|negatif)",
  ),
  cue(
    "kampanye_hitam",
    2,
    "selebaran|gosip|hasut\\w*|menghasut|provokasi|provokatif|seolah olah|seakan akan|as if",
    "claim\\w*|spread\\w*|disebar\\w*|nyebar\\w*|menyebar\\w*|sebar\\w*|narkoba|pemakai|pecandu",
    "seolah|seakan|diubah|dipelintir|ketangkep|ditangkap|tertangkap|kpk|arrested|circulat\\w*",
    "going around|insult\\w*",
    "nyabu|sabu|drugs?|drug users?|selingkuh|istri simpanan|simpanan|mantan napi|napi|penipu",
    "maling|koruptor|korupsi|corrupt\\w*|judi|mabuk|zina|criminal|ex convict|kabar burung",
    "cabul|pencabulan|asusila|pelecehan|pernah dipenjara",
    "kasus (?:cabul|korupsi|narkoba|asusila|pembunuhan|penipuan|pelecehan|kriminal|pidana)",
  ),
  cue("kampanye_hitam", 1.5, "palsu|isu|pamflet|menghina|dihina|katanya|false|fake"),
  // SARA
  cue(
    "sara",
    4.5,
    "sara|ujaran kebencian|hate speech|rasis\\w*|racis\\w*|racist|politik identitas",
    "beda (?:agama|suku|etnis|keyakinan)|(?:agama|suku|etnis) lain|lain (?:agama|suku)",
    "(?:other|different|another) (?:religions?|faiths?|ethnic\\w*|tribes?|races?)",
    "seagama|seiman|sesuku|haram (?:pilih|memilih|milih|dipilih)",
    "pemimpin (?:kafir|non muslim|nonmuslim|cina|china|pendatang)",
    "bukan (?:orang|putra|putri|anak|penduduk|warga) (?:sini|asli|daerah|kita|pribumi)",
  ),
  cue(
    "sara",
    3.5,
    "agama|suku|ras|etnis|etnik|religions?|religious|ethnic\\w*|kafir|murtad|pribumi|non pribumi",
    "cina|china|chinese|tionghoa|aseng|non muslim|nonmuslim|infidels?|tribes?|tribal|races?",
    "racial|descent|javanese|malays?|batak|bugis|madurese|sundanese|minangkabau",
    "not one of us|bukan (?:orang|golongan|kaum) kita",
  ),
  cue(
    "sara",
    2,
    "pendatang|kristen|katolik|protestan|hindu|budha|buddha|konghucu|islam|muslim|christians?",
    "jawa|melayu|batak|minang|bugis|madura|sunda|arab|putra daerah|orang asli|penduduk asli",
    "native|indigenous|outsiders?|immigrants?|keturunan|pulau seberang|orang seberang",
  ),
  cue(
    "sara",
    1.5,
    "ngejek|mengejek|diejek|menghina|dihina|hina|merendahkan|direndahkan|insult\\w*|mock\\w*",
  ),
  // APK (objects; placement words are added below when an object is present)
  cue("apk", 3.5, "apk", "alat peraga(?: kampanye)?", "baliho", "billboards?", "videotron"),
  cue(
    "apk",
    2.5,
    "spanduk|banners?|poster|posters|stiker|stickers?|bendera|flags?|umbul umbul|reklame",
    "rontek|x banner|neon box",
  ),
  // di luar jadwal
  cue(
    "luar_jadwal",
    4.5,
    "masa tenang|minggu tenang|hari tenang|quiet (?:period|days?)|silent period|cooling off",
    "(?:di )?luar jadwal|bukan jadwal\\w*|belum jadwal\\w*|sebelum jadwal\\w*|curi (?:curi )?start",
    "(?:belum|sebelum) (?:masuk |mulai |dimulai |dimulainya |tiba )?(?:masa |jadwal |tahapan |waktu )?kampanye",
    "(?:kampanye|start) duluan|belum (?:waktunya|masanya|saatnya)",
    "(?:belum|sebelum) (?:resmi )?(?:ditetapkan|penetapan)|before (?:being|he was|she was) (?:officially )?(?:registered|nominated)",
    "masa kampanye (?:belum|sudah|telah|sudah lewat|selesai|habis|berakhir|usai|lewat)",
    "(?:sudah|udah) lewat masa kampanye|before the (?:official )?campaign(?: period)?",
    "campaign (?:period )?(?:had |has )?(?:officially )?(?:not (?:yet )?(?:started|begun)|ended|was over|is over|closed)",
    "outside the (?:campaign )?(?:schedule|period)|early campaign\\w*",
  ),
  cue(
    "luar_jadwal",
    3,
    "sehari sebelum (?:pencoblosan|pemungutan|nyoblos|hari h)",
    "h \\d+ (?:pencoblosan|pemungutan|nyoblos|coblos|pemilihan|hari h)",
  ),
  cue("luar_jadwal", 2, "jadwal", "schedule"),
  cue("luar_jadwal", 1.5, "rapat umum", "kampanye (?:terbuka|akbar)", "konser"),
  // fasilitas negara (the venues are below)
  cue(
    "fasilitas_negara",
    4.5,
    "mobil dinas|kendaraan dinas|motor dinas|plat merah|pelat merah|rumah dinas|rumah jabatan",
    "rujab|fasilitas (?:negara|pemerintah|pemda)|aset (?:pemda|negara|pemerintah|desa)|apbd|apbn",
    "government (?:cars?|vehicles?|buildings?|facilit\\w+|halls?)|official (?:cars?|vehicles?)",
    "state facilit\\w+|red plates?|(?:regency|town|city|village) halls?",
  ),
  cue(
    "fasilitas_negara",
    3,
    "ambulan\\w*|ambulance|mobil (?:desa|pemda|kantor|operasional|sekolah|puskesmas|siaga)",
    "kendaraan (?:desa|pemda|operasional)|bus sekolah|pendopo|gor|speedboat|kapal (?:dinas|pemda)",
    "milik (?:pemda|pemkab|pemkot|pemprov|pemerintah|negara|desa|dinas|sekolah)",
    "(?:belonging to|owned by|of) the (?:regency|district|city|provincial|local|village) government",
    "(?:centres?|centers?|offices?|hospitals?|schools?|governments?|villages?|regency|puskesmas) (?:cars?|vehicles?|trucks?|bus|buses|boats?)",
  ),
  cue(
    "fasilitas_negara",
    2.5,
    "acara (?:pemda|pemerintah|dinas|desa|resmi|kedinasan)|peresmian|kunjungan kerja|kunker",
    "program pemerintah|bantuan sosial|bansos|pkh|pelantikan|upacara|apel (?:pagi|pegawai)",
    "acara (?:pelantikan|peresmian|hut|ulang tahun) \\w+|official (?:events?|ceremon\\w+)",
  ),
  cue("fasilitas_negara", 1.5, "pengajian", "wali murid", "petahana", "incumbent", "pemda"),
  // anak
  cue(
    "anak",
    4.5,
    "anak anak|anak kecil|(?:anak )?(?:di ?bawah|dibawah) umur|belum cukup umur|balita|bocah\\w*",
    "bocil|bayi|children|child|kids?|minors?|underage|toddlers?|bab(?:y|ies)|schoolchildren",
    "not old enough|too young to vote",
    "anak (?:sd|smp|sma|smk|tk|paud|sekolah|mts|madrasah)",
  ),
  cue(
    "anak",
    3,
    "pelajar|siswa|siswi|(?<!wali )murid|students?|pupils?|remaja|teen(?:ager)?s?|santri",
    "anak (?:umur|usia|berumur|berusia)|seragam sekolah|school uniforms?",
  ),
  // "anak" alone, except one's own child or "anak muda" (a voter).
  cue("anak", 1.5, "anak(?! (?:saya|aku|ku|kami|gw|gue|muda))"),
  // daftar pemilih
  cue(
    "daftar_pemilih",
    4.5,
    "dpt|dps|dptb|dpk|daftar pemilih\\w*|coklit|pantarlih|pencocokan|pemutakhiran",
    "pemilih (?:ganda|fiktif|siluman|hantu)|nik ganda|data ganda|nama ganda|ghost voters?",
    "voter (?:list|roll|registration|registry)|electoral roll",
    `nama (?:${I}|istri|suami|ortu|ibu|bapak|keluarga|kami) ${NEG} (?:ada|muncul|terdaftar)`,
  ),
  cue(
    "daftar_pemilih",
    3,
    "undangan|c6|c pemberitahuan|surat pemberitahuan|kartu pemilih|invitations?|voter cards?",
    "(?:sudah|telah) meninggal|meninggal dunia|orang meninggal|almarhum\\w*|wafat",
    "dead (?:people|voters?)|deceased|passed away|died",
  ),
  cue(
    "daftar_pemilih",
    2,
    "(?:masuk|tercantum|terdaftar|ada) (?:di |dalam |ke )?(?:dpt|dps|daftar pemilih)",
    `${NEG} (?:tercantum|terdaftar)|on the (?:voter )?list`,
  ),
  cue(
    "daftar_pemilih",
    1.5,
    "luar daerah|nama nama|orang luar|tidak pernah tinggal|sudah pindah|never lived|moved away",
    "ganda|dobel|double|dicoret|dihapus",
  ),
  // pemungutan
  cue(
    "pemungutan",
    4,
    "(?:nyoblos|coblos|mencoblos|milih|memilih)\\w* (?:dua|2|berkali) kali|(?:dua|2|beda) tps",
    "(?:dua|2) kali (?:nyoblos|coblos|mencoblos|milih|memilih)|twice|voted twice",
    "dicoblos(?:in|kan)?|tercoblos|kecoblos|nyoblosin|mencoblos lebih|pre ?marked",
    "(?:ktp|c6|undangan) (?:punya |milik )?orang (?:lain|yang)",
    "other (?:people|peoples|persons?) (?:id|ids|id cards?|invitations?|names?)|someone elses?",
    "diwakil(?:kan|in)|mewakilkan|mobilisasi pemilih|joki|impersonat\\w*",
    "(?:ktp|identitas|undangan|c6) palsu|fake (?:ids?|id cards?|invitations?)",
    "(?:nyoblos|mencoblos|milih|memilih|voted|voting|vote) (?:\\w+ )?(?:pakai|menggunakan|using|with|dengan) (?:\\w+ ){0,3}?(?:undangan|c6|ktp|identitas|invitation|ids?)",
    "(?:ngaku|mengaku|ngaku ngaku)(?: sebagai| jadi)? orang lain|identitas orang lain",
    "(?:ktp|c6|undangan|identitas) (?:punya |milik )?(?:tetangga|saudara|keluarga|orang)",
  ),
  cue("pemungutan", 3, "bilik(?: suara)?", "tinta", "surat suara", "ballots?", "ballot papers?"),
  cue(
    "pemungutan",
    2,
    "kotak suara|ballot box(?:es)?|polling (?:stations?|booths?|places?)|voting booths?",
    "hari (?:h|pencoblosan|nyoblos|pemungutan)|pemungutan suara|voting day|election day|ink",
    "didampingi|pendamping|diarah(?:kan|in)|lansia|disabilitas|difabel|turned away|ditolak",
    "refused|dilarang (?:nyoblos|mencoblos|masuk)|segel\\w*|seal\\w*",
  ),
  cue("pemungutan", 1.5, "tps", "antri\\w*", "antre\\w*", "queu\\w*", "pemungutan"),
  cue(
    "pemungutan",
    1,
    "nyoblos\\w*|coblos|mencoblos|milih|memilih|buka|tutup|dibuka|ditutup|telat|terlambat|habis",
    "voted?|voting",
  ),
  // penghitungan
  cue(
    "penghitungan",
    4.5,
    "rekap\\w*|penghitungan|perhitungan|hitung suara|c hasil|c1|c plano|plano|sirekap",
    "penggelembungan|digelembungkan|manipulasi suara|(?:form|formulir) (?:c|d)|d hasil",
    "suara\\w* (?:hilang|berkurang|bertambah|nambah|dikurangi|dikurangin|dipindah\\w*|dialihkan|digeser|dicuri|diubah|dirubah|berubah|digelembungkan)",
    "counting|vote counts?|tally|tallies|recount\\w*|recap\\w*|tabulation|results? (?:sheets?|forms?)",
  ),
  cue(
    "penghitungan",
    3,
    "dihitung|menghitung|hitung|itung|diitung|ngitung|hitungan|selisih|berita acara|salinan",
    "suara (?:tidak sah|sah)|counted|count|pleno|jumlah suara|perolehan suara",
  ),
  cue(
    "penghitungan",
    1.5,
    "angka",
    "hasil",
    "saksi",
    "diinput",
    "input",
    "results?",
    "witness\\w*",
  ),
  // penyelenggara
  cue(
    "penyelenggara",
    4.5,
    "kpps|ppk|pps|ptps|pengawas tps|panwas\\w*|pkd|pengawas|penyelenggara|komisioner|pantarlih",
    "(?:kpu |bawaslu )?commissioners?",
    "(?:anggota|ketua|petugas|staf) (?:kpu|bawaslu)",
    "election (?:officials?|officers?|workers?|staff|committee)",
    "poll(?:ing)? (?:workers?|officials?|officers?|staff|clerks?|committees?)",
    "(?:election|voting|polling station|tps) (?:committees?|commission|chair\\w*|officials?|officers?|workers?|staff|heads?)",
  ),
  cue("penyelenggara", 3, "panitia"),
  cue("penyelenggara", 2.5, "kpu", "kpud"),
  cue("penyelenggara", 2, "petugas", "linmas"),
  cue("penyelenggara", 1, "officials?", "officers?"),
  // online
  cue(
    "online",
    4,
    "medsos|sosmed|media sosial|social media|tiktok|tik tok|fanpage|buzzer\\w*|influencer\\w*",
    "selebgram|tiktoker|youtuber|akun (?:akun )?(?:palsu|bodong|fake|abal abal|anonim|tidak resmi)",
    "iklan berbayar|paid (?:ads?|advert\\w*|posts?|promotion)|sponsored posts?|live streaming",
    "fake (?:facebook |instagram |tiktok |twitter )?accounts?|anonymous accounts?|online|daring",
    "website|situs|whatsapp channel|saluran (?:wa|whatsapp)",
  ),
  cue(
    "online",
    2.5,
    "fb|facebook|ig|instagram|twitter|youtube|yt|telegram|whatsapp|grup wa|grup whatsapp|wag",
    "status wa|story|stories|reels|live|siaran langsung|akun|accounts?|channel|broadcast",
    "pesan berantai|chain messages?|endorse\\w*|sponsored|giveaway|followers?|pengikut",
  ),
  cue(
    "online",
    1.5,
    "wa|konten|content|iklan|ads?|advert\\w*|viral|link|tautan|share|dishare|komen\\w*",
    "comment\\w*|upload\\w*|diupload|unggah\\w*|diunggah|spam\\w*|blog",
  ),
  cue("online", 1, "grup", "group", "posting\\w*", "post", "posts", "posted", "video\\w*"),
  // other violations, filed as "lainnya" when nothing more specific is named
  cue(
    "lainnya",
    3,
    "intimidasi|diintimidasi|mengintimidasi|ancam\\w*|diancam|mengancam|ngancam|teror|diteror",
    "dirusak|merusak|perusakan|ngerusak|ijazah palsu|mahar|pungli|threat\\w*|intimidat\\w*",
    "vandali[sz]\\w*|dilempar\\w*|dipukul\\w*|pukul\\w*|dikeroyok|keroyok\\w*|bentrok\\w*",
    "berantem|kerusuhan|rusuh|perkelahian|berkelahi|fight\\w*|clash\\w*|attack\\w*|beaten",
    "injured|hurt|luka|terluka|kekerasan|violence|dianiaya|penganiayaan|dibakar|persekusi",
    "smash\\w*|destroy\\w*|set fire|burn(?:ed|t) down|preman\\w*|thugs?|gangsters?",
    "dicatut|catut\\w*|pencatutan|tanpa sepengetahuan|disalahgunakan",
    "penyalahgunaan (?:ktp|data|identitas)",
  ),
  cue("lainnya", 1.5, "diusir"),
];

/** Where campaigning is forbidden; after "di/ke/in/at" (one or two words may come between). */
const VENUE =
  /(?<![a-z0-9])(?:di|ke|dalam|at|in|inside)\s+(?:[a-z0-9]+\s+){0,2}?(?:sekolah|sd|smp|sma|smk|mts|madrasah|pesantren|ponpes|kampus|universitas|ruang (?:kelas|kuliah)|masjid|mesjid|musholl?a|musala|surau|langgar|gereja|pura|vihara|klenteng|tempat ibadah|kantor\s?\w*|balai desa|puskesmas|pustu|polindes|rumah sakit|rsud|posyandu|aula|schools?(?! uniforms?)|universit\w+|campus|mosques?|church\w*|temples?|hospitals?|(?:government|regency|district|city|village) offices?|city hall)(?:nya)?(?![a-z0-9])/;
/** A government building named as such, with or without "di". */
const BUILDING = words(
  "gedung (?:pemerintah|sekolah|dprd|pemda|pemkab|pemkot|kantor|serbaguna)|balai desa|aula|gor",
  "kantor (?:camat|kecamatan|bupati|walikota|gubernur|desa|lurah|kelurahan|dinas|pemda)",
  "pendopo|(?:regency|town|city|village|district|government) (?:halls?|offices?|buildings?)",
  "(?:lapangan|halaman|aula|gedung|ruang|ruangan|kelas|mushola|musholla|masjid) (?:sekolah|sd|smp|sma|smk|kantor\\w*|puskesmas|kampus|madrasah|pesantren|kecamatan|kelurahan|dinas|pemda|pemkab|pemkot|bupati|desa)",
);
/** An event at a venue: the venue is where the campaign happened. */
const CAMPAIGN_EVENT = words(
  "kampanye\\w*|pidato|orasi|sosialisasi|deklarasi|ajang|rally|campaign\\w*|speech",
  "pertemuan|rapat|temu|silaturahmi|meeting|gathering|tim pemenangan|posko|campaign post",
);
/** Where campaign material hangs (APK), counted only when campaign material is mentioned. */
const PLACEMENT = wordsEverywhere(
  "pohon\\w*|trees?|tiang\\w*|poles?|jembatan|bridges?|taman|parks?|pagar|fences?|tembok|walls?",
  "ditempel\\w*|tempel|nempel\\w*|menempel\\w*|dipaku|paku|nailed|dipasang|masang|memasang",
  "terpasang|put up|plastered|rumah sakit",
  "sekolah|kantor|masjid|jalan|roads?|trotoar|lampu merah|fasum|fasilitas umum|sembarang\\w*",
  "dinding|rambu\\w*|traffic \\w+|gerbang|halte|diikat|diiket|tied|glued|dilem|puskesmas",
  "menutupi|nutupin|menghalangi|dirusak|dirobek|dicopot|dibakar|torn|damaged",
);
/** Giving something … */
const GIFT = words(
  `bagi\\w*|dibagi\\w*|membagi\\w*|pembagian|dikasih|ngasih|${KASIH}|memberi\\w*|diberi\\w*`,
  "nawarin|ditawar\\w*|menawarkan|hand(?:s|ed|ing)? out|gave|given|giving|offered",
);
/** … with a vote asked for ("asal nyoblos", "jangan lupa pilih", "vote for"). */
const VOTE_ASKED = words(
  "nyoblos|coblos|mencoblos|milih|memilih|pilih|dipilih|dukung|vote for|voting for|to vote",
  "jangan lupa (?:nomor|no|pilih|coblos)",
);
const STATE_USE = words(
  "dipakai|digunakan|dimanfaatkan|dijadi(?:kan|in)|used|using|dipinjam\\w*|disewa\\w*",
  "nyiapin|disiapkan|disiapin|menyiapkan|prepared|pinjamkan|meminjamkan|lent",
);
const REGISTERED = words(
  "terdaftar|didaftar\\w*|registered|unregistered|not registered|register|registering",
);
const ACCOUNT = words("akun", "accounts?", "iklan", "ads?", "channel");

// ── Narrative and question cues ──────────────────────────────────────────────────────────

const NARRATIVE: readonly Scored[] = [
  // time: something happened (or is happening)
  scored(
    2,
    "tadi|barusan|baru (?:saja|tadi)|semalam|kemarin",
    "(?:pagi|siang|sore|malam|subuh) ini",
    "dini hari",
    "subuh",
    `(?:hari )?${WEEKDAY} (?:lalu|kemarin)`,
    "\\d+ (?:hari|hr|minggu|bulan|bln) (?:yang )?(?:lalu|yll)",
    "(?:minggu|bulan|pekan) lalu",
    "tanggal \\d{1,2}",
    "this (?:morning|afternoon|evening)",
    "last (?:night|week|weekend|month|saturday|sunday|monday|tuesday|wednesday|thursday|friday)",
    "yesterday",
    "tonight",
    "earlier today",
    "\\w+ ago",
  ),
  scored(1, "hari ini", "sekarang", "today", "right now", `hari ${WEEKDAY}`),
  scored(
    1,
    "(?:saat|waktu|ketika|pas|during|at) (?:kampanye|acara|pengajian|posyandu|penghitungan|rekap\\w*|nyoblos|pencoblosan|masa tenang|orasi|rapat|hari h|the (?:rally|campaign|meeting))",
  ),
  // it keeps happening
  scored(
    1,
    "tiap hari|setiap hari|terus|terus terusan|sering|lagi lagi|keeps?|kept|always|every day",
    "all along|berkali kali|sampai sekarang",
  ),
  // a witness, evidence, a wish to report
  scored(
    2,
    `${I} (?:lihat|ngeliat|ngelihat|melihat|menyaksikan|nyaksiin|saksikan|dengar|denger|mendengar|dikasih|ditawari|ditawarin|terima|nerima|foto|fotoin|rekam|videoin|screenshot|ss)`,
    "i (?:saw|witnessed|noticed|received|heard|was offered|got|was given)",
    "we (?:saw|witnessed|noticed|received|heard|were offered|got|were given)",
    "mau lapor\\w*|ingin (?:lapor|melapor)\\w*|saya laporkan|melaporkan|izin lapor|ijin lapor",
    "lapor (?:min|pak|bu|kak|bang)|i (?:want|would like|d like) to report|(?:this is|writing) to report",
  ),
  scored(
    1.5,
    "ada (?:foto|video|rekaman|bukti|screenshot|ss)\\w*|fotonya|videonya|rekamannya|buktinya",
    "ada (?:yang|orang|oknum|beberapa|banyak|sekelompok|segerombolan|nama|serangan|tim|timses|caleg|calon|paslon|anggota|petugas|warga|ibu|bapak|pak|bu|mobil|spanduk|baliho|apk|akun|surat|kotak|anak|guru|pns|asn|kades|camat|polisi|tentara|isu|pembagian)",
    "there (?:is|was|were|are) (?:a|an|some|many|people|no|\\d+)",
    `(?:desa|kampung|dusun|rt|rw|tps|masjid|gereja|sekolah|kantor|kelurahan|daerah|lingkungan|komplek|kompleks|gang|kecamatan|tempat|calon|caleg|paslon|kades|lurah|camat|keluarga|rumah) ${I}`,
    "tetangga\\w*|warga sini|di ?sini|(?:deket|dekat|depan|sebelah|belakang) rumah",
    "(?:our|my) (?:village|neighbou?r\\w*|area|town|tps|street|district|uncle|aunt|family|mother|father|polling station)",
    "banyak (?:warga|orang|apk|baliho|spanduk)",
  ),
  // a particular candidate or polling station: this one, not candidates in general
  scored(
    1,
    `(?:paslon|calon|caleg|nomor|nomor urut|no urut|tps|candidate|number) ${NUMBER}`,
    "(?:paslon|calon|caleg|tim) (?:sebelah|tertentu|kami|kita|petahana)",
  ),
  // the formal report: "telah terjadi", "diduga", "kami menemukan"
  scored(
    1.5,
    "telah terjadi|terjadi (?:pada|di)|diduga|dugaan|kronologi\\w*|terlapor|bersama ini",
    `${I} (?:menemukan|mendapati|temukan)|ditemukan|(?:menyampaikan|melaporkan|laporkan) bahwa`,
  ),
  // things done (a few distinct ones count more)
  scored(1.5, "beredar", "padahal"),
  scoredEach(
    1,
    0.5,
    2,
    "teriak\\w*|dipasang|ditempel|dipaku|dibagi\\w*|bagi bagi|dikasih|ditawar(?:i|in)|dikumpul\\w*",
    "disuruh|diusir|dijadi(?:kan|in)|dipakai|ngangkut|mengangkut|ngumpulin|mengumpulkan",
    "nyebar\\w*|menyebar\\w*|disebar\\w*|nyelipin|ngarahin|mengarahkan|ngejek|mengejek|hadir",
    "datang\\w*|dateng\\w*|keliling|bilang|nyebut\\w*|masang|memasang|pidato|orasi|dibawa|ngajak",
    "mengajak|dibanjiri|diancam|mengancam|ngancam|intimidasi|dicoblos\\w*|nyuruh|ikut|minta",
    "meminta|tidur|masuk|ngomong|bagiin|ngasih|nawarin|pasang|upload|nyoblosin|naik|pakai",
    "bawa|membawa|ngumpulin|kumpulin|marah\\w*|ngancem|ngeliatin|nyatet|ketemu\\w*|ditunda",
    "diganti|diubah|dirubah|berubah|dihapus|dicoret|dirusak|dilempar\\w*|dipukul|ditahan",
  ),
  // English narration
  scored(1.5, "was", "were", "has been", "have been", "had"),
  scored(1.5, "(?:is|are|was|were|am|keeps?) [a-z]{2,}ing"),
  scoredEach(
    1,
    0.5,
    2,
    "[a-z]{2,}ed|told|said|gave|made|took|came|went|saw|got|held|brought|sent|paid|sold",
    "bought|left|began|hung|stuck|spread|put|threw|wrote|drove|met|stood|spoke|shouted|ran",
    "showed|set up|handed|forced|given",
  ),
];
/** Words in a message from which it starts to read as a story rather than a question. */
const STORY_WORDS = 14;
/** … and from which it surely does (one more point). */
const LONG_STORY_WORDS = 24;
/**
 * A complaint's call to act ("tolong ditindak", "gimana ini min?", "kok dibiarkan"): the
 * resident reports and wants action, so its question words and "?" are not a question.
 */
const CALL_TO_ACT = wordsEverywhere(
  "(?:tolong|mohon|harap|minta|please|pls) (?:(?:segera|untuk|agar|supaya|bawaslu|pak|bu|min|kak) )*(?:di|ber)?(?:tindak|tindaklanjuti|proses|cek|periksa|usut|tertibkan|turunkan|turun|copot|tegur|tangkap|sanksi|investigate|act|check|follow up|look into|take action|do something)\\w*",
  "bawaslu (?:harus|wajib|segera|tolong|mohon) (?:[a-z]+ )?(?:bertindak|turun|menindak|tindak\\w*)",
  "(?:gimana|bagaimana) (?:ini|nih|dong|tuh)(?: (?:min|pak|bu|kak|bawaslu))?",
  "kok (?:dibiarkan|dibiarin|diem|diam|tidak ditindak)",
  "apa (?:bisa) (?:ditindak|diproses)",
);
const CALL_TO_ACT_NARRATIVE = 2;
/** An amount of money ("100rb", "Rp 50.000") is a detail of something that happened. */
const AMOUNT_NARRATIVE = 1.5;

const QUESTION: readonly Scored[] = [
  scoredEach(
    2.5,
    1,
    1,
    "apakah|kapan|berapa|gimana|bagaimana|kenapa|mengapa|napa|dimana|kemana|ke mana|di mana",
    "(?<!apa )apa(?! apa)",
  ),
  scored(1.5, "siapa", "what", "how", "why", "which"),
  scored(
    2.5,
    "apakah|bolehkah|bisakah|benarkah|betulkah|haruskah|perlukah|termasukkah|adakah|dapatkah",
    "siapakah|kapankah|dimanakah|bagaimanakah|berapakah|sahkah|wajibkah|kah",
  ),
  scored(
    2.5,
    `(?:boleh|bisa|sah|melanggar|termasuk|kena|dipidana|dipenjara|harus|perlu|wajib|libur|ada|benar|legal|aman|dilindungi|diakses|dapat|dapet) ${NEG}`,
    `${NEG} (?:dalam|buat|untuk|kalau|sih|ya|min|kak|kan|sekarang)`,
  ),
  scored(1.5, "boleh", "diperbolehkan", "dibolehkan", "termasuk"),
  scored(
    1.5,
    "sanksi\\w*|hukuman\\w*|hukum|pidana|dipidana|dipenjara|penjara|denda|didenda|aturan\\w*",
    "peraturan|uu|undang undang|pasal|regulasi|syarat\\w*|prosedur\\w*|cara|caranya|mekanisme",
    "allowed|illegal|legal|penalty|punishment|punished|rules?|law|requirements?|permitted",
    "batas\\w*|tenggat|deadline|kedaluwarsa|kadaluarsa",
  ),
  scored(1, "dilarang", "larangan"),
  // "…, itu gimana?": a case told to ask about it
  scored(
    1.5,
    "itu (?:gimana|bagaimana|apa|boleh|termasuk|melanggar|dilarang|sah|legal|benar|salah|wajar)",
  ),
  scored(0.75, "melanggar"),
  scored(
    3,
    "(?:mau|mo|ingin|izin|ijin|numpang|boleh) (?:tanya|nanya|bertanya)|tanya dong|pertanyaan",
    "mohon (?:penjelasan|info\\w*|pencerahan)|minta (?:info\\w*|penjelasan)|info dong",
    "i (?:want|would like|d like) to (?:ask|know)|wondering",
  ),
  scored(
    2.5,
    "what (?:can|should|do|must|could) (?:i|we)|how (?:can|do|should|could) (?:i|we)",
    "(?:is|was) (?:it|that|this) (?:allowed|legal|illegal|a violation|against the (?:law|rules))",
  ),
  scored(
    2.5,
    "itu apa|apa itu|artinya|maksudnya|pengertian|definisi|bedanya|perbedaan|beda antara",
    "difference|meaning|what is|whats",
  ),
  scored(
    1.5,
    "(?:kalau|jika|apabila) (?:saya|aku|gw|kita|mau|lapor\\w*|melapor\\w*|nyoblos|orang)",
    "makasih|terima kasih|trims|thanks|thank you",
  ),
  scored(1, "nanti", "besok", "kalau nanti", "takut"),
  // "pilkada kemarin": the last election, not the day of an event
  scored(
    1.5,
    "(?:pemilu|pilkada|pileg|pilpres|pilgub|pilwako|pilbup|pilkades|pemilihan|kampanye)(?: [a-z0-9]+){0,2} kemarin",
  ),
  // enrolment, pay, schedules and results: the workings of an election, not a violation
  scored(
    2,
    "pendaftaran|rekrutmen|lowongan",
    "(?:daftar|mendaftar|mau|ingin|pengen|cara|syarat) (?:jadi |menjadi |sebagai )?(?:kpps|pps|ppk|pengawas|panwas\\w*|ptps|relawan|saksi)",
    "gaji|honor|jadwal (?:rekap\\w*|pemilu|pilkada|pencoblosan|pendaftaran|tahapan|pelantikan)",
    "tahapan|hitung cepat|quick count",
  ),
  // a help-desk complaint about a website, not a violation
  scored(
    2,
    "error|eror|lemot",
    `${NEG} bisa (?:dibuka|diakses|login|masuk)`,
    "(?:cannot|can t|cant) (?:open|access|log in)",
  ),
];

/**
 * Openings that ask for something or advise ("minta nomor wa", "tolong kirim", "hati2 ya",
 * "semoga", "ayo lapor"), not tell of an event.
 */
const LEADING_REQUEST =
  /^(?:(?:assalamualaikum|halo|hallo|hai|permisi|maaf|min|admin|kak)\s+)*(?:minta|mohon|tolong|please|pls|bisa minta|boleh minta|hati hati|waspada|semoga|ayo|yuk|mari|jangan|stop|tolak|lawan)(?![a-z0-9])/;
const LEADING_REQUEST_WEIGHT = 2;

/** A question word that opens the message (after a greeting) is a question. */
const LEADING_QUESTION =
  /^(?:(?:assalamualaikum|assalamu alaikum|halo|hallo|hai|hi|hello|permisi|maaf|min|admin|kak|pak|bu|selamat (?:pagi|siang|sore|malam)|mau tanya|mo tanya)\s+)*(?:apa|apakah|kapan|berapa|gimana|bagaimana|kenapa|mengapa|napa|dimana|kemana|siapa|bisakah|bolehkah|benarkah|emang|emangnya|memangnya|boleh|bisa(?! bisanya)|cara|is|are|can|could|do|does|did|what|whats|when|where|why|how|which|who|whom|should|will|would|may|am|must|shall)(?![a-z0-9])/;
/** "kalau …" at the start: a hypothetical, i.e. a question about the rules. */
const LEADING_IF =
  /^(?:(?:assalamualaikum|halo|permisi|min|kak|mau tanya|mo tanya)\s+)*(?:kalau|jika|apabila|misal|misalnya|seandainya|andai|if|suppose)(?![a-z0-9])/;
const TRAILING_NEGATION = new RegExp(
  String.raw`(?<![a-z0-9])${NEG}(?:\s+(?:sih|ya|min|kak|dong|deh|nih|tuh|pak|bu|bang|gan|om|gitu|begitu))?$`,
);
const TRAILING_TAG = /(?<![a-z0-9])(?:ya|yah|kan|kah|bukan)$/;
/** A question word that ends the message: "sanksinya apa", "tps buka jam berapa sih". */
const TRAILING_QUESTION =
  /(?<![a-z0-9])(?<!apa )(?:apa|berapa|kapan|gimana|bagaimana|dimana|kemana|siapa|mana)(?:\s+(?:sih|ya|aja|saja|dong|kak|min|pak|bu))?$/;
const TRAILING_QUESTION_WEIGHT = 2;

/** Words that say the message is about an election at all. */
const ELECTION_CONTEXT = words(
  "pemilu|pilkada|pileg|pilpres|pilgub|pilbup|pilwako|pilwalkot|pilkades|kampanye\\w*|caleg",
  "paslon|capres|cawapres|calon|timses|tim sukses|tim pemenangan|pemenangan|tps|kpu|bawaslu",
  "panwas\\w*|nyoblos\\w*|coblos\\w*|mencoblos|partai|relawan|simpatisan|politik|election\\w*",
  "candidates?|campaign\\w*|polling|ballots?|votes?|voting|voters?|rally|surat suara|kotak suara",
  "jurkam|nomor urut|no urut|dapil|petahana|incumbent|mayoral|gubernatorial|legislative",
  "cabup|cawabup|cagub|cawagub|cawako|cawalkot|dprd",
);

// ── Text preparation ─────────────────────────────────────────────────────────────────────

interface Prepared {
  /** Lower case, accents and punctuation gone, "bagi2" → "bagi bagi", single spaces. */
  text: string;
  hasQuestionMark: boolean;
  hasAmount: boolean;
}

function prepare(raw: string): Prepared {
  const lower = raw
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’‘`´]/g, "");
  const hasAmount = AMOUNT.test(lower);
  const text = lower
    // "bagi2" → "bagi bagi", "terang2an" → "terang terangan", "anak-anak" → "anak anak"
    .replace(/(?<![\p{L}\p{N}])(\p{L}{2,})2(\p{L}*)(?![\p{L}\p{N}])/gu, "$1 $1$2")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .split(" ")
    .map((word) => chatSpellings[word] ?? word)
    .join(" ");
  return { text, hasQuestionMark: /[?？]/.test(raw), hasAmount };
}

/** What a cue list found: each cue's weight and the phrases that gave it. */
type Found = Array<{ weight: number; phrases: string[] }>;

function scoreOf(item: Scored, text: string): { weight: number; phrases: string[] } | undefined {
  if (item.each === undefined) {
    const match = item.pattern.exec(text);
    return match ? { weight: item.weight, phrases: [match[0]] } : undefined;
  }
  const phrases = [...new Set(Array.from(text.matchAll(item.pattern), (match) => match[0]))];
  if (phrases.length === 0) return undefined;
  const extra = Math.min(phrases.length - 1, item.most ?? 0);
  return { weight: item.weight + extra * item.each, phrases };
}

function sumOf(list: readonly Scored[], text: string, found?: Found): number {
  let total = 0;
  for (const item of list) {
    const score = scoreOf(item, text);
    if (!score) continue;
    total += score.weight;
    found?.push(score);
  }
  return total;
}

// ── Scoring ──────────────────────────────────────────────────────────────────────────────

/** Weighted cue score of every category for `text` (exported for the evaluation script). */
export function categoryScores(text: string): Record<ReportCategory, number> {
  return scoreCategories(prepare(text));
}

function scoreCategories(
  prepared: Prepared,
  found?: Partial<Record<ReportCategory, string[]>>,
): Record<ReportCategory, number> {
  const scores = Object.fromEntries(reportCategories.map((c) => [c, 0])) as Record<
    ReportCategory,
    number
  >;
  const note = (category: ReportCategory, phrase: string) => {
    if (!found) return;
    found[category] = [...(found[category] ?? []), phrase];
  };
  const { text } = prepared;
  /** Where each category's first cue is in the text. */
  const firstAt: Partial<Record<ReportCategory, number>> = {};
  for (const { category, weight, pattern } of CUES) {
    const matches = Array.from(text.matchAll(pattern));
    const phrases = new Set(matches.map((match) => match[0]));
    if (phrases.size === 0) continue;
    firstAt[category] = Math.min(firstAt[category] ?? text.length, matches[0]?.index ?? 0);
    scores[category] += weight * (1 + 0.5 * Math.min(phrases.size - 1, 2));
    for (const phrase of phrases) note(category, phrase);
  }
  if (prepared.hasAmount) {
    scores.politik_uang += 3;
    note("politik_uang", "(amount)");
  }
  // Something given and a vote asked for: the gift buys the vote.
  if (GIFT.test(text) && VOTE_ASKED.test(text)) {
    scores.politik_uang += 1.5;
    note("politik_uang", "(gift for a vote)");
  }
  // Who did it beats where and how; what was said (a hoax, a slur) beats where it was posted
  // or hung.
  const actorNamed = actorScore(scores) >= ACTOR_WINS;
  const contentNamed = Math.max(scores.kampanye_hitam, scores.sara) >= CONTENT_WINS;
  const share = actorNamed ? 0.5 : 1;
  const placeShare = actorNamed || contentNamed ? 0.5 : 1;
  // Campaign material: the places it hangs are what makes it a violation.
  if (scores.apk > 0) {
    const placements = new Set(Array.from(text.matchAll(PLACEMENT), (match) => match[0]));
    scores.apk += Math.min(placements.size, 3) * 1.5 * placeShare;
    for (const phrase of placements) note("apk", phrase);
  } else if (VENUE.test(text) || BUILDING.test(text)) {
    // "A civil servant at the regency office": the office is where the actor works.
    scores.fasilitas_negara += 3 * share;
    note("fasilitas_negara", "(venue)");
    if (CAMPAIGN_EVENT.test(text)) scores.fasilitas_negara += 1.5 * share;
  }
  // A state vehicle or building "dipakai" for a campaign.
  if (scores.fasilitas_negara > 0 && STATE_USE.test(text)) scores.fasilitas_negara += 1.5;

  // "terdaftar" is about an account (online) when one is mentioned, else the voter list.
  if (REGISTERED.test(text)) {
    if (ACCOUNT.test(text)) scores.online += 1.5;
    else scores.daftar_pemilih += 3;
  }

  scores.online *= placeShare;
  // Two officials named: the report is about the first, the one who did it ("camat ngajak
  // kades2 …").
  const named = [...ACTOR_CATEGORIES].filter((c) => scores[c] >= ACTOR_WINS);
  if (named.length > 1) {
    const first = named.reduce((a, b) => ((firstAt[a] ?? 0) <= (firstAt[b] ?? 0) ? a : b));
    scores[first] += FIRST_ACTOR;
  }
  return scores;
}

const TIE_ORDER: readonly ReportCategory[] = [
  ...reportCategories.filter((c) => ACTOR_CATEGORIES.has(c)),
  ...reportCategories.filter((c) => !ACTOR_CATEGORIES.has(c)),
];

/** An actor category this strong (named outright) makes channel and place words count half. */
const ACTOR_WINS = 4;
/** A hoax or a slur this strong (named outright) makes channel and place words count half. */
const CONTENT_WINS = 4.5;
/** What the official named first gets over another one named later. */
const FIRST_ACTOR = 1;

function actorScore(scores: Record<ReportCategory, number>): number {
  return Math.max(...[...ACTOR_CATEGORIES].map((c) => scores[c]));
}

function bestCategory(scores: Record<ReportCategory, number>): {
  category: ReportCategory;
  score: number;
} {
  let category: ReportCategory = "lainnya";
  let score = 0;
  // Actors first, so that on a tie who did it wins over what or where.
  for (const id of TIE_ORDER) {
    if (scores[id] > score) {
      category = id;
      score = scores[id];
    }
  }
  return score < MIN_CATEGORY_SCORE ? { category: "lainnya", score } : { category, score };
}

/** Below this the strongest category is a guess: the report is filed as "lainnya". */
const MIN_CATEGORY_SCORE = 2;
/** A category at least this strong tells of an event on its own ("camat hadir di deklarasi"). */
const STRONG_CATEGORY = 3;
const QUESTION_MARK = 3;
const LEADING_QUESTION_WEIGHT = 3;
const LEADING_IF_WEIGHT = 2;
const TRAILING_NEGATION_WEIGHT = 3;
const TRAILING_TAG_WEIGHT = 1.5;
/** Messages with fewer words are read as a search unless they tell of an event. */
const SHORT_WORDS = 6;
/** Narrative minus question evidence needed to call the message a report. */
const INCIDENT_MARGIN = 1;
/** … and for a message with no category vocabulary at all (it would be filed as "lainnya"). */
const LAINNYA_MARGIN = 2;

/** Evidence that the message tells of an event, and evidence that it asks a question. */
export function incidentEvidence(text: string): { narrative: number; question: number } {
  const prepared = prepare(text);
  const { narrative, question } = evidence(prepared, bestCategory(scoreCategories(prepared)).score);
  return { narrative, question };
}

function evidence(whole: Prepared, categoryScore: number, trace?: Found[]) {
  const told: Found = [];
  const asked: Found = [];
  const add = (into: Found, weight: number, phrase: string) => {
    into.push({ weight, phrases: [phrase] });
    return weight;
  };
  const calls = whole.text.replace(CALL_TO_ACT, " ").replace(/\s+/g, " ").trim();
  const callsToAct = calls !== whole.text;
  // Question evidence is read without the call to act (and its "?").
  const prepared: Prepared = callsToAct
    ? { text: calls, hasQuestionMark: false, hasAmount: whole.hasAmount }
    : whole;
  const { text } = prepared;
  const length = text.split(" ").length;
  // A short message naming a topic ("politik uang", "pns ikut kampanye") is a search, not a
  // report: the free point needs a sentence, and a short one must tell of the event itself.
  const short = length < SHORT_WORDS;
  let narrative = sumOf(NARRATIVE, text, told);
  if (callsToAct) narrative += add(told, CALL_TO_ACT_NARRATIVE, "(call to act)");
  if (prepared.hasAmount) narrative += add(told, AMOUNT_NARRATIVE, "(amount)");
  if (categoryScore >= STRONG_CATEGORY && !short) narrative += add(told, 1, "(category)");
  if (short) narrative += add(told, -1, "(short)");
  // Residents ask in a line; a story takes several.
  if (length >= STORY_WORDS) narrative += add(told, 1, "(long)");
  if (length >= LONG_STORY_WORDS) narrative += add(told, 1, "(very long)");

  let question = sumOf(QUESTION, text, asked);
  if (prepared.hasQuestionMark) question += add(asked, QUESTION_MARK, "?");
  if (LEADING_QUESTION.test(text)) question += add(asked, LEADING_QUESTION_WEIGHT, "(leading)");
  if (LEADING_IF.test(text)) question += add(asked, LEADING_IF_WEIGHT, "(if)");
  if (LEADING_REQUEST.test(text)) question += add(asked, LEADING_REQUEST_WEIGHT, "(request)");
  if (TRAILING_QUESTION.test(text)) question += add(asked, TRAILING_QUESTION_WEIGHT, "(… apa)");
  if (TRAILING_NEGATION.test(text)) question += add(asked, TRAILING_NEGATION_WEIGHT, "(… gk)");
  else if (TRAILING_TAG.test(text)) question += add(asked, TRAILING_TAG_WEIGHT, "(… ya)");
  trace?.push(told, asked);
  return { narrative, question };
}

/**
 * Whether `text` reports an election violation, and which category. Pure: the same text always
 * gives the same reading.
 */
export function readIncident(text: string): IncidentReading {
  const prepared = prepare(text);
  if (!prepared.text) return { kind: "not_incident" };
  const scores = scoreCategories(prepared);
  const best = bestCategory(scores);
  const aboutElection = best.score >= STRONG_CATEGORY || ELECTION_CONTEXT.test(prepared.text);
  if (!aboutElection) return { kind: "not_incident" };
  const { narrative, question } = evidence(prepared, best.score);
  // Without any category vocabulary, only a plain account of an event is a report.
  const margin = best.score < MIN_CATEGORY_SCORE ? LAINNYA_MARGIN : INCIDENT_MARGIN;
  if (narrative - question < margin) return { kind: "not_incident" };
  return { kind: "incident", category: best.category, score: Math.round(best.score * 100) / 100 };
}

/**
 * Why {@link readIncident} read `text` the way it did: the normalised text, the phrases each
 * category found, and the narrative and question evidence. For the evaluation script.
 */
export function explainIncident(text: string): string {
  const prepared = prepare(text);
  const phrases: Partial<Record<ReportCategory, string[]>> = {};
  const scores = scoreCategories(prepared, phrases);
  const trace: Found[] = [];
  const { narrative, question } = evidence(prepared, bestCategory(scores).score, trace);
  const list = (found: Found | undefined) =>
    (found ?? []).map((f) => `${f.phrases.join("/")} ${f.weight}`).join(", ");
  const categories = reportCategories
    .filter((c) => scores[c] > 0)
    .sort((a, b) => scores[b] - scores[a])
    .map((c) => `${c} ${Math.round(scores[c] * 100) / 100} [${(phrases[c] ?? []).join(", ")}]`);
  return [
    `text: ${prepared.text}`,
    `categories: ${categories.join("; ") || "-"}`,
    `narrative ${narrative}: ${list(trace[0])}`,
    `question ${question}: ${list(trace[1])}`,
  ].join("\n");
}
