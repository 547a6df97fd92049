import { samplesOf, type Observation } from '../results/index.js';
import type { BreakerMetric } from './check-specs.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

/** A breaker's state as one observation showed it. */
export interface BreakerSample {
  /** ms since t = 0 */
  tMs: number;
  state: BreakerState;
}

/** A change of state between two consecutive samples that showed one. */
export interface BreakerTransition {
  tMs: number;
  from: BreakerState;
  to: BreakerState;
}

/** `circuit_breaker_state{upstream="payments"}`, for evidence. */
export function describeSelector(metric: BreakerMetric): string {
  const labels = Object.entries(metric.labels).map(([k, v]) => `${k}="${v}"`);
  if (metric.stateLabel) labels.push(`${metric.stateLabel}=…`);
  return `${metric.name}{${labels.join(',')}}`;
}

/**
 * The breaker's state in each observation of `service` that carries a matching series, in time
 * order. Observations where the service was down or the series absent give no sample.
 */
export function breakerSamples(
  observations: readonly Observation[],
  service: string,
  metric: BreakerMetric,
): BreakerSample[] {
  const samples: BreakerSample[] = [];
  for (const o of [...observations].sort((a, b) => a.tMs - b.tMs)) {
    if (o.service !== service) continue;
    const state = stateIn(o.metrics, metric);
    if (state !== undefined) samples.push({ tMs: o.tMs, state });
  }
  return samples;
}

function stateIn(metrics: Record<string, number>, metric: BreakerMetric): BreakerState | undefined {
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

/** The changes of state, with the time of the first sample that showed the new state. */
export function transitionsOf(samples: readonly BreakerSample[]): BreakerTransition[] {
  const out: BreakerTransition[] = [];
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1]!;
    const cur = samples[i]!;
    if (cur.state !== prev.state) out.push({ tMs: cur.tMs, from: prev.state, to: cur.state });
  }
  return out;
}

/** `closed→open at 4.52 s, open→half_open at 7.51 s` */
export function describeTransitions(ts: readonly BreakerTransition[]): string {
  if (ts.length === 0) return 'no transitions';
  return ts.map((t) => `${t.from}→${t.to} at ${seconds(t.tMs)}`).join(', ');
}

/** `4.52 s` from ms */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
