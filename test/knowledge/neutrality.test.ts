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
  ])("does not mistake %j for it", (text) => {
    expect(asksForRecommendation(text)).toBe(false);
  });
});
