import type { Language, Say } from "../../engine/types";
import type { Logger } from "../../logger";
import type { OutboundMessage, SendResult } from "../types";
import type { WhatsAppEvent } from "./normalize";

export type GroupCommandEvent = Extract<WhatsAppEvent, { kind: "group_command" }>;

export interface GroupResponderDeps {
  /** The adapter's send: paced per chat like every reply. */
  send(address: string, message: OutboundMessage): Promise<SendResult>;
  text(language: Language, say: Say): string;
  /** A brief answer for `tanya …` (the knowledge base), if it has one. */
  answerQuestion?: (text: string) => { topicId: string; language: Language } | undefined;
  /** The bot's own number (digits), for a wa.me link to the private chat, when known. */
  botNumber(): string | undefined;
  clock: () => Date;
  /** Least time between two answers in one group (default 30 s). */
  cooldownMs?: number;
  log: Logger;
}

export interface GroupResponder {
  answer(event: GroupCommandEvent): Promise<void>;
}

/** Group message ids already answered: enough to drop WhatsApp's redeliveries. */
const rememberedIds = 500;

/**
 * Group answers skip the outbox's daily cap, so a group that keeps typing `lapor` could make the
 * number post without end, the bulk-like pattern that gets unofficial clients banned (ADR 0006).
 * One answer per group per cooldown; the link from the last one is still in the chat.
 */
const defaultCooldownMs = 30_000;

/**
 * Answers `lapor` and `tanya …` in a configured group, as Telegram groups are answered: a report
 * is never collected in a group (the reporter would be exposed), so `lapor` points to the
 * private chat; `tanya` gets the brief answer when the knowledge base has one.
 */
export function createGroupResponder(deps: GroupResponderDeps): GroupResponder {
  const answered = new Set<string>();
  const cooldownMs = deps.cooldownMs ?? defaultCooldownMs;
  const lastAnswerAt = new Map<string, number>();

  /** Takes the group's turn to answer, or false while it cools down. */
  function takeTurn(group: string): boolean {
    const now = deps.clock().getTime();
    const last = lastAnswerAt.get(group);
    if (last !== undefined && now - last < cooldownMs) return false;
    lastAnswerAt.set(group, now);
    if (lastAnswerAt.size > rememberedIds) {
      for (const [other, at] of lastAnswerAt)
        if (now - at >= cooldownMs) lastAnswerAt.delete(other);
    }
    return true;
  }

  function privateChat(language: Language, prefill?: string): string {
    const number = deps.botNumber();
    if (!number) return deps.text(language, "whatsapp:group_private_here");
    const link = `https://wa.me/${number}${prefill ? `?text=${encodeURIComponent(prefill)}` : ""}`;
    return deps.text(language, { key: "whatsapp:group_private_link", params: { link } });
  }

  function reply(event: GroupCommandEvent): OutboundMessage {
    if (event.command.name === "lapor") {
      return {
        text: `${deps.text("id", "whatsapp:group_report")}\n${privateChat("id", "lapor")}`,
        language: "id",
      };
    }
    const found = event.command.question
      ? deps.answerQuestion?.(event.command.question)
      : undefined;
    if (!found) {
      return {
        text: `${deps.text("id", "whatsapp:group_question_private")}\n${privateChat("id")}`,
        language: "id",
      };
    }
    const language = found.language;
    const answer = deps.text(language, `knowledge:${found.topicId}.answer`);
    const more = `${deps.text(language, "whatsapp:group_question_more")}\n${privateChat(language)}`;
    return { text: `${answer}\n\n${more}`, language };
  }

  return {
    async answer(event) {
      const id = event.key.id ?? "";
      if (answered.has(id)) return;
      answered.add(id);
      if (answered.size > rememberedIds) {
        const oldest = answered.values().next().value;
        if (oldest !== undefined) answered.delete(oldest);
      }
      if (!takeTurn(event.group)) {
        deps.log.info("whatsapp group answer skipped: the group's cooldown");
        return;
      }
      const result = await deps.send(event.group, reply(event));
      if (!result.ok) deps.log.warn({ code: result.code }, "whatsapp group answer not sent");
    },
  };
}
