import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RampingSchedule } from './ramping-schedule.js';

/** Requests due in [fromMs, toMs). */
function countIn(s: RampingSchedule, fromMs: number, toMs: number): number {
  return s.firstIndexFrom(toMs) - s.firstIndexFrom(fromMs);
}

describe('RampingSchedule', () => {
  it('puts the area under the rate curve in each stage, to within one request', () => {
    const s = new RampingSchedule(10, [
      { durationMs: 2000, target: 200 },
      { durationMs: 1000, target: 200 },
      { durationMs: 2000, target: 50 },
    ]);
    expect(Math.abs(countIn(s, 0, 2000) - 210)).toBeLessThanOrEqual(1);
    expect(Math.abs(countIn(s, 2000, 3000) - 200)).toBeLessThanOrEqual(1);
    expect(Math.abs(countIn(s, 3000, 5000) - 250)).toBeLessThanOrEqual(1);
    // After the last stage the last target holds.
    expect(Math.abs(countIn(s, 5000, 7000) - 100)).toBeLessThanOrEqual(1);
  });

  it('ramps from 0 by default and sends nothing in warm-up then', () => {
    const s = new RampingSchedule(0, [{ durationMs: 10_000, target: 100 }]);
    expect(s.firstIndexFrom(-5000)).toBe(0);
    expect(s.offsetMs(-1)).toBe(-Infinity);
    expect(s.offsetMs(0)).toBe(0);
    // N(t) = 5 t² over the first 10 s: the 500th request is due at 10 s.
    expect(s.offsetMs(500)).toBeCloseTo(10_000, 6);
    expect(s.offsetMs(125)).toBeCloseTo(5000, 6);
  });

  it('warms up at the start rate', () => {
    const s = new RampingSchedule(20, [{ durationMs: 1000, target: 40 }]);
    expect(s.firstIndexFrom(-1000)).toBe(-20);
    expect(s.offsetMs(-20)).toBeCloseTo(-1000, 9);
  });

  it('stops for good when the rate falls to 0', () => {
    const s = new RampingSchedule(100, [{ durationMs: 1000, target: 0 }]);
    expect(countIn(s, 0, 1000)).toBe(50);
    expect(s.offsetMs(51)).toBe(Infinity);
  });

  it('is monotonic and inverts firstIndexFrom for any ramp', () => {
    const stage = fc.record({
      durationMs: fc.integer({ min: 1, max: 20_000 }),
      target: fc.integer({ min: 0, max: 2000 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.array(stage, { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 60_000, noNaN: true }),
        (start, stages, offset) => {
          const s = new RampingSchedule(start, stages);
          const i = s.firstIndexFrom(offset);
          expect(s.offsetMs(i)).toBeGreaterThanOrEqual(offset);
          if (i > 0) expect(s.offsetMs(i - 1)).toBeLessThan(offset);
          expect(s.offsetMs(i + 1)).toBeGreaterThanOrEqual(s.offsetMs(i));
          expect(s.secondOf(i + 1)).toBeGreaterThanOrEqual(s.secondOf(i));
        },
      ),
    );
  });

  it('rejects negative rates and empty stages', () => {
    expect(() => new RampingSchedule(-1, [])).toThrow(RangeError);
    expect(() => new RampingSchedule(0, [{ durationMs: 0, target: 10 }])).toThrow(RangeError);
  });
});
