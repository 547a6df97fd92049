/** The metrics a threshold can name, after k6's built-in HTTP metrics. */
export type MetricName = 'http_req_duration' | 'http_req_failed' | 'http_req_degraded' | 'http_reqs';

/** How a threshold reduces the selected seconds to one number. `p` is `p(N)`. */
export type Aggregation = 'avg' | 'min' | 'max' | 'med' | 'p' | 'rate' | 'count' | 'rps';

/** Tags a threshold key may carry: `name{route:x,phase:fault}`. */
export type TagName = 'route' | 'phase' | 'fault' | 'status';
export const TAG_NAMES: readonly TagName[] = ['route', 'phase', 'fault', 'status'];

export interface MetricDef {
  name: MetricName;
  /** k6's metric type, used in messages. */
  kind: 'trend' | 'rate' | 'counter';
  /** What the metric measures, used in messages. */
  description: string;
  aggregations: readonly Aggregation[];
  tags: readonly TagName[];
}

/**
 * `status` selects responses by status code; latency histograms are not split by status, so
 * only the counting metrics accept it.
 */
export const METRICS: Readonly<Record<MetricName, MetricDef>> = {
  http_req_duration: {
    name: 'http_req_duration',
    kind: 'trend',
    description: 'a trend of latencies in ms',
    aggregations: ['avg', 'min', 'max', 'med', 'p'],
    tags: ['route', 'phase', 'fault'],
  },
  http_req_failed: {
    name: 'http_req_failed',
    kind: 'rate',
    description: 'a rate of failed requests among completed ones',
    aggregations: ['rate'],
    tags: ['route', 'phase', 'fault', 'status'],
  },
  http_req_degraded: {
    name: 'http_req_degraded',
    kind: 'rate',
    description: 'a rate of degraded responses (successes served by a fallback) among completed ones',
    aggregations: ['rate'],
    tags: ['route', 'phase', 'fault'],
  },
  http_reqs: {
    name: 'http_reqs',
    kind: 'counter',
    description: 'a counter of completed requests',
    aggregations: ['count', 'rps'],
    tags: ['route', 'phase', 'fault', 'status'],
  },
};

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(s: string): s is MetricName {
  return Object.hasOwn(METRICS, s);
}

/** The unit a verdict reports for an aggregation. */
export function unitOf(aggregation: Aggregation): 'ms' | 'rate' | 'count' | 'req/s' {
  switch (aggregation) {
    case 'rate':
      return 'rate';
    case 'count':
      return 'count';
    case 'rps':
      return 'req/s';
    default:
      return 'ms';
  }
}

/** `p` is written `p(N)`. */
export function aggregationLabel(a: Aggregation): string {
  return a === 'p' ? 'p(N)' : a;
}
