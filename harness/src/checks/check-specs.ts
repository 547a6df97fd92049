import type { ProbeCheck } from './probe-checks.js';
import type { BreakerMetric } from '../results/index.js';

export type { BreakerMetric };
import type { MetricExpr } from './metric-expression.js';
import type { Operator, ParsedThreshold } from './threshold-parser.js';

/**
 * The resilience checks of a scenario, as the checks module judges them (durations in ms). The
 * scenario module parses the YAML into these; docs/checks.md documents the YAML form.
 */
export interface ResilienceChecks {
  breakers: BreakerCheck[];
  recovery: RecoveryCheck[];
  isolation: IsolationCheck[];
  metrics: MetricCheck[];
  probes: ProbeCheck[];
}

/** A circuit breaker of `service` on its calls to `upstream` must open, hold, and close again. */
export interface BreakerCheck {
  service: string;
  upstream: string;
  /** ms from the fault taking effect to the first sample showing the breaker open */
  opensWithinMs: number;
  /** ms from the fault's revert to the first sample showing it closed */
  closesWithinMs: number;
  /** Judge against this fault only; by default every fault on an edge into `upstream` (or a crash of it). */
  fault?: string;
  /** While the breaker is open, this route's percentile must stay under `limitMs`. */
  failFast?: FailFast;
  /**
   * The breaker's timer closes it to probe while the fault lasts (a 0/1 breaker without a
   * half-open state, as opossum's `opened`): a closed sample during the fault is then allowed when
   * the breaker shows open again within `opensWithinMs` of it.
   */
  reopens?: boolean;
  /**
   * Read the state from a JSON endpoint of the service instead of its Prometheus metrics (opossum's
   * status, Spring Boot's /actuator/circuitbreakers): the observer records the value at `pointer`
   * as a series of `metric` (see {@link jsonBreakerMetric}), so every check reads one shape.
   */
  json?: { path: string; pointer: string };
  metric: BreakerMetric;
}

/** The defaults fit the sample mesh's `circuit_breaker_state` gauge: 0 closed, 1 open, 2 half-open. */
/** The series name under which the observer records a breaker state read from JSON. */
export const JSON_BREAKER_METRIC = 'faultline_breaker_json';

/**
 * Where a JSON-read breaker state shows in the observations: one series per value seen,
 * `faultline_breaker_json{path="/status",pointer="/state/open",state="true"} 1`, read as a
 * label-encoded breaker; the states are the JSON values as text (`true`, `"OPEN"` → `OPEN`).
 */
export function jsonBreakerMetric(
  path: string,
  pointer: string,
  states: BreakerMetric['states'],
): BreakerMetric {
  return { name: JSON_BREAKER_METRIC, labels: { path, pointer }, stateLabel: 'state', states };
}

export function defaultBreakerMetric(upstream: string): BreakerMetric {
  return { name: 'circuit_breaker_state', labels: { upstream }, states: { closed: 0, open: 1, halfOpen: 2 } };
}

/** After the fault ends, `route` must meet `slo` for `consecutive` seconds in a row, starting within `withinMs`. */
export interface RecoveryCheck {
  route: string;
  withinMs: number;
  /** Threshold expressions judged on each second alone, e.g. `p(95)<100`, `rate<0.01`, parsed and bound to the route. */
  slo: ParsedThreshold[];
  consecutive: number;
  /** Recover from this fault's end; by default from the end of the last fault. */
  fault?: string;
}

/** The routes in `unaffected` must meet their SLO (the scenario's `slo:`) during the fault(s). */
export interface IsolationCheck {
  unaffected: string[];
  /** Only this fault's window; by default each fault's window in turn. */
  fault?: string;
}

/**
 * route → its SLO expressions (`{ catalog: ['p(99)<150', 'rate<0.01'] }` as written), parsed and
 * bound to the route; each keeps its text in `expression.source`.
 */
export type SloMap = Record<string, ParsedThreshold[]>;

/**
 * A condition on the services' own metrics (parsed with `parseMetricExpression`), e.g. retries per
 * call while a dependency fails, or events placed but never consumed by the end of the run.
 */
export interface MetricCheck {
  /** Names the check in the report; defaults to the expression. */
  name: string;
  /** The expression as written, e.g. `increase(retries_total{service="orders"}) / increase(calls_total{service="orders"})`. */
  expr: string;
  /** `expr` parsed (by scenario validation). */
  parsed: MetricExpr;
  /** The window the functions look at: the whole run, or the seconds of one phase. */
  during: 'run' | 'baseline' | 'fault' | 'recovery';
  /** Only this fault's window (with `during: fault`, the default then). */
  fault?: string;
  /** The comparison the value must pass, e.g. `<= 1.2`. */
  expect: { op: Operator; limit: number; source: string };
}

/** The percentiles a fail-fast check may judge. */
export const FAIL_FAST_PERCENTILES = [90, 95, 99] as const;
export type FailFastPercentile = (typeof FAIL_FAST_PERCENTILES)[number];

/** `fail_fast`: while the breaker is open, the route's percentile stays under `limitMs`. */
export interface FailFast {
  route: string;
  percentile: FailFastPercentile;
  limitMs: number;
}
