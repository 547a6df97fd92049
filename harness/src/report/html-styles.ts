/** The report page's stylesheet: readable without JavaScript, printable, light and dark. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #0f172a; --muted: #64748b; --bg: #ffffff; --panel: #f8fafc; --line: #e2e8f0;
  --pass: #15803d; --fail: #b91c1c; --warn: #b45309; --info: #334155; }
@media (prefers-color-scheme: dark) { :root { --fg: #e2e8f0; --muted: #94a3b8; --bg: #0b1120; --panel: #111827; --line: #1f2937; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; padding: 0 1.25rem 3rem; }
h1 { margin: 0.1rem 0 0.25rem; font-size: 1.7rem; overflow-wrap: anywhere; }
h2 { margin: 2.2rem 0 0.6rem; font-size: 1.25rem; border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; }
h2 small { font-weight: 400; color: var(--muted); font-size: 0.85rem; margin-left: 0.5rem; }
h3 { margin: 1rem 0 0.3rem; font-size: 1rem; color: var(--muted); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; }
.banner { padding: 1.25rem 1.5rem; margin: 0 -1.25rem; color: #fff; background: var(--info); }
.banner.outcome-passed { background: var(--pass); }
.banner.outcome-failed { background: var(--fail); }
.banner.outcome-inconclusive, .banner.outcome-interrupted { background: var(--warn); }
.banner.outcome-error { background: #7f1d1d; }
.banner .outcome { margin: 0; font-weight: 700; letter-spacing: 0.08em; }
.banner .exit { font-weight: 400; opacity: 0.8; margin-left: 0.6rem; letter-spacing: 0; }
.banner .description { margin: 0.2rem 0; max-width: 75ch; overflow-wrap: anywhere; }
.banner .meta { margin: 0.4rem 0 0; opacity: 0.85; font-size: 0.85rem; }
.banner .errors { margin: 0.6rem 0 0; padding: 0.5rem 0.5rem 0.5rem 1.6rem; background: rgba(0, 0, 0, 0.25); border-radius: 4px; }
.banner .errors li { white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); font-weight: 600; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.icon { font-weight: 700; width: 1.5rem; text-align: center; }
tr.status-pass td.icon { color: var(--pass); }
tr.status-fail td.icon { color: var(--fail); }
tr.status-error td.icon { color: var(--warn); }
tr.status-fail { background: rgba(185, 28, 28, 0.06); }
.kind { color: var(--muted); font-size: 0.8rem; }
td.evidence { color: var(--muted); overflow-wrap: anywhere; max-width: 32rem; }
.chart { position: relative; width: 100%; margin: 0.25rem 0 0.75rem; }
.chart-head { display: flex; align-items: baseline; justify-content: space-between; }
.log-toggle { font-size: 0.85rem; color: var(--muted); cursor: pointer; }
.totals, .note { color: var(--muted); font-size: 0.9rem; margin: 0.2rem 0; }
.health { color: var(--muted); font-size: 0.85rem; }
table.run { width: auto; }
table.run th { font-weight: 500; color: var(--muted); padding-right: 2rem; }
pre.source { background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 0.8rem 1rem; overflow: auto; max-height: 36rem; }
table.blast th { white-space: nowrap; }
table.blast td.blast-hit { background: rgba(220, 38, 38, 0.14); }
table.blast td.blast-noticed { background: rgba(245, 158, 11, 0.14); }
table.blast .delta { color: var(--muted); font-size: 0.8rem; }
@media print { .chart { break-inside: avoid; } .log-toggle { display: none; } }
`;
