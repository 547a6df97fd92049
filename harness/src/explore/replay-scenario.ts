import { isAbsolute, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseSlo } from '../checks/index.js';
import { formatDuration, type FaultSpec, type Scenario } from '../scenario/index.js';
import type { ExploreRow } from './explore-model.js';

/** The file name of a row's replay scenario: `replay-latency-orders-payments.yaml`. */
export function replayFileName(row: ExploreRow): string {
  return `replay-${row.id.replace(/->/g, '-').replace(/[^A-Za-z0-9._-]+/g, '-')}.yaml`;
}

/**
 * A failing row as a minimal scenario that `faultline run` replays: the scenario's own routes
 * (as written), a settle window, the one fault held as long as explore held it, another settle
 * window, and each failing route's SLO as thresholds over the fault phase (for a route that must
 * stay unaffected, no fallback answers either). The steady state is not repeated as `slo:`: a
 * baseline missed on a cold start would make the replay inconclusive rather than failed. `meshPath` is where the mesh file lives, made relative to `outDir`. Pure.
 */
export function replayScenario(
  row: ExploreRow,
  scenario: Scenario,
  steadyState: Record<string, string[]>,
  opts: { settleMs: number; holdMs: number; meshPath: string; outDir: string; unaffected: readonly string[] },
): string {
  const thresholds: Record<string, string[]> = {};
  for (const cell of row.cells.filter((c) => c.status === 'fail')) {
    for (const term of parseSlo(cell.route, steadyState[cell.route] ?? [])) {
      const key = `${term.key.metric}{route:${cell.route},phase:fault}`;
      (thresholds[key] ??= []).push(term.expression.source);
    }
    if (opts.unaffected.includes(cell.route) && cell.during.degraded > 0)
      thresholds[`http_req_degraded{route:${cell.route},phase:fault}`] = ['rate==0'];
  }
  return `# Written by faultline explore: \`faultline run <this file>\` reproduces the failure.\n${cellScenario(
    [row.fault, ...(row.pair ? [row.pair] : [])],
    scenario,
    thresholds,
    {
      ...opts,
      name: `replay-${row.id.replace(/->/g, '-').replace(/[^A-Za-z0-9._-]+/g, '-')}`,
      description: `Replays the failing cell "${row.id}" of faultline explore on ${scenario.name}: ${row.blastRadius.join(', ')} missed the steady state.`,
    },
  )}`;
}

/**
 * One cell of an exploration as a scenario of its own: the scenario's routes as written, a
 * warm-up plus a settle window, the faults held for `holdMs`, another settle window, and the
 * given thresholds. Pure.
 */
export function cellScenario(
  faults: readonly FaultSpec[],
  scenario: Scenario,
  thresholds: Record<string, string[]>,
  opts: {
    settleMs: number;
    holdMs: number;
    meshPath: string;
    outDir: string;
    name: string;
    description: string;
  },
): string {
  const source = parse(scenario.source) as { load?: { routes?: unknown } };
  const mesh =
    scenario.mesh === 'sample'
      ? 'sample'
      : isAbsolute(opts.meshPath)
        ? relative(opts.outDir, opts.meshPath)
        : opts.meshPath;
  const doc = {
    name: opts.name,
    description: opts.description,
    mesh,
    seed: scenario.seed,
    load: {
      // The exploration judged a warm mesh: the replay warms up for the settle window as well.
      warmup: formatDuration(scenario.load.warmupMs + opts.settleMs),
      duration: formatDuration(opts.settleMs * 2 + opts.holdMs),
      routes: source.load?.routes ?? [],
    },
    faults: faults.map((f) => faultYaml(f, opts.settleMs, opts.holdMs)),
    checks: { thresholds },
  };
  return stringify(doc, { lineWidth: 0 });
}

function faultYaml(f: FaultSpec, atMs: number, forMs: number): Record<string, unknown> {
  const head = { name: f.name, type: f.type, at: formatDuration(atMs), for: formatDuration(forMs) };
  switch (f.type) {
    case 'latency':
      return { ...head, edge: f.edge, latency: formatDuration(f.latencyMs) };
    case 'reset_peer':
      return { ...head, edge: f.edge, timeout: formatDuration(f.timeoutMs) };
    case 'http_error':
      // The fault as explore enumerates it: every request on the edge, answered `status`.
      return { ...head, edge: f.edge, status: f.status };
    case 'crash':
      return { ...head, service: f.service, restart: f.restart };
    case 'freeze':
      return { ...head, service: f.service };
    default:
      return { ...head, edge: 'edge' in f ? f.edge : '' };
  }
}
