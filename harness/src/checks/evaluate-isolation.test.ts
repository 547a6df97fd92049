import { describe, expect, it } from 'vitest';
import { evaluateIsolation } from './evaluate-isolation.js';
import { parseSloMap } from './slo.js';
import { fault, second, steady, times } from './timeline.fixture.js';

const slo = parseSloMap({ catalog: ['p(99)<150', 'rate<0.01'] });

describe('evaluateIsolation', () => {
  it('passes a route that keeps its SLO through the fault window', () => {
    const vs = evaluateIsolation(
      { seconds: steady('catalog', 0, 10, 20, 30), faults: [fault('f', 3, 6)] },
      [{ unaffected: ['catalog'] }],
      slo,
    );
    expect(vs.map((v) => [v.kind, v.status])).toEqual([
      ['isolation', 'pass'],
      ['isolation', 'pass'],
    ]);
    expect(vs[0]!.evidence).toContain('seconds 3–5');
  });

  it('fails a route the fault leaked into, judged on the window only', () => {
    const seconds = [
      ...steady('catalog', 0, 3, 20, 30),
      second('catalog', 3, times(20, 30), { failed: 10 }),
      ...steady('catalog', 4, 10, 20, 30),
    ];
    const [p99, rate] = evaluateIsolation(
      { seconds, faults: [fault('f', 3, 6)] },
      [{ unaffected: ['catalog'] }],
      slo,
    );
    expect(p99!.status).toBe('pass');
    expect(rate).toMatchObject({ status: 'fail', measured: 10 / 60 });
    // the same leak outside the window is not the fault's doing
    expect(
      evaluateIsolation({ seconds, faults: [fault('f', 6, 8)] }, [{ unaffected: ['catalog'] }], slo)[1]!
        .status,
    ).toBe('pass');
  });

  it('judges each fault window, overlapping ones too, or only the named fault', () => {
    const faults = [fault('a', 2, 5), fault('b', 4, 7)];
    const input = { seconds: steady('catalog', 0, 10, 20, 30), faults };
    expect(evaluateIsolation(input, [{ unaffected: ['catalog'] }], slo)).toHaveLength(4);
    expect(evaluateIsolation(input, [{ unaffected: ['catalog'], fault: 'b' }], slo).map((v) => v.id)).toEqual(
      ['isolation:catalog:b:p(99)<150', 'isolation:catalog:b:rate<0.01'],
    );
  });

  it('is an error for a route without traffic or an SLO, a fault never applied, or no faults', () => {
    const base = { seconds: steady('catalog', 0, 10, 20, 30), faults: [fault('f', 3, 6)] };
    expect(evaluateIsolation({ ...base, seconds: [] }, [{ unaffected: ['catalog'] }], slo)[0]!.status).toBe(
      'error',
    );
    expect(evaluateIsolation(base, [{ unaffected: ['search'] }], slo)[0]!.evidence).toContain('no SLO');
    expect(
      evaluateIsolation(
        { ...base, faults: [fault('f', 3, 6, false)] },
        [{ unaffected: ['catalog'] }],
        slo,
      )[0]!.status,
    ).toBe('error');
    expect(evaluateIsolation({ ...base, faults: [] }, [{ unaffected: ['catalog'] }], slo)[0]!.status).toBe(
      'error',
    );
  });
});
