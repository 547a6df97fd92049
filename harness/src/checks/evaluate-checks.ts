import type {
  BlastRadius,
  FaultEvent,
  Observation,
  ProbeSeries,
  RouteSecond,
  Verdict,
  VerdictKind,
} from '../results/index.js';
import { blastRadius } from './blast-radius.js';
import type { ResilienceChecks, SloMap } from './check-specs.js';
import { evaluateBreakers } from './evaluate-breakers.js';
import { evaluateEffect } from './evaluate-effect.js';
import { evaluateIsolation } from './evaluate-isolation.js';
import { evaluateMetricChecks } from './evaluate-metric-checks.js';
import { evaluateProbes } from './evaluate-probes.js';
import { selectorsOf } from './metric-expression.js';
import { evaluateRecovery } from './evaluate-recovery.js';
import { evaluateSteadyState } from './evaluate-steady-state.js';
import { evaluateThresholds } from './evaluate-thresholds.js';
import type { ThresholdMap } from './threshold-parser.js';

/** The recorded run every check is judged on. */
export interface RecordedRun {
  routes: readonly string[];
  seconds: readonly RouteSecond[];
  faults: readonly FaultEvent[];
  observations: readonly Observation[];
  probes?: readonly ProbeSeries[];
  /** Every metric name each service exposed, for did-you-mean hints when a check finds none. */
  exposedMetrics?: Readonly<Record<string, readonly string[]>>;
}

/** Everything a scenario asks to judge. */
export interface ChecksToJudge extends Partial<ResilienceChecks> {
  thresholds: Readonly<ThresholdMap>;
  slo?: SloMap;
}

/**
 * Every verdict of a run, in this order: fault effect, steady state, thresholds, breakers,
 * recovery, isolation, metric checks; and the blast-radius matrix. Pure: a function of the recording alone.
 */
export function evaluateChecks(
  run: RecordedRun,
  checks: ChecksToJudge,
): { verdicts: Verdict[]; blastRadius: BlastRadius } {
  const slo = checks.slo ?? {};
  const verdicts = [
    ...evaluateEffect(run),
    ...evaluateSteadyState(run, slo),
    ...evaluateThresholds(run, checks.thresholds),
    ...evaluateBreakers(run, checks.breakers ?? []),
    ...evaluateRecovery(run, checks.recovery ?? []),
    ...evaluateIsolation(run, checks.isolation ?? [], slo),
    ...evaluateMetricChecks(run, checks.metrics ?? []),
    ...evaluateProbes(run, checks.probes ?? []),
  ];
  return { verdicts, blastRadius: blastRadius(run) };
}

/** Verdict kinds that check the experiment's preconditions: when one is not met the run is inconclusive. */
export const PRECONDITION_KINDS: readonly VerdictKind[] = [
  'effect',
  'effect-traffic',
  'steady-state',
  'instrument',
];

/** The Prometheus metric families the breaker and metric checks read, for the observer to keep. */
export function metricFamiliesOf(checks: Partial<Pick<ResilienceChecks, 'breakers' | 'metrics'>>): string[] {
  return [
    ...new Set([
      'circuit_breaker_state',
      ...(checks.breakers ?? []).map((b) => b.metric.name),
      ...(checks.metrics ?? []).flatMap((m) => selectorsOf(m.parsed).map((s) => s.metric)),
    ]),
  ];
}
