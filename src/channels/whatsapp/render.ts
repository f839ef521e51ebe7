import type { OutboundMessage } from "../types";

/** "Balas dengan angka 1–5." in the message's language. */
export type ChoiceHint = (language: "id" | "en", count: number) => string;

/**
 * WhatsApp shows no buttons or lists from unofficial clients (Baileys removed them), so choices
 * are a numbered list, answered by number or by words (the engine matches both).
 */
export function renderWhatsApp(message: OutboundMessage, hint: ChoiceHint): string {
  const choices = message.choices ?? [];
  if (choices.length === 0) return message.text;
  const list = choices.map((choice, index) => `${index + 1}. ${choice.label}`).join("\n");
  return `${message.text}\n\n${list}\n\n_${hint(message.language ?? "id", choices.length)}_`;
}
