import type { FC } from "hono/jsx";
import type { Identity } from "../../casework/casework";
import type { ReportDetail, TimelineEntry } from "../../casework/report-detail";
import { forwardTargets } from "../../casework/stages";
import { formatBytes, formatDate, formatDateTime, type PageContext } from "../context";
import { Csrf, Flash, Layout } from "../layout";
import { StageBadge, WindowBadge } from "./badges";

export interface DuplicateCandidate {
  ticket: string;
  similarity: number;
  linked: boolean;
}

export interface ReportPageProps {
  ctx: PageContext;
  report: ReportDetail;
  label: (key: string) => string;
  officers: { id: string; name: string }[];
  duplicates: DuplicateCandidate[];
  windowDaysLeft: number;
  identity?: Identity | undefined;
  flash?: { kind: "ok" | "error"; text: string } | undefined;
}

const isImage = (mime: string) => mime.startsWith("image/");
const isVideo = (mime: string) => mime.startsWith("video/");
const isAudio = (mime: string) => mime.startsWith("audio/");

const Evidence: FC<{ ctx: PageContext; report: ReportDetail }> = ({ ctx, report }) => {
  const { t } = ctx;
  if (report.evidence.length === 0) return <p class="muted">{t("report.no_evidence")}</p>;
  return (
    <div class="evidence">
      {report.evidence.map((item) =>
        item.kind === "link" ? (
          <figure>
            <figcaption class="small">{t("report.evidence_link")}</figcaption>
            <p class="hash">{item.url}</p>
          </figure>
        ) : (
          <figure>
            {item.fetchState === "pending" ? (
              <p class="muted">{t("report.evidence_pending")}</p>
            ) : item.fetchState === "failed" ? (
              <p class="muted">{t("report.evidence_failed")}</p>
            ) : isImage(item.mimeType) ? (
              <img
                src={`/staff/evidence/${item.mediaId}/preview`}
                alt={`${item.mimeType} · ${formatBytes(item.byteSize)}`}
                loading="lazy"
              />
            ) : isVideo(item.mimeType) ? (
              // biome-ignore lint/a11y/useMediaCaption: residents' recordings come without transcripts
              <video src={`/staff/evidence/${item.mediaId}`} controls preload="metadata" />
            ) : isAudio(item.mimeType) ? (
              // biome-ignore lint/a11y/useMediaCaption: residents' recordings come without transcripts
              <audio src={`/staff/evidence/${item.mediaId}`} controls preload="metadata" />
            ) : null}
            <figcaption class="small">
              {item.mimeType} · {formatBytes(item.byteSize)} ·{" "}
              {item.fetchState === "stored" && ctx.staff?.role !== "viewer" ? (
                <a href={`/staff/evidence/${item.mediaId}?download=1`}>
                  {t("report.evidence_original")}
                </a>
              ) : null}
              {item.sha256 ? (
                <span class="hash">
                  <br />
                  {t("report.sha256")}: {item.sha256}
                </span>
              ) : null}
              {isImage(item.mimeType) ? (
                <span class="hint">
                  <br />
                  {t("report.evidence_preview_note")}
                </span>
              ) : null}
            </figcaption>
          </figure>
        ),
      )}
    </div>
  );
};

const TimelineItem: FC<{
  ctx: PageContext;
  entry: TimelineEntry;
  label: (key: string) => string;
}> = ({ ctx, entry, label }) => {
  const { t } = ctx;
  const who = entry.staffName ?? t("report.someone");
  const stage = (value: string | null) => (value ? label(`status:stage.${value}`) : "");
  const heading = (() => {
    switch (entry.kind) {
      case "stage":
        return t("report.event.stage", {
          who,
          from: stage(entry.fromStage),
          to: stage(entry.toStage),
        });
      case "assigned":
        return entry.meta?.to
          ? t("report.event.assigned", { who, to: entry.meta.to })
          : t("report.event.unassigned", { who });
      case "linked":
      case "unlinked":
        return t(`report.event.${entry.kind}`, { who, ticket: entry.meta?.ticket ?? "" });
      case "reporter_message":
        return t("report.event.reporter_message");
      case "withdrawn":
        return t("report.event.withdrawn", {
          from: stage(entry.fromStage),
          to: stage(entry.toStage),
        });
      default:
        return t(`report.event.${entry.kind}`, { who });
    }
  })();
  const forwarded = entry.meta?.forwardedTo;
  return (
    <li class={entry.kind}>
      <div class="when">{formatDateTime(entry.at, ctx.language)}</div>
      <div>
        {heading}
        {forwarded ? ` (${t(`report.forward.${forwarded}`)})` : ""}
      </div>
      {entry.text ? <div class="body">{entry.text}</div> : null}
    </li>
  );
};

