import { faultWindows, phaseOf, type FaultEvent, type RouteSecond, type Verdict } from '../results/index.js';
import type { SloMap } from './check-specs.js';
import { formatValue } from './format-value.js';
import { unitOf } from './metrics.js';
import { measureSlo } from './slo.js';
import { describeAggregation, type ParsedThreshold } from './threshold-parser.js';

/** What SLO-based checks are judged on. */
export interface SloInput {
  seconds: readonly RouteSecond[];
  faults: readonly FaultEvent[];
}

/**
 * The steady-state hypothesis: every route of `slo` meets its SLO over the baseline phase (the
 * seconds before the first fault). One `steady-state` verdict per route and expression. A
 * missed SLO, or no baseline to judge, is `error`: the run cannot tell whether the system is
 * resilient when it was not healthy to begin with, so the outcome is inconclusive. Pure.
 */
export function evaluateSteadyState(input: SloInput, slo: SloMap): Verdict[] {
  const windows = faultWindows(input.faults);
  return Object.entries(slo).flatMap(([route, expressions]) => {
    const baseline = input.seconds.filter((s) => s.route === route && phaseOf(s.t, windows) === 'baseline');
    const span =
      baseline.length === 0
        ? 'no baseline seconds'
        : `baseline seconds ${baseline[0]!.t}–${baseline[baseline.length - 1]!.t}`;
    return judgeWindow(route, expressions, baseline, (term, source) => ({
      id: `steady-state:${route}:${source}`,
      kind: 'steady-state',
      name: `steady state: route ${route} ${source} in baseline`,
      phase: 'baseline',
      unit: unitOf(term.expression.aggregation),
      limit: `${term.expression.op} ${term.expression.limit}`,
    })).map((v) =>
      v.status === 'fail'
        ? {
            ...v,
            status: 'error' as const,
            evidence: `baseline missed its SLO, so the run is inconclusive: ${v.evidence} over ${span}`,
          }
        : { ...v, evidence: `${v.evidence} over ${span}` },
    );
  });
}

type VerdictHead = Omit<Verdict, 'status' | 'measured' | 'evidence'>;

/**
 * One verdict per SLO term of `route` measured over `chosen` as one window: pass, fail, or error
 * when nothing completed.
 */
export function judgeWindow(
  route: string,
  terms: readonly ParsedThreshold[],
  chosen: readonly RouteSecond[],
  head: (term: ParsedThreshold, source: string) => VerdictHead,
): Verdict[] {
  return terms.map((term) => {
    const source = term.expression.source;
    const [r] = measureSlo(chosen, [term]);
    const what = describeAggregation(term.expression);
    if (!r || r.value === null || r.pass === null) {
      return {
        ...head(term, source),
        status: 'error',
        measured: null,
        evidence: `route ${route} completed no requests, so nothing to judge`,
      };
    }
    return {
      ...head(term, source),
      status: r.pass ? 'pass' : 'fail',
      measured: r.value,
      evidence: `${what} ${formatValue(r.value, unitOf(term.expression.aggregation))} (${r.requests} requests)`,
    };
  });
}
