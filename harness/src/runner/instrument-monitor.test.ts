import { describe, expect, it } from 'vitest';
import { loopDelayP99Between, type LoopDelayBuckets } from './instrument-monitor.js';

/** Cumulative counts at the server's bounds (s), as /metrics publishes them. */
function buckets(counts: number[]): LoopDelayBuckets {
  const bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, Infinity];
  let cumulative = 0;
  return new Map(bounds.map((le, i) => [le, (cumulative += counts[i] ?? 0)]));
}

describe('loopDelayP99Between', () => {
  it('is the bound of the bucket holding the p99 of the wake-ups between two reads', () => {
    // Since the start: 10 000 quiet wake-ups and 500 of 200 ms (a busy window long ago).
    const before = buckets([10_000, 0, 0, 0, 0, 500]);
    // In the window: 1000 more quiet wake-ups, and 5 of 40 ms.
    const quiet = buckets([11_000, 0, 0, 5, 0, 500]);
    expect(loopDelayP99Between(before, quiet)).toBe(5);
    // 20 of 1000 wake-ups at 200 ms: past the p99, so the window's p99 is in the 250 ms bucket.
    const busy = buckets([10_980, 0, 0, 0, 0, 520]);
    expect(loopDelayP99Between(before, busy)).toBe(250);
  });

  it('tells the 100 ms limit exactly, says "at least" beyond the last bound, and null without wake-ups', () => {
    const before = buckets([]);
    // 990 of 1000 at or below 100 ms: the p99 is within the limit; 989: past it.
    expect(loopDelayP99Between(before, buckets([980, 0, 0, 0, 10, 10]))).toBe(100);
    expect(loopDelayP99Between(before, buckets([980, 0, 0, 0, 9, 11]))).toBe(250);
    expect(loopDelayP99Between(before, buckets([990, 0, 0, 0, 10]))).toBe(5);
    expect(loopDelayP99Between(before, buckets([900, 0, 0, 0, 0, 0, 0, 0, 0, 100]))).toBe(2500);
    expect(loopDelayP99Between(buckets([5]), buckets([5]))).toBeNull();
  });
});
