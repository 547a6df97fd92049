import { escapeHtml } from '../report/index.js';
import type { CellStatus, ExploreCell, ExploreResults, ExploreRow } from './explore-model.js';
import { describeReadings } from './row-instrument.js';

const LABEL: Record<CellStatus, string> = {
  pass: '✓ pass',
  degraded: '◐ degraded',
  fail: '✗ fail',
  inconclusive: '? inconclusive',
};

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}
td.pass{background:#d9f2d9}td.degraded{background:#fff1c2}td.fail{background:#f8d0d0}td.inconclusive{background:#e6dcf5}
summary{cursor:pointer;font-weight:600}dl{margin:4px 0;display:grid;grid-template-columns:auto auto;gap:0 8px}
dt{color:#555}dd{margin:0}svg{display:block;margin-top:4px}.note{color:#555}code{font-size:12px}`;

/**
 * The resilience map as one self-contained HTML page: a table of faults × routes, each cell
 * coloured by its status and opening to its numbers and a chart of the route's p99 per second
 * around the fault. Every text from the map is escaped. Pure.
 */
export function renderExploreHtml(r: ExploreResults): string {
  const head = r.routes.map((route) => `<th>${escapeHtml(route)}</th>`).join('');
  const rows = r.rows.map((row) => rowHtml(row, r.routes)).join('\n');
  const left = r.leftOut.length
    ? `<h2>Left out</h2><ul>${r.leftOut.map((l) => `<li><code>${escapeHtml(l.id)}</code>: ${escapeHtml(l.reason)}</li>`).join('')}</ul>`
    : '';
  const pairs = r.pairs
    ? `<h2>Pairs</h2><p>${r.pairs.tried} tried, ${r.pairs.skipped.length} skipped</p><ul>${r.pairs.skipped
        .map((p) => `<li><code>${escapeHtml(p.id)}</code>: ${escapeHtml(p.reason)}</li>`)
        .join('')}</ul>`
    : '';
  const errors = r.errors.length
    ? `<h2>Errors</h2><ul>${r.errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`
    : '';
  const steady = Object.entries(r.steadyState)
    .map(([route, exprs]) => `<code>${escapeHtml(route)}</code>: ${escapeHtml(exprs.join(', '))}`)
    .join('; ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>faultline explore: ${escapeHtml(r.scenario.name)}</title>
<style>${STYLE}</style></head><body>
<h1>Resilience map: ${escapeHtml(r.scenario.name)}</h1>
<p>Outcome <strong>${escapeHtml(r.outcome)}</strong> (exit ${r.exitCode}) · mesh ${escapeHtml(r.mesh)} on ${escapeHtml(r.platform)} · seed ${r.seed} · each fault held ${r.settings.holdMs / 1000} s · mesh restarts ${r.restarts}</p>
<p class="note">Steady state: ${steady}</p>
<table><thead><tr><th>fault</th>${head}<th>recovery</th><th>blast radius</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${pairs}${left}${errors}
</body></html>
`;
}

function rowHtml(row: ExploreRow, routes: readonly string[]): string {
  const cells = routes
    .map((route) => {
      const cell = row.cells.find((c) => c.route === route);
      if (!cell) return `<td class="${row.status}">${LABEL[row.status]}</td>`;
      return `<td class="${cell.status}">${cellHtml(cell)}</td>`;
    })
    .join('');
  const notes = [
    row.effect.confirmed ? '' : 'fault not confirmed to take effect',
    row.restarted ? 'mesh restarted after it' : '',
    ...(row.instrument?.tooBusy ?? []),
    row.error ?? '',
  ].filter(Boolean);
  const quality = row.instrument
    ? `<li class="note">measurement quality: ${escapeHtml(describeReadings(row.instrument.readings))}</li>`
    : '';
  const replay = row.replay ? `<br><a href="${escapeHtml(row.replay)}">${escapeHtml(row.replay)}</a>` : '';
  const recovery = row.recoveryMs === null ? 'none' : `${(row.recoveryMs / 1000).toFixed(1)} s`;
  return `<tr><th><details><summary>${escapeHtml(row.id)}</summary><ul>${row.effect.evidence
    .map((e) => `<li class="note">${escapeHtml(e)}</li>`)
    .join(
      '',
    )}${quality}</ul></details>${notes.map((n) => `<div class="note">${escapeHtml(n)}</div>`).join('')}${replay}</th>${cells}<td>${recovery}</td><td>${escapeHtml(row.blastRadius.join(', ') || '—')}</td></tr>`;
}

function cellHtml(c: ExploreCell): string {
  const ms = (v: number | null): string => (v === null ? 'n/a' : `${v.toFixed(1)} ms`);
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(2)} %`);
  const signed = (v: number | null, f: (v: number | null) => string): string =>
    v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${f(v)}`;
  return `<details><summary>${LABEL[c.status]}</summary><dl>
<dt>p99</dt><dd>${ms(c.during.p99Ms)} (${signed(c.addedP99Ms, ms)})</dd>
<dt>errors</dt><dd>${pct(c.during.errorRate)} (${signed(c.addedErrorRate, pct)})</dd>
<dt>fallbacks</dt><dd>${c.during.degraded}</dd>
<dt>requests</dt><dd>${c.during.requests}</dd>
<dt>recovery</dt><dd>${c.recoveryMs === null ? 'none' : `${(c.recoveryMs / 1000).toFixed(1)} s`}</dd>
</dl><div class="note">${escapeHtml(c.evidence)}</div>${chart(c)}</details>`;
}

/** p99 per second around the fault (t = 0 the second it was applied), as an inline SVG line. */
function chart(c: ExploreCell): string {
  const points = c.series.filter((p) => p.p99Ms !== null);
  if (points.length < 2) return '';
  const w = 220;
  const h = 60;
  const t0 = c.series[0]!.t;
  const span = Math.max(1, c.series[c.series.length - 1]!.t - t0);
  const max = Math.max(1, ...points.map((p) => p.p99Ms!));
  const xy = points.map(
    (p) => `${(((p.t - t0) / span) * w).toFixed(1)},${(h - (p.p99Ms! / max) * h).toFixed(1)}`,
  );
  const x0 = ((-t0 / span) * w).toFixed(1);
  return `<svg width="${w}" height="${h + 12}" role="img" aria-label="p99 per second"><line x1="${x0}" y1="0" x2="${x0}" y2="${h}" stroke="#c00" stroke-dasharray="3"/><polyline fill="none" stroke="#246" points="${xy.join(' ')}"/><text x="0" y="${h + 11}" font-size="10">p99 per second, max ${max.toFixed(0)} ms; red: fault applied</text></svg>`;
}
