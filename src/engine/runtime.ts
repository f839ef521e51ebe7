import { detectLanguage } from "./language";
import { findLinks, hasWords, isDoneWord, normalizeWords, parseChoiceNumber } from "./text";
import type {
  Choice,
  EngineEvent,
  EngineInput,
  EngineResult,
  FlowCatalog,
  FlowDefinition,
  FlowNode,
  JsonValue,
  Language,
  Run,
  Say,
  SayParam,
  Session,
} from "./types";
import { validateCatalog } from "./validate";

export type ParseResult =
  | { ok: true; value: JsonValue }
  | { ok: false; error: Say }
  /** Several answers fit: offer them as choices (labels are literal text from data). */
  | { ok: "offer"; say: Say[]; options: { value: JsonValue; label: string }[] };
/** Turns a typed answer into a value; pure (no I/O), given the time and the run's variables. */
export type InputParser = (text: string, context: StepContext) => ParseResult;

export interface ActionResult {
  vars?: Record<string, JsonValue>;
  say?: Say[];
  /** Say the lines as one compact block (a summary). */
  compact?: boolean;
  /** Say the lines in this language rather than the conversation's (answer as asked). */
  language?: Language;
  events?: EngineEvent[];
}
/** A named step a flow can take (`act` nodes); pure, like the rest of the engine. */
export type FlowAction = (params: Record<string, JsonValue>, context: StepContext) => ActionResult;

export interface StepContext {
  now: Date;
  language: Language;
  vars: Readonly<Record<string, JsonValue>>;
  /** When the current flow run started (evidence sent since then belongs to it). */
  startedAt?: string;
  /**
   * What the conductor knows of the person this turn (as branches read `contact.<name>`), e.g.
   * the staff account a Telegram chat is linked to; not stored in the run.
   */
  facts?: Readonly<Record<string, JsonValue>>;
}

export interface EngineDeps {
  catalog: FlowCatalog;
  /** The text of an i18n key in a language, used to match typed choice labels. */
  translate: (language: Language, key: string) => string;
  /** An i18n key exists in every language (validation at load). */
  hasText: (key: string) => boolean;
  parsers?: Record<string, InputParser>;
  actions?: Record<string, FlowAction>;
  idleMs: number;
}

/** Whole-message words that work from any state. Input words, so they are data, not locales. */
const globalWords = {
  menu: ["menu", "/menu", "/start", "mulai", "start", "home"],
  cancel: ["batal", "batalkan", "cancel", "/batal", "/cancel"],
  back: ["kembali", "back", "/kembali", "/back"],
  help: ["bantuan", "help", "/bantuan", "/help", "tolong"],
  toIndonesian: ["bahasa", "/bahasa"],
  toEnglish: ["language", "/language"],
} as const;
type GlobalWord = keyof typeof globalWords;

const maxStepsPerMessage = 100;
/** Branch variables under this prefix read the conductor's facts about the person. */
const factPrefix = "contact.";

export interface Engine {
  /**
   * Runs one inbound message against the session (undefined for a new conversation). `facts`
   * are what the conductor knows of the person (e.g. `relayer`), read by branches as
   * `contact.<name>`; they are not stored in the run.
   */
  handle(
    session: Session | undefined,
    input: EngineInput,
    now: Date,
    facts?: Record<string, JsonValue>,
  ): EngineResult;
  /** Ends a run idle longer than the limit, keeping what it collected (an `run_abandoned` event). */
  expireIfIdle(session: Session, now: Date): EngineResult | undefined;
  /**
   * Moves a conversation into a flow from outside (a Bawaslu officer wrote to the person), with
   * no message from them and saying nothing: the flow starts with `vars` the way a trigger or
   * `goto` starts it, and must reach a question without emitting events (what the person reads
   * is the caller's own message). Only a person who is idle is moved: no run, a finished one,
   * or one waiting at a `freeText` choice (the menu, the topic lists). In the middle of anything
   * else the session comes back unchanged and `entered` is false; a run already waiting where
   * this entry would (same flow and question, holding these variables) counts as entered.
   */
  enterFlow(
    session: Session | undefined,
    flowId: string,
    vars: Record<string, JsonValue>,
    now: Date,
  ): EnterResult;
}

