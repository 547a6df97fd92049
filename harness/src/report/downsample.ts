import {
  addEncoded,
  type FailureKind,
  newHistogram,
  type LatencyHistogram,
  type LatencySummary,
  type RouteSecond,
  type RunResults,
} from '../results/index.js';

/** The most points any chart series may hold; longer runs merge whole seconds into buckets. */
export const MAX_POINTS = 3000;

/** One route's per-bucket series, ready to chart; x is the bucket start in seconds since t = 0. */
export interface RouteSeries {
  name: string;
  /** `METHOD /path` */
  request: string;
  /** Offered arrival rate as configured, requests per second. */
  rate: number;
  t: number[];
  /** Requests per second, averaged over the bucket. */
  offered: number[];
  ok: number[];
  /** Of `ok`, the answers the route's `degraded` rule matched (fallbacks), per second. */
  degraded: number[];
  failed: number[];
  /** Latency percentiles in ms of the bucket's merged histogram; null when nothing completed. */
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  max: (number | null)[];
  /** Percent of the bucket's sent requests that failed, by kind; null when nothing was sent. */
  errors: Record<FailureKind, (number | null)[]>;
}

/** Failure kinds in the order the report stacks them. */
export const FAILURE_KINDS: readonly FailureKind[] = ['http4xx', 'http5xx', 'timeout', 'connection'];

/** Seconds since t = 0 that the run's charts span: the recorded duration or the last second. */
export function runSpanSeconds(results: RunResults): number {
  const lastSecond = results.seconds.reduce((m, s) => Math.max(m, s.t + 1), 0);
  return Math.max(Math.ceil(results.run.durationMs / 1000), lastSecond, 1);
}

/** Whole seconds per bucket so that a run of `spanS` seconds has at most `maxPoints` buckets. */
export function bucketSeconds(spanS: number, maxPoints: number = MAX_POINTS): number {
  return Math.max(1, Math.ceil(spanS / maxPoints));
}

/**
 * Per-route series with `bucketS` seconds per point; percentiles never averaged. When `totals` is
 * given, each route's whole-run histogram is merged into it on the way, so a caller that needs
 * both decodes every second's histogram once instead of twice (the cost of long runs).
 */
export function routeSeries(
  results: RunResults,
  bucketS: number,
  totals?: Map<string, LatencyHistogram>,
): RouteSeries[] {
  const spanS = runSpanSeconds(results);
  // One accumulator reused for every bucket: allocating an HDR histogram costs more than merging.
  const acc = newHistogram();
  return results.routes.map((route) => {
    const buckets = new Map<number, RouteSecond[]>();
    for (const s of results.seconds) {
      if (s.route !== route.name) continue;
      const start = Math.floor(s.t / bucketS) * bucketS;
      const list = buckets.get(start);
      if (list) list.push(s);
      else buckets.set(start, [s]);
    }
    const total = totals ? newHistogram() : undefined;
    if (total) totals?.set(route.name, total);
    const series: RouteSeries = {
      name: route.name,
      request: `${route.method} ${route.path}`,
      rate: route.rate,
      t: [],
      offered: [],
      ok: [],
      degraded: [],
      failed: [],
      p50: [],
      p95: [],
      p99: [],
      max: [],
      errors: { http4xx: [], http5xx: [], timeout: [], connection: [] },
    };
    for (const start of [...buckets.keys()].sort((a, b) => a - b)) {
      const seconds = buckets.get(start) ?? [];
      const width = Math.max(1, Math.min(bucketS, spanS - start));
      const rate = (pick: (s: RouteSecond) => number): number =>
        round(seconds.reduce((acc, s) => acc + pick(s), 0) / width, 2);
      const latency = bucketLatency(seconds, acc, total);
      series.t.push(start);
      series.offered.push(rate((s) => s.offered));
      series.ok.push(rate((s) => s.ok));
      series.degraded.push(rate((s) => s.degraded ?? 0));
      series.failed.push(rate((s) => s.failed));
      series.p50.push(latency?.p50 ?? null);
      series.p95.push(latency?.p95 ?? null);
      series.p99.push(latency?.p99 ?? null);
      series.max.push(latency?.max ?? null);
      const sent = seconds.reduce((acc, s) => acc + s.sent, 0);
      for (const kind of FAILURE_KINDS) {
        const failed = seconds.reduce((acc, s) => acc + (s.failures[kind] ?? 0), 0);
        series.errors[kind].push(sent === 0 ? null : round((100 * failed) / sent, 2));
      }
    }
    return series;
  });
}

type BucketLatency = Pick<LatencySummary, 'p50' | 'p95' | 'p99' | 'max'>;

/** Percentiles in ms of the bucket's merged histogram, or null when nothing completed. */
function bucketLatency(
  seconds: readonly RouteSecond[],
  acc: LatencyHistogram,
  total: LatencyHistogram | undefined,
): BucketLatency | null {
  const only = seconds.length === 1 ? seconds[0] : undefined;
  if (only) {
    if (total && only.histogram) addEncoded(total, only.histogram);
    return only.latency.count > 0 ? only.latency : null;
  }
  acc.reset();
  for (const s of seconds) if (s.histogram) addEncoded(acc, s.histogram);
  total?.add(acc);
  if (acc.totalCount === 0) return null;
  // Not `summarize`: its mean walks every recorded value, which dominates on long runs.
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    p50: ms(acc.getValueAtPercentile(50)),
    p95: ms(acc.getValueAtPercentile(95)),
    p99: ms(acc.getValueAtPercentile(99)),
    max: ms(acc.maxValue),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
