import { type Context, Hono } from "hono";
import { recordAudit } from "../../../audit/audit-log";
import type { WhatsAppConnection } from "../../../channels/whatsapp/connection";
import type { PageContext } from "../../../console/context";
import { ErrorPage } from "../../../console/pages/account";
import {
  type CalendarItem,
  ContentPage,
  type EventForm,
  EventPage,
  TopicPage,
  type TopicSummary,
} from "../../../console/pages/content";
import {
  type ArticleProblem,
  articleLanguages,
  articleLimits,
  isTopic,
  listArticles,
  normalizeArticleText,
  restoreArticle,
  saveArticle,
  shippedKnowledge,
} from "../../../content/knowledge-articles";
import type { ContentReloader } from "../../../content/live-content";
import type { Language } from "../../../engine/types";
import type { Translator } from "../../../i18n/translator";
import { jakartaDate } from "../../../knowledge/calendar";
import {
  type CalendarProblem,
  eventTiming,
  listCalendarRows,
  localeElections,
  removeCalendarEvent,
  saveCalendarEvent,
} from "../../../knowledge/calendar-store";
import { knowledgeTopics } from "../../../knowledge/topics";
import type { Logger } from "../../../logger";
import type { Keyring } from "../../../privacy/keyring";
import type { Db } from "../../../storage/database";
import { consoleKit, type Env } from "./shared";

/**
 * What the content pages need. Every field but `content` is already in the console's deps, so
 * once `ConsoleDeps` carries `content`, `contentRoutes(deps)` mounts as it is.
 */
export interface ContentRoutesDeps {
  db: Db;
  keyring: Keyring;
  /** The bot's translator (the live one), for console texts and election names. */
  translator: Translator;
  clock: () => Date;
  log: Logger;
  regionName: (code: string) => string;
  whatsapp?: WhatsAppConnection | undefined;
  /** Rebuilds what the bot says from the database after an edit. */
  content: ContentReloader;
}

type Flash = "saved" | "saved_later" | "unchanged" | "restored" | "removed";
const flashes: readonly Flash[] = ["saved", "saved_later", "unchanged", "restored", "removed"];

const DAY_MS = 86_400_000;

/**
 * The admin's content pages, mounted at /staff/content inside the console (whose middleware has
 * checked the session and, for a POST, the form token): the voter-education answers and the
 * election calendar. Every change is checked, written, audited (`content_edited`) and put in
 * use (`content.reload()`) before the redirect.
 */
