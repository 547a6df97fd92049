import { describe, expect, it } from 'vitest';
import {
  parseMetricKey,
  parseThreshold,
  parseThresholdExpression,
  ThresholdSyntaxError,
} from './threshold-parser.js';

function errorOf(f: () => unknown): ThresholdSyntaxError {
  try {
    f();
  } catch (e) {
    if (e instanceof ThresholdSyntaxError) return e;
    throw e;
  }
  throw new Error('expected a ThresholdSyntaxError');
}

describe('parseThresholdExpression', () => {
  it.each([
    ['p(99)<150', { aggregation: 'p', percentile: 99, op: '<', limit: 150 }],
    ['p(99.9) <= 2.5', { aggregation: 'p', percentile: 99.9, op: '<=', limit: 2.5 }],
    [' avg>10 ', { aggregation: 'avg', op: '>', limit: 10 }],
    ['min>=0', { aggregation: 'min', op: '>=', limit: 0 }],
    ['max!=3', { aggregation: 'max', op: '!=', limit: 3 }],
    ['med==4', { aggregation: 'med', op: '==', limit: 4 }],
    ['rate<0.01', { aggregation: 'rate', op: '<', limit: 0.01 }],
    ['count > 100', { aggregation: 'count', op: '>', limit: 100 }],
    ['rps>=95', { aggregation: 'rps', op: '>=', limit: 95 }],
    ['p( 0 )>0', { aggregation: 'p', percentile: 0, op: '>', limit: 0 }],
    // k6 accepts `===` as well as `==` (its operators: > >= <= < == === !=)
    ['avg===1', { aggregation: 'avg', op: '===', limit: 1 }],
    ['count === 0', { aggregation: 'count', op: '===', limit: 0 }],
  ])('parses %s', (text, expected) => {
    expect(parseThresholdExpression(text)).toEqual({ ...expected, source: text.trim() });
  });

  it("accepts k6's object form", () => {
    expect(parseThresholdExpression({ threshold: 'rate<0.1', abortOnFail: true }).limit).toBe(0.1);
  });

  it.each([
    [
      '',
      'expected an aggregation (avg, min, max, med, p(N), rate, count or rps), then an operator and a number',
    ],
    ['p99<150', 'unknown aggregation "p99" (did you mean p(99)?)'],
    ['mean<3', 'unknown aggregation "mean"; expected avg, min, max, med, p(N), rate, count or rps'],
    ['p(x)<3', 'expected a number in p(N), e.g. p(99), got "p(x)"'],
    ['p(101)<3', 'p(N) needs 0 <= N <= 100, got 101'],
    ['p(99) 150', 'expected an operator (<, <=, >, >=, == or !=) after "p(99)"'],
    ['avg=>1', 'expected an operator'],
    ['avg====1', 'expected a number after "==="'],
    ['avg<', 'expected a number after "<"'],
    ['avg<-1', 'expected a number after "<"'],
    ['avg<1ms', 'unexpected "ms" after the number'],
    ['avg<1 and max<2', 'unexpected "and max<2" after the number'],
  ])('rejects %j', (text, message) => {
    const e = errorOf(() => parseThresholdExpression(text));
    expect(e.part).toBe('expression');
    expect(e.reason).toContain(message);
    expect(e.message).toBe(`"${text.trim()}": ${e.reason}`);
  });
});

describe('parseMetricKey', () => {
  it('parses a bare metric and tags, trimming around names and values', () => {
    expect(parseMetricKey('http_reqs')).toEqual({ metric: 'http_reqs', tags: {}, source: 'http_reqs' });
    expect(
      parseMetricKey('http_req_failed{ route: checkout , phase:fault, status:503, fault:slow payments }'),
    ).toEqual({
      metric: 'http_req_failed',
      tags: { route: 'checkout', phase: 'fault', status: 503, fault: 'slow payments' },
      source: 'http_req_failed{ route: checkout , phase:fault, status:503, fault:slow payments }',
    });
  });

  it.each([
    [
      'http_req_duraton',
      'unknown metric "http_req_duraton"; expected one of http_req_duration, http_req_failed, http_req_degraded, http_reqs',
    ],
    ['http_reqs{route:a', 'expected metric{tag:value,...}, e.g. http_req_duration{route:catalog}'],
    ['http_reqs{rout:a}', 'unknown tag "rout"; expected route, phase, fault, status'],
    [
      'http_req_duration{status:500}',
      'tag status does not apply to http_req_duration; it takes route, phase, fault',
    ],
    ['http_reqs{route:}', 'tag route needs a value, e.g. route:catalog'],
    ['http_reqs{route}', 'tag route needs a value'],
    ['http_reqs{route:a,route:b}', 'tag route is given twice'],
    ['http_reqs{phase:faults}', 'phase must be one of baseline, fault, recovery, got "faults"'],
    ['http_reqs{status:5xx}', 'status must be an HTTP status code from 100 to 599, got "5xx"'],
    ['http_reqs{status:600}', 'status must be an HTTP status code from 100 to 599, got "600"'],
  ])('rejects %j', (key, message) => {
    const e = errorOf(() => parseMetricKey(key));
    expect(e.part).toBe('key');
    expect(e.reason).toContain(message);
  });
});

describe('parseThreshold', () => {
  it('accepts aggregations that fit the metric', () => {
    expect(parseThreshold('http_req_duration', 'p(95)<200').expression.percentile).toBe(95);
    expect(parseThreshold('http_req_failed', 'rate<0.01').key.metric).toBe('http_req_failed');
    expect(parseThreshold('http_reqs{status:503}', 'count<10').key.tags.status).toBe(503);
  });

  it.each([
    [
      'http_req_duration',
      'rate<0.1',
      'http_req_duration is a trend of latencies in ms: expected avg, min, max, med, p(N), got rate',
    ],
    [
      'http_req_failed',
      'p(99)<0.1',
      'http_req_failed is a rate of failed requests among completed ones: expected rate, got p(99)',
    ],
    [
      'http_reqs',
      'rate>10',
      'http_reqs is a counter of completed requests: expected count, rps, got rate (k6 rate of a counter is rps here)',
    ],
    ['http_reqs', 'avg>10', 'expected count, rps, got avg'],
  ])('rejects %s with %s', (key, expr, message) => {
    const e = errorOf(() => parseThreshold(key, expr));
    expect(e.part).toBe('expression');
    expect(e.reason).toContain(message);
  });

  it('reports a bad key before a bad expression', () => {
    expect(errorOf(() => parseThreshold('nope', 'nope')).part).toBe('key');
  });
});