/** One report: what was reported, evidence, identity (sealed), timeline and the actions. */
export const ReportPage: FC<ReportPageProps> = (props) => {
  const { ctx, report, label } = props;
  const { t } = ctx;
  const canAct = ctx.staff?.role === "admin" || ctx.staff?.role === "officer";
  const place = report.regionCode ? ctx.regionName(report.regionCode) : t("queue.none");
  return (
    <Layout ctx={ctx} title={t("report.title", { ticket: report.ticket })}>
      <p>
        <a href="/staff">{t("report.back")}</a>
      </p>
      <h1>
        <span class="ticket">{report.ticket}</span>{" "}
        <StageBadge stage={report.stage} label={label} />{" "}
        <span class={`badge ${report.type === "tip" ? "tip" : ""}`}>
          {t(`queue.type.${report.type}`)}
        </span>
      </h1>
      <Flash kind={props.flash?.kind ?? "ok"} text={props.flash?.text} />
      <div class="grid">
        <div>
          <section class="card" aria-labelledby="facts">
            <h2 id="facts">{t("report.facts")}</h2>
            <dl class="facts">
              <dt>{t("report.category")}</dt>
              <dd>
                {label(`report:category.${report.category}`)}
                {report.categoryOther ? ` — ${report.categoryOther}` : ""}
              </dd>
              <dt>{t("report.place")}</dt>
              <dd>{place}</dd>
              <dt>{t("report.happened")}</dt>
              <dd>{formatDate(report.happenedOn, ctx.language)}</dd>
              <dt>{t("report.known")}</dt>
              <dd>{formatDate(report.knownOn, ctx.language)}</dd>
              <dt>{t("report.window")}</dt>
              <dd>
                <WindowBadge ctx={ctx} stage={report.stage} daysLeft={props.windowDaysLeft} />
                {report.pastReportingWindow ? (
                  <span class="hint"> {t("report.past_window")}</span>
                ) : null}
              </dd>
              <dt>{t("report.received")}</dt>
              <dd>{formatDateTime(report.createdAt, ctx.language)}</dd>
              <dt>{t("report.channel")}</dt>
              <dd>{t(`channel.${report.channel}`)}</dd>
              {report.relayedBy ? (
                <>
                  <dt>{t("report.relayed_by")}</dt>
                  <dd>{report.relayedBy.name}</dd>
                </>
              ) : null}
              <dt>{t("report.assigned")}</dt>
              <dd>{report.assignedTo?.name ?? t("report.unassigned")}</dd>
            </dl>
          </section>

          <section class="card" aria-labelledby="story">
            <h2 id="story">{t("report.story")}</h2>
            <p class="story">{report.story}</p>
            <dl class="facts" style="margin-top:12px">
              <dt>{t("report.terlapor")}</dt>
              <dd>{report.terlapor ?? t("queue.none")}</dd>
              <dt>{t("report.witnesses")}</dt>
              <dd>
                {props.identity?.witnesses ??
                  (report.hasWitnesses ? t("report.witnesses_sealed") : t("queue.none"))}
              </dd>
              {report.onlineUrl ? (
                <>
                  <dt>{t("report.online_url")}</dt>
                  <dd class="hash">{report.onlineUrl}</dd>
                </>
              ) : null}
              {report.location ? (
                <>
                  <dt>{t("report.location")}</dt>
                  <dd>
                    {report.location.latitude.toFixed(5)}, {report.location.longitude.toFixed(5)}
                  </dd>
                </>
              ) : null}
            </dl>
          </section>

          <section class="card" aria-labelledby="evidence">
            <h2 id="evidence">{t("report.evidence")}</h2>
            <Evidence ctx={ctx} report={report} />
          </section>

          <section class="card" aria-labelledby="timeline">
            <h2 id="timeline">{t("report.timeline")}</h2>
            <ol class="timeline">
              <li>
                <div class="when">{formatDateTime(report.createdAt, ctx.language)}</div>
                <div>{t("report.event.created", { channel: t(`channel.${report.channel}`) })}</div>
              </li>
              {report.timeline.map((entry) => (
                <TimelineItem ctx={ctx} entry={entry} label={label} />
              ))}
            </ol>
          </section>
        </div>

        <div>
          <section class="card" aria-labelledby="missing">
            <h2 id="missing">{t("report.missing")}</h2>
            {report.missingForFormal.length === 0 ? (
              <p>{t("report.nothing_missing")}</p>
            ) : (
              <ul>
                {report.missingForFormal.map((item) => (
                  <li>{label(`report:missing.${item}`)}</li>
                ))}
              </ul>
            )}
          </section>

          <section class="card" aria-labelledby="identity">
            <h2 id="identity">{t("report.identity")}</h2>
            {props.identity ? (
              <div class="identity">
                {props.identity.reporter ? (
                  <dl class="facts">
                    <dt>{t("report.identity_name")}</dt>
                    <dd>{props.identity.reporter.name}</dd>
                    <dt>{t("report.identity_address")}</dt>
                    <dd>{props.identity.reporter.address}</dd>
                    <dt>{t("report.identity_phone")}</dt>
                    <dd>{props.identity.reporter.phone}</dd>
                    {props.identity.reporter.nik ? (
                      <>
                        <dt>{t("report.identity_nik")}</dt>
                        <dd>{props.identity.reporter.nik}</dd>
                      </>
                    ) : null}
                  </dl>
                ) : null}
                {props.identity.witnesses ? (
                  <p>
                    {t("report.witnesses")}: {props.identity.witnesses}
                  </p>
                ) : null}
                {props.identity.witness ? (
                  <p>
                    {t("report.identity_witness")}: {props.identity.witness}
                  </p>
                ) : null}
                {props.identity.phoneNumbers.length > 0 ? (
                  <p>
                    {t("report.identity_numbers")}: {props.identity.phoneNumbers.join(", ")}
                  </p>
                ) : null}
                <p class="hint">{t("report.identity_logged", { name: ctx.staff?.name ?? "" })}</p>
              </div>
            ) : !report.identitySealed ? (
              <p class="muted">{t("report.identity_none")}</p>
            ) : !canAct ? (
              <p class="sealed">{t("report.identity_viewer")}</p>
            ) : (
              <form method="post" action={`/staff/reports/${report.ticket}/unseal`}>
                <Csrf ctx={ctx} />
                <p class="sealed">{t("report.identity_sealed")}</p>
                <div class="field">
                  <label for="unseal-reason">{t("report.unseal_reason")}</label>
                  <textarea
                    id="unseal-reason"
                    name="reason"
                    required
                    minlength={10}
                    maxlength={500}
                  />
                </div>
                <button type="submit" class="secondary">
                  {t("report.unseal")}
                </button>
              </form>
            )}
          </section>

          {canAct ? (
            <>
              <section class="card" aria-labelledby="stage">
                <h2 id="stage">{t("report.stage")}</h2>
                {report.nextStages.length === 0 ? (
                  <p class="muted">{t("report.no_next_stage")}</p>
                ) : (
                  <form method="post" action={`/staff/reports/${report.ticket}/stage`}>
                    <Csrf ctx={ctx} />
                    <div class="field">
                      <label for="stage-to">{t("report.stage_to")}</label>
                      <select id="stage-to" name="stage" required>
                        {report.nextStages.map((stage) => (
                          <option value={stage}>{label(`status:stage.${stage}`)}</option>
                        ))}
                      </select>
                    </div>
                    <div class="field">
                      <label for="forwarded-to">{t("report.forwarded_to")}</label>
                      <select id="forwarded-to" name="forwardedTo">
                        <option value="">{t("queue.none")}</option>
                        {forwardTargets.map((target) => (
                          <option value={target}>{t(`report.forward.${target}`)}</option>
                        ))}
                      </select>
                    </div>
                    <div class="field">
                      <label for="stage-note">{t("report.stage_note")}</label>
                      <textarea
                        id="stage-note"
                        name="note"
                        maxlength={2000}
                        aria-describedby="stage-hint"
                      />
                      <p class="hint" id="stage-hint">
                        {t("report.stage_note_hint")}
                      </p>
                    </div>
                    <button type="submit">{t("report.stage_submit")}</button>
                  </form>
                )}
              </section>

              <section class="card" aria-labelledby="reply">
                <h2 id="reply">{t("report.reply")}</h2>
                {report.reachable ? (
                  <form method="post" action={`/staff/reports/${report.ticket}/reply`}>
                    <Csrf ctx={ctx} />
                    <div class="field">
                      <label for="reply-text" class="hint">
                        {t("report.reply_hint")}
                      </label>
                      <textarea id="reply-text" name="text" required maxlength={2000} />
                    </div>
                    <button type="submit">{t("report.reply_submit")}</button>
                  </form>
                ) : (
                  <p class="muted">{t("report.unreachable")}</p>
                )}
              </section>

              <section class="card" aria-labelledby="note">
                <h2 id="note">{t("report.note")}</h2>
                <form method="post" action={`/staff/reports/${report.ticket}/note`}>
                  <Csrf ctx={ctx} />
                  <div class="field">
                    <label for="note-text" class="hint">
                      {t("report.note_hint")}
                    </label>
                    <textarea id="note-text" name="text" required maxlength={2000} />
                  </div>
                  <button type="submit" class="secondary">
                    {t("report.note_submit")}
                  </button>
                </form>
              </section>

              <section class="card" aria-labelledby="assign">
                <h2 id="assign">{t("report.assign")}</h2>
                <form method="post" action={`/staff/reports/${report.ticket}/assign`}>
                  <Csrf ctx={ctx} />
                  <div class="field">
                    <select name="staffId" aria-labelledby="assign">
                      <option value="">{t("report.unassigned")}</option>
                      {props.officers.map((officer) => (
                        <option value={officer.id} selected={officer.id === report.assignedTo?.id}>
                          {officer.name}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit" class="secondary">
                    {t("report.assign_submit")}
                  </button>
                </form>
              </section>
            </>
          ) : null}

          <section class="card" aria-labelledby="duplicates">
            <h2 id="duplicates">{t("report.duplicates")}</h2>
            <p class="hint">{t("report.duplicates_rule")}</p>
            {props.duplicates.length === 0 ? (
              <p class="muted">{t("report.duplicates_none")}</p>
            ) : (
              <ul>
                {props.duplicates.map((candidate) => (
                  <li>
                    <a class="ticket" href={`/staff/reports/${candidate.ticket}`}>
                      {candidate.ticket}
                    </a>{" "}
                    <span class="muted small">
                      {candidate.linked
                        ? t("report.linked")
                        : t("report.similarity", {
                            percent: String(Math.round(candidate.similarity * 100)),
                          })}
                    </span>
                    {canAct ? (
                      <form
                        method="post"
                        action={`/staff/reports/${report.ticket}/link`}
                        class="inline"
                      >
                        <Csrf ctx={ctx} />
                        <input type="hidden" name="other" value={candidate.ticket} />
                        <input
                          type="hidden"
                          name="linked"
                          value={candidate.linked ? "false" : "true"}
                        />{" "}
                        <button type="submit" class="link">
                          {candidate.linked ? t("report.unlink") : t("report.link")}
                        </button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </Layout>
  );
};
