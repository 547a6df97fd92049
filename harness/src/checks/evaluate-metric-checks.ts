import {
  faultWindows,
  samplesOf,
  type FaultEvent,
  type Observation,
  type Verdict,
} from '../results/index.js';
import type { MetricCheck } from './check-specs.js';
import { type MetricExpr, type MetricFunction, type SeriesSelector } from './metric-expression.js';
import { nearestMetricHint } from './nearest-metric.js';
import { compare } from './threshold-parser.js';

export interface MetricCheckInput {
  faults: readonly FaultEvent[];
  observations: readonly Observation[];
  /** Every metric name each service exposed, for a did-you-mean when a selector finds nothing. */
  exposedMetrics?: Readonly<Record<string, readonly string[]>>;
}

/** [start, end] in ms since t = 0; end may be Infinity. */
type Interval = readonly [number, number];
type Point = { tMs: number; value: number };
/**
 * A series' points; `fromZero` when an earlier scrape of its service did not have it yet: a
 * counter created on its first increment (as prom-client does for new label values) started at 0.
 */
type Series = { points: Point[]; fromZero: boolean };

/** A value could not be computed; becomes an `error` verdict (exit 4), never a pass or fail. */
class NotMeasurable extends Error {}

/**
 * Judges each metric check on the observed samples: its expression's value over its window must
 * pass its comparison. A check whose value cannot be computed (no samples, a window that never
 * happened, a division by zero) gets an `error` verdict that says why.
 */
export function evaluateMetricChecks(run: MetricCheckInput, checks: readonly MetricCheck[]): Verdict[] {
  return checks.map((check, i) => {
    const base = {
      id: `metric:${i}:${check.name}`,
      kind: 'metric' as const,
      name: check.name,
      unit: '',
      limit: check.expect.source,
      phase: check.fault === undefined ? check.during : (`fault "${check.fault}"` as const),
    };
    const terms: string[] = [];
    try {
      const intervals = windowOf(check, run.faults);
      const value = evaluate(check.parsed, (fn, selector) => {
        const found = seriesOf(run.observations, selector);
        if (found.length === 0) throw new NotMeasurable(noSamples(selector, run.exposedMetrics));
        const v = apply(fn, found, intervals, selector);
        terms.push(`${fn}(${selector.source}) = ${num(v)}`);
        return v;
      });
      const ok = compare(value, check.expect.op, check.expect.limit);
      return {
        ...base,
        status: ok ? 'pass' : 'fail',
        measured: value,
        evidence: `${num(value)} ${check.expect.source} is ${ok} over ${describeWindow(intervals)}: ${terms.join('; ')}`,
      };
    } catch (err) {
      if (!(err instanceof NotMeasurable)) throw err;
      const so = terms.length ? ` (${terms.join('; ')})` : '';
      return { ...base, status: 'error', measured: null, evidence: `${err.message}${so}` };
    }
  });
}

function evaluate(expr: MetricExpr, call: (fn: MetricFunction, s: SeriesSelector) => number): number {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'call':
      return call(expr.fn, expr.selector);
    case 'negate':
      return -evaluate(expr.operand, call);
    case 'binary': {
      const l = evaluate(expr.left, call);
      const r = evaluate(expr.right, call);
      if (expr.op === '/' && r === 0)
        throw new NotMeasurable(`cannot divide by zero: the divisor was 0 over the window`);
      return expr.op === '+' ? l + r : expr.op === '-' ? l - r : expr.op === '*' ? l * r : l / r;
    }
  }
}

/** The check's window as intervals: the whole run, or the seconds of a phase or of one fault. */
function windowOf(check: MetricCheck, faults: readonly FaultEvent[]): Interval[] {
  if (check.during === 'run') return [[0, Infinity]];
  const windows = faultWindows(faults);
  if (check.fault !== undefined) {
    const w = windows.find((f) => f.name === check.fault);
    if (!w) throw new NotMeasurable(`fault "${check.fault}" never took effect`);
    return [[w.startMs, w.endMs]];
  }
  if (windows.length === 0) {
    if (check.during === 'baseline') return [[0, Infinity]];
    throw new NotMeasurable(`no fault took effect, so the run had no ${check.during} phase`);
  }
  const merged = mergeIntervals(windows.map((w): Interval => [w.startMs, w.endMs]));
  if (check.during === 'fault') return merged;
  if (check.during === 'baseline') return [[0, merged[0]![0]]];
  const gaps: Interval[] = [];
  merged.forEach(([, end], i) => gaps.push([end, merged[i + 1]?.[0] ?? Infinity]));
  return gaps;
}

