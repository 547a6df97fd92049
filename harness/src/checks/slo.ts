import type { Threshold } from 'k6/options';
import type { RouteSecond } from '../results/index.js';
import type { SloMap } from './check-specs.js';
import { formatValue } from './format-value.js';
import { measure } from './measure.js';
import { unitOf, type Aggregation, type MetricName } from './metrics.js';
import {
  bindExpression,
  compare,
  describeAggregation,
  parseThresholdExpression,
  ThresholdSyntaxError,
  type ParsedThreshold,
  type ThresholdExpression,
} from './threshold-parser.js';

/** The metric an SLO expression speaks of, from its aggregation alone: `p(99)<150` is a latency. */
function metricOf(aggregation: Aggregation): MetricName {
  switch (aggregation) {
    case 'rate':
      return 'http_req_failed';
    case 'count':
    case 'rps':
      return 'http_reqs';
    default:
      return 'http_req_duration';
  }
}

/**
 * `degraded<0.01`: an SLO's word for the share of degraded answers (http_req_degraded's rate), so
 * one SLO can bound latency, failures and fallbacks together. Only SLOs have it: a threshold
 * names the metric in its key.
 */
const DEGRADED = /^\s*degraded(?=\s*[<>=!])/;

/**
 * Parses a route's SLO: threshold expressions without a metric key (`p(99)<150`, `rate<0.01`,
 * `degraded<0.01`), each bound to the metric its aggregation implies and to the route. Throws
 * ThresholdSyntaxError like the threshold parser.
 */
export function parseSlo(route: string, expressions: readonly Threshold[]): ParsedThreshold[] {
  return expressions.map((e) => {
    const text = typeof e === 'string' ? e : e.threshold;
    if (DEGRADED.test(text)) {
      const expression = { ...parseDegraded(text), source: text.trim() };
      const metric = 'http_req_degraded';
      return bindExpression({ metric, tags: { route }, source: `${metric}{route:${route}}` }, expression);
    }
    const expression = parseThresholdExpression(e);
    const metric = metricOf(expression.aggregation);
    return bindExpression({ metric, tags: { route }, source: `${metric}{route:${route}}` }, expression);
  });
}

/** `degraded<0.01` read as `rate<0.01`; an error names the text as written. */
function parseDegraded(text: string): ThresholdExpression {
  try {
    return parseThresholdExpression(text.replace(DEGRADED, 'rate'));
  } catch (e) {
    if (!(e instanceof ThresholdSyntaxError)) throw e;
    throw new ThresholdSyntaxError(text.trim(), e.reason.replaceAll('"rate"', '"degraded"'), e.part);
  }
}

/** Parses a whole `slo:` map, route → expressions; throws the first ThresholdSyntaxError. */
export function parseSloMap(map: Readonly<Record<string, readonly Threshold[]>>): SloMap {
  return Object.fromEntries(Object.entries(map).map(([route, list]) => [route, parseSlo(route, list)]));
}

/** One SLO expression measured over some seconds; `pass` is null when nothing could be measured. */
export interface SloResult {
  term: ParsedThreshold;
  value: number | null;
  requests: number;
  pass: boolean | null;
}

/** Measures every term over the seconds (already narrowed to the route), as one window. */
export function measureSlo(seconds: readonly RouteSecond[], terms: readonly ParsedThreshold[]): SloResult[] {
  const span = new Set(seconds.map((s) => s.t)).size;
  const completed = seconds.reduce((n, s) => n + s.ok + s.failed, 0);
  return terms.map((term) => {
    const m = measure(seconds, span, term);
    const value = completed === 0 ? null : m.value;
    const pass = value === null ? null : compare(value, term.expression.op, term.expression.limit);
    return { term, value, requests: m.requests, pass };
  });
}

/** `p(95) 212 ms` — a term with its measured value, for evidence. */
export function describeSloResult(r: SloResult): string {
  const what =
    r.term.key.metric === 'http_req_degraded' ? 'degraded' : describeAggregation(r.term.expression);
  const unit = unitOf(r.term.expression.aggregation);
  return r.value === null ? `${what} n/a` : `${what} ${formatValue(r.value, unit)}`;
}
