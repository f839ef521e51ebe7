import type { FC } from "hono/jsx";
import type { AuditRecord } from "../../audit/audit-log";
import { isQuestionTicket } from "../../questions/actions";
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
                      <a
                        class="ticket"
                        href={
                          isQuestionTicket(item.subject)
                            ? `/staff/questions#${item.subject}`
                            : `/staff/reports/${item.subject}`
                        }
                      >
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

export const WhatsAppPage: FC<{
  ctx: PageContext;
  state: string;
  qr?: string | undefined;
  pairingCode?: string | undefined;
}> = ({ ctx, state, qr, pairingCode }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("whatsapp.title")}>
      <h1>{t("whatsapp.title")}</h1>
      <section class="card">
        <p>{t("whatsapp.state", { state: t(`whatsapp.state.${state}`) })}</p>
        {qr ? <img src={qr} alt={t("whatsapp.qr_alt")} width={280} height={280} /> : null}
        {pairingCode ? (
          <p>
            {t("whatsapp.pairing_code")} <strong class="ticket">{pairingCode}</strong>
          </p>
        ) : null}
        {state === "logged_out" || state === "conflict" ? (
          <form method="post" action="/staff/whatsapp/connect">
            <Csrf ctx={ctx} />
            <p class="hint">{t(`whatsapp.connect_again_hint.${state}`)}</p>
            <button type="submit">{t("whatsapp.connect_again")}</button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
};
