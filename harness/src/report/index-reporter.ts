import { escapeHtml as h } from './escaping.js';
import { formatMs, formatNumber, formatPercent } from './format.js';
import type { RunIndexEntry } from './run-index-entry.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** Marks a page as faultline's run index, so a later run may safely rewrite it. */
export const INDEX_GENERATOR = 'faultline run index';

const CSS = `
:root { color-scheme: light dark; --muted: #64748b; --line: #e2e8f0; --pass: #15803d; --fail: #b91c1c; --warn: #b45309; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 0.2rem; }
p.meta { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.verdict { font-weight: 700; white-space: nowrap; }
.outcome-passed .verdict { color: var(--pass); }
.outcome-failed .verdict, .outcome-error .verdict { color: var(--fail); }
.outcome-inconclusive .verdict, .outcome-interrupted .verdict { color: var(--warn); }
.description { color: var(--muted); font-size: 0.85rem; max-width: 40rem; overflow-wrap: anywhere; }
ul.routes { margin: 0; padding: 0; list-style: none; }
`;

/**
 * `index.html` of a reports folder: every run, newest first, with its verdict, checks passed,
 * and p99 and error rate per route, each linking to the run's report.html. Needs no JavaScript.
 */
export function renderRunIndex(entries: readonly RunIndexEntry[]): string {
  const sorted = [...entries].sort(
    (a, b) => b.startedAt.localeCompare(a.startedAt) || a.href.localeCompare(b.href),
  );
  const rows = sorted.map(row).join('\n');
  const body =
    sorted.length === 0
      ? '<p>No runs were found in this folder.</p>'
      : `<table><thead><tr><th>Verdict</th><th>Scenario</th><th>Started (UTC)</th><th>Checks</th><th>Routes: p99 · error rate</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="${INDEX_GENERATOR}">
<title>faultline runs</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>faultline runs</h1>
<p class="meta">${sorted.length} run${sorted.length === 1 ? '' : 's'}, newest first.</p>
${body}
</main>
</body>
</html>
`;
}

function row(e: RunIndexEntry): string {
  const routes = e.routes
    .map((r) => `<li>${h(r.name)}: ${h(formatMs(r.p99Ms))} · ${h(formatPercent(r.errorRate))}</li>`)
    .join('');
  return `<tr class="run outcome-${h(e.outcome)}">
<td class="verdict">${h(e.outcome)} <small>(exit ${e.exitCode})</small></td>
<td><a href="${h(e.href)}">${h(e.scenario)}</a><div class="description">${h(e.description)}</div></td>
<td class="num">${h(e.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}<br><small>${h(formatNumber(e.durationS))} s measured</small></td>
<td class="num">${e.checksPassed} / ${e.checksTotal} passed</td>
<td><ul class="routes">${routes || '<li>no routes</li>'}</ul></td></tr>`;
}
