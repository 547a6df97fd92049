import type { RunResults, Verdict } from '../results/index.js';
import { escapeHtml as h } from './escaping.js';
import {
  STATUS_ICON,
  formatActual,
  formatMeasured,
  formatMs,
  formatNumber,
  formatParams,
  formatPercent,
  formatScheduled,
  runTitle,
} from './format.js';
import type { ReportModel } from './report-model.js';
import type { RouteTotals } from './route-totals.js';

/** (1) The verdict banner: outcome, scenario name and description, harness errors and warnings. */
export function bannerSection(r: RunResults): string {
  const warnings = r.warnings ?? [];
  const errors =
    (r.errors.length ? `<ul class="errors">${r.errors.map((e) => `<li>${h(e)}</li>`).join('')}</ul>` : '') +
    (warnings.length
      ? `<ul class="errors warnings">${warnings.map((w) => `<li>warning: ${h(w)}</li>`).join('')}</ul>`
      : '');
  return `<header class="banner outcome-${h(r.outcome)}">
<p class="outcome">${h(r.outcome.toUpperCase())} <span class="exit">exit code ${r.exitCode}</span></p>
<h1>${h(runTitle(r))}</h1>
<p class="description">${h(r.scenario.description)}</p>
<p class="meta">run ${h(r.run.id)} · started ${h(r.run.startedAt)} · ${formatNumber(r.run.durationMs / 1000)} s measured · platform ${h(r.run.platform)}</p>
${instrumentLine(r)}${errors}</header>`;
}

/** The harness's own measurement quality, as the instrument verdicts judged it. */
function instrumentLine(r: RunResults): string {
  const i = r.instrument;
  if (!i) return '';
  const ms = (v: number | null): string => (v === null ? 'n/a' : `${formatNumber(v)} ms`);
  const parts = [
    `send lag p99 ${ms(i.sendLagP99Ms)}`,
    `runner loop delay p99 ${ms(i.runnerLoopDelayP99Ms)}`,
    `proxy loop delay p99 ${ms(i.proxyLoopDelayP99Ms)}`,
    `load per core ${i.loadPerCore === null ? 'n/a' : formatNumber(i.loadPerCore)}`,
    `ready to run per core ${i.runnablePerCore === null || i.runnablePerCore === undefined ? 'n/a' : formatNumber(i.runnablePerCore)}`,
    `CPU steal ${i.stealShare === null ? 'n/a' : `${formatNumber(i.stealShare * 100)} %`}`,
  ];
  return `<p class="meta instrument">measurement quality: ${h(parts.join(' · '))}</p>\n`;
}

