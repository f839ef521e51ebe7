import type { FC } from "hono/jsx";
import type { QuestionDetail } from "../../questions/staff-work";
import type { QuestionTimelineEntry } from "../../questions/timeline";
import { formatDateTime, type PageContext } from "../context";
import { Csrf, Flash, Layout } from "../layout";

const badge = { open: "warn", answered: "tip", closed: "done" } as const;

const TimelineItem: FC<{ ctx: PageContext; entry: QuestionTimelineEntry }> = ({ ctx, entry }) => {
  const { t } = ctx;
  const who = entry.staffName ?? t("report.someone");
  // The asker's answers look like a reporter's in a report's timeline.
  const kind = entry.kind === "asker_message" ? "reporter_message" : entry.kind;
  return (
    <li class={kind}>
      <div class="when">{formatDateTime(entry.at, ctx.language)}</div>
      <div>{t(`questions.event.${entry.kind}`, { who })}</div>
      {entry.text ? <div class="body">{entry.text}</div> : null}
    </li>
  );
};

/** The staff actions on an unclosed question: a reply (as often as needed) and closing. */
const Actions: FC<{ ctx: PageContext; question: QuestionDetail }> = ({ ctx, question }) => {
  const { t } = ctx;
  const id = question.ticket;
  return (
    <>
      {question.reachable ? (
        <form method="post" action={`/staff/questions/${id}/reply`}>
          <Csrf ctx={ctx} />
          <div class="field">
            <label for={`reply-${id}`}>{t("questions.reply")}</label>
            <textarea id={`reply-${id}`} name="text" required maxlength={2000} />
            <p class="hint">{t("questions.reply_hint")}</p>
          </div>
          <button type="submit">{t("questions.reply_submit")}</button>
        </form>
      ) : (
        <p class="muted">{t("questions.unreachable")}</p>
      )}
      <form method="post" action={`/staff/questions/${id}/close`}>
        <Csrf ctx={ctx} />
        <div class="field">
          <label for={`close-${id}`}>{t("questions.close_note")}</label>
          <textarea id={`close-${id}`} name="note" maxlength={2000} />
        </div>
        <button type="submit" class="secondary">
          {t("questions.close_submit")}
        </button>
      </form>
    </>
  );
};

/** Question tickets in scope, each with its timeline, a reply form and closing. */
export const QuestionsPage: FC<{
  ctx: PageContext;
  questions: QuestionDetail[];
  canAnswer: boolean;
  flash?: { kind: "ok" | "error"; text: string } | undefined;
  /** The bot's own texts (topic titles) in the console's language. */
  label: (key: string) => string;
}> = ({ ctx, questions, canAnswer, flash, label }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("questions.title")}>
      <h1>{t("questions.title")}</h1>
      <p class="muted">{t("questions.intro")}</p>
      <Flash kind={flash?.kind ?? "ok"} text={flash?.text} />
      {questions.length === 0 ? <p class="card">{t("questions.empty")}</p> : null}
      {questions.map((question) => (
        <section class="card" id={question.ticket} aria-label={question.ticket}>
          <h2>
            <span class="ticket">{question.ticket}</span>{" "}
            <span class={`badge ${badge[question.status]}`}>
              {t(`questions.status.${question.status}`)}
            </span>
          </h2>
          <p class="muted small">
            {t("questions.asked", {
              date: formatDateTime(question.createdAt, ctx.language),
              channel: t(`channel.${question.channel}`),
              language: t(`content.topic.language.${question.language === "en" ? "en" : "id"}`),
            })}
            {question.regionCode
              ? ` · ${t("questions.region", { region: ctx.regionName(question.regionCode) })}`
              : ""}
          </p>
          <p class="story">{question.question}</p>
          {question.suggestedTopics.length > 0 ? (
            <p class="hint">
              {t("questions.suggested", {
                topics: question.suggestedTopics
                  .map((topic) => label(`knowledge:${topic}.title`))
                  .join(", "),
              })}
            </p>
          ) : null}
          <h3>{t("questions.timeline")}</h3>
          <ol class="timeline">
            <li>
              <div class="when">{formatDateTime(question.createdAt, ctx.language)}</div>
              <div>
                {t("questions.event.created", { channel: t(`channel.${question.channel}`) })}
              </div>
            </li>
            {question.timeline.map((entry) => (
              <TimelineItem ctx={ctx} entry={entry} />
            ))}
          </ol>
          {canAnswer && question.status !== "closed" ? (
            <Actions ctx={ctx} question={question} />
          ) : null}
        </section>
      ))}
    </Layout>
  );
};
