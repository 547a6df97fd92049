import {
  breakerStateIn,
  samplesOf,
  type BreakerState,
  type Observation,
  type RunResults,
} from '../results/index.js';
import { MAX_POINTS } from './downsample.js';

/** The Prometheus gauge the sample mesh exports per upstream: 0 closed, 1 open, 2 half-open. */
export const BREAKER_METRIC = 'circuit_breaker_state';

/** Breaker state of one caller towards one upstream; points are `[seconds, state]` change points. */
export interface BreakerSeries {
  service: string;
  upstream: string;
  points: [number, number][];
}

/** Health of one service: the windows, in seconds since t = 0, in which it did not answer. */
export interface ServiceHealth {
  service: string;
  observedFrom: number;
  observedTo: number;
  down: [number, number][];
}

/** The chart's numbers for a state, those of the sample mesh's gauge. */
const STATE_VALUE: Record<BreakerState, number> = { closed: 0, open: 1, half_open: 2 };

/**
 * Breaker states per service and upstream, keeping only the points where the state changes (and
 * the last one); a breaker that flaps more than `MAX_POINTS` times keeps one state per bucket of
 * `bucketS` seconds, open winning over half-open over closed. Each breaker a check watched is read
 * the way that check read it (any metric, label-encoded, or JSON); any other breaker from the
 * sample mesh's `circuit_breaker_state` gauge.
 */
export function breakerSeries(results: RunResults, bucketS: number): BreakerSeries[] {
  const byKey = new Map<string, { service: string; upstream: string; raw: [number, number][] }>();
  const observations = sorted(results.observations);
  for (const b of results.breakers ?? []) {
    const id = `${b.service}\u0000${b.upstream}`;
    if (byKey.has(id)) continue;
    const raw: [number, number][] = [];
    for (const o of observations) {
      if (o.service !== b.service) continue;
      const state = breakerStateIn(o.metrics, b.metric);
      if (state !== undefined) raw.push([o.tMs / 1000, STATE_VALUE[state]]);
    }
    byKey.set(id, { service: b.service, upstream: b.upstream, raw });
  }
  const checked = new Set(byKey.keys());
  for (const o of observations) {
    for (const { name, labels, value } of samplesOf(o.metrics)) {
      if (name !== BREAKER_METRIC) continue;
      const upstream = labels['upstream'] ?? (Object.values(labels).join(',') || '—');
      const id = `${o.service}\u0000${upstream}`;
      if (checked.has(id)) continue;
      let entry = byKey.get(id);
      if (!entry) byKey.set(id, (entry = { service: o.service, upstream, raw: [] }));
      entry.raw.push([o.tMs / 1000, value]);
    }
  }
  return [...byKey.values()]
    .sort((a, b) => a.service.localeCompare(b.service) || a.upstream.localeCompare(b.upstream))
    .map(({ service, upstream, raw }) => ({ service, upstream, points: compress(raw, bucketS) }));
}

/** Down windows per service; windows closer than one bucket are merged. */
export function serviceHealth(results: RunResults, bucketS: number): ServiceHealth[] {
  const byService = new Map<string, Observation[]>();
  for (const o of sorted(results.observations)) {
    const list = byService.get(o.service);
    if (list) list.push(o);
    else byService.set(o.service, [o]);
  }
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, list]) => {
      const down: [number, number][] = [];
      let since: number | null = null;
      for (const o of list) {
        const t = o.tMs / 1000;
        if (!o.up && since === null) since = t;
        if (o.up && since !== null) {
          addWindow(down, since, t, bucketS);
          since = null;
        }
      }
      const last = (list[list.length - 1]?.tMs ?? 0) / 1000;
      if (since !== null) addWindow(down, since, last, bucketS);
      return { service, observedFrom: (list[0]?.tMs ?? 0) / 1000, observedTo: last, down };
    });
}

function addWindow(down: [number, number][], from: number, to: number, bucketS: number): void {
  const prev = down[down.length - 1];
  if (prev && from - prev[1] < bucketS) prev[1] = to;
  else down.push([from, to]);
}

function sorted(observations: readonly Observation[]): Observation[] {
  return [...observations].sort((a, b) => a.tMs - b.tMs);
}

/** Open (1) outranks half-open (2), which outranks closed (0), when a bucket holds several. */
function severity(state: number): number {
  return state === 1 ? 3 : state === 2 ? 2 : state === 0 ? 0 : 1;
}

function compress(raw: [number, number][], bucketS: number): [number, number][] {
  const changes = changePoints(raw);
  if (changes.length <= MAX_POINTS) return changes;
  const bucketed: [number, number][] = [];
  for (const [t, v] of raw) {
    const prev = bucketed[bucketed.length - 1];
    if (prev && Math.floor(prev[0] / bucketS) === Math.floor(t / bucketS)) {
      if (severity(v) > severity(prev[1])) prev[1] = v;
    } else bucketed.push([t, v]);
  }
  return changePoints(bucketed);
}

function changePoints(points: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [i, p] of points.entries()) {
    const prev = out[out.length - 1];
    if (!prev || prev[1] !== p[1] || i === points.length - 1) out.push([p[0], p[1]]);
  }
  return out;
}
