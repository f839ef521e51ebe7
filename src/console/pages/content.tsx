import type { FC } from "hono/jsx";
import { type ArticleText, articleLimits } from "../../content/knowledge-articles";
import type { Language } from "../../engine/types";
import type { ElectionEvent } from "../../knowledge/calendar";
import { eventKinds, scopeLevels } from "../../knowledge/calendar-store";
import { formatDate, formatDateTime, type PageContext } from "../context";
import { Csrf, Flash, Layout } from "../layout";

const languages = ["id", "en"] as const satisfies readonly Language[];

export interface TopicSummary {
  id: string;
  /** `ask:section.<section>` in the staff language. */
  section: string;
  titles: Record<Language, string>;
  edited: boolean;
  editedAt: Date | null;
  editedByName: string | null;
}

export interface CalendarItem {
  event: ElectionEvent;
  /** The election's name in the staff language. */
  electionName: string;
  timing: "past" | "ongoing" | "coming";
  /** Days until it starts, for a coming event. */
  daysUntil?: number | undefined;
  edited: boolean;
  editedAt: Date | null;
  editedByName: string | null;
}

type Notice = { kind: "ok" | "error"; text: string } | undefined;

const topicHref = (id: string) => `/staff/content/topics/${encodeURIComponent(id)}`;
const eventHref = (id: string) => `/staff/content/events/${encodeURIComponent(id)}`;

const LastEdit: FC<{
  ctx: PageContext;
  edited: boolean;
  at: Date | null;
  name: string | null;
}> = ({ ctx, edited, at, name }) =>
  edited && at ? (
    <span>
      {ctx.t("content.edited_by", {
        when: formatDateTime(at, ctx.language),
        name: name ?? ctx.t("content.someone"),
      })}
    </span>
  ) : (
    <span class="muted">—</span>
  );

const Status: FC<{ ctx: PageContext; edited: boolean }> = ({ ctx, edited }) => (
  <span class={edited ? "badge warn" : "badge done"}>
    {ctx.t(edited ? "content.status.edited" : "content.status.shipped")}
  </span>
);

