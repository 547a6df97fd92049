import type { ProbeCheck } from './probe-checks.js';
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
  /** While the breaker is open, this route's p99 must stay under `p99Ms`. */
  failFast?: { route: string; p99Ms: number };
  metric: BreakerMetric;
}

/**
 * Where a breaker's state is read in the observed Prometheus samples. Value-encoded (one gauge
 * whose value is the state, e.g. `circuit_breaker_state{upstream="payments"} 1`) unless
 * `stateLabel` is set; label-encoded means one series per state, the current one at 1 (e.g.
 * resilience4j's `resilience4j_circuitbreaker_state{name="payments",state="open"} 1`).
 */
export interface BreakerMetric {
  name: string;
  /** Labels a series must carry, e.g. `{ upstream: payments }`. */
  labels: Record<string, string>;
  stateLabel?: string;
  /** The gauge value (value-encoded) or the state label's value (label-encoded) of each state. */
  states: { closed: string | number; open: string | number; halfOpen?: string | number };
}

/** The defaults fit the sample mesh's `circuit_breaker_state` gauge: 0 closed, 1 open, 2 half-open. */
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
