import { describe, expect, it } from 'vitest';
import { evaluateThresholds } from './evaluate-thresholds.js';
import { parseThresholdMap, ThresholdSyntaxError } from './threshold-parser.js';
import { fault, second, steady, times } from './timeline.fixture.js';

function one(input: Parameters<typeof evaluateThresholds>[0], key: string, expression: string) {
  const [verdict, ...rest] = evaluateThresholds(input, parseThresholdMap({ [key]: [expression] }));
  expect(rest).toEqual([]);
  if (!verdict) throw new Error('no verdict');
  return verdict;
}

describe('evaluateThresholds on latency', () => {
  // 9 quick seconds and one slow one with few requests: the merged p(99) stays quick, while an
  // average of per-second p(99)s would be over 100 ms.
  const seconds = [...steady('catalog', 0, 9, 100, 10), second('catalog', 9, times(5, 1000))];
  const input = { seconds, faults: [] };

  it('passes on the percentile of the merged histograms, with evidence', () => {
    const v = one(input, 'http_req_duration{route:catalog}', 'p(99)<50');
    expect(v).toMatchObject({
      id: 'threshold:http_req_duration{route:catalog}:p(99)<50',
      kind: 'threshold',
      name: 'http_req_duration{route:catalog} p(99)<50',
      status: 'pass',
      unit: 'ms',
      limit: '< 50',
    });
    expect(v.measured).toBeCloseTo(10, 1);
    expect(v.evidence).toMatch(
      /^p\(99\) over 10 s of route catalog \(905 requests\): 10(\.\d+)? ms; worst second t=9: 1,000(\.\d)? ms$/,
    );
    expect(v.phase).toBeUndefined();
  });

  it('fails when the value breaks the limit', () => {
    const v = one(input, 'http_req_duration', 'max<500');
    expect(v.status).toBe('fail');
    expect(v.measured).toBeCloseTo(1000, -1);
    expect(v.evidence).toContain('of all routes (905 requests)');
  });

  it('computes avg, min and med over every request', () => {
    expect(one(input, 'http_req_duration', 'avg<100').measured).toBeCloseTo((900 * 10 + 5 * 1000) / 905, 0);
    expect(one(input, 'http_req_duration', 'min>=10').measured).toBeCloseTo(10, 1);
    expect(one(input, 'http_req_duration', 'med==10').measured).toBeCloseTo(10, 1);
  });

  it('is an error for a route with no traffic, never a pass', () => {
    const idle = { seconds: [...seconds, second('idle', 0, []), second('idle', 1, [])], faults: [] };
    const v = one(idle, 'http_req_duration{route:idle}', 'p(99)<150');
    expect(v).toMatchObject({ status: 'error', measured: null, unit: 'ms', limit: '< 150' });
    expect(v.evidence).toBe(
      'p(99) over 2 s of route idle: no requests completed in the selection, so nothing to judge',
    );
  });

  it('is an error for a route the run never recorded', () => {
    const v = one(input, 'http_reqs{route:ghost}', 'count>0');
    expect(v.status).toBe('error');
    expect(v.evidence).toContain('the run recorded no seconds for route "ghost"');
  });

  it('never sees an expression that does not parse: parsing the map refuses it', () => {
    // Validation parses every threshold once; evaluateThresholds takes only parsed ones.
    expect(() => one(input, 'http_req_duration', 'p99<1')).toThrow(ThresholdSyntaxError);
    expect(() => one(input, 'http_req_duration', 'p99<1')).toThrow('unknown aggregation "p99"');
  });
});

describe('evaluateThresholds by phase and fault', () => {
  it('has no baseline when a fault starts in the first second', () => {
    const input = { seconds: steady('catalog', 0, 6, 10, 5), faults: [fault('slow', 0, 3)] };
    const base = one(input, 'http_req_duration{phase:baseline}', 'p(95)<100');
    expect(base).toMatchObject({ status: 'error', phase: 'baseline' });
    expect(base.evidence).toContain('a fault was active from the first second');
    expect(one(input, 'http_reqs{phase:fault}', 'count==30')).toMatchObject({ status: 'pass', measured: 30 });
    expect(one(input, 'http_reqs{phase:recovery}', 'count==30')).toMatchObject({
      status: 'pass',
      measured: 30,
    });
  });

  it('selects overlapping faults by name, and their union as the fault phase', () => {
    // a: [2 s, 6 s), b: [4 s, 8 s); 10 requests a second over 10 s.
    const input = { seconds: steady('catalog', 0, 10, 10, 5), faults: [fault('a', 2, 6), fault('b', 4, 8)] };
    const count = (key: string): number | null => one(input, key, 'count>0').measured;
    expect(count('http_reqs{fault:a}')).toBe(40);
    expect(count('http_reqs{fault:b}')).toBe(40);
    expect(count('http_reqs{phase:fault}')).toBe(60);
    expect(count('http_reqs{phase:baseline}')).toBe(20);
    expect(count('http_reqs{phase:recovery}')).toBe(20);
    expect(one(input, 'http_reqs{fault:a}', 'rps>=10').evidence).toBe(
      'rps over 4 s of all routes, fault "a" (40 requests): 10 req/s; worst second t=2: 10 req/s',
    );
  });

  it('counts a second that a fault only partly covers as part of it', () => {
    const input = { seconds: steady('catalog', 0, 4, 10, 5), faults: [fault('a', 1.5, 2.2)] };
    expect(one(input, 'http_reqs{fault:a}', 'count>0').measured).toBe(20);
  });

  it('is an error for a fault that never took effect or that the run does not have', () => {
    const input = { seconds: steady('catalog', 0, 4, 10, 5), faults: [fault('a', 1, 2, false)] };
    expect(one(input, 'http_reqs{fault:a}', 'count>0').evidence).toContain('fault "a" never took effect');
    expect(one(input, 'http_reqs{phase:fault}', 'count>0').evidence).toContain('no fault took effect');
    expect(one(input, 'http_reqs{fault:zz}', 'count>0').evidence).toContain(
      'the run has no fault named "zz"',
    );
  });
});

