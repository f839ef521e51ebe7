import { normalizeWords } from "./text";
import type { Language } from "./types";

// Short, unambiguous markers only: a wrong guess costs the person a `bahasa` to undo.
const englishMarkers = new Set([
  "hello",
  "hi",
  "hey",
  "help",
  "please",
  "english",
  "report",
  "what",
  "how",
  "when",
  "where",
  "why",
  "want",
  "the",
  "is",
  "are",
  "can",
  "i",
  "my",
  "vote",
  "election",
  "thanks",
  "thank",
]);
const indonesianMarkers = new Set([
  "halo",
  "hai",
  "selamat",
  "saya",
  "mau",
  "apa",
  "bagaimana",
  "gimana",
  "kapan",
  "dimana",
  "lapor",
  "tolong",
  "bisa",
  "ingin",
  "pemilu",
  "pilkada",
  "terima",
  "kasih",
  "bantuan",
  "pagi",
  "siang",
  "sore",
  "malam",
  "assalamualaikum",
  "permisi",
  "mohon",
]);

/** Guesses English only when the first message obviously is; Indonesian is the default. */
export function detectLanguage(text: string | undefined): Language {
  if (!text) return "id";
  const words = normalizeWords(text)
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  let english = 0;
  let indonesian = 0;
  for (const word of words) {
    if (englishMarkers.has(word)) english++;
    if (indonesianMarkers.has(word)) indonesian++;
  }
  return english > 0 && english > indonesian ? "en" : "id";
}
