/**
 * Does a message ask the bot whom to vote for (which candidate is best, who will win, whether to
 * skip the vote), or whether the bot itself takes sides? Then the answer is always the bot's
 * neutrality statement, whatever else the message mentions (a candidate's number, a party, a
 * region): ranking topics by words would otherwise offer "how to mark the ballot" for "pilih no 1
 * atau no 2?". Pure; patterns over a lightly normalised text, Indonesian chat and English. A
 * question about someone else's neutrality ("asn harus netral kan?") is not one of these.
 */

import { chatSpellings } from "./chat-spellings";

/** Chat spellings folded to one form: the everyday ones, and those these patterns need. */
const SPELLINGS: Readonly<Record<string, string>> = {
  ...chatSpellings,
  km: "kamu",
  kmu: "kamu",
  lu: "kamu",
  lo: "kamu",
  ente: "kamu",
  sampeyan: "kamu",
  anda: "kamu",
  menurutmu: "menurut kamu",
  kau: "kamu",
  min: "admin",
  mimin: "admin",
  aku: "saya",
  gw: "saya",
  gue: "saya",
  mn: "mana",
  mna: "mana",
  no: "nomor",
  bgs: "bagus",
  bgus: "bagus",
  bagusan: "bagus",
  pilh: "pilih",
  milih: "pilih",
  memilih: "pilih",
  dipilih: "pilih",
  coblos: "pilih",
  nyoblos: "pilih",
  dicoblos: "pilih",
  mencoblos: "pilih",
  mending: "sebaiknya",
  mendingan: "sebaiknya",
  baiknya: "sebaiknya",
  bagusnya: "sebaiknya",
  enaknya: "sebaiknya",
  harusnya: "sebaiknya",
  disarankan: "sebaiknya",
  sebaikny: "sebaiknya",
  sapa: "siapa",
  spa: "siapa",
  sp: "siapa",
  mane: "mana",
  rekomendasiin: "rekomendasikan",
  rekomenin: "rekomendasikan",
  dukungan: "dukung",
  botnya: "bot",
  adminnya: "admin",
  didukung: "dukung",
  mendukung: "dukung",
  // Malay of Jambi and Bangka
  mano: "mana",
  siapo: "siapa",
  sapo: "siapa",
  sape: "siapa",
  lbh: "lebih",
  lebi: "lebih",
  plg: "paling",
  palin: "paling",
  pilihin: "pilihkan",
  pilihkn: "pilihkan",
  elu: "kamu",
  dirimu: "kamu",
  ato: "atau",
  ngedukung: "dukung",
  dukungannya: "dukung",
  // English chat forms: "who do u support", "who's better"
  u: "you",
  ur: "your",
  whom: "who",
  whos: "who is",
  gonna: "going to",
};

const CANDIDATE = "(?:calon|paslon|caleg|capres|cagub|cabup|cawalkot|kandidat|partai)";
const GOOD = "(?:bagus|terbaik|paling bagus|layak|cocok|pantas|jujur|amanah)";
const VOTE = "(?:pilih|dukung)";
/** What a resident hopes a candidate is: {@link GOOD}, or caring, clean, not corrupt. */
const QUALITY = `(?:${GOOD}|baik|peduli|merakyat|bersih|korupsi|pro rakyat|tegas|pintar|cerdas|terpercaya|berpengalaman|unggul|kuat|oke|ok|mantap|hebat|keren|kompeten|berkualitas|cakap|becus)`;
/** A superlative of a quality: "terbaik", "terkuat", "terbersih". */
const SUPERLATIVE =
  "ter(?:baik|kuat|bersih|jujur|layak|pantas|cocok|unggul|hebat|pintar|cerdas|amanah|peduli|tegas|favorit)";
/** Who speaks for the bot: "kamu", "admin", "awas", "bot". */
const BOT = "(?:kamu|admin|awas|bot)";
/** Words between the bot and what it does: "admin ini sebenarnya dukung …". */
const BOT_FILLER =
  "(?: (?:ini|itu|nya|sendiri|juga|ikut|sih|sebenarnya|sebenernya|beneran|diam diam|lebih|tuh))*";
