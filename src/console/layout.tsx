import type { Child, FC } from "hono/jsx";
import type { PageContext } from "./context";
import { consoleStyles } from "./styles";

interface NavItem {
  href: string;
  key: string;
  show: boolean;
}

/** Every console page: a header with navigation, then the page. No scripts, no outside files. */
export const Layout: FC<{
  ctx: PageContext;
  title: string;
  /** Reloads the page every so many seconds (a `<meta http-equiv="refresh">`: no script). */
  refreshSeconds?: number | undefined;
  children?: Child;
}> = ({ ctx, title, refreshSeconds, children }) => {
  const { t, staff } = ctx;
  const items: NavItem[] = [
    { href: "/staff", key: "nav.queue", show: true },
    { href: "/staff/questions", key: "nav.questions", show: true },
    { href: "/staff/dashboard", key: "nav.dashboard", show: true },
    { href: "/staff/broadcasts", key: "nav.broadcasts", show: staff?.role !== "viewer" },
    { href: "/staff/content", key: "nav.content", show: staff?.role === "admin" },
    { href: "/staff/audit", key: "nav.audit", show: staff?.role === "admin" },
    { href: "/staff/whatsapp", key: "nav.whatsapp", show: staff?.role === "admin" },
    { href: "/staff/tokens", key: "nav.tokens", show: true },
    { href: "/staff/security", key: "nav.security", show: true },
  ];
  const current = (href: string) =>
    href === "/staff"
      ? ctx.path === "/staff" || ctx.path.startsWith("/staff/reports")
      : ctx.path.startsWith(href);
  return (
    <html lang={ctx.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        {refreshSeconds ? <meta http-equiv="refresh" content={String(refreshSeconds)} /> : null}
        <title>{`${title} · ${t("title")}`}</title>
        <style>{consoleStyles}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {t("nav.skip")}
        </a>
        <header class="top">
          <a class="brand" href="/staff">
            {t("brand")}
          </a>
          {staff ? (
            <nav aria-label={t("brand")}>
              <ul>
                {items
                  .filter((item) => item.show)
                  .map((item) => (
                    <li>
                      <a href={item.href} aria-current={current(item.href) ? "page" : undefined}>
                        {t(item.key)}
                      </a>
                    </li>
                  ))}
              </ul>
            </nav>
          ) : null}
          <div class="account">
            {staff ? (
              <span class="who">
                {t("signed_in_as", {
                  name: staff.name,
                  role: t(`role.${staff.role}`),
                  area: staff.regionCode ? ctx.regionName(staff.regionCode) : t("area.all"),
                })}
              </span>
            ) : null}
            <form method="post" action="/staff/language" class="inline">
              {ctx.csrf ? <input type="hidden" name="_csrf" value={ctx.csrf} /> : null}
              <input type="hidden" name="language" value={ctx.language === "id" ? "en" : "id"} />
              <input type="hidden" name="back" value={ctx.path} />
              <button type="submit" class="link">
                {t("nav.language")}
              </button>
            </form>
            {staff ? (
              <form method="post" action="/staff/logout" class="inline">
                <input type="hidden" name="_csrf" value={ctx.csrf} />
                <button type="submit" class="link">
                  {t("nav.logout")}
                </button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
};

/** A notice at the top of a page: saved, or why something was refused. */
export const Flash: FC<{ kind: "ok" | "error"; text?: string | undefined }> = ({ kind, text }) =>
  text ? (
    <p class={`flash ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {text}
    </p>
  ) : null;

/** The hidden form token every POST form carries. */
export const Csrf: FC<{ ctx: PageContext }> = ({ ctx }) => (
  <input type="hidden" name="_csrf" value={ctx.csrf ?? ""} />
);
