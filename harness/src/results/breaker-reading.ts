import { samplesOf } from './series-key.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

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

/**
 * The breaker's state in one observation's metrics, or undefined when no series of `metric`
 * (with its labels) shows a known state.
 */
export function breakerStateIn(
  metrics: Record<string, number>,
  metric: BreakerMetric,
): BreakerState | undefined {
  const matching: { labels: Record<string, string>; value: number }[] = [];
  for (const series of samplesOf(metrics)) {
    if (series.name !== metric.name) continue;
    if (Object.entries(metric.labels).every(([k, v]) => series.labels[k] === v))
      matching.push({ labels: series.labels, value: series.value });
  }
  if (metric.stateLabel === undefined) {
    const value = matching[0]?.value;
    return value === undefined ? undefined : stateOf(value, metric);
  }
  // Label-encoded: the series of the current state is the one at a non-zero value.
  const current = matching.find((m) => m.value > 0);
  const label = current?.labels[metric.stateLabel];
  return label === undefined ? undefined : stateOf(label, metric);
}

function stateOf(v: string | number, metric: BreakerMetric): BreakerState | undefined {
  const is = (want: string | number | undefined): boolean => want !== undefined && String(want) === String(v);
  if (is(metric.states.open)) return 'open';
  if (is(metric.states.closed)) return 'closed';
  if (is(metric.states.halfOpen)) return 'half_open';
  return undefined;
}
