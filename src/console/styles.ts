/** The console's one stylesheet, inline (the CSP allows no outside files). */
export const consoleStyles = `
:root {
  --brand: #1d3557; --brand-soft: #d6e0ec; --ink: #1b1f24; --muted: #4d5965; --bg: #eef1f4;
  --surface: #fff; --border: #cfd6dd; --accent: #1d4e89; --accent-soft: #e6eef8;
  --focus: #f2a900; --ok-bg: #e7f5ec; --ok-ink: #1e5631; --error-bg: #fdecea; --error-ink: #8a1c1c;
  --warn-bg: #fff4d6; --warn-ink: #5c4300;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  font-size: 15px; line-height: 1.45; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--surface); padding: 8px; }
.skip:focus { left: 8px; z-index: 10; }
.top { background: var(--brand); color: #fff; display: flex; flex-wrap: wrap; align-items: center;
  gap: 4px 20px; padding: 10px 20px; }
.top a, .top .link { color: #fff; }
.brand { font-weight: 700; font-size: 17px; text-decoration: none; margin-right: 8px; }
.top nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 2px 4px; margin: 0; padding: 0; }
.top nav a { display: block; padding: 6px 10px; border-radius: 6px; text-decoration: none; }
.top nav a:hover { background: rgba(255,255,255,.12); }
.top nav a[aria-current="page"] { background: rgba(255,255,255,.2); font-weight: 600; }
.account { margin-left: auto; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; font-size: 13px; }
.who { opacity: .92; }
form.inline { display: inline; margin: 0; }
button.link { background: none; border: none; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; color: var(--accent); }
main { max-width: 1280px; margin: 0 auto; padding: 20px; }
h1 { font-size: 22px; margin: 4px 0 16px; }
h2 { font-size: 17px; margin: 0 0 10px; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 16px; margin-bottom: 16px; }
.grid { display: grid; gap: 16px; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); align-items: start; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.small { font-size: 13px; }
.flash { padding: 10px 14px; border-radius: 8px; margin: 0 0 16px; }
.flash.ok { background: var(--ok-bg); color: var(--ok-ink); }
.flash.error { background: var(--error-bg); color: var(--error-ink); }
label { display: block; font-weight: 600; font-size: 13px; margin-bottom: 4px; }
input[type=text], input[type=email], input[type=password], input[type=date], input[type=search], select, textarea {
  width: 100%; font: inherit; padding: 8px 10px; border: 1px solid #8a96a3; border-radius: 6px; background: #fff; color: var(--ink); }
textarea { min-height: 84px; resize: vertical; }
.field { margin-bottom: 12px; }
.hint { font-size: 12.5px; color: var(--muted); margin: 4px 0 0; }
button, .button { display: inline-block; font: inherit; font-weight: 600; padding: 8px 16px; border-radius: 6px;
  border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
.button.secondary, button.secondary { background: #fff; color: var(--accent); }
.filters { display: grid; gap: 10px 14px; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); align-items: end; }
.filters .actions { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; grid-column: 1 / -1; }
details.card > summary { cursor: pointer; display: flex; align-items: center; gap: 6px;
  font-weight: 700; font-size: 17px; }
details.card > summary::before { content: "▸ "; color: var(--muted); }
details.card[open] > summary::before { content: "▾ "; }
details.card[open] > summary { margin-bottom: 12px; }
.row { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between; margin-bottom: 10px; }
.row h2 { margin: 0; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }
.chips a { display: inline-block; padding: 4px 10px; border-radius: 999px; background: var(--accent-soft);
  color: var(--accent); text-decoration: none; font-size: 13px; }
.chips a[aria-current="true"] { background: var(--accent); color: #fff; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-size: 12.5px; color: var(--muted); font-weight: 600; background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 999px; font-size: 12.5px; font-weight: 600;
  background: var(--brand-soft); color: var(--brand); white-space: nowrap; }
.badge.tip { background: #efe9f7; color: #4b2a7b; }
.badge.warn { background: var(--warn-bg); color: var(--warn-ink); }
.badge.late { background: var(--error-bg); color: var(--error-ink); }
.badge.done { background: #e9ecef; color: #3d4650; }
.ticket { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
dl.facts dt { color: var(--muted); font-size: 13px; }
dl.facts dd { margin: 0; }
.story { white-space: pre-wrap; margin: 0; }
.evidence { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); }
.evidence figure { margin: 0; border: 1px solid var(--border); border-radius: 8px; padding: 8px; background: #fafbfc; }
.evidence img, .evidence video { width: 100%; max-height: 260px; object-fit: contain; background: #e9ecef; border-radius: 4px; }
.evidence audio { width: 100%; }
.hash { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11.5px; word-break: break-all; color: var(--muted); }
.timeline { list-style: none; margin: 0; padding: 0; }
.timeline li { border-left: 3px solid var(--brand-soft); padding: 0 0 12px 12px; }
.timeline .when { font-size: 12.5px; color: var(--muted); }
.timeline .body { white-space: pre-wrap; background: #f6f8fa; border-radius: 6px; padding: 6px 10px; margin-top: 4px; }
.timeline li.reporter_message { border-left-color: #2e7d32; }
.timeline li.reply { border-left-color: var(--accent); }
.sealed { background: var(--warn-bg); color: var(--warn-ink); border-radius: 8px; padding: 10px 12px; }
.identity { background: #fff8e1; border: 1px solid #e0c46c; border-radius: 8px; padding: 10px 12px; }
.pager { display: flex; gap: 16px; margin-top: 12px; }
.card svg[role=img] { display: block; max-height: 280px; margin: 0 auto 8px; }
.stats { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); }
.token { font-family: ui-monospace, Menlo, Consolas, monospace; background: #f6f8fa; padding: 8px; border-radius: 6px; word-break: break-all; }
.login { max-width: 420px; margin: 40px auto; }
@media (max-width: 820px) {
  main { padding: 12px; }
  .grid { grid-template-columns: minmax(0, 1fr); }
  .account { margin-left: 0; }
  table.cards thead { display: none; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards tr { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; margin-bottom: 10px; padding: 6px 4px; }
  table.cards td { border: none; padding: 3px 10px; display: flex; gap: 10px; }
  table.cards td::before { content: attr(data-label); flex: 0 0 38%; color: var(--muted); font-size: 12.5px; }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dd { margin-bottom: 8px; }
}
`;
