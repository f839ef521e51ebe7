import type { FC } from "hono/jsx";
import type { BroadcastCounts, BroadcastStatus } from "../../broadcasts/broadcasts";
import { formatDateTime, type PageContext } from "../context";
import { Csrf, Flash, Layout } from "../layout";

export const broadcastChannels = ["telegram", "whatsapp", "webchat"] as const;
export const broadcastRoles = ["public", "relayer", "liaison"] as const;

/** What the composer holds, as typed: carried through the preview and back to the form. */
export interface ComposeValues {
  text: string;
  textEn: string;
  /** Kemendagri codes (kab/kota or whole provinces); none = the whole area. */
  regions: string[];
  /** None = every channel. */
  channels: string[];
  /** None = every role. */
  roles: string[];
  /** "event": when the chosen calendar event starts (07:00 WIB on its first day). */
  when: "now" | "later" | "event";
  /** `YYYY-MM-DDTHH:MM` in WIB, as a `datetime-local` input gives it. */
  sendAt: string;
  eventId: string;
  /** An http(s) address of a picture, fetched when the broadcast is created. */
  imageUrl: string;
}

/** An election-calendar event a broadcast can be attached to, as staff read it. */
export interface EventOption {
  id: string;
  label: string;
}

export const emptyCompose: ComposeValues = {
  text: "",
  textEn: "",
  regions: [],
  channels: [],
  roles: [],
  when: "now",
  sendAt: "",
  eventId: "",
  imageUrl: "",
};

export interface RegionOption {
  code: string;
  name: string;
  level: "province" | "regency";
}

export interface BroadcastListItem {
  id: string;
  state: string;
  text: string;
  createdAt: Date;
  sendAt: Date | null;
  counts: BroadcastCounts;
}

export interface BroadcastDetail {
  id: string;
  text: string;
  textEn: string | null;
  audience: Record<string, string[]>;
  sendAt: Date | null;
  createdAt: Date;
  authorName: string | null;
}

/** The audience in words: "Kab. Belitung Timur · Telegram · Masyarakat umum". */
export function audienceInWords(
  ctx: PageContext,
  audience: { regions?: string[]; channels?: string[]; roles?: string[] },
): string {
  const { t } = ctx;
  const regions =
    audience.regions && audience.regions.length > 0
      ? audience.regions.map((code) => ctx.regionName(code)).join(", ")
      : t("broadcasts.audience.all_regions");
  const channels =
    audience.channels && audience.channels.length > 0
      ? audience.channels.map((channel) => t(`broadcasts.channel.${channel}`)).join(", ")
      : t("broadcasts.audience.all_channels");
  const roles =
    audience.roles && audience.roles.length > 0
      ? audience.roles.map((role) => t(`broadcasts.role.${role}`)).join(", ")
      : t("broadcasts.audience.all_roles");
  return `${regions} · ${channels} · ${roles}`;
}

