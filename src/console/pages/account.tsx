import type { FC } from "hono/jsx";
import type { PageContext } from "../context";
import { Csrf, Flash, Layout } from "../layout";
import { TelegramLinkSection } from "./telegram-link";

/** The login form; the TOTP field shows once a password was right and a code is needed. */
export const LoginPage: FC<{
  ctx: PageContext;
  email?: string;
  askTotp?: boolean;
  error?: string | undefined;
  notice?: string | undefined;
}> = ({ ctx, email, askTotp, error, notice }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("login.title")}>
      <section class="card login">
        <h1>{t("login.title")}</h1>
        <Flash kind="error" text={error} />
        <Flash kind="ok" text={notice} />
        <form method="post" action="/staff/login">
          <div class="field">
            <label for="email">{t("login.email")}</label>
            <input
              id="email"
              type="email"
              name="email"
              value={email ?? ""}
              autocomplete="username"
              required
            />
          </div>
          <div class="field">
            <label for="password">{t("login.password")}</label>
            <input
              id="password"
              type="password"
              name="password"
              autocomplete="current-password"
              required
            />
          </div>
          {askTotp ? (
            <div class="field">
              <label for="totp">{t("login.totp")}</label>
              <input
                id="totp"
                type="text"
                name="totp"
                inputmode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9 ]{6,7}"
              />
            </div>
          ) : null}
          <button type="submit">{t("login.submit")}</button>
        </form>
        <p class="hint">{t("login.forgot")}</p>
      </section>
    </Layout>
  );
};

/** The page behind the one-time link the CLI prints. */
export const SetPasswordPage: FC<{
  ctx: PageContext;
  token: string;
  account?: { email: string; name: string } | undefined;
  error?: string | undefined;
}> = ({ ctx, token, account, error }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("set_password.title")}>
      <section class="card login">
        <h1>{t("set_password.title")}</h1>
        <Flash kind="error" text={error} />
        {account ? (
          <form method="post" action="/staff/set-password">
            <p>{t("set_password.intro", { name: account.name, email: account.email })}</p>
            <input type="hidden" name="token" value={token} />
            <input
              type="text"
              name="username"
              value={account.email}
              autocomplete="username"
              hidden
            />
            <div class="field">
              <label for="password">{t("set_password.password")}</label>
              <input
                id="password"
                type="password"
                name="password"
                autocomplete="new-password"
                minlength={10}
                maxlength={200}
                required
              />
            </div>
            <div class="field">
              <label for="confirm">{t("set_password.confirm")}</label>
              <input
                id="confirm"
                type="password"
                name="confirm"
                autocomplete="new-password"
                minlength={10}
                maxlength={200}
                required
              />
            </div>
            <button type="submit">{t("set_password.submit")}</button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
};

/** Two-step verification: turn it on with a scanned secret, or off. */
export const SecurityPage: FC<{
  ctx: PageContext;
  totpOn: boolean;
  secret?: string;
  qrDataUrl?: string;
  error?: string | undefined;
  notice?: string | undefined;
  telegramLinked: boolean;
  telegramCode?: string | undefined;
  telegramBot?: string | undefined;
}> = ({
  ctx,
  totpOn,
  secret,
  qrDataUrl,
  error,
  notice,
  telegramLinked,
  telegramCode,
  telegramBot,
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("security.title")}>
      <h1>{t("security.title")}</h1>
      <Flash kind="error" text={error} />
      <Flash kind="ok" text={notice} />
      <section class="card">
        {totpOn ? (
          <form method="post" action="/staff/security/totp/disable">
            <Csrf ctx={ctx} />
            <p>{t("security.totp_on")}</p>
            <div class="field">
              <label for="totp-off-password">{t("reauth.password")}</label>
              <input
                id="totp-off-password"
                type="password"
                name="password"
                autocomplete="current-password"
                required
              />
            </div>
            <button type="submit" class="secondary">
              {t("security.totp_disable")}
            </button>
          </form>
        ) : (
          <form method="post" action="/staff/security/totp/enable">
            <Csrf ctx={ctx} />
            <p>{t("security.totp_off")}</p>
            {qrDataUrl ? (
              <img src={qrDataUrl} alt={t("security.qr_alt")} width={200} height={200} />
            ) : null}
            <p class="hint">{t("security.secret", { secret: secret ?? "" })}</p>
            <input type="hidden" name="secret" value={secret ?? ""} />
            <div class="field">
              <label for="code">{t("security.totp_code")}</label>
              <input
                id="code"
                type="text"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                required
              />
            </div>
            <button type="submit">{t("security.totp_enable")}</button>
          </form>
        )}
      </section>
      <TelegramLinkSection
        ctx={ctx}
        linked={telegramLinked}
        code={telegramCode}
        botUsername={telegramBot}
      />
    </Layout>
  );
};

/** A refusal page (404 outside one's area, 403 for a role). */
export const ErrorPage: FC<{ ctx: PageContext; text: string }> = ({ ctx, text }) => (
  <Layout ctx={ctx} title={text}>
    <section class="card">
      <p>{text}</p>
      <p>
        <a href="/staff">{ctx.t("report.back")}</a>
      </p>
    </section>
  </Layout>
);