/** (2) The checks table, readable without JavaScript. */
export function checksSection(verdicts: readonly Verdict[]): string {
  if (verdicts.length === 0)
    return `<section id="checks"><h2>Checks</h2><p>No checks were evaluated.</p></section>`;
  const rows = verdicts
    .map(
      (v) => `<tr class="check status-${h(v.status)}" data-id="${h(v.id)}">
<td class="icon" title="${h(v.status)}">${STATUS_ICON[v.status]}</td><td><code>${h(v.name)}</code><div class="kind">${h(v.kind)}</div></td>
<td class="num">${h(formatMeasured(v))}</td><td class="num">${h(v.limit)}</td><td>${h(v.phase ?? 'all')}</td><td class="evidence">${h(v.evidence)}</td></tr>`,
    )
    .join('\n');
  const count = (s: Verdict['status']): number => verdicts.filter((v) => v.status === s).length;
  return `<section id="checks"><h2>Checks <small>${count('pass')} passed · ${count('fail')} failed · ${count('error')} not evaluated</small></h2>
<table class="checks"><thead><tr><th></th><th>Check</th><th>Measured</th><th>Limit</th><th>Phase</th><th>Evidence</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

/** (3) The fault timeline: a lane chart on the shared x-axis plus the lanes as a table. */
export function faultsSection(r: RunResults, model: ReportModel): string {
  if (r.faults.length === 0)
    return `<section id="faults"><h2>Fault timeline</h2><p>No faults were scheduled.</p></section>`;
  const rows = r.faults
    .map(
      (
        f,
        i,
      ) => `<tr class="fault-lane" data-lane="${i}"><td>${h(f.name)}</td><td>${h(f.type)}</td><td><code>${h(f.target)}</code></td>
<td>${h(formatParams(f.params) || '—')}</td><td class="num">${h(formatScheduled(f))}</td><td class="num">${h(formatActual(f))}</td></tr>`,
    )
    .join('\n');
  const height = 90 + 52 * model.faults.length;
  return `<section id="faults"><h2>Fault timeline</h2>
${canvas('timeline', 'Fault timeline: one lane per fault, scheduled and actual windows', height)}
<p class="note">Grey bars: scheduled · orange bars: in effect · solid line: injected · dashed line: reverted. Charts below shade the same windows.</p>
<table class="faults"><thead><tr><th>Fault</th><th>Type</th><th>Target</th><th>Parameters</th><th>Scheduled</th><th>Actual</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

/** (4) Per route: totals, throughput, latency and error-kind charts. */
export function routesSection(totals: readonly RouteTotals[], model: ReportModel): string {
  const sections = totals.map((t, i) => {
    const name = h(t.route.name);
    return `<section class="route" id="route-${i}"><h2>Route ${name} <code>${h(`${t.route.method} ${t.route.path}`)}</code></h2>
<p class="totals">${t.sent} sent of ${t.offered} offered at ${formatNumber(t.route.rate)}/s · ${t.ok} ok · ${t.failed} failed (${formatPercent(t.errorRate)}) · p50 ${formatMs(t.latency.p50)} · p95 ${formatMs(t.latency.p95)} · p99 ${formatMs(t.latency.p99)} · max ${formatMs(t.latency.max)}</p>
<h3>Requests per second</h3>
${canvas(`throughput-${i}`, `Offered and achieved requests per second of route ${t.route.name}`, 240, { chart: 'throughput', route: i })}
<div class="chart-head"><h3>Latency</h3><label class="log-toggle" hidden><input type="checkbox" data-log-for="latency-${i}"> log scale</label></div>
${canvas(`latency-${i}`, `Latency percentiles of route ${t.route.name}`, 260, { chart: 'latency', route: i })}
<h3>Errors by kind</h3>
${canvas(`errors-${i}`, `Error rate by kind (4xx, 5xx, timeout, connection) of route ${t.route.name}`, 200, { chart: 'errors', route: i })}
</section>`;
  });
  const note =
    model.bucketS > 1
      ? `<p class="note">Each point merges ${model.bucketS} s; percentiles come from the merged histograms.</p>`
      : '';
  const body = sections.length ? sections.join('\n') : '<h2>Routes</h2><p>No routes were driven.</p>';
  return `<div id="routes">${note}${body}</div>`;
}

/** (5) Circuit-breaker states per service and upstream, and service up/down. */
export function breakersSection(model: ReportModel): string {
  const parts: string[] = [];
  if (model.breakers.length > 0) {
    parts.push(`<h3>Circuit breakers</h3>
${canvas('breakers', 'Circuit-breaker state per service and upstream', 220)}`);
  }
  if (model.services.length > 0) {
    const height = 80 + 30 * model.services.length;
    parts.push(`<h3>Service health</h3>
${canvas('services', 'Service up and down over time', height)}
<ul class="health">${model.services
      .map(
        (s) =>
          `<li>${h(s.service)}: ${s.down.length === 0 ? 'up throughout' : `down ${s.down.map(([a, b]) => `${formatNumber(a)}–${formatNumber(b)} s`).join(', ')}`}</li>`,
      )
      .join('')}</ul>`);
  }
  const body = parts.length ? parts.join('\n') : '<p>No service observations were recorded.</p>';
  return `<section id="services"><h2>Breakers and services</h2>\n${body}</section>`;
}

/** (6) The scenario source as written, its seed, versions and machine. */
export function runSection(r: RunResults): string {
  const rows: [string, string][] = [
    ['Scenario file', r.scenario.file],
    ['Seed', String(r.scenario.seed)],
    ['Run id', r.run.id],
    ['Started (t = 0)', r.run.startedAt],
    ['Ended', r.run.endedAt],
    ['Warm-up', `${formatNumber(r.run.warmupMs / 1000)} s`],
    ['Measured', `${formatNumber(r.run.durationMs / 1000)} s`],
    ['Platform', r.run.platform],
    ['faultline', r.run.faultlineVersion],
    ['Node.js', r.run.node],
    ['OS', r.run.os],
    ['CPUs', String(r.run.cpus)],
    ['Results schema', String(r.schemaVersion)],
  ];
  return `<section id="run"><h2>Scenario and run</h2>
<table class="run">${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</table>
<pre class="source"><code>${h(r.scenario.source)}</code></pre></section>`;
}

function canvas(
  id: string,
  label: string,
  height: number,
  data: Record<string, string | number> = {},
): string {
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${h(String(v))}"`)
    .join('');
  return `<div class="chart" style="height:${height}px"><canvas id="chart-${id}" role="img" aria-label="${h(label)}"${attrs}></canvas></div>`;
}
