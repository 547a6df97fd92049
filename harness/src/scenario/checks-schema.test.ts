import { describe, expect, it } from 'vitest';
import { InvalidInputError, formatIssue } from '../errors/index.js';
import type { ParsedThreshold, ThresholdMap } from '../checks/index.js';
import { parseScenario } from './parse-scenario.js';

const FILE = 'scenarios/x.yaml';
const HEAD = `name: x
load:
  duration: 20s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 10/s }
    - { name: checkout, request: POST /api/orders, rate: 10/s }
faults:
  - { name: slow payments, type: latency, edge: orders->payments, at: 5s, for: 8s, latency: 1000ms }
`;

function issuesOf(text: string): string[] {
  try {
    parseScenario(text, FILE);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.issues.map(formatIssue);
    throw e;
  }
  return [];
}

/** The text each parsed expression came from. */
const sources = (terms: readonly ParsedThreshold[]): string[] => terms.map((t) => t.expression.source);
const sloSources = (slo: Record<string, ParsedThreshold[]> = {}) =>
  Object.fromEntries(Object.entries(slo).map(([route, terms]) => [route, sources(terms)]));
const thresholdSources = (map: ThresholdMap = {}) =>
  Object.fromEntries(Object.entries(map).map(([key, e]) => [key, e.expressions.map((x) => x.source)]));