/** "tidak", "kah", "ya", "sih": how a yes/no question ends. */
const YES_NO = "(?:tidak|kah|ya|kan|sih|apa tidak|atau tidak|bukan|nih|deh)";
/** Whom: "siapa", "yang mana", "nomor 2", "paslon", … */
const WHOM = `(?:siapa|yang mana|mana|nomor (?:berapa|\\d+)|${CANDIDATE})`;

const INDONESIAN: readonly RegExp[] = [
  // "sebaiknya pilih siapa", "saya harus pilih yang mana", "mending coblos no 1"
  new RegExp(`\\b(?:sebaiknya|harus)\\b(?: \\w+){0,2} ${VOTE} ${WHOM}`),
  // "pilih siapa", "dukung yang mana", "pilih nomor berapa"
  new RegExp(`\\b${VOTE} (?:siapa|yang mana|mana|nomor berapa)\\b`),
  // "siapa yang bagus", "calon mana yang paling layak", "paslon yang terbaik"
  new RegExp(`\\b(?:siapa|mana|${CANDIDATE}) (?:\\w+ ){0,2}yang (?:paling )?${GOOD}\\b`),
  // "nomor 1 atau nomor 2", "paslon 1 apa 2", "no 2 vs no 3"
  /\bnomor \d+ (?:atau|apa|ato|vs) (?:nomor )?\d+\b/,
  /\b(?:paslon|calon|caleg) \d+ (?:atau|apa|ato|vs) (?:\w+ )?\d+\b/,
  // "rekomendasi calon", "rekomendasikan paslon", "saran pilih siapa"
  new RegExp(`\\b(?:rekomendasi|rekomendasikan|rekomen)\\b(?: \\w+){0,2} ${CANDIDATE}\\b`),
  new RegExp(`\\b(?:saran|sarankan)\\b(?: \\w+){0,2} ${VOTE} ${WHOM}`),
  // "menurut kamu / admin / awas … siapa yang bagus / pilih nomor berapa"
  new RegExp(`\\bmenurut (?:kamu|admin|awas|bot)\\b.*\\b(?:${GOOD}|${VOTE} ${WHOM})`),
  // "siapa jagoan admin", "paslon favorit kamu", "calon unggulan"
  /\b(?:jagoan|favorit|unggulan|andalan)(?:nya|mu|ku)?\b/,
  // "bagusan yang mana", "cocok siapa"
  new RegExp(`\\b${GOOD}(?:an)? (?:yang mana|mana|siapa)\\b`),
  // the empty box as a choice: "kotak kosong aja ya", "pilih kotak kosong atau paslon"
  /\bkotak kosong (?:aja|saja|atau|ya)\b/,
  // "menurutmu paslon A bakal menang?", "paslon A pasti menang, bener gk menurutmu?"
  /\bmenurut (?:kamu|admin|awas|bot)\b.*\bmenang\b/,
  /\bmenang\b.*\b(?:menurut (?:kamu|admin|awas|bot)|kira kira|kira2)\b/,
  // "kira kira siapa yang bakal menang", "prediksi pemenang pilkada"
  /\b(?:bakal|akan|bakalan|kira kira|kira2|prediksi|diprediksi)\b.*\b(?:menang|dimenangkan|dimenangin|unggul)\b/,
  // "yang paling mungkin menang siapa", "survei bilang paslon 1 unggul": not "kalau kotak
  // kosong berpeluang menang, diulang?"
  /^(?!.*\b(?:kalau|kalo|klo|jika|bila|apabila|seandainya)\b).*\b(?:mungkin|peluang\w*|berpeluang|kans|potensi|survei|survey|elektabilitas)\b.*\b(?:menang|dimenangkan|dimenangin|unggul)\b/,
  // "paslon 2 peluangnya besar tidak", "elektabilitas siapa paling tinggi"
  new RegExp(
    `\\b(?:${CANDIDATE}|siapa|mana)\\b.*\\b(?:peluang|peluangnya|kans|elektabilitas|elektabilitasnya)\\b|\\b(?:peluang|peluangnya|kans|elektabilitas)\\b.*\\b(?:${CANDIDATE}|siapa|mana)\\b`,
  ),
  // the bot's own choice: "pilihan admin siapa", "jujur aja pilihannya siapa"
  new RegExp(
    `\\bpilihan(?:nya)? ${BOT}\\b|\\b${BOT}\\b.*\\bpilihan(?:nya)? (?:siapa|mana|nomor)\\b`,
  ),
  // "bingung pilih 1 apa 2"
  /\bpilih (?:nomor )?\d+ (?:atau|apa|vs) (?:nomor )?\d+\b/,
  /\bprediksi (?:\w+ )?(?:pemenang|hasil)\b/,
  // "mending golput aja?", "golput atau pilih"
  /\b(?:sebaiknya|harus) (?:\w+ ){0,2}golput\b/,
  /\bgolput (?:aja|saja|atau|apa|ato)\b/,
  // "calon bupati yg peduli rakyat yg mana", "caleg mana yang gak korupsi": a quality asked of
  // the candidates, not a fact ("calon yang didiskualifikasi yang mana")
  new RegExp(
    `\\b${CANDIDATE}\\b.*\\b${QUALITY}\\b.*(?<!\\b(?:ke|di|dari) )\\b(?:yang mana|mana)\\b`,
  ),
  new RegExp(`\\b${CANDIDATE} (?:\\w+ )?mana yang\\b.*\\b${QUALITY}\\b`),
  // whether the bot itself takes sides: "bot ini netral gk", "apakah admin memihak"
  /\b(?:kamu|admin|bot)(?: (?:ini|itu|nya|sendiri|juga|beneran|benar|bener|tidak|gak|ga|nggak))* (?:netral|memihak|berpihak|condong)\b/,
  // "mana yg lebih layak", "paslon 1 lebih baik dari paslon 2", "partai mana yg paling bersih"
  new RegExp(
    `\\b(?:siapa|mana|${CANDIDATE}|nomor \\d+)\\b(?: \\w+){0,4} (?:lebih|paling) (?:${QUALITY}|pas)\\b`,
  ),
  // "lebih bagus paslon 1 atau paslon 2", "paling cocok yang mana"
  new RegExp(
    `\\b(?:lebih|paling) (?:${QUALITY}|pas)\\b(?: \\w+){0,3} (?:siapa|mana|${CANDIDATE})\\b`,
  ),
  // "siapa calon terkuat", "caleg terbaik di dapil sy siapa"
  new RegExp(`\\b(?:siapa|mana|${CANDIDATE})\\b(?: \\w+){0,3} ${SUPERLATIVE}\\b`),
  new RegExp(`\\b${SUPERLATIVE}\\b(?: \\w+){0,3} (?:siapa|mana)\\b`),
  // "paslon no 2 bagus tidak?", "calon bupati A layak dipilih tidak", "caleg siapa yang oke"
  new RegExp(
    `\\b${CANDIDATE}\\b(?: (?!harus|wajib|mesti|boleh|syarat|seharusnya)\\w+){0,3} (?:${QUALITY})(?: (?:dipilih|pilih|jadi \\w+|banget|nian))? ${YES_NO}\\b`,
  ),
  new RegExp(`\\b${CANDIDATE} siapa yang ${QUALITY}\\b`),
  // "pendapat admin tentang paslon 1", "menurut kamu paslon 2 layak menang?"
  new RegExp(
    `\\b(?:pendapat|penilaian|opini|tanggapan|komentar|pandangan)\\b(?: \\w+){0,2} ${BOT}\\b.*\\b${CANDIDATE}\\b`,
  ),
  new RegExp(`\\bmenurut ${BOT}\\b.*\\b${CANDIDATE}\\b.*\\b(?:${QUALITY}|${SUPERLATIVE})\\b`),
  // the bot on a side: "admin dukung siapa", "bot dukung paslon mana", "awas condong ke calon
  // mana", "admin di pihak mana", "kamu pro paslon berapa", "admin timses siapa"
  new RegExp(
    `\\b${BOT}${BOT_FILLER} (?:dukung|pilih|jagokan|condong|cenderung|berpihak|memihak|pro|timses|relawan|pendukung|simpatisan|kader)(?: (?:ke|kepada|sama|pada|dengan))?(?: salah satu)? (?:siapa|mana|nomor|${CANDIDATE}|\\d+)\\b`,
  ),
  new RegExp(`\\b${BOT}${BOT_FILLER} (?:di )?pihak (?:siapa|mana|${CANDIDATE})\\b`),
  new RegExp(`\\b${BOT}${BOT_FILLER} punya (?:pilihan|jagoan|calon|favorit|${CANDIDATE})\\b`),
  // "siapa yg bakal jadi gubernur", "paslon mana yang akan jadi pemenang"
  /\b(?:siapa|mana)\b.*\b(?:bakal|akan|bakalan)\b(?: \w+)? jadi (?:gubernur|bupati|walikota|wali kota|presiden|pemenang|juara|wakil rakyat|anggota dewan)\b/,
  // help me choose: "bantu pilihkan calon", "tolong pilihkan caleg buat saya"
  new RegExp(`\\bpilihkan\\b(?: \\w+){0,2} (?:siapa|nomor|${CANDIDATE}|buat saya|untuk saya)\\b`),
  // skipping the vote: "tidak usah nyoblos aja ya", "lebih baik golput kah", "golput boleh
  // tidak menurut admin"
  /\btidak usah (?:ikut )?pilih\b(?:(?: \w+){0,2} (?:aja|saja|ya|kah|deh|kali|be|bae|lah)\b|\s*$)/,
  /\b(?:percuma|malas|males) (?:ikut |datang )?pilih\b/,
  /\bsebaiknya (?:saya |kita )?(?:tidur|di rumah|tinggal di rumah|tidak datang|tidak ke tps|tidak ikut)\b/,
  // "ikut nyoblos atau golput ya bagusnya", "golput apa pilih"
  /^(?!.*\bbeda).*\b(?:pilih|golput)\b.*\b(?:atau|apa) (?:golput|ikut pilih|pilih)\b(?! semua| dua)/,
  /\bgolput\b.*\bsebaiknya\b|\bsebaiknya\b.*\bgolput\b/,
  /\b(?:sebaiknya|lebih baik)(?: \w+){0,2} (?:golput|tidak (?:usah )?pilih)\b/,
  new RegExp(`\\bgolput\\b.*\\bmenurut ${BOT}\\b|\\bmenurut ${BOT}\\b.*\\bgolput\\b`),
  // "pilih nomor 2 aja ya?", "coblos paslon 1 ya min"
  new RegExp(
    `\\b${VOTE} (?:${CANDIDATE} )?(?:nomor )?\\d+ (?:aja|saja|ya|kan|gimana|bagaimana)\\b`,
  ),
];

