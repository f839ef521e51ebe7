import type { FC } from "hono/jsx";
import type { ReportStage } from "../../reports/categories";
import type { PageContext } from "../context";

/** Stages where a decision is still pending, so the 7-day window matters. */
const deciding: ReadonlySet<string> = new Set([
  "diterima",
  "dikaji",
  "perlu_dilengkapi",
  "informasi_awal",
  "ditelusuri",
]);
const finished: ReadonlySet<string> = new Set([
  "selesai",
  "tidak_diregistrasi",
  "ditutup",
  "dicabut",
  "spam",
  "menjadi_temuan",
]);

export const StageBadge: FC<{ stage: ReportStage | string; label: (key: string) => string }> = ({
  stage,
  label,
}) => (
  <span class={`badge ${finished.has(stage) ? "done" : ""}`}>{label(`status:stage.${stage}`)}</span>
);

/** Days left of the 7-day window since known, highlighted when it is short or gone. */
export const WindowBadge: FC<{ ctx: PageContext; stage: string; daysLeft: number }> = ({
  ctx,
  stage,
  daysLeft,
}) => {
  if (!deciding.has(stage)) return <span class="muted">{ctx.t("queue.none")}</span>;
  if (daysLeft < 0) {
    return (
      <span class="badge late">{ctx.t("queue.window_past", { days: String(-daysLeft) })}</span>
    );
  }
  if (daysLeft === 0) return <span class="badge late">{ctx.t("queue.window_last")}</span>;
  return (
    <span class={`badge ${daysLeft <= 2 ? "warn" : ""}`}>
      {ctx.t("queue.window_left", { days: String(daysLeft) })}
    </span>
  );
};