describe('resilience checks in a scenario', () => {
  it('parses breakers, recovery, isolation, slo and abort with defaults filled', () => {
    const s = parseScenario(
      `${HEAD}slo:
  catalog: ["p(99)<150", "rate<0.01"]
abort:
  "http_req_failed{route:checkout}": ["rate<0.5"]
checks:
  breakers:
    - { service: orders, upstream: payments, opens_within: 2s, closes_within: 10s, fail_fast: { route: checkout, p99: 100ms } }
    - service: orders
      upstream: payments
      opens_within: 1s
      closes_within: 5s
      fault: slow payments
      metric: { name: resilience4j_circuitbreaker_state, labels: { name: payments }, state_label: state }
  recovery:
    - { route: checkout, within: 5s, slo: ["p(95)<100", "rate<0.01"] }
  isolation:
    - { unaffected: [catalog] }
`,
      FILE,
    );
    expect(sloSources(s.slo)).toEqual({ catalog: ['p(99)<150', 'rate<0.01'] });
    expect(thresholdSources(s.abort)).toEqual({ 'http_req_failed{route:checkout}': ['rate<0.5'] });
    // Carried parsed, each beside its source, and bound to its route and metric.
    expect(s.slo?.['catalog']?.[0]).toEqual({
      key: {
        metric: 'http_req_duration',
        tags: { route: 'catalog' },
        source: 'http_req_duration{route:catalog}',
      },
      expression: { aggregation: 'p', percentile: 99, op: '<', limit: 150, source: 'p(99)<150' },
    });
    expect(s.abort?.['http_req_failed{route:checkout}']?.key.tags).toEqual({ route: 'checkout' });
    expect(s.checks.breakers).toEqual([
      {
        service: 'orders',
        upstream: 'payments',
        opensWithinMs: 2000,
        closesWithinMs: 10_000,
        failFast: { route: 'checkout', percentile: 99, limitMs: 100 },
        metric: {
          name: 'circuit_breaker_state',
          labels: { upstream: 'payments' },
          states: { closed: 0, open: 1, halfOpen: 2 },
        },
      },
      {
        service: 'orders',
        upstream: 'payments',
        opensWithinMs: 1000,
        closesWithinMs: 5000,
        fault: 'slow payments',
        metric: {
          name: 'resilience4j_circuitbreaker_state',
          labels: { name: 'payments' },
          stateLabel: 'state',
          states: { closed: 'closed', open: 'open', halfOpen: 'half_open' },
        },
      },
    ]);
    expect(s.checks.recovery?.map((r) => ({ ...r, slo: sources(r.slo) }))).toEqual([
      { route: 'checkout', withinMs: 5000, slo: ['p(95)<100', 'rate<0.01'], consecutive: 3 },
    ]);
    expect(s.checks.recovery?.[0]?.slo[1]?.key.metric).toBe('http_req_failed');
    expect(s.checks.isolation).toEqual([{ unaffected: ['catalog'] }]);
  });

  it("validates a k6 user's === threshold as k6 does", () => {
    const s = parseScenario(
      `${HEAD}checks:\n  thresholds:\n    "http_req_failed{route:checkout}": ["rate===0"]\nslo:\n  catalog: ["count === 0"]\n`,
      FILE,
    );
    expect(s.checks.thresholds['http_req_failed{route:checkout}']?.expressions[0]).toMatchObject({
      op: '===',
      limit: 0,
    });
    expect(issuesOf(`${HEAD}checks:\n  thresholds:\n    "http_reqs": ["count====0"]\n`)).toHaveLength(1);
  });

  it('bounds the share of fallback answers in an SLO with degraded<N', () => {
    const s = parseScenario(
      `${HEAD}slo:\n  catalog: ["p(95)<200", "rate<0.01", "degraded<0.01"]\nchecks:\n  recovery:\n    - { route: checkout, within: 5s, slo: ["degraded <= 0.05"] }\n`,
      FILE,
    );
    expect(s.slo?.['catalog']?.[2]).toMatchObject({
      key: { metric: 'http_req_degraded', tags: { route: 'catalog' } },
      expression: { aggregation: 'rate', op: '<', limit: 0.01, source: 'degraded<0.01' },
    });
    expect(s.checks.recovery?.[0]?.slo[0]?.key.metric).toBe('http_req_degraded');
    expect(issuesOf(`${HEAD}slo:\n  catalog: ["degraded<x"]\n`)).toEqual([
      `${FILE}:10:13 slo.catalog[0]: "degraded<x": expected a number after "<"`,
    ]);
  });

  it('places bad expressions, unknown names and a missing SLO at their nodes', () => {
    expect(
      issuesOf(`${HEAD}slo:
  catalog: ["p99<150"]
  search: ["rate<0.01"]
abort:
  "http_req_failed{route:nope}": ["rate<0.5"]
checks:
  breakers:
    - { service: orders, upstream: payments, opens_within: 2, closes_within: 10s, fault: slow paymnts }
  recovery:
    - { route: checkot, within: 5s, slo: [], consecutive: 0 }
  isolation:
    - { unaffected: [checkout] }
`),
    ).toEqual([
      `${FILE}:10:13 slo.catalog[0]: "p99<150": unknown aggregation "p99" (did you mean p(99)?); expected avg, min, max, med, p(N), rate, count or rps`,
      `${FILE}:16:60 checks.breakers[0].opens_within: expected a duration like 2s, got 2 (a bare number has no unit; write 2ms or 2s)`,
      `${FILE}:18:42 checks.recovery[0].slo: expected at least one expression`,
      `${FILE}:18:59 checks.recovery[0].consecutive: expected a whole number >= 1, got 0`,
    ]);
    expect(
      issuesOf(`${HEAD}slo:
  search: ["rate<0.01"]
abort:
  "http_req_failed{route:nope}": ["rate<0.5"]
checks:
  breakers:
    - { service: orders, upstream: payments, opens_within: 2s, closes_within: 10s, fault: slow paymnts }
  recovery:
    - { route: checkot, within: 5s, slo: ["p(95)<100"] }
  isolation:
    - { unaffected: [checkout] }
`),
    ).toEqual([
      `${FILE}:10:3 slo.search: no route named "search"; routes are "catalog", "checkout"`,
      `${FILE}:12:3 abort["http_req_failed{route:nope}"]: no route named "nope"; routes are "catalog", "checkout"`,
      `${FILE}:15:91 checks.breakers[0].fault: no fault named "slow paymnts"; did you mean "slow payments"?; faults are "slow payments"`,
      `${FILE}:17:16 checks.recovery[0].route: no route named "checkot"; did you mean "checkout"?; routes are "catalog", "checkout"`,
      `${FILE}:19:22 checks.isolation[0].unaffected[0]: route "checkout" has no SLO; add it to the top-level slo: map, e.g. slo: { checkout: ["p(99)<150", "rate<0.01"] }`,
    ]);
  });
});
