import type { FC } from "hono/jsx";
import type { QueueItem } from "../../casework/queue";
import { textSearchBound } from "../../casework/queue";
import { reportCategories, reportStages } from "../../reports/categories";
import type { PageContext } from "../context";
import { formatDate } from "../context";
import { Csrf, Layout } from "../layout";
import { StageBadge, WindowBadge } from "./badges";

export interface QueuePageProps {
  ctx: PageContext;
  /** The filters as typed (query string values). */
  query: Record<string, string>;
  items: QueueItem[];
  counts: Record<string, number>;
  nextCursor?: string | undefined;
  searchedReports?: number | undefined;
  regencies: { code: string; name: string }[];
  organizations: { id: string; name: string }[];
  duplicates: Map<string, string[]>;
  openQuestions: number;
  label: (key: string) => string;
}

const withQuery = (query: Record<string, string>, changes: Record<string, string | undefined>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...query, ...changes })) {
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
};

const Select: FC<{
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; text: string }[];
  any: string;
}> = ({ name, label, value, options, any }) => (
  <div>
    <label for={`f-${name}`}>{label}</label>
    <select id={`f-${name}`} name={name}>
      <option value="">{any}</option>
      {options.map((option) => (
        <option value={option.value} selected={option.value === value}>
          {option.text}
        </option>
      ))}
    </select>
  </div>
);

