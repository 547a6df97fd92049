import type { BlastRadius, RunResults, Verdict, WindowStats } from '../results/index.js';
import { escapeHtml as h } from './escaping.js';
import { STATUS_ICON, formatMeasured, formatMs, formatNumber, formatPercent } from './format.js';

/** Verdict kinds that time how fast the system noticed a fault and got over it. */
const TIMING_KINDS = /^(breaker|recovery|detection)/;

/**
 * (5) Blast radius and recovery: the faults × routes matrix (p99 and error rate during each fault
 * against the baseline) and the detection and recovery times, each when the results carry them.
 */
export function impactSection(r: RunResults): string {
  // Absent in results written before the matrix existed: the section then shows the timings only.
  const blast = r.blastRadius;
  const timings = r.verdicts.filter((v) => TIMING_KINDS.test(v.kind));
  if (!blast && timings.length === 0) return '';
  const parts: string[] = [];
  if (blast && blast.faults.length > 0 && blast.routes.length > 0) parts.push(matrix(blast));
  if (timings.length > 0) parts.push(timingTable(timings));
  if (parts.length === 0) parts.push('<p>No fault took effect, so nothing could reach any route.</p>');
  return `<section id="impact"><h2>Blast radius and recovery</h2>\n${parts.join('\n')}</section>`;
}

function matrix(b: BlastRadius): string {
  const head = b.routes.map((route) => `<th>${h(route)}</th>`).join('');
  const baseline = b.routes.map((route) => `<td class="num">${stats(b.baseline[route])}</td>`).join('');
  const rows = b.faults
    .map((row) => {
      const cells = b.routes
        .map((route) => {
          const c = row.cells.find((x) => x.route === route);
          if (!c) return '<td class="num">—</td>';
          return `<td class="num blast-${severity(c.deltaErrorRate, c.deltaP99Ms, b.baseline[route]?.p99Ms ?? null)}">${stats(c.during)}<div class="delta">${delta(c.deltaP99Ms, c.deltaErrorRate)}</div></td>`;
        })
        .join('');
      const window = `${formatNumber(row.startMs / 1000)}–${formatNumber(row.endMs / 1000)} s`;
      return `<tr class="blast-row"><th>${h(row.fault)}<div class="kind">${h(window)}</div></th>${cells}</tr>`;
    })
    .join('\n');
  return `<h3>Blast radius: p99 and error rate of each route during each fault</h3>
<table class="blast"><thead><tr><th>Fault \\ route</th>${head}</tr></thead>
<tbody><tr class="blast-baseline"><th>baseline</th>${baseline}</tr>
${rows}</tbody></table>
<p class="note">Δ against the baseline (the seconds before the first fault). Red: the route was hit (error rate up by 1 point or more, or p99 doubled); amber: it noticed.</p>`;
}

function stats(s: WindowStats | undefined): string {
  if (!s || s.p99Ms === null || s.errorRate === null) return 'no traffic';
  return `p99 ${h(formatMs(s.p99Ms))} · ${h(formatPercent(s.errorRate))}`;
}

function delta(p99: number | null, errorRate: number | null): string {
  const sign = (n: number): string => (n > 0 ? '+' : n < 0 ? '−' : '±');
  const p = p99 === null ? 'Δp99 n/a' : `Δp99 ${sign(p99)}${formatMs(Math.abs(p99))}`;
  const e =
    errorRate === null ? 'Δerr n/a' : `Δerr ${sign(errorRate)}${formatNumber(Math.abs(errorRate) * 100)} pt`;
  return h(`${p} · ${e}`);
}

function severity(deltaErr: number | null, deltaP99: number | null, baseP99: number | null): string {
  const errUp = deltaErr ?? 0;
  const slower = deltaP99 !== null && baseP99 !== null && baseP99 > 0 ? deltaP99 / baseP99 : 0;
  if (errUp >= 0.01 || slower >= 1) return 'hit';
  if (errUp > 0 || slower >= 0.25) return 'noticed';
  return 'clear';
}

function timingTable(verdicts: readonly Verdict[]): string {
  const rows = verdicts
    .map(
      (v) =>
        `<tr class="timing status-${h(v.status)}"><td class="icon">${STATUS_ICON[v.status]}</td><td>${h(v.name)}<div class="kind">${h(v.kind)}</div></td><td class="num">${h(formatMeasured(v))}</td><td class="num">${h(v.limit)}</td></tr>`,
    )
    .join('\n');
  return `<h3>Detection and recovery times</h3>
<table class="timings"><thead><tr><th></th><th>Check</th><th>Measured</th><th>Limit</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
