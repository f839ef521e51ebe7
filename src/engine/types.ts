/**
 * Flows are data: JSON-serialisable definitions whose texts are i18n keys ("namespace:key").
 * The engine interprets them without I/O; see runtime.ts.
 */
export type Language = "id" | "en";
export const languages: readonly Language[] = ["id", "en"];

/**
 * A text to say: an i18n key, optionally with parameters. A parameter "$name" is filled from
 * the run's variables; a parameter `{ key }` is itself translated (its key may contain "$name",
 * e.g. `{ key: "report:category.$category" }`); `{ list }` becomes one bulleted line per key.
 */
export type Say = string | { key: string; params?: Record<string, SayParam> };
/** A literal, a nested key (with parameters of its own), or a bulleted list of keys. */
export type SayParam =
  | string
  | { key: string; params?: Record<string, SayParam> }
  | { list: string[] };

export interface Choice {
  id: string;
  label: string;
  next: string;
  /** Extra words (any language) that pick this choice when typed as the whole message. */
  words?: string[];
}

interface NodeBase {
  /**
   * Shown for `bantuan` / `help` while waiting here ("$name" parameters are filled from the
   * run's variables); falls back to the generic help.
   */
  help?: Say;
}

export type FlowNode =
  | (NodeBase & { type: "say"; say: Say[]; next: string })
  | (NodeBase & {
      type: "choose";
      prompt: Say[];
      choices: Choice[];
      save?: string;
      /**
       * Choices computed by an earlier step: the variable holds `[{ id, label }]` (label an
       * i18n key). They come before the fixed choices; picking one saves its id in `save`.
       */
      choicesFrom?: { var: string; save: string; next: string };
      /**
       * Typed text that picks no choice starts the catalogue's free-text flow (a question
       * asked at the menu) instead of "please choose".
       */
      freeText?: boolean;
    })
  | (NodeBase & {
      type: "ask";
      prompt: Say[];
      save: string;
      next: string;
      /** The name of a registered input parser; plain text when absent. */
      parser?: string;
      /** A shared location pin is kept in this variable (beside the typed answer). */
      location?: { save: string; noted: Say };
      /**
       * A photo or file (with or without a caption) answers too: the caption as typed (or "")
       * is saved in `save`, unparsed, and the number of files in `files`. Without this, files
       * sent here are kept and the question is asked again.
       */
      media?: { files: string };
    })
  | (NodeBase & {
      /**
       * Collects files and links until the person says they are done ("selesai", "lewati").
       * Links are kept in `save` (a list); the number of files in `${save}Files`.
       */
      type: "collect";
      prompt: Say[];
      save: string;
      next: string;
      received: Say;
      hint: Say;
    })
  | (NodeBase & { type: "act"; action: string; params?: Record<string, JsonValue>; next: string })
  | (NodeBase & {
      type: "branch";
      /** The first case whose variable matches decides; `otherwise` when none does. */
      cases: BranchCase[];
      otherwise: string;
    })
  | (NodeBase & {
      type: "goto";
      flow: string;
      /** Variables handed to the new flow's run (e.g. what a free-text message already said). */
      carry?: string[];
    })
  | (NodeBase & { type: "end"; say?: Say[] });

export interface BranchCase {
  var: string;
  /** Matches when the variable equals this value; without it, when the variable is set. */
  equals?: JsonValue;
  next: string;
}

export interface FlowDefinition {
  id: string;
  specVersion: 1;
  start: string;
  nodes: Record<string, FlowNode>;
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Whole-message words that start a flow from anywhere (e.g. "lapor" → report). */
export interface Trigger {
  words: string[];
  flow: string;
  /**
   * Also match the words followed by more text ("cek LPR-…"); the rest is stored in the
   * run's `argument` variable.
   */
  withArgument?: boolean;
  /**
   * With `withArgument`: the rest must match this regular expression (case-insensitive) for the
   * trigger to apply; any other rest is read like any other text ("balas dendam …" is a
   * question, not an answer to an officer).
   */
  argumentPattern?: string;
  /**
   * A flow that only answers and ends (e.g. the privacy notice): it may run in the middle of
   * another flow, which then asks its question again.
   */
  interjection?: boolean;
  /**
   * With `interjection`: the words count also while a question waits for typed text (`ask`,
   * `collect`), as the whole message, like the global words. For words nobody gives as an
   * answer that must work from any state (`berhenti` unsubscribes). The interjection's run gets
   * `interrupted` (the waiting flow's id) unless the person was only at an open list (the menu).
   */
  anywhere?: boolean;
}

export interface FlowCatalog {
  flows: FlowDefinition[];
  triggers: Trigger[];
  /** The flow a brand-new conversation starts with. */
  welcomeFlow: string;
  /** The flow behind `menu`, and where a finished or cancelled conversation lands. */
  menuFlow: string;
  /**
   * Where text that is no command goes when nothing waits for it (or a `freeText` choice
   * waits): the flow starts with the message in `text`, and `firstMessage` for a new person.
   */
  freeTextFlow?: string;
}

/** The conversation state the conductor persists between messages. */
export interface Session {
  language: Language;
  /** The flow run waiting for the person's next message, if any. */
  run?: Run;
  lastActivityAt: string;
  /** A run expired while the person was away; they are told when they come back. */
  expiredNotice?: boolean;
}

export interface Run {
  flowId: string;
  nodeId: string;
  vars: Record<string, JsonValue>;
  /** Previously answered questions, across flows, for `kembali` / `back`. */
  history: { flowId: string; nodeId: string }[];
  /** Options a parser offered at the waiting question (e.g. places with the same name). */
  offered?: { value: JsonValue; label: string }[];
  startedAt: string;
}

export type EngineInput =
  | { kind: "text"; text: string }
  | { kind: "choice"; id: string }
  | { kind: "media"; count: number; caption?: string }
  | { kind: "location"; latitude: number; longitude: number };

export type EngineEvent =
  /** Texts are still i18n keys here; the conductor renders them in the session's language. */
  | {
      type: "message";
      language: Language;
      say: Say[];
      choices?: EventChoice[];
      /** Lines of one block (a summary): joined by line breaks, not blank lines. */
      compact?: boolean;
    }
  | { type: "language_changed"; language: Language }
  | {
      type: "run_abandoned";
      flowId: string;
      /** "expired": idle too long; "flow_changed": a deploy removed the question it waited at. */
      reason: "expired" | "flow_changed";
      vars: Record<string, JsonValue>;
    }
  | {
      type: "action";
      name: string;
      params: Record<string, JsonValue>;
      vars: Record<string, JsonValue>;
    };

/** A choice label is an i18n key, or literal text from data (a place name). */
export interface EventChoice {
  id: string;
  label: string | { text: string };
}

export interface EngineResult {
  session: Session;
  events: EngineEvent[];
}
