import type { FC } from "hono/jsx";
import type { AuditRecord } from "../../audit/audit-log";
import { formatDateTime, type PageContext } from "../context";
import { Csrf, Flash, Layout } from "../layout";

export const AuditPage: FC<{
  ctx: PageContext;
  items: AuditRecord[];
  nextCursor?: number | undefined;
}> = ({ ctx, items, nextCursor }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("audit.title")}>
      <h1>{t("audit.title")}</h1>
      <p class="muted">{t("audit.intro")}</p>
      <section class="card">
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">{t("audit.col.at")}</th>
                <th scope="col">{t("audit.col.who")}</th>
                <th scope="col">{t("audit.col.action")}</th>
                <th scope="col">{t("audit.col.subject")}</th>
                <th scope="col">{t("audit.col.detail")}</th>
                <th scope="col">{t("audit.col.via")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr>
                  <td data-label={t("audit.col.at")}>{formatDateTime(item.at, ctx.language)}</td>
                  <td data-label={t("audit.col.who")}>{item.staffEmail ?? t("queue.none")}</td>
                  <td data-label={t("audit.col.action")}>{item.action}</td>
                  <td data-label={t("audit.col.subject")}>
                    {item.subject?.match(/^[A-Z]{3}-/) ? (
                      <a class="ticket" href={`/staff/reports/${item.subject}`}>
                        {item.subject}
                      </a>
                    ) : (
                      (item.subject ?? t("queue.none"))
                    )}
                  </td>
                  <td data-label={t("audit.col.detail")} class="small">
                    {item.detail ? JSON.stringify(item.detail) : ""}
                    {item.reason ? (
                      <>
                        <br />
                        {item.reason}
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("audit.col.via")}>{item.via}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {nextCursor ? (
          <p class="pager">
            <a href={`/staff/audit?before=${nextCursor}`}>{t("audit.older")}</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
};

export interface TokenRow {
  id: string;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const TokensPage: FC<{
  ctx: PageContext;
  tokens: TokenRow[];
  created?: string | undefined;
  error?: string | undefined;
}> = ({ ctx, tokens, created, error }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("tokens.title")}>
      <h1>{t("tokens.title")}</h1>
      <p class="muted">{t("tokens.intro")}</p>
      <Flash kind="error" text={error} />
      {created ? (
        <section class="card" role="status">
          <p>{t("tokens.created")}</p>
          <p class="token" id="new-token">
            {created}
          </p>
        </section>
      ) : null}
      <section class="card">
        <form method="post" action="/staff/tokens" class="filters">
          <Csrf ctx={ctx} />
          <div>
            <label for="label">{t("tokens.label")}</label>
            <input id="label" type="text" name="label" maxlength={80} />
          </div>
          <div>
            <label for="token-password">{t("reauth.password")}</label>
            <input
              id="token-password"
              type="password"
              name="password"
              autocomplete="current-password"
              required
            />
          </div>
          <div class="actions">
            <button type="submit">{t("tokens.create")}</button>
          </div>
        </form>
      </section>
      <section class="card">
        {tokens.length === 0 ? (
          <p>{t("tokens.empty")}</p>
        ) : (
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">{t("tokens.col.label")}</th>
                <th scope="col">{t("tokens.col.created")}</th>
                <th scope="col">{t("tokens.col.used")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr>
                  <td data-label={t("tokens.col.label")}>{token.label ?? t("queue.none")}</td>
                  <td data-label={t("tokens.col.created")}>
                    {formatDateTime(token.createdAt, ctx.language)}
                  </td>
                  <td data-label={t("tokens.col.used")}>
                    {token.lastUsedAt
                      ? formatDateTime(token.lastUsedAt, ctx.language)
                      : t("queue.none")}
                  </td>
                  <td>
                    {token.revokedAt ? (
                      <span class="badge done">{t("tokens.revoked")}</span>
                    ) : (
                      <form
                        method="post"
                        action={`/staff/tokens/${token.id}/revoke`}
                        class="inline"
                      >
                        <Csrf ctx={ctx} />
                        <button type="submit" class="secondary">
                          {t("tokens.revoke")}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
};

export const WhatsAppPage: FC<{ ctx: PageContext; state: string; qr?: string | undefined }> = ({
  ctx,
  state,
  qr,
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("whatsapp.title")}>
      <h1>{t("whatsapp.title")}</h1>
      <section class="card">
        <p>{t("whatsapp.state", { state: t(`whatsapp.state.${state}`) })}</p>
        {qr ? <img src={qr} alt={t("whatsapp.qr_alt")} width={280} height={280} /> : null}
      </section>
    </Layout>
  );
};

export interface QuestionRow {
  ticket: string;
  status: string;
  language: string;
  channel: string;
  createdAt: Date;
  answeredAt: Date | null;
  question: string;
  answer: string | null;
  suggestedTopics: string[];
}

export const QuestionsPage: FC<{
  ctx: PageContext;
  questions: QuestionRow[];
  canAnswer: boolean;
  flash?: { kind: "ok" | "error"; text: string } | undefined;
}> = ({ ctx, questions, canAnswer, flash }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("questions.title")}>
      <h1>{t("questions.title")}</h1>
      <Flash kind={flash?.kind ?? "ok"} text={flash?.text} />
      {questions.length === 0 ? <p class="card">{t("questions.empty")}</p> : null}
      {questions.map((question) => (
        <section class="card" aria-label={question.ticket}>
          <h2>
            <span class="ticket">{question.ticket}</span>{" "}
            <span class={`badge ${question.status === "open" ? "warn" : "done"}`}>
              {t(`questions.status.${question.status}`)}
            </span>
          </h2>
          <p class="muted small">
            {t("questions.asked", {
              date: formatDateTime(question.createdAt, ctx.language),
              channel: t(`channel.${question.channel}`),
              language: question.language,
            })}
          </p>
          <p class="story">{question.question}</p>
          {question.suggestedTopics.length > 0 ? (
            <p class="hint">
              {t("questions.suggested", { topics: question.suggestedTopics.join(", ") })}
            </p>
          ) : null}
          {question.answer ? (
            <div class="identity">
              <p class="small">
                {t("questions.answered", {
                  date: formatDateTime(question.answeredAt ?? question.createdAt, ctx.language),
                })}
              </p>
              <p class="story">{question.answer}</p>
            </div>
          ) : canAnswer ? (
            <form method="post" action={`/staff/questions/${question.ticket}/answer`}>
              <Csrf ctx={ctx} />
              <div class="field">
                <label for={`answer-${question.ticket}`}>{t("questions.answer")}</label>
                <textarea id={`answer-${question.ticket}`} name="text" required maxlength={2000} />
              </div>
              <button type="submit">{t("questions.answer_submit")}</button>
            </form>
          ) : null}
        </section>
      ))}
    </Layout>
  );
};