describe('evaluateThresholds on failures and counts', () => {
  const seconds = [
    second('checkout', 0, times(10, 5)),
    second('checkout', 1, times(10, 5), { failed: 4, statuses: { '200': 6, '503': 4 } }),
    second('checkout', 2, times(20, 5), { failed: 2, statuses: { '200': 18, '500': 2 } }),
  ];
  const input = { seconds, faults: [] };

  it('rates failures among completed requests, worst second included', () => {
    const v = one(input, 'http_req_failed{route:checkout}', 'rate<0.1');
    expect(v).toMatchObject({ status: 'fail', measured: 0.15, unit: 'rate', limit: '< 0.1' });
    expect(v.evidence).toBe(
      'rate over 3 s of route checkout (40 requests, 6 failed): 0.15; worst second t=1: 0.4',
    );
  });

  it('counts and rates by status code', () => {
    expect(one(input, 'http_reqs{status:503}', 'count<5')).toMatchObject({
      status: 'pass',
      measured: 4,
      unit: 'count',
    });
    expect(one(input, 'http_reqs{status:404}', 'count==0')).toMatchObject({ status: 'pass', measured: 0 });
    expect(one(input, 'http_req_failed{status:200}', 'rate==0')).toMatchObject({
      status: 'pass',
      measured: 0,
    });
    const none = one(input, 'http_req_failed{status:404}', 'rate<0.5');
    expect(none.status).toBe('error');
    expect(none.evidence).toContain('no responses with status 404');
  });

  it('divides by the seconds of the selection for rps, and finds the slowest second for >=', () => {
    const v = one(input, 'http_reqs', 'rps>=12');
    expect(v).toMatchObject({ status: 'pass', unit: 'req/s' });
    expect(v.measured).toBeCloseTo(40 / 3, 6);
    expect(v.evidence).toContain('worst second t=0: 10 req/s');
  });

  it('keeps one verdict per expression, in order', () => {
    const verdicts = evaluateThresholds(
      input,
      parseThresholdMap({
        http_reqs: ['count>1', { threshold: 'count<1' }],
        http_req_failed: ['rate<1'],
      }),
    );
    expect(verdicts.map((v) => [v.name, v.status])).toEqual([
      ['http_reqs count>1', 'pass'],
      ['http_reqs count<1', 'fail'],
      ['http_req_failed rate<1', 'pass'],
    ]);
  });
});

describe("k6's === operator", () => {
  it('judges count===N as count==N', () => {
    const input = { seconds: [second('a', 0, times(10, 5))], faults: [] };
    expect(one(input, 'http_reqs', 'count===10')).toMatchObject({ status: 'pass', limit: '=== 10' });
    expect(one(input, 'http_reqs', 'count===9').status).toBe('fail');
  });
});

describe('http_req_degraded', () => {
  const seconds = [
    { ...second('checkout', 0, times(10, 5)), degraded: 0 },
    { ...second('checkout', 1, times(10, 5)), degraded: 6 },
  ];

  it('rates responses served by a fallback among completed requests', () => {
    const v = one({ seconds, faults: [] }, 'http_req_degraded{route:checkout}', 'rate<0.2');
    expect(v).toMatchObject({ status: 'fail', measured: 0.3, unit: 'rate' });
    expect(v.evidence).toContain('20 requests, 6 degraded');
  });

  it('takes only the rate aggregation', () => {
    expect(() => one({ seconds, faults: [] }, 'http_req_degraded{route:checkout}', 'p(99)<1')).toThrow(
      /expected rate, got p\(99\)/,
    );
  });
});