function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Why a selector found nothing, with the nearest metric name the selected services exposed. */
function noSamples(
  selector: SeriesSelector,
  exposed: Readonly<Record<string, readonly string[]>> | undefined,
): string {
  const services = Object.keys(exposed ?? {}).filter((s) =>
    selector.matchers.every((m) => m.label !== 'service' || matches(m, s)),
  );
  const hint = nearestMetricHint(selector.metric, exposed, services);
  return `no samples of ${selector.source}${hint}: is it exposed on the service's metrics endpoint?`;
}

/** Every matching series (per service and label set), its points in time order. */
function seriesOf(observations: readonly Observation[], selector: SeriesSelector): Series[] {
  const series = new Map<string, Series>();
  const firstScrape = new Map<string, number>();
  const wanted = (o: Observation): boolean =>
    selector.matchers.every((m) => m.label !== 'service' || matches(m, o.service));
  for (const o of [...observations].sort((a, b) => a.tMs - b.tMs)) {
    if (!o.up || !wanted(o)) continue;
    if (!firstScrape.has(o.service)) firstScrape.set(o.service, o.tMs);
    for (const { name, labels, value } of samplesOf(o.metrics)) {
      if (name !== selector.metric) continue;
      if (!selector.matchers.every((m) => m.label === 'service' || matches(m, labels[m.label] ?? '')))
        continue;
      const id = `${o.service} ${JSON.stringify(labels)}`;
      let s = series.get(id);
      if (!s) series.set(id, (s = { points: [], fromZero: o.tMs > firstScrape.get(o.service)! }));
      s.points.push({ tMs: o.tMs, value });
    }
  }
  return [...series.values()];
}

function matches(m: SeriesSelector['matchers'][number], actual: string): boolean {
  switch (m.op) {
    case '=':
      return actual === m.value;
    case '!=':
      return actual !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(actual);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(actual);
  }
}

/**
 * `increase`: what each series gained within the intervals, a drop counted as a restart from 0
 * (as Prometheus does), from the last sample at or before each interval's start; summed over
 * the series.
 * `last`: each series' last sample within the intervals, summed. `max` / `min`: the extreme of
 * any matching sample within them.
 */
function apply(
  fn: MetricFunction,
  series: Series[],
  intervals: Interval[],
  selector: SeriesSelector,
): number {
  if (series.length === 0) {
    throw new NotMeasurable(
      `no samples of ${selector.source}: is it exposed on the service's metrics endpoint?`,
    );
  }
  const inside = (t: number): boolean => intervals.some(([s, e]) => t >= s && t <= e);
  const values: number[] = [];
  for (const { points, fromZero } of series) {
    if (fn === 'increase') {
      values.push(sum(intervals.map(([s, e]) => increase(points, s, e, fromZero))));
      continue;
    }
    const within = points.filter((p) => inside(p.tMs));
    if (fn === 'last') {
      const last = within.at(-1);
      if (last) values.push(last.value);
    } else values.push(...within.map((p) => p.value));
  }
  if (values.length === 0) throw new NotMeasurable(`no sample of ${selector.source} fell inside the window`);
  if (fn === 'max') return Math.max(...values);
  if (fn === 'min') return Math.min(...values);
  return sum(values);
}

function increase(points: Point[], start: number, end: number, fromZero: boolean): number {
  let prev = fromZero ? 0 : undefined;
  let gained = 0;
  for (const p of points) {
    if (p.tMs <= start) {
      prev = p.value;
      continue;
    }
    if (p.tMs > end) break;
    if (prev !== undefined) gained += p.value >= prev ? p.value - prev : p.value;
    prev = p.value;
  }
  return gained;
}

const num = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 3 });
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

function describeWindow(intervals: Interval[]): string {
  const s = (ms: number): string => (ms === Infinity ? 'end' : `${(ms / 1000).toFixed(1)} s`);
  return intervals.map(([a, b]) => `${s(a)}–${s(b)}`).join(', ');
}
