import { describe, expect, it } from 'vitest';
import type { FaultSpec } from '../scenario/index.js';
import { faultChart } from './fault-chart.js';

const down = (name: string, atMs: number, forMs: number): FaultSpec => ({
  type: 'down',
  name,
  atMs,
  forMs,
  edge: 'a->b',
});

describe('faultChart', () => {
  it('draws one lane per fault, one column per second, under an axis every 5 s', () => {
    const chart = faultChart([down('first', 2000, 3000), down('second', 4500, 1000)], 10_000, (f) =>
      f.name.toUpperCase(),
    );
    expect(chart.split('\n')).toEqual([
      '        0s   5s',
      'first   ··███·····  FIRST',
      'second  ····██····  SECOND',
    ]);
  });

  it('marks a column a fault only touches, and packs long runs into at most 60 columns', () => {
    const chart = faultChart([down('x', 119_500, 500)], 120_000, () => '');
    const lane = chart.split('\n')[1] ?? '';
    const cells = lane.trim().split(/\s+/)[1] ?? '';
    expect(cells).toHaveLength(60);
    expect(cells.endsWith('·█')).toBe(true);
    expect(chart.split('\n')[0]).toContain('10s');
  });
});
