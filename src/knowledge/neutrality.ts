/**
 * Does a message ask the bot whom to vote for (which candidate is best, who will win, whether to
 * skip the vote), or whether the bot itself takes sides? Then the answer is always the bot's
 * neutrality statement, whatever else the message mentions (a candidate's number, a party, a
 * region): ranking topics by words would otherwise offer "how to mark the ballot" for "pilih no 1
 * atau no 2?". Pure; patterns over a lightly normalised text, Indonesian chat and English. A
 * question about someone else's neutrality ("asn harus netral kan?") is not one of these.
 */

/** Chat spellings that matter for these patterns, folded to one form. */
const SPELLINGS: Readonly<Record<string, string>> = {
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
  sy: "saya",
  aku: "saya",
  gw: "saya",
  gue: "saya",
  yg: "yang",
  mn: "mana",
  mna: "mana",
  brp: "berapa",
  no: "nomor",
  nmr: "nomor",
  nomer: "nomor",
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
  ape: "apa",
  mane: "mana",
  rekomendasiin: "rekomendasikan",
  rekomenin: "rekomendasikan",
  dukungan: "dukung",
  botnya: "bot",
  adminnya: "admin",
  didukung: "dukung",
  mendukung: "dukung",
};

const CANDIDATE = "(?:calon|paslon|caleg|capres|cagub|cabup|cawalkot|kandidat|partai)";
const GOOD = "(?:bagus|terbaik|paling bagus|layak|cocok|pantas|jujur|amanah)";
const VOTE = "(?:pilih|dukung)";
/** What a resident hopes a candidate is: {@link GOOD}, or caring, clean, not corrupt. */
const QUALITY = `(?:${GOOD}|baik|peduli|merakyat|bersih|korupsi|pro rakyat|tegas|pintar|cerdas|terpercaya|berpengalaman)`;
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
  /\b(?:jagoan|jagoannya|favorit|favoritnya|unggulan|andalan)\b/,
  // "menurutmu paslon A bakal menang?", "paslon A pasti menang, bener gk menurutmu?"
  /\bmenurut (?:kamu|admin|awas|bot)\b.*\bmenang\b/,
  /\bmenang\b.*\b(?:menurut (?:kamu|admin|awas|bot)|kira kira|kira2)\b/,
  // "kira kira siapa yang bakal menang", "prediksi pemenang pilkada"
  /\b(?:bakal|akan|bakalan|kira kira|kira2|prediksi|diprediksi)\b.*\bmenang\b/,
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
  /\b(?:is it|would it be) (?:better|best|ok|okay|fine) (?:if i |to )?(?:not vote|abstain|skip voting)\b/,
  // "do you think candidate A will win", "who wins, in your opinion"
  /\b(?:do you think|in your opinion)\b.*\bwin\b/,
  /\bwin\b.*\b(?:do you think|in your opinion)\b/,
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
    .join(" ");
}

/** True when the message asks whom to vote for (or which candidate is best). */
export function asksForRecommendation(text: string): boolean {
  const folded = fold(text);
  return (
    INDONESIAN.some((pattern) => pattern.test(folded)) ||
    ENGLISH.some((pattern) => pattern.test(folded))
  );
}
