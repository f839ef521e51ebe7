/** What someone asked the bot in a WhatsApp group. */
export type GroupCommand = { name: "lapor" } | { name: "tanya"; question: string };

const names: Record<string, GroupCommand["name"]> = {
  lapor: "lapor",
  report: "lapor",
  tanya: "tanya",
  ask: "tanya",
};

/**
 * A group message that starts with `lapor` or `tanya …` (with or without a slash, after any
 * @-mentions of the bot). WhatsApp has no bot commands, so only the first word counts: anything
 * else is chatter the bot stays out of.
 */
export function readGroupCommand(text: string): GroupCommand | undefined {
  const match = /^\s*(?:@\S+\s+)*\/?([a-z]+)\b[\s,.:;!?-]*([\s\S]*)$/i.exec(text);
  const name = match?.[1] ? names[match[1].toLowerCase()] : undefined;
  if (name === "lapor") return { name };
  if (name === "tanya") return { name, question: (match?.[2] ?? "").trim() };
  return undefined;
}
