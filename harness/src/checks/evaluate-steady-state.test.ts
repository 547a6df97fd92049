import { describe, expect, it } from 'vitest';
import { evaluateSteadyState } from './evaluate-steady-state.js';
import { parseSloMap } from './slo.js';
import { fault, second, steady, times } from './timeline.fixture.js';

const slo = parseSloMap({ catalog: ['p(99)<150', 'rate<0.01'] });

describe('evaluateSteadyState', () => {
  it('passes when the baseline meets every SLO expression', () => {
    const vs = evaluateSteadyState(
      { seconds: steady('catalog', 0, 10, 20, 30), faults: [fault('f', 4, 6)] },
      slo,
    );
    expect(vs.map((v) => [v.kind, v.status, v.phase])).toEqual([
      ['steady-state', 'pass', 'baseline'],
      ['steady-state', 'pass', 'baseline'],
    ]);
    expect(vs[0]!.evidence).toContain('baseline seconds 0–3');
  });

  it('makes a missed baseline an error (inconclusive), judged only on seconds before the first fault', () => {
    const seconds = [...steady('catalog', 0, 4, 20, 300), ...steady('catalog', 4, 10, 20, 30)];
    const [p99, rate] = evaluateSteadyState({ seconds, faults: [fault('f', 4, 6)] }, slo);
    expect(p99).toMatchObject({ status: 'error', measured: expect.closeTo(300, 0) as number });
    expect(p99!.evidence).toContain('baseline missed its SLO');
    expect(rate!.status).toBe('pass');
    const failing = [second('catalog', 0, times(20, 10), { failed: 2 }), ...steady('catalog', 1, 10, 20, 10)];
    expect(evaluateSteadyState({ seconds: failing, faults: [fault('f', 4, 6)] }, slo)[1]).toMatchObject({
      status: 'error',
      measured: 0.025,
    });
  });

  it('has nothing to judge when a fault starts in the first second or the route had no traffic', () => {
    expect(
      evaluateSteadyState({ seconds: steady('catalog', 0, 10, 20, 30), faults: [fault('f', 0, 6)] }, slo)[0],
    ).toMatchObject({ status: 'error', measured: null });
    expect(
      evaluateSteadyState({ seconds: steady('checkout', 0, 10, 20, 30), faults: [] }, slo)[0]!.evidence,
    ).toContain('no requests');
  });

  it('uses every second as baseline in a run without faults, and nothing without an SLO', () => {
    expect(
      evaluateSteadyState({ seconds: steady('catalog', 0, 3, 20, 30), faults: [] }, slo)[0]!.evidence,
    ).toContain('0–2');
    expect(evaluateSteadyState({ seconds: steady('catalog', 0, 3, 20, 30), faults: [] }, {})).toEqual([]);
  });
});
