import { describeFault } from '../faults/index.js';
import { plannedRequests } from '../load/index.js';
import { edgeName, edgesOf, proxyName, type Mesh } from '../mesh/index.js';
import { formatDuration, type Scenario } from '../scenario/index.js';
import { faultChart } from './fault-chart.js';
import { checksText, phaseSpan } from './plan-checks.js';

/**
 * What `faultline run` would do with a valid scenario, as text, without doing any of it: the
 * services and the proxy on each edge, the load per route, the fault timeline as a chart, and
 * every check with the part of the run it judges. Pure: a function of the scenario and its mesh.
 */
export function planText(scenario: Scenario, mesh: Mesh): string {
  const { load } = scenario;
  const out: string[] = [];
  out.push(`plan of scenario "${scenario.name}" (${scenario.file}), seed ${scenario.seed}`);
  if (scenario.description) out.push(indent(wrap(scenario.description.trim(), 96)));
  out.push('', `services (mesh "${mesh.name}", load enters at ${mesh.entry}):`);
  for (const s of mesh.services) {
    const ups = Object.keys(s.upstreams);
    out.push(`  ${s.name.padEnd(14)}${s.command.join(' ')}${ups.length ? `  → ${ups.join(', ')}` : ''}`);
  }
  const edges = edgesOf(mesh);
  out.push('', `proxies (one per edge, ${edges.length}):`);
  for (const e of edges) {
    const variable = mesh.services.find((s) => s.name === e.caller)?.upstreams[e.upstream] ?? '?';
    out.push(
      `  ${edgeName(e).padEnd(26)}proxy ${proxyName(e).padEnd(24)}${e.caller}'s ${variable} points at it`,
    );
    const found = mesh.compose?.edges.find((c) => c.caller === e.caller && c.upstream === e.upstream);
    // A compose file's edges are found, not declared: say where each one was seen.
    for (const why of found?.why ?? [])
      out.push(`${''.padEnd(28)}found in ${e.caller}'s environment: ${why}`);
  }
  if (mesh.compose?.warnings.length) {
    out.push('', `not run from ${mesh.compose.file} (warnings):`);
    for (const w of mesh.compose.warnings) out.push(`  ${w.line}:${w.col} ${w.path}: ${w.message}`);
  }
  out.push(
    '',
    `load: ${formatDuration(load.warmupMs)} warm-up (not recorded), then ${formatDuration(load.durationMs)} measured`,
  );
  for (const r of load.routes) {
    const planned = plannedRequests(r, load.durationMs);
    const profile =
      r.executor === 'connections'
        ? `${r.connections} conns`
        : r.executor === 'ramping-arrival-rate'
          ? `≤ ${r.rate} req/s`
          : `${r.rate} req/s`;
    const count =
      planned === undefined ? 'a closed loop: as many as are answered' : `≈ ${planned} requests measured`;
    out.push(
      `  ${r.name.padEnd(14)}${`${r.method} ${r.path}`.padEnd(30)}${profile.padEnd(12)}` +
        `timeout ${formatDuration(r.timeoutMs).padEnd(7)}${count}${r.body === undefined ? '' : ', with a body'}`,
    );
  }
  out.push('');
  if (scenario.faults.length === 0) out.push('faults: none (every second is baseline)');
  else {
    out.push(`faults (offsets from the end of warm-up; ${phaseSummary(scenario)}):`);
    out.push(indent(faultChart(scenario.faults, load.durationMs, describeFault)));
  }
  out.push('', 'checks:', ...checksText(scenario));
  return out.join('\n');
}

function phaseSummary(s: Scenario): string {
  return ['baseline', 'fault', 'recovery'].map((p) => `${p} ${phaseSpan(p, s)}`).join(', ');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
