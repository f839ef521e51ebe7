import type { OutboundMessage } from "../channels/types";
import type { EngineEvent } from "../engine/types";
import type { Translator } from "../i18n/translator";

/** Turns the engine's message events (i18n keys) into text in the language each was said in. */
export function renderMessages(events: EngineEvent[], translator: Translator): OutboundMessage[] {
  const messages: OutboundMessage[] = [];
  for (const event of events) {
    if (event.type !== "message") continue;
    const { language } = event;
    const text = event.say
      .map((say) => translator.text(language, say))
      .join(event.compact ? "\n" : "\n\n");
    messages.push(
      event.choices
        ? {
            text,
            language,
            choices: event.choices.map((choice) => ({
              id: choice.id,
              label:
                typeof choice.label === "string"
                  ? translator.text(language, choice.label)
                  : choice.label.text,
            })),
          }
        : { text, language },
    );
  }
  return messages;
}
