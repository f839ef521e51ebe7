/**
 * The content the bot speaks from (voter-education answers and the election calendar), built
 * from the database and rebuilt when staff edit it, without a restart.
 *
 * The conductor, the HTTP app and the channel receivers are built once and keep the objects
 * they were given; those are the stable `engine`, `translator` and `knowledge` here, which
 * delegate every call to the current set. `reload()` builds a whole new set while the old one
 * keeps serving, then swaps it in one assignment: a message is handled entirely by one set.
 *
 * Another instance's edit (several servers on one PostgreSQL) is noticed by a cheap periodic
 * check: one query that fingerprints both tables (`checkForChanges`), started with the server's
 * jobs (`start`) and stopped with them (`stop`).
 */

import { sql } from "drizzle-orm";
import { type AppEngineDeps, createAppEngine } from "../app-engine";
import type { Engine } from "../engine/runtime";
import { type Resources, resources as shippedResources, withKnowledge } from "../i18n/resources";
import { createTranslator, type Translator } from "../i18n/translator";
import { createElectionCalendar, type ElectionCalendar } from "../knowledge/calendar";
import { type ElectionNames, loadCalendar } from "../knowledge/calendar-store";
import {
  createKnowledgeBase,
  type KnowledgeBase,
  type KnowledgeTexts,
} from "../knowledge/knowledge-base";
import { loadKnowledge } from "../knowledge/seed";
import type { Logger } from "../logger";
import type { RegionResolver } from "../regions/resolver";
import type { DbOrTx } from "../storage/database";
import { knowledgeArticles } from "../storage/schema";

/** What the console needs after an edit. */
export interface ContentReloader {
  /** Rebuilds the bot's content from the database; resolves once the new content is in use. */
  reload(): Promise<void>;
}

/** One consistent set, built together from one reading of the database. */
export interface ContentSet {
  translator: Translator;
  knowledge: KnowledgeBase;
  engine: Engine;
  calendar: ElectionCalendar;
  knowledgeTexts: KnowledgeTexts;
  electionNames: ElectionNames;
}

export interface LiveContent extends ContentReloader {
  /** Stable objects that always use the current set. */
  readonly engine: Engine;
  readonly translator: Translator;
  readonly knowledge: KnowledgeBase;
  /** The set in use now. */
  current(): ContentSet;
  /**
   * Looks for edits made elsewhere (one query) and reloads when there are any. True when it
   * reloaded.
   */
  checkForChanges(): Promise<boolean>;
  /** Runs `checkForChanges` every `checkEveryMs`. */
  start(): void;
  /** Stops the periodic check and waits for one under way. */
  stop(): Promise<void>;
}

export interface LiveContentDeps {
  db: DbOrTx;
  regions: RegionResolver;
  log: Logger;
  /** The engine's settings other than the content. */
  engine: Omit<
    AppEngineDeps,
    "translator" | "regions" | "knowledgeTexts" | "knowledge" | "calendar"
  >;
  /** The shipped texts the stored content is merged into (all of locales/ by default). */
  resources?: Resources;
  /** How often another instance's edits are looked for; 30 s by default. */
  checkEveryMs?: number;
}

export const defaultCheckEveryMs = 30_000;

/**
 * The resources with the names of staff-added elections (`ask:election.<id>`), which the dated
 * answers use. A name the locales carry wins: the locales name the shipped elections.
 */
export function withElectionNames(base: Resources, names: ElectionNames): Resources {
  const named = (language: "id" | "en") =>
    Object.fromEntries(
      Object.entries(names[language]).map(([id, name]) => [`election.${id}`, name]),
    );
  return {
    id: { ...base.id, ask: { ...named("id"), ...base.id.ask } },
    en: { ...base.en, ask: { ...named("en"), ...base.en.ask } },
  };
}

/**
 * A fingerprint of both content tables: it changes whenever a row is added or its `updated_at`
 * moves, whatever order concurrent edits commit in. The tables hold some hundred rows.
 */
export async function contentFingerprint(db: DbOrTx): Promise<string> {
  const [row] = await db
    .select({
      articles: sql<string>`md5(coalesce(string_agg(${knowledgeArticles.topicId} || '/' || ${knowledgeArticles.language} || '@' || ${knowledgeArticles.updatedAt}::text, ',' order by ${knowledgeArticles.topicId}, ${knowledgeArticles.language}), ''))`,
      calendar: sql<string>`(select md5(coalesce(string_agg(id || '@' || updated_at::text, ',' order by id), '')) from calendar_events)`,
    })
    .from(knowledgeArticles);
  return `${row?.articles ?? ""}:${row?.calendar ?? ""}`;
}

/** Lets other work (messages being handled) run between the heavier build steps. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function createLiveContent(deps: LiveContentDeps): Promise<LiveContent> {
  const base = deps.resources ?? shippedResources;
  const checkEveryMs = deps.checkEveryMs ?? defaultCheckEveryMs;

  async function build(): Promise<ContentSet> {
    const knowledgeTexts = await loadKnowledge(deps.db);
    const stored = await loadCalendar(deps.db);
    const calendar = createElectionCalendar(stored.events);
    const translator = createTranslator(
      withElectionNames(withKnowledge(base, knowledgeTexts), stored.electionNames),
    );
    await breathe();
    const knowledge = createKnowledgeBase(knowledgeTexts);
    await breathe();
    const engine = createAppEngine({
      ...deps.engine,
      translator,
      regions: deps.regions,
      knowledgeTexts,
      knowledge,
      calendar,
    });
    return {
      translator,
      knowledge,
      engine,
      calendar,
      knowledgeTexts,
      electionNames: stored.electionNames,
    };
  }

  let fingerprint = await contentFingerprint(deps.db);
  let set = await build();

  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  async function rebuild(): Promise<void> {
    // Read before building: an edit committed meanwhile makes the next check reload again.
    const seen = await contentFingerprint(deps.db);
    const next = await build();
    set = next;
    fingerprint = seen;
    deps.log.info("content reloaded");
  }
  /** One rebuild at a time; calls during one share the single rebuild that follows it. */
  function reload(): Promise<void> {
    if (!running) {
      running = rebuild().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return reload();
      });
    return queued;
  }

  async function checkForChanges(): Promise<boolean> {
    if ((await contentFingerprint(deps.db)) === fingerprint) return false;
    await reload();
    return true;
  }

  let timer: ReturnType<typeof setInterval> | undefined;
  let checking: Promise<unknown> | undefined;

  const engine: Engine = {
    handle: (session, input, now, facts) => set.engine.handle(session, input, now, facts),
    expireIfIdle: (session, now) => set.engine.expireIfIdle(session, now),
    enterFlow: (session, flowId, vars, now) => set.engine.enterFlow(session, flowId, vars, now),
  };
  const translator: Translator = {
    text: (language, say) => set.translator.text(language, say),
    has: (key) => set.translator.has(key),
  };
  const knowledge: KnowledgeBase = {
    ask: (text) => set.knowledge.ask(text),
    get topicIds() {
      return set.knowledge.topicIds;
    },
  };

  return {
    engine,
    translator,
    knowledge,
    current: () => set,
    reload,
    checkForChanges,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (checking) return;
        checking = checkForChanges()
          .catch((error: unknown) => {
            // The current content keeps serving; the next check tries again.
            deps.log.warn({ err: error }, "content check failed");
          })
          .finally(() => {
            checking = undefined;
          });
      }, checkEveryMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await checking;
      await running?.catch(() => undefined);
    },
  };
}