function formatEta(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

const Composer: FC<{
  ctx: PageContext;
  values: ComposeValues;
  regions: RegionOption[];
  events: EventOption[];
}> = ({ ctx, values, regions, events }) => {
  const { t } = ctx;
  return (
    <form method="post" action="/staff/broadcasts/preview">
      <Csrf ctx={ctx} />
      <div class="field">
        <label for="text">{t("broadcasts.form.text")}</label>
        <textarea id="text" name="text" rows={5} maxlength={4000} required>
          {values.text}
        </textarea>
      </div>
      <div class="field">
        <label for="textEn">{t("broadcasts.form.text_en")}</label>
        <textarea id="textEn" name="textEn" rows={4} maxlength={4000}>
          {values.textEn}
        </textarea>
        <p class="hint">{t("broadcasts.form.text_en_hint")}</p>
      </div>
      <div class="field">
        <label for="imageUrl">{t("broadcasts.form.image_url")}</label>
        <input id="imageUrl" type="url" name="imageUrl" value={values.imageUrl} maxlength={2000} />
        <p class="hint">{t("broadcasts.form.image_url_hint")}</p>
      </div>
      <fieldset class="field">
        <legend>{t("broadcasts.form.regions")}</legend>
        {regions.map((region) => (
          <label
            style={
              region.level === "province"
                ? "display:block;font-weight:600"
                : "display:block;margin-left:1.2em"
            }
          >
            <input
              type="checkbox"
              name="regions"
              value={region.code}
              checked={values.regions.includes(region.code)}
            />{" "}
            {region.level === "province"
              ? t("broadcasts.form.whole_province", { name: region.name })
              : region.name}
          </label>
        ))}
        <p class="hint">{t("broadcasts.form.regions_hint")}</p>
      </fieldset>
      <fieldset class="field">
        <legend>{t("broadcasts.form.channels")}</legend>
        {broadcastChannels.map((channel) => (
          <label style="margin-right:1em">
            <input
              type="checkbox"
              name="channels"
              value={channel}
              checked={values.channels.includes(channel)}
            />{" "}
            {t(`broadcasts.channel.${channel}`)}
          </label>
        ))}
        <p class="hint">{t("broadcasts.form.channels_hint")}</p>
      </fieldset>
      <fieldset class="field">
        <legend>{t("broadcasts.form.roles")}</legend>
        {broadcastRoles.map((role) => (
          <label style="margin-right:1em">
            <input
              type="checkbox"
              name="roles"
              value={role}
              checked={values.roles.includes(role)}
            />{" "}
            {t(`broadcasts.role.${role}`)}
          </label>
        ))}
        <p class="hint">{t("broadcasts.form.roles_hint")}</p>
      </fieldset>
      <fieldset class="field">
        <legend>{t("broadcasts.form.when")}</legend>
        <label style="display:block">
          <input type="radio" name="when" value="now" checked={values.when !== "later"} />{" "}
          {t("broadcasts.form.now")}
        </label>
        <label style="display:block">
          <input type="radio" name="when" value="later" checked={values.when === "later"} />{" "}
          {t("broadcasts.form.later")}
        </label>
        <label for="sendAt">{t("broadcasts.form.send_at")}</label>{" "}
        <input id="sendAt" type="datetime-local" name="sendAt" value={values.sendAt} />
        {events.length > 0 ? (
          <>
            <label style="display:block;margin-top:0.6em">
              <input type="radio" name="when" value="event" checked={values.when === "event"} />{" "}
              {t("broadcasts.form.at_event")}
            </label>
            <select id="eventId" name="eventId" aria-label={t("broadcasts.form.event")}>
              {events.map((event) => (
                <option value={event.id} selected={values.eventId === event.id}>
                  {event.label}
                </option>
              ))}
            </select>
            <p class="hint">{t("broadcasts.form.event_hint")}</p>
          </>
        ) : null}
      </fieldset>
      <button type="submit">{t("broadcasts.form.preview")}</button>
    </form>
  );
};

/** The list of broadcasts and the composer (empty, or with the values being edited). */
export const BroadcastsPage: FC<{
  ctx: PageContext;
  items: BroadcastListItem[];
  regions: RegionOption[];
  events: EventOption[];
  values: ComposeValues;
  error?: string | undefined;
}> = ({ ctx, items, regions, events, values, error }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("broadcasts.title")}>
      <h1>{t("broadcasts.title")}</h1>
      <Flash kind="error" text={error} />
      <section class="card">
        <h2 id="new">{t("broadcasts.new")}</h2>
        <Composer ctx={ctx} values={values} regions={regions} events={events} />
      </section>
      <section class="card">
        <h2>{t("broadcasts.list")}</h2>
        {items.length === 0 ? (
          <p class="muted">{t("broadcasts.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("broadcasts.col.created")}</th>
                <th>{t("broadcasts.col.text")}</th>
                <th>{t("broadcasts.col.state")}</th>
                <th>{t("broadcasts.col.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr>
                  <td>{formatDateTime(item.createdAt, ctx.language)}</td>
                  <td>
                    <a href={`/staff/broadcasts/${item.id}`}>
                      {item.text.length > 80 ? `${item.text.slice(0, 80)}…` : item.text}
                    </a>
                  </td>
                  <td>
                    {t(`broadcasts.state.${item.state}`)}
                    {item.state === "scheduled" && item.sendAt
                      ? ` · ${formatDateTime(item.sendAt, ctx.language)}`
                      : ""}
                  </td>
                  <td>
                    {t("broadcasts.counts_short", {
                      sent: String(item.counts.sent),
                      total: String(item.counts.total),
                      failed: String(
                        item.counts.failed + item.counts.unreachable + item.counts.uncertain,
                      ),
                    })}
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

const Hidden: FC<{ values: ComposeValues }> = ({ values }) => (
  <>
    <input type="hidden" name="text" value={values.text} />
    <input type="hidden" name="textEn" value={values.textEn} />
    {values.regions.map((code) => (
      <input type="hidden" name="regions" value={code} />
    ))}
    {values.channels.map((channel) => (
      <input type="hidden" name="channels" value={channel} />
    ))}
    {values.roles.map((role) => (
      <input type="hidden" name="roles" value={role} />
    ))}
    <input type="hidden" name="when" value={values.when} />
    <input type="hidden" name="sendAt" value={values.sendAt} />
    <input type="hidden" name="eventId" value={values.eventId} />
    <input type="hidden" name="imageUrl" value={values.imageUrl} />
  </>
);

/** What will go out, to whom and how many, before anything is created. */
export const PreviewPage: FC<{
  ctx: PageContext;
  values: ComposeValues;
  audience: { regions?: string[]; channels?: string[]; roles?: string[] };
  recipients: number;
  sendAt: Date | null;
  /** The calendar event it waits for, when attached to one. */
  event?: EventOption | undefined;
}> = ({ ctx, values, audience, recipients, sendAt, event }) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t("broadcasts.preview.title")}>
      <h1>{t("broadcasts.preview.title")}</h1>
      <section class="card">
        <h2>{t("broadcasts.form.text")}</h2>
        <p style="white-space:pre-wrap">{values.text}</p>
        <h2>{t("broadcasts.form.text_en")}</h2>
        {values.textEn ? (
          <p style="white-space:pre-wrap">{values.textEn}</p>
        ) : (
          <p class="muted">{t("broadcasts.preview.no_english")}</p>
        )}
        <h2>{t("broadcasts.preview.audience")}</h2>
        <p>{audienceInWords(ctx, audience)}</p>
        <p>
          <strong id="recipients">
            {t("broadcasts.preview.recipients", { count: String(recipients) })}
          </strong>
        </p>
        {values.imageUrl ? (
          <p>
            {t("broadcasts.preview.image")} <code>{values.imageUrl}</code>
          </p>
        ) : null}
        <p>
          {event
            ? t("broadcasts.preview.event", { event: event.label })
            : sendAt
              ? t("broadcasts.preview.at", { time: formatDateTime(sendAt, ctx.language) })
              : t("broadcasts.preview.now")}
        </p>
        <form method="post" action="/staff/broadcasts">
          <Csrf ctx={ctx} />
          <Hidden values={values} />
          <button type="submit">{t("broadcasts.preview.send")}</button>{" "}
          <button type="submit" class="secondary" formaction="/staff/broadcasts/edit">
            {t("broadcasts.preview.edit")}
          </button>
        </form>
      </section>
    </Layout>
  );
};

/** One broadcast: its state, the progress bar with the figures, and what can be done to it. */
export const BroadcastPage: FC<{
  ctx: PageContext;
  detail: BroadcastDetail;
  status: BroadcastStatus;
  canAct: boolean;
  canApprove: boolean;
  notice?: string | undefined;
  error?: string | undefined;
}> = ({ ctx, detail, status, canAct, canApprove, notice, error }) => {
  const { t } = ctx;
  const { counts } = status;
  const done = counts.sent + counts.failed + counts.unreachable + counts.uncertain + counts.skipped;
  const state = status.state;
  const action = (name: string, label: string, secondary = false) => (
    <form method="post" action={`/staff/broadcasts/${detail.id}/${name}`} class="inline">
      <Csrf ctx={ctx} />
      <button type="submit" class={secondary ? "secondary" : undefined}>
        {label}
      </button>{" "}
    </form>
  );
  return (
    <Layout
      ctx={ctx}
      title={t("broadcasts.detail.title")}
      refreshSeconds={state === "sending" ? 5 : undefined}
    >
      <p>
        <a href="/staff/broadcasts">{t("broadcasts.back")}</a>
      </p>
      <h1>{t("broadcasts.detail.title")}</h1>
      <Flash kind="ok" text={notice} />
      <Flash kind="error" text={error} />
      <section class="card">
        <p>
          <strong>{t("broadcasts.col.state")}:</strong>{" "}
          <span id="state">{t(`broadcasts.state.${state}`)}</span>
          {detail.sendAt
            ? ` · ${t("broadcasts.preview.at", { time: formatDateTime(detail.sendAt, ctx.language) })}`
            : ""}
        </p>
        <p>
          <progress id="progress" max={String(Math.max(counts.total, 1))} value={String(done)}>
            {`${done}/${counts.total}`}
          </progress>{" "}
          <span id="figures">
            {t("broadcasts.detail.figures", {
              sent: String(counts.sent),
              failed: String(counts.failed),
              unreachable: String(counts.unreachable),
              uncertain: String(counts.uncertain),
              pending: String(counts.pending),
              total: String(counts.total),
            })}
          </span>
        </p>
        <p>
          {t("broadcasts.detail.rate", { rate: String(status.ratePerSecond) })}
          {" · "}
          {status.etaSeconds !== null
            ? t("broadcasts.detail.eta", { time: formatEta(status.etaSeconds) })
            : t("broadcasts.detail.eta_none")}
        </p>
        {counts.uncertain > 0 ? <p class="hint">{t("broadcasts.detail.uncertain_hint")}</p> : null}
        {state === "sending" ? <p class="hint">{t("broadcasts.detail.refreshing")}</p> : null}
        {canAct ? (
          <div>
            {state === "sending" ? action("pause", t("broadcasts.action.pause")) : null}
            {state === "paused" ? action("resume", t("broadcasts.action.resume")) : null}
            {canApprove ? action("approve", t("broadcasts.action.approve")) : null}
            {["draft", "scheduled", "awaiting_approval", "sending", "paused"].includes(state)
              ? action("cancel", t("broadcasts.action.cancel"), true)
              : null}
            {action("test", t("broadcasts.action.test"), true)}
          </div>
        ) : null}
      </section>
      <section class="card">
        <h2>{t("broadcasts.form.text")}</h2>
        <p style="white-space:pre-wrap">{detail.text}</p>
        {detail.textEn ? (
          <>
            <h2>{t("broadcasts.form.text_en")}</h2>
            <p style="white-space:pre-wrap">{detail.textEn}</p>
          </>
        ) : null}
        <h2>{t("broadcasts.preview.audience")}</h2>
        <p>{audienceInWords(ctx, detail.audience)}</p>
        <p class="muted">
          {t("broadcasts.detail.created", {
            time: formatDateTime(detail.createdAt, ctx.language),
            author: detail.authorName ?? "—",
          })}
        </p>
      </section>
    </Layout>
  );
};