/** The overview: every topic, and the calendar split by today's WIB date. */
export const ContentPage: FC<{
  ctx: PageContext;
  topics: TopicSummary[];
  calendar: CalendarItem[];
  today: string;
  notice?: Notice;
}> = ({ ctx, topics, calendar, today, notice }) => {
  const { t } = ctx;
  const groups = (["ongoing", "coming", "past"] as const).map((timing) => ({
    timing,
    items: calendar.filter((item) => item.timing === timing),
  }));
  const votingAhead = calendar.some(
    (item) => item.event.kind === "voting" && item.timing !== "past",
  );
  return (
    <Layout ctx={ctx} title={t("content.title")}>
      <h1>{t("content.title")}</h1>
      <p class="muted">{t("content.intro")}</p>
      <Flash kind={notice?.kind ?? "ok"} text={notice?.text} />

      <section class="card" id="calendar" aria-labelledby="calendar-title">
        <h2 id="calendar-title">{t("content.calendar.title")}</h2>
        <p class="muted small">{t("content.calendar.intro")}</p>
        <p>
          <strong>{t("content.calendar.today", { date: formatDate(today, ctx.language) })}</strong>
        </p>
        {votingAhead ? null : <p class="sealed">{t("content.calendar.no_voting_ahead")}</p>}
        <p>
          <a class="button" href="/staff/content/events/new">
            {t("content.calendar.add")}
          </a>
        </p>
        {groups.map((group) => (
          <>
            <h3>{t(`content.calendar.${group.timing}`)}</h3>
            {group.items.length === 0 ? (
              <p class="muted">{t("content.calendar.none")}</p>
            ) : (
              <div class="table-wrap">
                <table class="cards" data-timing={group.timing}>
                  <thead>
                    <tr>
                      <th scope="col">{t("content.calendar.col.election")}</th>
                      <th scope="col">{t("content.calendar.col.kind")}</th>
                      <th scope="col">{t("content.calendar.col.dates")}</th>
                      <th scope="col">{t("content.calendar.col.scope")}</th>
                      <th scope="col">{t("content.calendar.col.source")}</th>
                      <th scope="col">{t("content.calendar.col.status")}</th>
                      <th scope="col" />
                    </tr>
                  </thead>
                  <tbody>
                    {group.items.map((item) => (
                      <tr id={`event-${item.event.id}`}>
                        <td data-label={t("content.calendar.col.election")}>{item.electionName}</td>
                        <td data-label={t("content.calendar.col.kind")}>
                          {t(`content.kind.${item.event.kind}`)}
                          {item.event.note ? (
                            <>
                              <br />
                              <span class="small muted">{item.event.note}</span>
                            </>
                          ) : null}
                        </td>
                        <td data-label={t("content.calendar.col.dates")}>
                          {item.event.start === item.event.end
                            ? formatDate(item.event.start, ctx.language)
                            : t("content.calendar.dates", {
                                start: formatDate(item.event.start, ctx.language),
                                end: formatDate(item.event.end, ctx.language),
                              })}
                          {item.daysUntil !== undefined ? (
                            <>
                              {" "}
                              <span class="badge">
                                {t("content.calendar.in_days", { days: String(item.daysUntil) })}
                              </span>
                            </>
                          ) : null}
                        </td>
                        <td data-label={t("content.calendar.col.scope")}>
                          <ScopeText ctx={ctx} event={item.event} />
                        </td>
                        <td data-label={t("content.calendar.col.source")} class="small">
                          {item.event.source}
                        </td>
                        <td data-label={t("content.calendar.col.status")}>
                          <Status ctx={ctx} edited={item.edited} />
                          <br />
                          <span class="small">
                            <LastEdit
                              ctx={ctx}
                              edited={item.edited}
                              at={item.editedAt}
                              name={item.editedByName}
                            />
                          </span>
                        </td>
                        <td>
                          <a href={eventHref(item.event.id)}>{t("content.edit")}</a>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        ))}
      </section>

      <section class="card" id="topics" aria-labelledby="topics-title">
        <h2 id="topics-title">{t("content.topics.title")}</h2>
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">{t("content.topics.col.topic")}</th>
                <th scope="col">{t("content.topics.col.title_id")}</th>
                <th scope="col">{t("content.topics.col.title_en")}</th>
                <th scope="col">{t("content.topics.col.status")}</th>
                <th scope="col">{t("content.topics.col.edited")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {topics.map((topic) => (
                <tr id={`topic-${topic.id}`}>
                  <td data-label={t("content.topics.col.topic")}>
                    <code>{topic.id}</code>
                    <br />
                    <span class="small muted">{topic.section}</span>
                  </td>
                  <td data-label={t("content.topics.col.title_id")}>{topic.titles.id}</td>
                  <td data-label={t("content.topics.col.title_en")}>{topic.titles.en}</td>
                  <td data-label={t("content.topics.col.status")}>
                    <Status ctx={ctx} edited={topic.edited} />
                  </td>
                  <td data-label={t("content.topics.col.edited")} class="small">
                    <LastEdit
                      ctx={ctx}
                      edited={topic.edited}
                      at={topic.editedAt}
                      name={topic.editedByName}
                    />
                  </td>
                  <td>
                    <a href={topicHref(topic.id)}>{t("content.edit")}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
};

const ScopeText: FC<{ ctx: PageContext; event: ElectionEvent }> = ({ ctx, event }) => {
  const scope = event.scope;
  if (scope.level === "national") return <>{ctx.t("content.scope.national")}</>;
  return (
    <>
      {ctx.t(`content.scope.${scope.level}`)}:{" "}
      {scope.codes.map((code) => `${ctx.regionName(code)} (${code})`).join(", ")}
    </>
  );
};

/** One topic's title and answer in both languages, with the limits and the shipped text. */
export const TopicPage: FC<{
  ctx: PageContext;
  topicId: string;
  texts: Record<Language, ArticleText>;
  shipped: Record<Language, ArticleText | undefined>;
  edited: boolean;
  problems?: string[];
  notice?: Notice;
}> = ({ ctx, topicId, texts, shipped, edited, problems = [], notice }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("content.topic.title", { topic: topicId })}>
      <p>
        <a href="/staff/content#topics">{t("content.back")}</a>
      </p>
      <h1>{t("content.topic.title", { topic: topicId })}</h1>
      <Flash kind={notice?.kind ?? "ok"} text={notice?.text} />
      {problems.length > 0 ? (
        <div class="flash error" role="alert">
          <ul>
            {problems.map((problem) => (
              <li>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p class="muted">
        {t("content.topic.rules", {
          title: String(articleLimits.title),
          answer: String(articleLimits.answer),
        })}{" "}
        <Status ctx={ctx} edited={edited} />
      </p>
      <form method="post" action={topicHref(topicId)}>
        <Csrf ctx={ctx} />
        <div class="stats">
          {languages.map((language) => (
            <section class="card" lang={language}>
              <h2>{t(`content.topic.language.${language}`)}</h2>
              <div class="field">
                <label for={`title-${language}`}>{t("content.topic.field.title")}</label>
                <input
                  id={`title-${language}`}
                  type="text"
                  name={`title_${language}`}
                  value={texts[language].title}
                  maxlength={articleLimits.title}
                  required
                />
                <p class="hint">
                  {t("content.topic.count", {
                    count: String(texts[language].title.length),
                    max: String(articleLimits.title),
                  })}
                </p>
              </div>
              <div class="field">
                <label for={`answer-${language}`}>{t("content.topic.field.answer")}</label>
                <textarea
                  id={`answer-${language}`}
                  name={`answer_${language}`}
                  rows={14}
                  maxlength={articleLimits.answer}
                  required
                  aria-describedby={`answer-${language}-hint`}
                >
                  {texts[language].answer}
                </textarea>
                <p class="hint" id={`answer-${language}-hint`}>
                  {t("content.topic.count", {
                    count: String(texts[language].answer.length),
                    max: String(articleLimits.answer),
                  })}
                  {" · "}
                  {t(`content.topic.closing.${language}`)}
                </p>
              </div>
              {shipped[language] ? (
                <details>
                  <summary>{t("content.topic.shipped_text")}</summary>
                  <p>
                    <strong>{shipped[language]?.title}</strong>
                  </p>
                  <p class="story small">{shipped[language]?.answer}</p>
                </details>
              ) : null}
            </section>
          ))}
        </div>
        <p>
          <button type="submit">{t("content.topic.save")}</button>
        </p>
      </form>
      {edited ? (
        <section class="card">
          <form method="post" action={`${topicHref(topicId)}/restore`}>
            <Csrf ctx={ctx} />
            <p class="muted small">{t("content.topic.restore_hint")}</p>
            <button type="submit" class="secondary">
              {t("content.topic.restore")}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
};

/** The form's fields, as typed (shown again after a refusal). */
export interface EventForm {
  election: string;
  nameId: string;
  nameEn: string;
  kind: string;
  start: string;
  end: string;
  scopeLevel: string;
  scopeCodes: string;
  source: string;
  note: string;
}

/** Adding (no `eventId`) or changing one calendar event. */
export const EventPage: FC<{
  ctx: PageContext;
  eventId?: string | undefined;
  form: EventForm;
  knownElections: string[];
  problems?: string[];
  notice?: Notice;
}> = ({ ctx, eventId, form, knownElections, problems = [], notice }) => {
  const { t } = ctx;
  const title = eventId
    ? t("content.event.edit_title", { id: eventId })
    : t("content.event.new_title");
  const field = (name: keyof EventForm, key: string, type: string, hint?: string) => (
    <div class="field">
      <label for={`event-${name}`}>{t(`content.event.field.${key}`)}</label>
      <input
        id={`event-${name}`}
        type={type}
        name={name}
        value={form[name]}
        {...(hint ? { "aria-describedby": `event-${name}-hint` } : {})}
      />
      {hint ? (
        <p class="hint" id={`event-${name}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href="/staff/content#calendar">{t("content.back")}</a>
      </p>
      <h1>{title}</h1>
      <Flash kind={notice?.kind ?? "ok"} text={notice?.text} />
      {problems.length > 0 ? (
        <div class="flash error" role="alert">
          <ul>
            {problems.map((problem) => (
              <li>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <section class="card">
        <form
          method="post"
          action={eventId ? eventHref(eventId) : "/staff/content/events"}
          style="max-width: 40rem"
        >
          <Csrf ctx={ctx} />
          <datalist id="known-elections">
            {knownElections.map((id) => (
              <option value={id} />
            ))}
          </datalist>
          <div class="field">
            <label for="event-election">{t("content.event.field.election")}</label>
            <input
              id="event-election"
              type="text"
              name="election"
              value={form.election}
              list="known-elections"
              required
              pattern="[a-z][a-z0-9_]{2,39}"
              aria-describedby="event-election-hint"
            />
            <p class="hint" id="event-election-hint">
              {t("content.event.election_hint", { known: knownElections.join(", ") })}
            </p>
          </div>
          {field("nameId", "name_id", "text", t("content.event.names_hint"))}
          {field("nameEn", "name_en", "text")}
          <div class="field">
            <label for="event-kind">{t("content.event.field.kind")}</label>
            <select id="event-kind" name="kind" required>
              {eventKinds.map((kind) => (
                <option value={kind} selected={form.kind === kind}>
                  {t(`content.kind.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          {field("start", "start", "date")}
          {field("end", "end", "date")}
          <div class="field">
            <label for="event-scope">{t("content.event.field.scope_level")}</label>
            <select id="event-scope" name="scopeLevel" required>
              {scopeLevels.map((level) => (
                <option value={level} selected={form.scopeLevel === level}>
                  {t(`content.scope.${level}`)}
                </option>
              ))}
            </select>
          </div>
          {field("scopeCodes", "scope_codes", "text", t("content.event.scope_codes_hint"))}
          {field("source", "source", "text", t("content.event.source_hint"))}
          <div class="field">
            <label for="event-note">{t("content.event.field.note")}</label>
            <textarea
              id="event-note"
              name="note"
              maxlength={500}
              aria-describedby="event-note-hint"
            >
              {form.note}
            </textarea>
            <p class="hint" id="event-note-hint">
              {t("content.event.note_hint")}
            </p>
          </div>
          <button type="submit">{t("content.event.save")}</button>
        </form>
      </section>
      {eventId ? (
        <section class="card">
          <form method="post" action={`${eventHref(eventId)}/remove`}>
            <Csrf ctx={ctx} />
            <p class="muted small">{t("content.event.remove_hint")}</p>
            <button type="submit" class="secondary">
              {t("content.event.remove")}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
};
