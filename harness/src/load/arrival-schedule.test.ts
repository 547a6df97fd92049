import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrivalSchedule } from './arrival-schedule.js';

const rates = fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0.01, max: 5000, noNaN: true }));

describe('ArrivalSchedule', () => {
  it('puts exactly `rate` requests in each second for whole rates', () => {
    const s = new ArrivalSchedule(200);
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 600; i++) perSecond.set(s.secondOf(i), (perSecond.get(s.secondOf(i)) ?? 0) + 1);
    expect([...perSecond]).toEqual([
      [0, 200],
      [1, 200],
      [2, 200],
    ]);
    expect(s.offsetMs(599)).toBeCloseTo(2995, 9);
  });

  it('finds the first index due at or after an offset, warm-up included', () => {
    fc.assert(
      fc.property(rates, fc.double({ min: -60_000, max: 60_000, noNaN: true }), (rate, offset) => {
        const s = new ArrivalSchedule(rate);
        const i = s.firstIndexFrom(offset);
        expect(s.offsetMs(i)).toBeGreaterThanOrEqual(offset);
        expect(s.offsetMs(i - 1)).toBeLessThan(offset);
      }),
    );
  });

  it('assigns seconds monotonically, so a second never reopens', () => {
    fc.assert(
      fc.property(rates, fc.integer({ min: -10_000, max: 1_000_000 }), (rate, i) => {
        const s = new ArrivalSchedule(rate);
        expect(s.secondOf(i + 1)).toBeGreaterThanOrEqual(s.secondOf(i));
      }),
    );
  });

  it('rejects rates that are not positive', () => {
    expect(() => new ArrivalSchedule(0)).toThrow(RangeError);
    expect(() => new ArrivalSchedule(Number.NaN)).toThrow(RangeError);
  });
});
