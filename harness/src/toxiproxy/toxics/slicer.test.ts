import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.js';
import { slicePoints } from './slicer.js';

const sizes = (cuts: number[]): number[] => cuts.map((c, i) => c - (i === 0 ? 0 : (cuts[i - 1] ?? 0)));

describe('slicePoints', () => {
  it('halves recursively: 100 B at average 10, variation 0 gives pieces of 6 and 7', () => {
    const pieces = sizes(slicePoints(100, 10, 0, Math.random));
    expect(pieces.slice(0, 4)).toEqual([6, 6, 6, 7]);
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(100);
    expect(new Set(pieces)).toEqual(new Set([6, 7]));
  });

  it('keeps every piece within the bounds halving allows, covering the chunk exactly', () => {
    const random = mulberry32(5);
    for (let run = 0; run < 50; run++) {
      const pieces = sizes(slicePoints(2000, 100, 40, random));
      expect(pieces.reduce((a, b) => a + b, 0)).toBe(2000);
      expect(Math.min(...pieces)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...pieces)).toBeLessThanOrEqual(140);
    }
  });

  it('ends even where Toxiproxy would recurse forever', () => {
    expect(sizes(slicePoints(5, 0, 0, Math.random))).toEqual([1, 1, 1, 1, 1]);
    expect(slicePoints(0, 10, 0, Math.random)).toEqual([]);
  });
});
