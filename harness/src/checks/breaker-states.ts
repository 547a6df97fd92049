import { breakerStateIn, type BreakerMetric, type BreakerState, type Observation } from '../results/index.js';

export type { BreakerState };

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
    const state = breakerStateIn(o.metrics, metric);
    if (state !== undefined) samples.push({ tMs: o.tMs, state });
  }
  return samples;
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