export function contentRoutes(deps: ContentRoutesDeps) {
  const { db, translator } = deps;
  const app = new Hono<Env>();

  const { ctxFor, page } = consoleKit(deps);
  const noticeOf = (c: Context<Env>, ctx: PageContext) => {
    const flash = c.req.query("flash") as Flash | undefined;
    if (!flash || !flashes.includes(flash)) return undefined;
    return {
      kind: flash === "saved_later" ? ("error" as const) : ("ok" as const),
      text: ctx.t(`content.${flash}`),
    };
  };
  const notFound = (c: Context<Env>) =>
    page(c, <ErrorPage ctx={ctxFor(c)} text={ctxFor(c).t("content.not_found")} />, 404);

  /** Puts the change in use; the periodic check retries if this fails. */
  const reload = async (): Promise<Flash> => {
    try {
      await deps.content.reload();
      return "saved";
    } catch (error) {
      deps.log.error({ err: error }, "content saved but not reloaded");
      return "saved_later";
    }
  };
  const audit = (
    tx: Parameters<typeof recordAudit>[0],
    c: Context<Env>,
    subject: string,
    detail: Record<string, unknown>,
    now: Date,
  ) =>
    recordAudit(
      tx,
      deps.keyring,
      { actor: c.get("staff"), action: "content_edited", subject, detail, via: "console" },
      now,
    );

  // Admins only.
  app.use("*", async (c, next) => {
    if (c.get("staff")?.role !== "admin") {
      const ctx = ctxFor(c);
      return page(c, <ErrorPage ctx={ctx} text={ctx.t("error.forbidden")} />, 403);
    }
    return next();
  });

  // --- The overview ------------------------------------------------------------------------------

  app.get("/", async (c) => {
    const ctx = ctxFor(c);
    const now = deps.clock();
    const today = jakartaDate(now);
    const [articles, rows] = await Promise.all([listArticles(db), listCalendarRows(db)]);
    const topics: TopicSummary[] = knowledgeTopics.map((topic) => {
      const mine = articles.filter((row) => row.topicId === topic.id);
      const edits = mine
        .filter((row) => row.editedAt !== null)
        .sort((a, b) => (b.editedAt?.getTime() ?? 0) - (a.editedAt?.getTime() ?? 0));
      const latest = edits[0];
      return {
        id: topic.id,
        section: translator.text(ctx.language, `ask:section.${topic.section}`),
        titles: {
          id: mine.find((row) => row.language === "id")?.title ?? "",
          en: mine.find((row) => row.language === "en")?.title ?? "",
        },
        edited: latest !== undefined,
        editedAt: latest?.editedAt ?? null,
        editedByName: latest?.editedByName ?? null,
      };
    });
    const todayDay = Date.parse(`${today}T00:00:00Z`);
    const calendar: CalendarItem[] = rows.map((row) => {
      const timing = eventTiming(row.event, now);
      return {
        event: row.event,
        electionName: electionName(row, ctx.language),
        timing,
        daysUntil:
          timing === "coming"
            ? Math.round((Date.parse(`${row.event.start}T00:00:00Z`) - todayDay) / DAY_MS)
            : undefined,
        edited: row.editedAt !== null,
        editedAt: row.editedAt,
        editedByName: row.editedByName,
      };
    });
    // Under way and coming: soonest first; past: latest first.
    calendar.sort((a, b) =>
      a.timing === "past" && b.timing === "past"
        ? b.event.end.localeCompare(a.event.end) || a.event.id.localeCompare(b.event.id)
        : a.event.start.localeCompare(b.event.start) || a.event.id.localeCompare(b.event.id),
    );
    return page(
      c,
      <ContentPage
        ctx={ctx}
        topics={topics}
        calendar={calendar}
        today={today}
        notice={noticeOf(c, ctx)}
      />,
    );
  });

  /** The staff-language name of an election: its stored name, else the locales'. */
  const electionName = (
    row: {
      event: { election: string };
      electionNameId: string | null;
      electionNameEn: string | null;
    },
    language: Language,
  ) => {
    const stored = language === "en" ? row.electionNameEn : row.electionNameId;
    if (stored) return stored;
    const key = `ask:election.${row.event.election}`;
    return translator.has(key) ? translator.text(language, key) : row.event.election;
  };

  // --- Topics ------------------------------------------------------------------------------------

  const topicPage = async (
    c: Context<Env>,
    topicId: string,
    typed?: Record<Language, { title: string; answer: string }>,
    problems: string[] = [],
  ) => {
    const ctx = ctxFor(c);
    const rows = await listArticles(db, topicId);
    const shipped = shippedKnowledge();
    const stored = (language: Language) => rows.find((row) => row.language === language);
    const texts = {
      id: typed?.id ?? { title: stored("id")?.title ?? "", answer: stored("id")?.answer ?? "" },
      en: typed?.en ?? { title: stored("en")?.title ?? "", answer: stored("en")?.answer ?? "" },
    };
    const shippedOf = (language: Language) => {
      const title = shipped[language][`${topicId}.title`];
      const answer = shipped[language][`${topicId}.answer`];
      return title !== undefined && answer !== undefined ? { title, answer } : undefined;
    };
    return page(
      c,
      <TopicPage
        ctx={ctx}
        topicId={topicId}
        texts={texts}
        shipped={{ id: shippedOf("id"), en: shippedOf("en") }}
        edited={rows.some((row) => row.editedAt !== null)}
        problems={problems}
        notice={noticeOf(c, ctx)}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };

  app.get("/topics/:id", (c) => {
    const topicId = c.req.param("id");
    return isTopic(topicId) ? topicPage(c, topicId) : notFound(c);
  });

  app.post("/topics/:id", async (c) => {
    const topicId = c.req.param("id");
    if (!isTopic(topicId)) return notFound(c);
    const form = await c.req.parseBody();
    const texts = {
      id: { title: text(form.title_id), answer: text(form.answer_id) },
      en: { title: text(form.title_en), answer: text(form.answer_en) },
    };
    const member = c.get("staff");
    const now = deps.clock();
    const result = await db.transaction(async (tx) => {
      const saved = await saveArticle(tx, topicId, texts, member.id, now);
      if (saved.ok && saved.changed.length > 0) {
        await audit(
          tx,
          c,
          topicId,
          { content: "knowledge_topic", change: "edited", languages: saved.changed },
          now,
        );
      }
      return saved;
    });
    if (!result.ok) {
      if ("notFound" in result) return notFound(c);
      const ctx = ctxFor(c);
      // Shown again as they will be counted: one character per line end.
      const typed = {
        id: {
          title: normalizeArticleText(texts.id.title),
          answer: normalizeArticleText(texts.id.answer),
        },
        en: {
          title: normalizeArticleText(texts.en.title),
          answer: normalizeArticleText(texts.en.answer),
        },
      };
      const problems = articleLanguages.flatMap((language) =>
        (result.problems[language] ?? []).map((problem) =>
          articleProblemText(ctx, language, problem, typed[language].answer),
        ),
      );
      return topicPage(c, topicId, typed, problems);
    }
    const flash = result.changed.length > 0 ? await reload() : "unchanged";
    return c.redirect(`/staff/content/topics/${encodeURIComponent(topicId)}?flash=${flash}`, 303);
  });

  app.post("/topics/:id/restore", async (c) => {
    const topicId = c.req.param("id");
    if (!isTopic(topicId)) return notFound(c);
    const now = deps.clock();
    const restored = await db.transaction(async (tx) => {
      const languages = (await restoreArticle(tx, topicId)) ?? [];
      if (languages.length > 0) {
        await audit(
          tx,
          c,
          topicId,
          { content: "knowledge_topic", change: "restored", languages },
          now,
        );
      }
      return languages;
    });
    const flash =
      restored.length > 0
        ? (await reload()) === "saved"
          ? "restored"
          : "saved_later"
        : "unchanged";
    return c.redirect(`/staff/content/topics/${encodeURIComponent(topicId)}?flash=${flash}`, 303);
  });

  // --- Calendar events ---------------------------------------------------------------------------

  const knownElections = async (): Promise<string[]> => {
    const rows = await listCalendarRows(db);
    return [...new Set([...localeElections(), ...rows.map((row) => row.event.election)])].sort();
  };
  const emptyForm: EventForm = {
    election: "",
    nameId: "",
    nameEn: "",
    kind: "voting",
    start: "",
    end: "",
    scopeLevel: "national",
    scopeCodes: "",
    source: "",
    note: "",
  };
  const eventPage = async (
    c: Context<Env>,
    eventId: string | undefined,
    form: EventForm,
    problems: CalendarProblem[] = [],
  ) => {
    const ctx = ctxFor(c);
    return page(
      c,
      <EventPage
        ctx={ctx}
        eventId={eventId}
        form={form}
        knownElections={await knownElections()}
        problems={problems.map((problem) => ctx.t(`content.event_problem.${problem}`))}
        notice={noticeOf(c, ctx)}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };
  const formOf = (form: Record<string, unknown>): EventForm => ({
    election: text(form.election).trim(),
    nameId: text(form.nameId),
    nameEn: text(form.nameEn),
    kind: text(form.kind),
    start: text(form.start),
    end: text(form.end),
    scopeLevel: text(form.scopeLevel),
    scopeCodes: text(form.scopeCodes),
    source: text(form.source),
    note: text(form.note),
  });

  /** Validates, writes and audits one event, then puts it in use. */
  const saveEvent = async (c: Context<Env>, eventId: string | undefined) => {
    const form = formOf(await c.req.parseBody());
    const member = c.get("staff");
    const now = deps.clock();
    const result = await db.transaction(async (tx) => {
      const saved = await saveCalendarEvent(
        tx,
        {
          id: eventId,
          election: form.election,
          electionNameId: form.nameId,
          electionNameEn: form.nameEn,
          kind: form.kind,
          start: form.start,
          end: form.end,
          scopeLevel: form.scopeLevel,
          scopeCodes: form.scopeCodes.split(/[\s,;]+/),
          source: form.source,
          note: form.note,
        },
        member.id,
        now,
      );
      if (saved.ok) {
        const { event } = saved;
        await audit(
          tx,
          c,
          saved.id,
          {
            content: "calendar_event",
            change: saved.created ? "added" : "changed",
            election: event.election,
            kind: event.kind,
            start: event.start,
            end: event.end,
            scope: event.scope.level,
            ...(event.scope.level === "national" ? {} : { codes: event.scope.codes }),
          },
          now,
        );
      }
      return saved;
    });
    if (!result.ok) {
      if (eventId && result.problems.includes("not_found")) return notFound(c);
      return eventPage(c, eventId, form, result.problems);
    }
    const flash = await reload();
    return c.redirect(`/staff/content?flash=${flash}#calendar`, 303);
  };

  app.get("/events/new", (c) =>
    eventPage(c, undefined, { ...emptyForm, election: c.req.query("election") ?? "" }),
  );
  app.post("/events", (c) => saveEvent(c, undefined));

  app.get("/events/:id", async (c) => {
    const row = (await listCalendarRows(db)).find(
      (candidate) => candidate.event.id === c.req.param("id"),
    );
    if (!row) return notFound(c);
    const { event } = row;
    return eventPage(c, event.id, {
      election: event.election,
      nameId: row.electionNameId ?? "",
      nameEn: row.electionNameEn ?? "",
      kind: event.kind,
      start: event.start,
      end: event.end,
      scopeLevel: event.scope.level,
      scopeCodes: event.scope.level === "national" ? "" : event.scope.codes.join(", "),
      source: event.source,
      note: event.note ?? "",
    });
  });
  app.post("/events/:id", (c) => saveEvent(c, c.req.param("id")));

  app.post("/events/:id/remove", async (c) => {
    const eventId = c.req.param("id");
    const member = c.get("staff");
    const now = deps.clock();
    const removed = await db.transaction(async (tx) => {
      const done = await removeCalendarEvent(tx, eventId, member.id, now);
      if (done) {
        await audit(tx, c, eventId, { content: "calendar_event", change: "removed" }, now);
      }
      return done;
    });
    if (!removed) return notFound(c);
    const flash = (await reload()) === "saved" ? "removed" : "saved_later";
    return c.redirect(`/staff/content?flash=${flash}#calendar`, 303);
  });

  return app;
}

/** A form field as text (a file or a missing field is empty). */
const text = (value: unknown): string => (typeof value === "string" ? value : "");

function articleProblemText(
  ctx: PageContext,
  language: Language,
  problem: ArticleProblem,
  answer: string,
): string {
  return ctx.t(`content.problem.${problem}`, {
    language: ctx.t(`content.topic.language.${language}`),
    max: String(problem.startsWith("title") ? articleLimits.title : articleLimits.answer),
    count: String(answer.length),
  });
}

/** The console's page headers, as console.tsx sets them (its copy is private to it). */