export interface EnterResult {
  session: Session;
  /** False when the person was busy with something else (the session is then unchanged). */
  entered: boolean;
}

export function createEngine(deps: EngineDeps): Engine {
  validateCatalog(deps.catalog, {
    hasText: deps.hasText,
    parsers: new Set(Object.keys(deps.parsers ?? {})),
    actions: new Set([...Object.keys(deps.actions ?? {}), ...builtInActionNames]),
  });
  const flows = new Map(deps.catalog.flows.map((flow) => [flow.id, flow]));
  const triggers = new Map<string, string>();
  const argumentTriggers: { words: string; flow: string; pattern?: RegExp }[] = [];
  for (const trigger of deps.catalog.triggers) {
    const pattern =
      trigger.argumentPattern === undefined ? undefined : new RegExp(trigger.argumentPattern, "i");
    for (const word of trigger.words) {
      triggers.set(normalizeWords(word), trigger.flow);
      if (trigger.withArgument) {
        argumentTriggers.push({
          words: normalizeWords(word),
          flow: trigger.flow,
          ...(pattern ? { pattern } : {}),
        });
      }
    }
  }
  const interjections = new Set(
    deps.catalog.triggers.filter((trigger) => trigger.interjection).map((trigger) => trigger.flow),
  );
  /** Interjection words that also count where a question waits for typed text. */
  const anywhereTriggers = new Map<string, string>();
  for (const trigger of deps.catalog.triggers) {
    if (!trigger.interjection || !trigger.anywhere) continue;
    for (const word of trigger.words) anywhereTriggers.set(normalizeWords(word), trigger.flow);
  }
  // Longest first, so "cabut laporan" wins over a shorter trigger that prefixes it.
  argumentTriggers.sort((a, b) => b.words.length - a.words.length);

  /** A trigger word followed by more text: the flow, and the rest as typed. */
  const matchArgumentTrigger = (text: string) => {
    const normalized = normalizeWords(text);
    for (const trigger of argumentTriggers) {
      if (!normalized.startsWith(`${trigger.words} `)) continue;
      const wordCount = trigger.words.split(" ").length;
      const argument = text.trim().split(/\s+/).slice(wordCount).join(" ");
      if (trigger.pattern && !trigger.pattern.test(argument)) continue;
      return { flow: trigger.flow, argument };
    }
    return undefined;
  };
  const globals = new Map<string, GlobalWord>();
  for (const [name, words] of Object.entries(globalWords) as [GlobalWord, readonly string[]][]) {
    for (const word of words) globals.set(word, name);
  }

  const flow = (id: string): FlowDefinition => {
    const found = flows.get(id);
    if (!found) throw new Error(`Unknown flow ${id}`);
    return found;
  };
  const freshRun = (flowId: string, now: Date, vars: Record<string, JsonValue> = {}): Run => ({
    flowId,
    nodeId: flow(flowId).start,
    vars,
    history: [],
    startedAt: now.toISOString(),
  });
  const node = (run: Run): FlowNode => {
    const found = flow(run.flowId).nodes[run.nodeId];
    if (!found) throw new Error(`Unknown node ${run.flowId}/${run.nodeId}`);
    return found;
  };

  /** Choices an earlier step computed (`choicesFrom`), as ordinary choices. */
  const dynamicChoices = (waiting: ChooseNode, run: Run): Choice[] => {
    const from = waiting.choicesFrom;
    const listed = from ? run.vars[from.var] : undefined;
    if (!from || !Array.isArray(listed)) return [];
    const choices: Choice[] = [];
    for (const item of listed) {
      if (item && typeof item === "object" && !Array.isArray(item)) {
        const { id, label } = item;
        if (typeof id === "string" && typeof label === "string") {
          choices.push({ id, label, next: from.next });
        }
      }
    }
    return choices;
  };
  const choicesOf = (waiting: ChooseNode, run: Run): Choice[] => [
    ...dynamicChoices(waiting, run),
    ...waiting.choices,
  ];

  /**
   * The steps that walk a flow in one turn. They read and replace the turn's session through
   * `state` and append what is said to `events`; `handle` and `enterFlow` share them.
   */
  const walker = (
    state: { get: () => Session; set: (session: Session) => void },
    events: EngineEvent[],
    now: Date,
    facts: Record<string, JsonValue>,
  ) => {
    const say = (...texts: Say[]) =>
      events.push({ type: "message", language: state.get().language, say: texts });

    const context = (run: Run | undefined): StepContext => ({
      now,
      language: state.get().language,
      vars: run?.vars ?? {},
      ...(run ? { startedAt: run.startedAt } : {}),
      facts,
    });

    /** Walks from `nodeId` until the flow waits or ends; returns the waiting run, if any. */
    const advance = (start: Run): Run | undefined => {
      let run: Run = start;
      for (let step = 0; step < maxStepsPerMessage; step++) {
        const current = node(run);
        switch (current.type) {
          case "say":
            say(...current.say.map((text) => fill(text, run.vars)));
            run = { ...run, nodeId: current.next };
            break;
          case "choose":
          case "ask":
          case "collect":
            prompt(current, run);
            return run;
          case "act": {
            const result = runAction(current.action, current.params ?? {}, context(run));
            run = { ...run, vars: { ...run.vars, ...result.vars }, nodeId: current.next };
            if (result.say && result.say.length > 0) {
              events.push({
                type: "message",
                language: result.language ?? state.get().language,
                say: result.say.map((text) => fill(text, run.vars)),
                ...(result.compact ? { compact: true } : {}),
              });
            }
            for (const event of result.events ?? []) applyEvent(event);
            break;
          }
          case "goto": {
            const carried: Record<string, JsonValue> = {};
            for (const name of current.carry ?? []) {
              const value = run.vars[name];
              if (value !== undefined) carried[name] = value;
            }
            run = { ...freshRun(current.flow, now, carried), history: run.history };
            break;
          }
          case "branch": {
            const vars = run.vars;
            const taken = current.cases.find((branchCase) => {
              const value = branchCase.var.startsWith(factPrefix)
                ? lookup(facts, branchCase.var.slice(factPrefix.length))
                : lookup(vars, branchCase.var);
              return branchCase.equals === undefined
                ? value !== undefined && value !== null
                : value === branchCase.equals;
            });
            run = { ...run, nodeId: taken?.next ?? current.otherwise };
            break;
          }
          case "end":
            if (current.say) say(...current.say.map((text) => fill(text, run.vars)));
            return undefined;
        }
      }
      throw new Error(`Flow ${run.flowId} did not wait or end within ${maxStepsPerMessage} steps`);
    };

    const applyEvent = (event: EngineEvent) => {
      if (event.type === "language_changed") {
        state.set({ ...state.get(), language: event.language });
      }
      events.push(event);
    };

    const runAction = (name: string, params: Record<string, JsonValue>, ctx: StepContext) => {
      if (name === "set") return { vars: params };
      if (name === "emit") {
        // Hands the run's answers to a conductor handler (which may read the database).
        const event: EngineEvent = {
          type: "action",
          name: String(params.event),
          params: { startedAt: ctx.startedAt ?? null },
          vars: { ...ctx.vars },
        };
        return { events: [event] };
      }
      if (name === "set_language") {
        const language = ctx.vars[String(params.from ?? "language")] === "en" ? "en" : "id";
        return { events: [{ type: "language_changed", language } as EngineEvent] };
      }
      const action = deps.actions?.[name];
      if (!action) throw new Error(`Unknown action ${name}`);
      return action(params, ctx);
    };

    const prompt = (waiting: FlowNode, run: Run) => {
      if (waiting.type === "choose") {
        events.push({
          type: "message",
          language: state.get().language,
          say: waiting.prompt.map((text) => fill(text, run.vars)),
          choices: choicesOf(waiting, run).map((choice) => ({
            id: choice.id,
            label: choice.label,
          })),
        });
      } else if (waiting.type === "ask" || waiting.type === "collect") {
        say(...waiting.prompt.map((text) => fill(text, run.vars)));
      }
    };

    const startFlow = (flowId: string, vars: Record<string, JsonValue> = {}) => {
      const run = advance(freshRun(flowId, now, vars));
      state.set({ ...state.get(), run });
    };

    return { say, context, advance, applyEvent, prompt, startFlow };
  };

  function expireIfIdle(session: Session, now: Date): EngineResult | undefined {
    if (!session.run) return undefined;
    const idle = now.getTime() - Date.parse(session.lastActivityAt);
    if (idle < deps.idleMs) return undefined;
    const { flowId, vars } = session.run;
    const events: EngineEvent[] = [];
    if (Object.keys(vars).length > 0) {
      events.push({ type: "run_abandoned", flowId, reason: "expired", vars });
    }
    return { session: { ...session, run: undefined, expiredNotice: true }, events };
  }

  function handle(
    previous: Session | undefined,
    input: EngineInput,
    now: Date,
    facts: Record<string, JsonValue> = {},
  ): EngineResult {
    const events: EngineEvent[] = [];
    const isNew = previous === undefined;
    let session: Session = previous ?? {
      language: detectLanguage(input.kind === "text" ? input.text : undefined),
      lastActivityAt: now.toISOString(),
    };
    const { say, context, advance, applyEvent, prompt, startFlow } = walker(
      {
        get: () => session,
        set: (next) => {
          session = next;
        },
      },
      events,
      now,
      facts,
    );
    const stale = session.run;
    if (stale && !flows.get(stale.flowId)?.nodes[stale.nodeId]) {
      // The flow changed under a waiting conversation: keep its answers, start afresh.
      events.push({
        type: "run_abandoned",
        flowId: stale.flowId,
        reason: "flow_changed",
        vars: stale.vars,
      });
      session = { ...session, run: undefined };
    }
    const expired = expireIfIdle(session, now);
    if (expired) {
      session = expired.session;
      events.push(...expired.events);
    }
    const returningAfterExpiry = session.expiredNotice === true;
    if (returningAfterExpiry) say("common:session_expired");
    session = { ...session, lastActivityAt: now.toISOString(), expiredNotice: undefined };

    const reprompt = () => {
      if (session.run) prompt(node(session.run), session.run);
      else startFlow(deps.catalog.menuFlow);
    };

    const word = input.kind === "text" ? normalizeWords(input.text) : undefined;
    const globalWord = word === undefined ? undefined : globals.get(word);
    // While a run waits for free text the person may write anything, so only global words
    // (and `anywhere` interjections such as `berhenti`) apply; and a run that has collected
    // answers is never replaced by a trigger word (only `menu` / `batal` leave it), though an
    // interjection (e.g. `privasi`) may answer in between.
    const waitingType = session.run ? node(session.run).type : undefined;
    const waitsForText = waitingType === "ask" || waitingType === "collect";
    // A list that also reads typed text (the menu, topics offered after a question) is not a
    // form being filled in: a command typed there starts that command.
    const waitsAtOpenList =
      session.run !== undefined &&
      waitingType === "choose" &&
      (node(session.run) as { freeText?: boolean }).freeText === true;
    const collecting =
      session.run !== undefined && Object.keys(session.run.vars).length > 0 && !waitsAtOpenList;
    const candidate =
      word === undefined
        ? undefined
        : waitsForText
          ? anywhereTriggers.get(word)
          : triggers.get(word);
    const interjection = candidate !== undefined && interjections.has(candidate);
    const triggered =
      candidate !== undefined && (interjection || !collecting) ? candidate : undefined;
    const withArgument =
      input.kind !== "text" || waitsForText || collecting || candidate
        ? undefined
        : matchArgumentTrigger(input.text);

    // A bare number answers a list that is gone (after expiry, say): the menu helps more.
    const typed = freeTextOf(input);
    const freeText =
      deps.catalog.freeTextFlow !== undefined &&
      typed !== undefined &&
      parseChoiceNumber(typed) === undefined &&
      !returningAfterExpiry
        ? deps.catalog.freeTextFlow
        : undefined;

    if (globalWord) {
      handleGlobal(globalWord);
    } else if (triggered && interjection && session.run) {
      // Answer in between, then ask the waiting question again (its offered list, if any).
      const interrupted = session.run;
      advance(
        freshRun(triggered, now, restsIdle(interrupted) ? {} : { interrupted: interrupted.flowId }),
      );
      session = { ...session, run: interrupted };
      if (interrupted.offered) offer(interrupted, [], interrupted.offered);
      else prompt(node(interrupted), interrupted);
    } else if (triggered) {
      startFlow(triggered);
    } else if (withArgument) {
      startFlow(withArgument.flow, { argument: withArgument.argument });
    } else if (session.run) {
      resume(session.run);
    } else if (freeText !== undefined) {
      startFlow(freeText, {
        text: freeTextOf(input) ?? "",
        ...(isNew ? { firstMessage: true } : {}),
      });
    } else if (isNew) {
      startFlow(deps.catalog.welcomeFlow);
    } else {
      if (input.kind === "media") say("common:media_saved");
      else if (input.kind === "location") say("common:location_saved");
      // Right after "your conversation expired", the menu itself is the helpful answer.
      else if (!returningAfterExpiry) say("common:not_understood");
      startFlow(deps.catalog.menuFlow);
    }
    return { session, events };

    function handleGlobal(name: GlobalWord) {
      switch (name) {
        case "menu":
          // Someone new is greeted first, whatever their first word.
          startFlow(isNew ? deps.catalog.welcomeFlow : deps.catalog.menuFlow);
          return;
        case "cancel":
          say(session.run ? "common:cancelled" : "common:nothing_to_cancel");
          startFlow(deps.catalog.menuFlow);
          return;
        case "back": {
          const run = session.run;
          const previousNode = run?.history.at(-1);
          if (!run || previousNode === undefined) {
            say("common:nothing_to_go_back");
            reprompt();
            return;
          }
          const back: Run = {
            ...run,
            ...previousNode,
            offered: undefined,
            history: run.history.slice(0, -1),
          };
          session = { ...session, run: back };
          prompt(node(back), back);
          return;
        }
        case "help": {
          const run = session.run;
          const help = run ? node(run).help : undefined;
          say(run && help ? fill(help, run.vars) : "common:help");
          reprompt();
          return;
        }
        case "toIndonesian":
        case "toEnglish": {
          const language: Language = name === "toEnglish" ? "en" : "id";
          if (session.language !== language) applyEvent({ type: "language_changed", language });
          say("common:language_set");
          reprompt();
          return;
        }
      }
    }

    function resume(run: Run) {
      const waiting = node(run);
      if (waiting.type === "choose") {
        const dynamic = dynamicChoices(waiting, run);
        const choice = matchChoice([...dynamic, ...waiting.choices], input, session.language);
        if (choice === undefined && waiting.freeText && freeText !== undefined) {
          startFlow(freeText, { text: typed ?? "" });
          return;
        }
        if (choice === undefined) {
          if (input.kind === "media") say("common:media_saved");
          else if (input.kind === "location") say("common:location_saved");
          else {
            const number = input.kind === "text" ? parseChoiceNumber(input.text) : undefined;
            if (number !== undefined) {
              say({
                key: "common:choice_out_of_range",
                params: { max: String(waiting.choices.length) },
              });
            } else say("common:not_understood_choice");
          }
          prompt(waiting, run);
          return;
        }
        const saveAs = dynamic.includes(choice) ? waiting.choicesFrom?.save : waiting.save;
        const vars = saveAs ? { ...run.vars, [saveAs]: choice.id } : run.vars;
        const next = advance({ ...run, vars, nodeId: choice.next, history: answered(run) });
        session = { ...session, run: next };
        return;
      }
      if (waiting.type === "ask" && input.kind === "location") {
        if (!waiting.location) {
          say("common:location_saved");
          prompt(waiting, run);
          return;
        }
        const point = { latitude: input.latitude, longitude: input.longitude };
        session = {
          ...session,
          run: { ...run, vars: { ...run.vars, [waiting.location.save]: point } },
        };
        say(fill(waiting.location.noted, run.vars));
        return;
      }
      if (waiting.type === "ask" && waiting.media && input.kind === "media" && !run.offered) {
        const vars = {
          ...run.vars,
          [waiting.save]: input.caption?.trim() ?? "",
          [waiting.media.files]: input.count,
        };
        const next = advance({ ...run, vars, nodeId: waiting.next, history: answered(run) });
        session = { ...session, run: next };
        return;
      }
      if (waiting.type === "ask") {
        const offeredValue = run.offered ? matchOffered(run.offered, input) : undefined;
        if (offeredValue === undefined && input.kind !== "text") {
          say(
            input.kind === "media"
              ? "common:media_saved"
              : input.kind === "location"
                ? "common:location_saved"
                : "common:need_text",
          );
          if (run.offered) offer(run, [], run.offered);
          else prompt(waiting, run);
          return;
        }
        let value: JsonValue;
        if (offeredValue !== undefined) {
          value = offeredValue;
        } else {
          const parsed = parseAnswer(
            waiting.parser,
            (input as { text: string }).text,
            context(run),
          );
          if (parsed.ok === "offer") {
            const offering = { ...run, offered: parsed.options };
            session = { ...session, run: offering };
            offer(offering, parsed.say, parsed.options);
            return;
          }
          if (!parsed.ok) {
            say(fill(parsed.error, run.vars));
            session = { ...session, run: { ...run, offered: undefined } };
            prompt(waiting, run);
            return;
          }
          value = parsed.value;
        }
        const vars = { ...run.vars, [waiting.save]: value };
        const next = advance({
          ...run,
          vars,
          offered: undefined,
          nodeId: waiting.next,
          history: answered(run),
        });
        session = { ...session, run: next };
        return;
      }
      if (waiting.type === "collect") {
        collect(waiting, run);
        return;
      }
      // A run only ever rests on a waiting node; anything else is a bug in a stored session.
      throw new Error(`Run rests on a ${waiting.type} node ${run.flowId}/${run.nodeId}`);
    }

    function collect(waiting: Extract<FlowNode, { type: "collect" }>, run: Run) {
      const text =
        input.kind === "text" ? input.text : input.kind === "media" ? input.caption : undefined;
      if (input.kind === "text" && isDoneWord(input.text)) {
        const next = advance({ ...run, nodeId: waiting.next, history: answered(run) });
        session = { ...session, run: next };
        return;
      }
      const links = text ? findLinks(text) : [];
      const files = input.kind === "media" ? input.count : 0;
      if (links.length === 0 && files === 0) {
        say(fill(waiting.hint, run.vars));
        return;
      }
      const saved = Array.isArray(run.vars[waiting.save])
        ? (run.vars[waiting.save] as JsonValue[])
        : [];
      const filesKey = `${waiting.save}Files`;
      const vars = {
        ...run.vars,
        [waiting.save]: [...saved, ...links],
        [filesKey]: Number(run.vars[filesKey] ?? 0) + files,
      };
      session = { ...session, run: { ...run, vars } };
      say(fill(waiting.received, vars));
    }

    function offer(run: Run, texts: Say[], options: { value: JsonValue; label: string }[]) {
      events.push({
        type: "message",
        language: session.language,
        say:
          texts.length > 0 ? texts.map((text) => fill(text, run.vars)) : ["common:choose_offered"],
        choices: options.map((option, i) => ({
          id: `offered-${i + 1}`,
          label: { text: option.label },
        })),
      });
    }

    function matchOffered(
      options: { value: JsonValue; label: string }[],
      given: EngineInput,
    ): JsonValue | undefined {
      if (given.kind === "choice") {
        const index = /^offered-(\d+)$/.exec(given.id)?.[1];
        return index === undefined ? undefined : options[Number(index) - 1]?.value;
      }
      if (given.kind !== "text") return undefined;
      const number = parseChoiceNumber(given.text);
      if (number !== undefined) return options[number - 1]?.value;
      const typed = normalizeWords(given.text);
      return options.find((option) => normalizeWords(option.label) === typed)?.value;
    }

    function parseAnswer(
      parserName: string | undefined,
      text: string,
      ctx: StepContext,
    ): ParseResult {
      if (parserName) {
        const parser = deps.parsers?.[parserName];
        if (!parser) throw new Error(`Unknown parser ${parserName}`);
        return parser(text, ctx);
      }
      const trimmed = text.trim();
      return hasWords(trimmed)
        ? { ok: true, value: trimmed }
        : { ok: false, error: "common:need_text" };
    }
  }

  function matchChoice(
    choices: Choice[],
    input: EngineInput,
    language: Language,
  ): Choice | undefined {
    if (input.kind === "choice") return choices.find((choice) => choice.id === input.id);
    if (input.kind !== "text") return undefined;
    const number = parseChoiceNumber(input.text);
    if (number !== undefined) return choices[number - 1];
    const typed = normalizeWords(input.text);
    const other: Language = language === "id" ? "en" : "id";
    return choices.find(
      (choice) =>
        normalizeWords(deps.translate(language, choice.label)) === typed ||
        normalizeWords(deps.translate(other, choice.label)) === typed ||
        choice.words?.some((w) => normalizeWords(w) === typed),
    );
  }

  function enterFlow(
    previous: Session | undefined,
    flowId: string,
    vars: Record<string, JsonValue>,
    now: Date,
  ): EnterResult {
    const events: EngineEvent[] = [];
    let session: Session = {
      ...(previous ?? { language: detectLanguage(undefined), lastActivityAt: now.toISOString() }),
      run: undefined,
    };
    const { startFlow } = walker(
      {
        get: () => session,
        set: (next) => {
          session = next;
        },
      },
      events,
      now,
      {},
    );
    startFlow(flowId, vars);
    const entry = session.run;
    if (!entry) throw new Error(`Flow ${flowId} ended instead of waiting when entered`);
    const emitted = events.find(
      (event) => event.type !== "message" && event.type !== "language_changed",
    );
    if (emitted) throw new Error(`Entering flow ${flowId} emitted a ${emitted.type} event`);

    const current = previous?.run;
    if (previous && current && !restsIdle(current)) {
      const already =
        current.flowId === entry.flowId &&
        current.nodeId === entry.nodeId &&
        Object.entries(entry.vars).every(([name, value]) => sameValue(current.vars[name], value));
      // Waiting there already: it stays, and the idle clock starts again.
      if (already)
        return { session: { ...previous, lastActivityAt: now.toISOString() }, entered: true };
      return { session: previous, entered: false };
    }
    // Whatever the person last saw (an expired conversation, the menu) gives way to this.
    return {
      session: { ...session, lastActivityAt: now.toISOString(), expiredNotice: undefined },
      entered: true,
    };
  }

  /** A run that holds nothing the person is in the middle of: it waits at a free-text choice. */
  const restsIdle = (run: Run): boolean => {
    const waiting = flows.get(run.flowId)?.nodes[run.nodeId];
    return waiting?.type === "choose" && waiting.freeText === true;
  };

  return { handle, expireIfIdle, enterFlow };
}

