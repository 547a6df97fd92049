import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addEncoded,
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  newHistogram,
  summarize,
} from './histogram.js';

/** Everything a report or a check reads from a merged histogram. */
function observed(h: ReturnType<typeof newHistogram>): unknown {
  return {
    ...summarize(h),
    p90: h.getValueAtPercentile(90),
    p999: h.getValueAtPercentile(99.9),
    min: h.minNonZeroValue,
    max: h.maxValue,
    total: h.totalCount,
  };
}

// µs latencies from 1 µs to an hour, weighted towards the usual few ms.
const latency = fc.oneof(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 3_600_000_000 }));
const second = fc.array(latency, { maxLength: 300 });

describe('addEncoded', () => {
  it('merges exactly as decoding and adding', () => {
    fc.assert(
      fc.property(fc.array(second, { minLength: 1, maxLength: 4 }), (seconds) => {
        const encoded = seconds.map((values) => {
          const h = newHistogram();
          for (const v of values) h.recordValue(v);
          return encodeHistogram(h);
        });
        const viaDecode = newHistogram();
        for (const e of encoded) viaDecode.add(decodeHistogram(e));
        const viaAdd = newHistogram();
        for (const e of encoded) addEncoded(viaAdd, e);
        expect(observed(viaAdd)).toEqual(observed(viaDecode));
        expect(observed(mergeHistograms(encoded))).toEqual(observed(viaDecode));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps large counts in one bucket', () => {
    const h = newHistogram();
    h.recordValueWithCount(1500, 1_000_000);
    h.recordValueWithCount(2_000_000, 3);
    const merged = newHistogram();
    addEncoded(merged, encodeHistogram(h));
    const decoded = newHistogram();
    decoded.add(decodeHistogram(encodeHistogram(h)));
    expect(observed(merged)).toEqual(observed(decoded));
    expect(merged.totalCount).toBe(1_000_003);
  });

  it('rejects what is not an encoded histogram', () => {
    expect(() => addEncoded(newHistogram(), 'aGVsbG8gd29ybGQ=')).toThrow(/HdrHistogram/);
  });
});
