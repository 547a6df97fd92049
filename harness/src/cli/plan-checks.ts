import type { BreakerCheck, BreakerMetric, ParsedThreshold } from '../checks/index.js';
import { describeExpectation } from '../probes/index.js';
import { formatDuration, type Scenario } from '../scenario/index.js';

/** Where a check's second line starts, under the text after `  kind: `. */
const CONTINUATION = ' '.repeat(10);

/**
 * The `checks:` part of a plan: every check the run will judge, one entry each, with the part of
 * the run it judges — steady state, thresholds, breakers, recovery, isolation, metric checks and probes,
 * in the order the verdicts come. `none` only when there is none of them. Pure.
 */
export function checksText(scenario: Scenario): string[] {
  const { checks } = scenario;
  const out: string[] = [];
  for (const [route, terms] of Object.entries(scenario.slo ?? {})) {
    out.push(
      `  steady state: route ${route} ${sources(terms)}`,
      `${CONTINUATION}judged over the baseline phase (${phaseSpan('baseline', scenario)}); missing it makes the run inconclusive`,
    );
  }
  for (const [key, entry] of Object.entries(checks.thresholds)) {
    const line = `${key} ${entry.expressions.map((e) => e.source).join(', ')}`;
    out.push(`  ${line.padEnd(64)} judged over ${judgedOver(entry.key.tags, scenario)}`);
  }
  for (const b of checks.breakers ?? []) out.push(...breakerLines(b));
  for (const r of checks.recovery ?? []) {
    const from = r.fault === undefined ? 'the end of the last fault' : `the end of fault "${r.fault}"`;
    out.push(
      `  recovery: route ${r.route} meets ${sources(r.slo)} for ${r.consecutive} s in a row, starting within ${formatDuration(r.withinMs)}`,
      `${CONTINUATION}judged from ${from}`,
    );
  }
  for (const c of checks.isolation ?? []) {
    const routes = c.unaffected.length === 1 ? 'route' : 'routes';
    const during = c.fault === undefined ? 'each fault' : `fault "${c.fault}"`;
    out.push(
      `  isolation: ${routes} ${c.unaffected.join(', ')} keep${c.unaffected.length === 1 ? 's' : ''} ${c.unaffected.length === 1 ? 'its' : 'their'} SLO`,
      `${CONTINUATION}judged over the window of ${during}`,
    );
  }
  for (const m of checks.metrics ?? []) {
    const window =
      m.fault === undefined
        ? m.during === 'run'
          ? 'the whole run'
          : `phase ${m.during}`
        : `fault "${m.fault}"`;
    const named = m.name === m.expr ? '' : `${m.name}: `;
    out.push(`  metric: ${named}${m.expr} ${m.expect.source}`, `${CONTINUATION}judged over ${window}`);
  }
  for (const p of checks.probes ?? []) {
    const what = p.http ? `GET ${p.http.url}` : `\`${p.command!.argv.join(' ')}\``;
    out.push(
      `  probe: ${p.name} ${what} every ${formatDuration(p.everyMs)}`,
      ...Object.entries(p.expect).map(
        ([phase, e]) => `${CONTINUATION}${phase}: every sample ${describeExpectation(e)}`,
      ),
    );
  }
  return out.length === 0 ? ['  none'] : out;
}

function breakerLines(b: BreakerCheck): string[] {
  const faults = b.fault === undefined ? `each fault into ${b.upstream}` : `fault "${b.fault}"`;
  const failFast = b.failFast
    ? `; while open, route ${b.failFast.route} fails fast (p${b.failFast.percentile} < ${formatDuration(b.failFast.limitMs)})`
    : '';
  return [
    `  breaker: ${b.service}->${b.upstream} opens within ${formatDuration(b.opensWithinMs)} and closes within ${formatDuration(b.closesWithinMs)} of its end${failFast}`,
    `${CONTINUATION}judged for ${faults}, read from ${describeMetric(b.metric)}`,
  ];
}

/** `circuit_breaker_state{upstream="payments"} (closed 0, open 1, half-open 2)` */
function describeMetric(m: BreakerMetric): string {
  const labels = Object.entries(m.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  const states = [
    `closed ${m.states.closed}`,
    `open ${m.states.open}`,
    ...(m.states.halfOpen === undefined ? [] : [`half-open ${m.states.halfOpen}`]),
  ].join(', ');
  const how = m.stateLabel === undefined ? states : `label ${m.stateLabel}: ${states}`;
  return `${m.name}${labels.length ? `{${labels.join(',')}}` : ''} (${how})`;
}

function sources(terms: readonly ParsedThreshold[]): string {
  return terms.map((t) => t.expression.source).join(', ');
}

function judgedOver(tags: { phase?: string; fault?: string }, s: Scenario): string {
  const parts: string[] = [];
  if (tags.phase) parts.push(`the ${tags.phase} phase (${phaseSpan(tags.phase, s)})`);
  if (tags.fault) {
    const f = s.faults.find((x) => x.name === tags.fault);
    parts.push(
      `fault "${tags.fault}"${f ? ` (${formatDuration(f.atMs)}–${formatDuration(f.atMs + f.forMs)})` : ''}`,
    );
  }
  if (parts.length === 0) parts.push(`the whole run (0s–${formatDuration(s.load.durationMs)})`);
  return parts.join(' and ');
}

/** When a phase runs, from the scenario's fault timeline. */
export function phaseSpan(phase: string, s: Scenario): string {
  if (s.faults.length === 0)
    return phase === 'baseline' ? `0s–${formatDuration(s.load.durationMs)}` : 'never';
  const first = Math.min(...s.faults.map((f) => f.atMs));
  const last = Math.max(...s.faults.map((f) => f.atMs + f.forMs));
  if (phase === 'baseline') return `0s–${formatDuration(first)}`;
  if (phase === 'recovery') return `${formatDuration(last)}–${formatDuration(s.load.durationMs)}`;
  return `${formatDuration(first)}–${formatDuration(last)} while a fault is active`;
}
