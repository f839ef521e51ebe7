import { describe, expect, it } from "vitest";
import { asksForRecommendation } from "../../src/knowledge/neutrality";

describe("asking the bot whom to vote for", () => {
  it.each([
    "min sebaiknya sy pilih siapa ya?",
    "enaknya nyoblos yg mana nih",
    "menurut km paslon yg paling bagus siapa",
    "no 1 atau no 2 min?",
    "paslon 2 apa 3 yg lebih layak",
    "coblos nomor 3 aja ya?",
    "rekomendasiin calon bupati dong",
    "kasih saran dong harus dukung siapa",
    "calon mana yang paling amanah",
    "Who should I vote for?",
    "which candidate is the best in Bangka?",
    "can you recommend a candidate",
    "jagoan admin di pilkada nanti siapa",
    "kira2 siapa yg bakal menang nanti",
    "mending golput aja gak sih",
    "who will win the election in Jambi?",
    // who will win, asked as the bot's opinion; skipping the vote; whether the bot takes sides
    "menurutmu paslon 2 bakal menang gk",
    "katanya calon A pasti menang, bener gk menurut kau?",
    "Should we even bother to vote this year?",
    "Do you think the incumbent will win?",
    "calon walikota yg bener2 merakyat yg mana ya",
    "caleg mana yang gak pernah korupsi",
    "admin ini memihak gk sih",
    "bot nya netral gk?",
    "Are you biased toward any party?",
    "If you were me, who would you pick?",
    "Would you vote for number 2?",
  ])("recognises %j", (text) => {
    expect(asksForRecommendation(text)).toBe(true);
  });

  it.each([
    "siapa yang boleh memilih?",
    "apakah sy harus milih di tps sesuai ktp",
    "cara memilih yang benar gimana",
    "pilih berapa kali di pemilu 2024?",
    "kapan calon yang menang dilantik",
    "menurut admin cara nyoblos yg sah gimana",
    "tps saya nomor berapa ya",
    "pns boleh dukung calon gak",
    "Who can vote in the regional election?",
    "how do I choose a polling station",
    "siapa yang menang pilkada ulang pangkalpinang kemarin",
    "apa itu golput, dilarang gak",
    // neutrality of others, a past winner, where to vote
    "admin, asn harus netral kan?",
    "kades wajib netral gk min",
    "yang menang pilkada kemarin kapan dilantik menurut aturan",
    "calon yang didiskualifikasi itu yang mana sih, kok bisa",
    "Is a civil servant allowed to be biased?",
    "Who won the 2024 presidential election?",
    "tps kami yang mana ya",
    "caleg yang korupsi dilaporkan ke mana",
    "should I bring my ID card to vote?",
  ])("does not mistake %j for it", (text) => {
    expect(asksForRecommendation(text)).toBe(false);
  });
});
