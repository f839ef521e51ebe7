import type { FC } from "hono/jsx";
import type { Dashboard } from "../../casework/dashboard";
import { dashboardChannels, dashboardStages } from "../../casework/dashboard";
import { type RegencyRisk, riskIndexes, riskIssues, riskLevelKeys } from "../../casework/risk-map";
import { reportCategories } from "../../reports/categories";
import { BarChart } from "../components/bar-chart";
import { formatDate, type PageContext } from "../context";
import { Layout } from "../layout";

export interface DashboardPageProps {
  ctx: PageContext;
  dashboard: Dashboard;
  risks: RegencyRisk[];
  label: (key: string) => string;
}

/** Counts by category × kab/kota, by day, by channel and stage, and the vulnerability map. */
export const DashboardPage: FC<DashboardPageProps> = ({ ctx, dashboard, risks, label }) => {
  const { t } = ctx;
  const categories = reportCategories.filter((category) =>
    dashboard.byCategoryRegency.some((row) => row.counts[category] > 0),
  );
  const shortDay = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}`;
  return (
    <Layout ctx={ctx} title={t("dashboard.title")}>
      <h1>{t("dashboard.title")}</h1>
      <p class="muted">
        {t("dashboard.period", { days: String(dashboard.days) })}{" "}
        {formatDate(dashboard.from, ctx.language)} – {formatDate(dashboard.to, ctx.language)}.{" "}
        <strong>{t("dashboard.total", { count: String(dashboard.total) })}</strong>
      </p>

      <section class="card" aria-labelledby="by-day">
        <h2 id="by-day">{t("dashboard.by_day")}</h2>
        <BarChart
          title={t("dashboard.by_day")}
          bars={dashboard.byDay.map((day) => ({ label: shortDay(day.date), value: day.count }))}
          orientation="vertical"
        />
        <details>
          <summary>{t("dashboard.col.count")}</summary>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.col.date")}</th>
                  <th scope="col" class="num">
                    {t("dashboard.col.count")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.byDay.map((day) => (
                  <tr>
                    <td>{formatDate(day.date, ctx.language)}</td>
                    <td class="num">{day.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <section class="card" aria-labelledby="by-category">
        <h2 id="by-category">{t("dashboard.by_category_region")}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.col.region")}</th>
                {categories.map((category) => (
                  <th scope="col" class="num">
                    {label(`report:category.${category}`)}
                  </th>
                ))}
                <th scope="col" class="num">
                  {t("dashboard.col.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {dashboard.byCategoryRegency.map((row) => (
                <tr>
                  <th scope="row">
                    {row.regencyName ?? row.regencyCode ?? t("dashboard.no_region")}
                  </th>
                  {categories.map((category) => (
                    <td class="num">{row.counts[category] || ""}</td>
                  ))}
                  <td class="num">
                    <strong>{row.total}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div class="stats">
        <section class="card" aria-labelledby="by-channel">
          <h2 id="by-channel">{t("dashboard.by_channel")}</h2>
          <BarChart
            title={t("dashboard.by_channel")}
            bars={dashboardChannels.map((channel) => ({
              label: t(`channel.${channel}`),
              value: dashboard.byChannel[channel],
            }))}
            orientation="horizontal"
          />
          <table>
            <tbody>
              {dashboardChannels.map((channel) => (
                <tr>
                  <th scope="row">{t(`channel.${channel}`)}</th>
                  <td class="num">{dashboard.byChannel[channel]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="card" aria-labelledby="by-stage">
          <h2 id="by-stage">{t("dashboard.by_stage")}</h2>
          <table>
            <tbody>
              {dashboardStages
                .filter((stage) => dashboard.byStage[stage] > 0)
                .map((stage) => (
                  <tr>
                    <th scope="row">{label(`status:stage.${stage}`)}</th>
                    <td class="num">{dashboard.byStage[stage]}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      </div>

      <section class="card" aria-labelledby="risk">
        <h2 id="risk">{t("dashboard.risk")}</h2>
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">{t("dashboard.col.region")}</th>
                <th scope="col">{t("dashboard.col.level")}</th>
                <th scope="col">{t("dashboard.col.issues")}</th>
                <th scope="col">{t("dashboard.risk_source")}</th>
              </tr>
            </thead>
            <tbody>
              {risks.map((risk) => {
                const issues = [...new Set(risk.findings.flatMap((finding) => finding.issues))];
                const sources = [...new Set(risk.findings.map((finding) => finding.index))];
                const named = risk.findings.some((finding) => finding.mostVulnerable);
                return (
                  <tr>
                    <td data-label={t("dashboard.col.region")}>{risk.name}</td>
                    <td data-label={t("dashboard.col.level")}>
                      {risk.level ? (
                        <span class={`badge ${risk.level === "tinggi" ? "late" : "warn"}`}>
                          {label(riskLevelKeys[risk.level])}
                          {risk.score !== undefined
                            ? ` · ${risk.score.toLocaleString(ctx.language)}`
                            : ""}
                        </span>
                      ) : (
                        <span class="muted small">{label(riskLevelKeys.none)}</span>
                      )}
                      {named ? (
                        <span class="small"> {label("console:risk.most_vulnerable")}</span>
                      ) : null}
                    </td>
                    <td data-label={t("dashboard.col.issues")}>
                      {issues.map((issue) => label(riskIssues[issue].labelKey)).join(", ") ||
                        t("queue.none")}
                    </td>
                    <td data-label={t("dashboard.risk_source")} class="small">
                      {sources.map((source) => label(riskIndexes[source].labelKey)).join("; ") ||
                        t("queue.none")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
};
