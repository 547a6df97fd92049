import { describe, expect, it } from 'vitest';
import { parseSeriesKey } from '../results/index.js';
import { defaultBreakerMetric } from './check-specs.js';
import { evaluateChecks, metricFamiliesOf } from './evaluate-checks.js';
import { parseSlo } from './slo.js';
import { parseThresholdMap, ThresholdSyntaxError } from './threshold-parser.js';
import { fault, steady } from './timeline.fixture.js';

describe('evaluateChecks', () => {
  it('orders verdicts effect, steady state, thresholds, breakers, recovery, isolation, and adds the matrix', () => {
    const run = {
      routes: ['catalog'],
      seconds: steady('catalog', 0, 8, 10, 20),
      faults: [fault('f', 2, 4)],
      observations: [],
    };
    const { verdicts, blastRadius } = evaluateChecks(run, {
      thresholds: parseThresholdMap({ 'http_req_duration{route:catalog}': ['p(99)<150'] }),
      slo: { catalog: parseSlo('catalog', ['rate<0.01']) },
      breakers: [
        {
          service: 'orders',
          upstream: 'payments',
          opensWithinMs: 1000,
          closesWithinMs: 1000,
          metric: defaultBreakerMetric('payments'),
        },
      ],
      recovery: [
        { route: 'catalog', withinMs: 1000, slo: parseSlo('catalog', ['p(99)<150']), consecutive: 2 },
      ],
      isolation: [{ unaffected: ['catalog'] }],
    });
    expect(verdicts.map((v) => v.kind)).toEqual([
      'effect',
      'effect-traffic',
      'steady-state',
      'threshold',
      'breaker-open',
      'breaker-close',
      'recovery',
      'isolation',
    ]);
    expect(blastRadius.faults.map((f) => f.fault)).toEqual(['f']);
  });

  it('names the metric families breaker checks read', () => {
    const metric = { ...defaultBreakerMetric('p'), name: 'resilience4j_circuitbreaker_state' };
    const breaker = { service: 's', upstream: 'p', opensWithinMs: 1, closesWithinMs: 1, metric };
    expect(metricFamiliesOf({})).toEqual(['circuit_breaker_state']);
    expect(metricFamiliesOf({ breakers: [breaker] })).toEqual([
      'circuit_breaker_state',
      'resilience4j_circuitbreaker_state',
    ]);
  });
});

describe('SLO expressions and series keys', () => {
  it('binds each SLO expression to the metric its aggregation implies', () => {
    expect(parseSlo('catalog', ['p(99)<150', 'rate<0.01', 'rps>=9']).map((t) => t.key.source)).toEqual([
      'http_req_duration{route:catalog}',
      'http_req_failed{route:catalog}',
      'http_reqs{route:catalog}',
    ]);
    expect(() => parseSlo('catalog', ['p99<150'])).toThrow(ThresholdSyntaxError);
  });

  it('reads labels back from an observation key, escapes included', () => {
    expect(parseSeriesKey('circuit_breaker_state{service="orders",upstream="pay\\"ments"}')).toEqual({
      name: 'circuit_breaker_state',
      labels: { service: 'orders', upstream: 'pay"ments' },
    });
    expect(parseSeriesKey('up')).toEqual({ name: 'up', labels: {} });
  });
});
