import type { FC } from "hono/jsx";
import { telegramLinkCodeTtlMs } from "../../staff/telegram-link";
import type { PageContext } from "../context";
import { Csrf } from "../layout";

/**
 * The Telegram part of the Security page: whether an account is linked, a button that issues a
 * one-time code (shown once, in the response to that POST, never in a URL), and unlinking.
 */
export const TelegramLinkSection: FC<{
  ctx: PageContext;
  linked: boolean;
  /** A code just issued (`XXXX-XXXX`), shown only in the answer to the POST that made it. */
  code?: string | undefined;
  /** The bot's username without "@", to open the private chat; omitted when unknown. */
  botUsername?: string | undefined;
}> = ({ ctx, linked, code, botUsername }) => {
  const { t } = ctx;
  const minutes = String(telegramLinkCodeTtlMs / 60_000);
  return (
    <section class="card" id="telegram" aria-labelledby="telegram-title">
      <h2 id="telegram-title">{t("telegram_link.title")}</h2>
      <p>{t(linked ? "telegram_link.linked" : "telegram_link.not_linked")}</p>
      {code ? (
        <div role="status">
          <p>{t("telegram_link.code_intro")}</p>
          <p class="token" id="telegram-link-command">
            {`/tautkan ${code}`}
          </p>
          <p class="hint">{t("telegram_link.code_hint", { minutes })}</p>
          {botUsername ? (
            <p>
              <a href={`https://t.me/${botUsername}`} rel="noopener noreferrer">
                {t("telegram_link.open_bot", { bot: `@${botUsername}` })}
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
      <form method="post" action="/staff/security/telegram/code" class="inline">
        <Csrf ctx={ctx} />
        <button type="submit">
          {t(linked ? "telegram_link.issue_other" : "telegram_link.issue")}
        </button>
      </form>{" "}
      {linked ? (
        <form method="post" action="/staff/security/telegram/unlink" class="inline">
          <Csrf ctx={ctx} />
          <button type="submit" class="secondary">
            {t("telegram_link.unlink")}
          </button>
        </form>
      ) : null}
    </section>
  );
};