const builtInActionNames = ["set_language", "set", "emit"];

type ChooseNode = Extract<FlowNode, { type: "choose" }>;

/** The text of a message that says something (not an emoji alone), for the free-text flow. */
function freeTextOf(input: EngineInput): string | undefined {
  return input.kind === "text" && hasWords(input.text) ? input.text.trim() : undefined;
}

/** Deep equality of two variable values. */
function sameValue(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameValue(item, b[i]))
    );
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => sameValue(a[key], b[key]));
}

/** The history after answering the question the run waits at. */
function answered(run: Run): Run["history"] {
  return [...run.history, { flowId: run.flowId, nodeId: run.nodeId }];
}

/** "place.name" → vars.place.name; undefined when any step is missing. */
function lookup(vars: Record<string, JsonValue>, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = vars;
  for (const part of path.split(".")) {
    if (Array.isArray(current) && part === "length") current = current.length;
    else if (current === null || typeof current !== "object" || Array.isArray(current))
      return undefined;
    else current = current[part];
  }
  return current;
}

/** Resolves "$name" parameters (and "$name" inside nested keys) from the run's variables. */
function fill(text: Say, vars: Record<string, JsonValue>): Say {
  if (typeof text === "string" || !text.params) return text;
  const params: Record<string, SayParam> = {};
  for (const [name, value] of Object.entries(text.params)) {
    if (typeof value === "string") {
      params[name] = value.startsWith("$") ? String(lookup(vars, value.slice(1)) ?? "") : value;
    } else if ("key" in value) {
      const key = value.key.replace(/\$(\w+)/g, (_, variable: string) =>
        String(vars[variable] ?? ""),
      );
      params[name] = fill({ ...value, key }, vars) as SayParam;
    } else {
      params[name] = value;
    }
  }
  return { key: text.key, params };
}
