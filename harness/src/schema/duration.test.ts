import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';
import { parseRate } from './rate.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1m0.5s', 60_500],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '20', 's', '-1s', '1 s', '1sec', '30s1m', '1s1s', '0.5ms', '1.s', '.5s', '1m 30s'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it('reads back what formatDuration writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 3_600_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
    expect(formatDuration(90_500)).toBe('1m30s500ms');
  });
});

describe('parseRate', () => {
  it.each([
    ['100/s', 100],
    ['6000/m', 100],
    ['0.5/s', 0.5],
    [' 20 / s ', 20],
    [50, 50],
    [2.5, 2.5],
  ] as const)('reads %j as %d req/s', (value, perSecond) => {
    expect(parseRate(value)).toBe(perSecond);
  });

  it.each(['100', '100/h', '0/s', '-1/s', 'fast', 0, -3, Number.NaN, Infinity])('rejects %j', (value) => {
    expect(parseRate(value)).toBeUndefined();
  });
});