const ENGLISH: readonly RegExp[] = [
  /\bwho (?:should|do you think|would you|shall) (?:i|we|you)?\s?(?:vote|pick|choose|support)/,
  /\bwho (?:should|shall) (?:i|we) (?:vote|pick|choose|support)/,
  /\b(?:which|what) (?:candidate|party|number|pair|one) (?:should|is (?:the )?(?:best|better|good))/,
  /\b(?:best|better|good) (?:candidate|party|choice)\b/,
  /\brecommend (?:a |me |us )?(?:candidate|party|someone|who)/,
  /\b(?:vote|pick) (?:for )?(?:number|nomor) ?\d+ or (?:number |nomor )?\d+/,
  /\bshould i vote for\b/,
  /\bwould you vote for\b/,
  /\bif you were me\b/,
  /\bwho do you (?:support|like|prefer|favou?r|back)\b/,
  /\b(?:candidate|number|pair|paslon) \d+ (?:is )?better than\b/,
  // whether the bot itself takes sides
  /\bare you (?:\w+ )?(?:neutral|biased|impartial|partisan|taking sides)\b/,
  /\b(?:is|are) (?:this bot|the bot|this chatbot|awas) (?:\w+ )?(?:neutral|biased|impartial|partisan)\b/,
  /\bwho (?:will|is going to|would) win\b/,
  /\b(?:your|the bot s) (?:favorite|favourite|pick|choice)\b/,
  // "should I just skip voting", "should we even bother to vote", "is it better not to vote"
  /\bshould (?:i|we) (?:just |even |really |simply )?(?:abstain|not vote|skip (?:the )?(?:vote|voting|election)|stay home|bother (?:to )?vote|boycott)/,
  /\b(?:is it|would it be) (?:better|best|ok|okay|fine|alright|wise)(?: if (?:i|we)| to)? (?:just )?(?:not vote|don t vote|do not vote|abstain|skip (?:the )?(?:vote|voting|election)|stay home)\b/,
  // "who deserves my vote", "who are you voting for", "who would make a better governor"
  /\bwho (?:deserves|earns|should get|gets) (?:my|our) vote\b/,
  /\bwho are you (?:voting|going to vote|rooting)\b/,
  /\bwho (?:would|will|could) make (?:a |the )?(?:better|best|good)\b/,
  /\bwhat do you think (?:of|about) (?:the )?(?:candidate|party|pair|number|paslon|caleg|cagub|cabup|incumbent|governor|regent|mayor)/,
  /\bis (?:candidate|party|pair|number|paslon) \w+ (?:good|better|worth|honest|the best|a good)\b/,
  // "do you think candidate A will win", "who wins, in your opinion"
  /\b(?:do you think|in your opinion)\b.*\bwin\b/,
  /\bwin\b.*\b(?:do you think|in your opinion)\b/,
  // "who is going to win", "which pair will win", "who is likely to win"
  /\b(?:who|which(?: \w+)?)(?: \w+){0,2} (?:will|going to|likely to|would|might|could|can) (?:\w+ )?win\b/,
  // "who is better", "which party is the cleanest", "which candidate is more honest"
  /\b(?:who|which (?:one|candidate|party|pair|number|paslon|caleg|of them|side|option))(?: \w+)? (?:is|are|would be|will be|looks|seems) (?:the )?(?:best|better|worse|worst|more \w+|most \w+|\w+est|\w+er than|good|right|honest|clean|worthy)\b/,
  /\b(?:candidate|party|pair|number|paslon|caleg)(?: \w+)? (?:is|seems|looks) (?:the )?(?:best|better|cleanest|most \w+|more \w+)\b/,
  // whether the bot backs anyone: "do you support anyone", "who do u support", "whom do you
  // recommend", "are you on anyone's side"
  /\bdo you (?:support|back|endorse|favou?r|prefer|like|recommend|root for)(?: \w+)? (?:anyone|anybody|any|a|one|candidate|party|someone|side|number|pair)\b/,
  /\b(?:who|which(?: \w+)?) do you (?:support|like|prefer|favou?r|back|recommend|endorse|want|root for|think is)\b/,
  /\bare you (?:on|taking) (?:\w+ ){0,2}sides?\b/,
  /\b(?:whose side|which side are you)\b/,
  /\b(?:is (?:voting|it) (?:even |really )?worth (?:it|voting)|worth (?:it )?to vote|point (?:in|of) voting)\b/,
  /\bshould (?:i|we) (?:even |just |still )?(?:vote|go vote|bother)\b(?: \w+)? (?:or|at all)\b/,
];

function fold(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\bno\.(?=\s*\d)/g, "no ")
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .split(/\s+/)
    .filter((word) => word !== "")
    .map((word) => SPELLINGS[word] ?? word)
    .join(" ")
    .replace(/\b(who|which|what|it|that) s\b/g, "$1 is")
    .replace(/\btim sukses\b/g, "timses");
}

/** True when the message asks whom to vote for (or which candidate is best). */
export function asksForRecommendation(text: string): boolean {
  const folded = fold(text);
  return (
    INDONESIAN.some((pattern) => pattern.test(folded)) ||
    ENGLISH.some((pattern) => pattern.test(folded))
  );
}
