import { secondOverlaps, type Verdict } from '../results/index.js';
import { seconds as fmtS } from './breaker-states.js';
import type { IsolationCheck, SloMap } from './check-specs.js';
import { judgeWindow, type SloInput } from './evaluate-steady-state.js';
import { appliedWindow, faultLabel, pickFaults } from './fault-selection.js';
import { unitOf } from './metrics.js';

/**
 * Fault isolation: each route in `unaffected` meets its SLO (from `slo`) over each fault's
 * window — the seconds overlapping it — as one window per fault. One `isolation` verdict per
 * route, fault and SLO expression. Pure.
 */
export function evaluateIsolation(
  input: SloInput,
  checks: readonly IsolationCheck[],
  slo: SloMap,
): Verdict[] {
  return checks.flatMap((check) =>
    check.unaffected.flatMap((route) => {
      const idBase = `isolation:${route}`;
      const expressions = slo[route];
      const err = (suffix: string, evidence: string): Verdict => ({
        id: `${idBase}${suffix}`,
        kind: 'isolation',
        name: `isolation: route ${route}${suffix ? ` during ${suffix.slice(1)}` : ''}`,
        status: 'error',
        measured: null,
        unit: '',
        limit: '',
        evidence,
      });
      if (!expressions || expressions.length === 0)
        return [err('', `route ${route} has no SLO in the scenario's slo: map`)];
      const { picked, missing } = pickFaults(input.faults, check.fault, () => true);
      if (missing !== undefined) return [err(`:${missing}`, `the run has no fault named "${missing}"`)];
      if (picked.length === 0)
        return [err('', 'the run has no faults, so there is nothing to be isolated from')];
      return picked.flatMap((f) => {
        const w = appliedWindow(f);
        if (!w) return [err(`:${f.name}`, `${faultLabel(f)} never took effect, so nothing to judge`)];
        const window = { name: f.name, startMs: w.startMs, endMs: w.endMs };
        const chosen = input.seconds.filter((s) => s.route === route && secondOverlaps(s.t, window));
        const span = `seconds ${Math.floor(w.startMs / 1000)}–${Math.ceil(w.endMs / 1000) - 1} (${faultLabel(f)} from ${fmtS(w.startMs)} to ${fmtS(w.endMs)})`;
        return judgeWindow(route, expressions, chosen, (term, source) => ({
          id: `${idBase}:${f.name}:${source}`,
          kind: 'isolation',
          name: `isolation: route ${route} ${source} during ${faultLabel(f)}`,
          phase: 'fault',
          unit: unitOf(term.expression.aggregation),
          limit: `${term.expression.op} ${term.expression.limit}`,
        })).map((v) => ({ ...v, evidence: `${v.evidence} over ${span}` }));
      });
    }),
  );
}