/** The queue: filters, counts per stage, and one row per report, newest first. */
export const QueuePage: FC<QueuePageProps> = (props) => {
  const { ctx, query, label } = props;
  const { t } = ctx;
  const yesNo = [
    { value: "true", text: t("queue.yes") },
    { value: "false", text: t("queue.no") },
  ];
  const { cursor: _cursor, ...filterQuery } = query;
  return (
    <Layout ctx={ctx} title={t("queue.title")}>
      <h1>{t("queue.title")}</h1>
      <section class="card" aria-labelledby="counts-title">
        <div class="row">
          <h2 id="counts-title">{t("queue.counts")}</h2>
          <form method="post" action="/staff/export.csv" class="inline">
            <Csrf ctx={ctx} />
            {Object.entries(filterQuery).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <button type="submit" class="secondary">
              {t("queue.export")}
            </button>
          </form>
        </div>
        <ul class="chips">
          {reportStages
            .filter((stage) => (props.counts[stage] ?? 0) > 0)
            .map((stage) => (
              <li>
                <a
                  href={withQuery(filterQuery, {
                    stage: query.stage === stage ? undefined : stage,
                  })}
                  aria-current={query.stage === stage ? "true" : undefined}
                >
                  {label(`status:stage.${stage}`)}: {props.counts[stage]}
                </a>
              </li>
            ))}
        </ul>
        {props.openQuestions > 0 ? (
          <p class="small">
            <a href="/staff/questions">
              {t("queue.open_questions", { count: String(props.openQuestions) })}
            </a>
          </p>
        ) : null}
      </section>

      <details class="card" open={Object.keys(filterQuery).some((name) => name !== "stage")}>
        <summary id="filters-title">{t("queue.filters")}</summary>
        <form method="get" action="/staff" class="filters">
          <Select
            name="type"
            label={t("queue.type")}
            value={query.type}
            any={t("queue.any")}
            options={[
              { value: "report", text: t("queue.type.report") },
              { value: "tip", text: t("queue.type.tip") },
            ]}
          />
          <Select
            name="stage"
            label={t("queue.stage")}
            value={query.stage}
            any={t("queue.any")}
            options={reportStages.map((stage) => ({
              value: stage,
              text: label(`status:stage.${stage}`),
            }))}
          />
          <Select
            name="category"
            label={t("queue.category")}
            value={query.category}
            any={t("queue.any")}
            options={reportCategories.map((category) => ({
              value: category,
              text: label(`report:category.${category}`),
            }))}
          />
          <Select
            name="region"
            label={t("queue.region")}
            value={query.region}
            any={t("queue.any")}
            options={props.regencies.map((region) => ({ value: region.code, text: region.name }))}
          />
          <div>
            <label for="f-from">{t("queue.from")}</label>
            <input id="f-from" type="date" name="from" value={query.from ?? ""} />
          </div>
          <div>
            <label for="f-to">{t("queue.to")}</label>
            <input id="f-to" type="date" name="to" value={query.to ?? ""} />
          </div>
          <Select
            name="channel"
            label={t("queue.channel")}
            value={query.channel}
            any={t("queue.any")}
            options={["webchat", "telegram", "whatsapp"].map((channel) => ({
              value: channel,
              text: t(`channel.${channel}`),
            }))}
          />
          <Select
            name="organization"
            label={t("queue.organization")}
            value={query.organization}
            any={t("queue.any")}
            options={props.organizations.map((org) => ({ value: org.id, text: org.name }))}
          />
          <Select
            name="hasEvidence"
            label={t("queue.has_evidence")}
            value={query.hasEvidence}
            any={t("queue.any")}
            options={yesNo}
          />
          <Select
            name="incomplete"
            label={t("queue.incomplete")}
            value={query.incomplete}
            any={t("queue.any")}
            options={yesNo}
          />
          <div>
            <label for="f-ticket">{t("queue.ticket")}</label>
            <input
              id="f-ticket"
              type="search"
              name="ticket"
              value={query.ticket ?? ""}
              placeholder="LPR-XXXX-XXXX"
            />
          </div>
          <div>
            <label for="f-q">{t("queue.text")}</label>
            <input
              id="f-q"
              type="search"
              name="q"
              value={query.q ?? ""}
              aria-describedby="q-bound"
            />
          </div>
          <div class="actions">
            <button type="submit">{t("queue.apply")}</button>
            <a href="/staff">{t("queue.reset")}</a>
          </div>
        </form>
        <p class="hint" id="q-bound">
          {t("queue.text_bound", {
            reports: String(textSearchBound.reports),
            days: String(textSearchBound.days),
          })}
          {props.searchedReports !== undefined
            ? ` ${t("queue.searched", { count: String(props.searchedReports) })}`
            : ""}
        </p>
      </details>

      <section class="card" aria-label={t("queue.title")}>
        {props.items.length === 0 ? (
          <p>{t("queue.empty")}</p>
        ) : (
          <div class="table-wrap">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">{t("queue.col.ticket")}</th>
                  <th scope="col">{t("queue.col.stage")}</th>
                  <th scope="col">{t("queue.col.category")}</th>
                  <th scope="col">{t("queue.col.region")}</th>
                  <th scope="col">{t("queue.col.received")}</th>
                  <th scope="col">{t("queue.col.window")}</th>
                  <th scope="col">{t("queue.col.evidence")}</th>
                  <th scope="col">{t("queue.col.relayed")}</th>
                  <th scope="col">{t("queue.col.assigned")}</th>
                </tr>
              </thead>
              <tbody>
                {props.items.map((item) => {
                  const twins = props.duplicates.get(item.id);
                  return (
                    <tr>
                      <td data-label={t("queue.col.ticket")}>
                        <span>
                          <a class="ticket" href={`/staff/reports/${item.ticket}`}>
                            {item.ticket}
                          </a>
                          <br />
                          <span class={`badge ${item.type === "tip" ? "tip" : ""}`}>
                            {t(`queue.type.${item.type}`)}
                          </span>
                          {twins && twins.length > 0 ? (
                            <span class="hint">
                              <br />
                              {t("queue.duplicates", { tickets: twins.join(", ") })}
                            </span>
                          ) : null}
                        </span>
                      </td>
                      <td data-label={t("queue.col.stage")}>
                        <StageBadge stage={item.stage} label={label} />
                      </td>
                      <td data-label={t("queue.col.category")}>
                        {label(`report:category.${item.category}`)}
                      </td>
                      <td data-label={t("queue.col.region")}>
                        {item.regionCode ? ctx.regionName(item.regionCode) : t("queue.none")}
                      </td>
                      <td data-label={t("queue.col.received")}>
                        <span class="nowrap">
                          {formatDate(item.createdAt, ctx.language)}
                          <br />
                          <span class="muted small">
                            {item.ageDays === 0
                              ? t("queue.age_today")
                              : t("queue.age", { days: String(item.ageDays) })}
                          </span>
                        </span>
                      </td>
                      <td data-label={t("queue.col.window")}>
                        <WindowBadge ctx={ctx} stage={item.stage} daysLeft={item.windowDaysLeft} />
                      </td>
                      <td data-label={t("queue.col.evidence")}>
                        {item.hasEvidence ? t("queue.yes") : t("queue.no")}
                      </td>
                      <td data-label={t("queue.col.relayed")}>
                        {item.relayedBy ?? t("queue.none")}
                      </td>
                      <td data-label={t("queue.col.assigned")}>
                        {item.assignedTo ?? t("queue.none")}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <div class="pager">
          {query.cursor ? (
            <a href={`/staff${withQuery(filterQuery, {})}`}>{t("queue.first_page")}</a>
          ) : null}
          {props.nextCursor ? (
            <a href={`/staff${withQuery(filterQuery, { cursor: props.nextCursor })}`}>
              {t("queue.next_page")}
            </a>
          ) : null}
        </div>
      </section>
    </Layout>
  );
};
