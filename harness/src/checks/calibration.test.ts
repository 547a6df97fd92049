import { describe, expect, it } from 'vitest';
import type { Verdict } from '../results/index.js';
import { calibrate, groupRuns, TIME_MARGIN } from './calibration.js';

function verdict(measured: number | null, limit: string, unit = 'ms', id = 'threshold:x'): Verdict {
  const comparison = /^([<>]=?)\s*(\S+)$/.exec(limit);
  const pass =
    measured !== null &&
    comparison !== null &&
    (comparison[1]!.startsWith('<') ? measured < Number(comparison[2]) : measured > Number(comparison[2]));
  return {
    id,
    kind: 'threshold',
    name: id,
    status: pass ? 'pass' : 'fail',
    measured,
    unit,
    limit,
    evidence: '',
  };
}

const runsOf = (values: (number | null)[], limit: string, unit = 'ms'): Verdict[] =>
  values.map((v) => verdict(v, limit, unit));

describe('calibrate', () => {
  it('flags a latency limit inside the broken range (the coin toss of the default scenario) and proposes one between', () => {
    // Fault-phase p90 of checkout: ~8 ms healthy; with the breakers off either a single timeout
    // (164–190 ms) or a retried call (306–316 ms).
    const c = calibrate({
      id: 'threshold:x',
      name: 'x',
      unit: 'ms',
      limit: '< 250',
      healthy: runsOf([7.5, 8.2, 9], '< 250'),
      broken: runsOf([164, 190, 306, 316], '< 250'),
    });
    expect(c.catches).toBe(false);
    expect(c.flags).toEqual(['the limit < 250 is inside the broken range (164–316 ms)']);
    expect(c.proposed).toBe('< 40');
    const proposed = Number(c.proposed!.slice(2));
    expect(proposed).toBeGreaterThanOrEqual(TIME_MARGIN * 9);
    expect(proposed).toBeLessThanOrEqual(164 / TIME_MARGIN);
  });

  it('passes a limit that separates both ranges by the margin', () => {
    const c = calibrate({
      id: 'threshold:x',
      name: 'x',
      unit: 'ms',
      limit: '< 60',
      healthy: runsOf([8, 9], '< 60'),
      broken: runsOf([164, 316], '< 60'),
    });
    expect(c.catches).toBe(true);
    expect(c.flags).toEqual([]);
  });

  it('flags a limit within the margin of the healthy range', () => {
    const c = calibrate({
      id: 'threshold:x',
      name: 'x',
      unit: 'ms',
      limit: '< 15',
      healthy: runsOf([8, 9], '< 15'),
      broken: [],
    });
    expect(c.flags).toEqual(['the limit < 15 is within the margin of the healthy range (8–9 ms)']);
    expect(c.proposed).toBe('< 18');
  });

  it('proposes nothing when no time limit keeps the margin on both sides', () => {
    const c = calibrate({
      id: 'threshold:x',
      name: 'x',
      unit: 'ms',
      limit: '< 30',
      healthy: runsOf([20], '< 30'),
      broken: runsOf([50], '< 30'),
    });
    expect(c.proposed).toBeUndefined();
    expect(c.noProposal).toMatch(
      /no limit keeps a 2× margin on both sides: healthy reaches 20 ms, broken 50 ms/,
    );
  });

  it('mirrors for a lower bound and uses the middle for other units', () => {
    const c = calibrate({
      id: 'metric:0:rate',
      name: 'rate',
      unit: '',
      limit: '> 0.5',
      healthy: runsOf([0.9, 0.95], '> 0.5', ''),
      broken: runsOf([0.2, 0.3], '> 0.5', ''),
    });
    expect(c.catches).toBe(true);
    expect(c.flags).toEqual([]);
    expect(c.proposed).toBe('> 0.6');
  });

  it('does not flag a check the broken variant passes: it is not the one that catches it', () => {
    const c = calibrate({
      id: 'threshold:catalog',
      name: 'catalog',
      unit: 'ms',
      limit: '< 300',
      healthy: runsOf([20, 25], '< 300'),
      broken: runsOf([200, 250], '< 300'),
    });
    expect(c.catches).toBe(false);
    expect(c.flags).toEqual([]);
    expect(c.proposed).toBe('< 50');
  });

  it('says when the healthy system failed or was not measured', () => {
    const c = calibrate({
      id: 'threshold:x',
      name: 'x',
      unit: 'ms',
      limit: '< 100',
      healthy: runsOf([50, 120, null], '< 100'),
      broken: [],
    });
    expect(c.flags).toContain('the healthy system failed 2/3 runs');
    expect(c.flags).toContain('not measured in 1/3 healthy runs');
  });
});

describe('groupRuns', () => {
  it('groups verdicts by id across runs, in first-seen order', () => {
    const a = verdict(1, '< 5', 'ms', 'a');
    const b = verdict(2, '< 5', 'ms', 'b');
    const effect = { ...verdict(1, '> 0', '', 'effect:f'), kind: 'effect' as const };
    // The instrument's limits judge the machine; a scenario has nothing to calibrate there.
    const instrument = { ...verdict(30, '< 50', 'ms', 'instrument:send-lag'), kind: 'instrument' as const };
    const groups = groupRuns([[a, b, effect, instrument], [b]], [[a]]);
    expect(groups.map((g) => [g.id, g.healthy.length, g.broken.length])).toEqual([
      ['a', 1, 1],
      ['b', 2, 0],
    ]);
  });
});
