import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { EngineInput } from "../../src/engine/types";

/**
 * Transcript files describe a conversation as a person sees it:
 *   > text          the person types
 *   >> choice-id    the person taps a button
 *   >! image        the person sends a photo (the word after ! is the kind; rest = caption)
 *   = name          later lines happen in another conversation (another phone); "= main" is
 *                   the first one
 *   @ +25h          the clock moves on (m, h or d)
 *   @ 2024-11-25T10:00:00+07:00   the clock is set to that instant
 *   < text          the bot says (continuation lines start with two spaces;
 *                   choices show as "  [1] Label")
 *   # comment
 */
export type TranscriptStep =
  | { kind: "input"; input: EngineInput; line: number }
  | { kind: "conversation"; name: string; line: number }
  | { kind: "advance"; ms: number; line: number }
  | { kind: "clock"; at: Date; line: number }
  | { kind: "expect"; messages: string[]; line: number };

export interface RenderedReply {
  text: string;
  choices?: { id: string; label: string }[];
}

export function readTranscript(file: string): TranscriptStep[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const steps: TranscriptStep[] = [];
  let expecting: { messages: string[]; line: number } | undefined;
  const flush = () => {
    if (expecting) steps.push({ kind: "expect", ...expecting });
    expecting = undefined;
  };
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.startsWith("< ") || raw === "<") {
      expecting ??= { messages: [], line };
      expecting.messages.push(raw.slice(2));
    } else if (raw.startsWith("  ") && expecting) {
      const messages = expecting.messages;
      messages[messages.length - 1] += `\n${raw.slice(2)}`;
    } else {
      flush();
      if (raw.startsWith(">! ")) {
        const [, caption] = /^>! \S+\s*(.*)$/.exec(raw) ?? [];
        steps.push({
          kind: "input",
          input: caption ? { kind: "media", count: 1, caption } : { kind: "media", count: 1 },
          line,
        });
      } else if (raw.startsWith("= ")) {
        steps.push({ kind: "conversation", name: raw.slice(2).trim(), line });
      } else if (raw.startsWith(">> ")) {
        steps.push({ kind: "input", input: { kind: "choice", id: raw.slice(3).trim() }, line });
      } else if (raw.startsWith("> ")) {
        steps.push({ kind: "input", input: { kind: "text", text: raw.slice(2) }, line });
      } else if (raw.startsWith("@ +")) {
        const match = /^@ \+(\d+)([mhd])$/.exec(raw.trim());
        if (!match) throw new Error(`${file}:${line}: bad clock line`);
        const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "m" | "h" | "d"];
        steps.push({ kind: "advance", ms: Number(match[1]) * unit, line });
      } else if (raw.startsWith("@ ")) {
        const at = new Date(raw.slice(2).trim());
        if (Number.isNaN(at.getTime())) throw new Error(`${file}:${line}: bad clock line`);
        steps.push({ kind: "clock", at, line });
      } else if (raw.trim() !== "" && !raw.startsWith("#")) {
        throw new Error(`${file}:${line}: cannot read "${raw}"`);
      }
    }
  });
  flush();
  return steps;
}

export function renderForTranscript(reply: RenderedReply): string {
  const choices = (reply.choices ?? []).map((choice, i) => `[${i + 1}] ${choice.label}`);
  return [reply.text, ...choices].join("\n");
}

/** Plays a transcript against `send`; every bot line must match, and nothing more may come. */
export async function playTranscript(
  file: string,
  driver: {
    send(input: EngineInput, conversation: string): Promise<RenderedReply[]>;
    advance(ms: number): void;
    setClock(at: Date): void;
  },
): Promise<void> {
  const name = path.basename(file);
  let pending: string[] = [];
  let pendingLine = 0;
  let conversation = "main";
  for (const step of readTranscript(file)) {
    if (step.kind === "conversation") {
      conversation = step.name;
    } else if (step.kind === "input") {
      expect(pending, `${name}:${pendingLine}: unexpected bot messages`).toEqual([]);
      pending = (await driver.send(step.input, conversation)).map(renderForTranscript);
      pendingLine = step.line;
    } else if (step.kind === "advance") {
      driver.advance(step.ms);
    } else if (step.kind === "clock") {
      driver.setClock(step.at);
    } else {
      expect(pending.slice(0, step.messages.length), `${name}:${step.line}`).toEqual(step.messages);
      pending = pending.slice(step.messages.length);
    }
  }
  expect(pending, `${name}: bot said more than the transcript shows`).toEqual([]);
}
