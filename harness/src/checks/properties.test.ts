import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateThresholds } from './evaluate-thresholds.js';
import { parseThresholdExpression, parseThresholdMap, type Operator } from './threshold-parser.js';
import { fault, steady } from './timeline.fixture.js';

const ws = fc.constantFrom('', ' ', '  ');

describe('threshold properties', () => {
  it('parses back every expression the grammar allows, whatever the spacing', () => {
    const aggregation = fc.oneof(
      fc.constantFrom('avg', 'min', 'max', 'med', 'rate', 'count', 'rps'),
      fc.integer({ min: 0, max: 1000 }).map((n) => `p(${n / 10})`),
    );
    const op = fc.constantFrom<Operator>('<', '<=', '>', '>=', '==', '!=');
    const limit = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100);
    fc.assert(
      fc.property(aggregation, op, limit, ws, ws, ws, (agg, o, n, a, b, c) => {
        const e = parseThresholdExpression(`${a}${agg}${b}${o}${c}${n}`);
        expect([e.op, e.limit]).toEqual([o, n]);
        expect(e.aggregation === 'p' ? `p(${e.percentile})` : e.aggregation).toBe(agg);
      }),
    );
  });

  it('splits every request into exactly one phase, wherever the faults fall', () => {
    const window = fc.tuple(fc.integer({ min: 0, max: 19_000 }), fc.integer({ min: 1, max: 8000 }));
    fc.assert(
      fc.property(fc.array(window, { maxLength: 3 }), (windows) => {
        const faults = windows.map(([start, length], i) =>
          fault(`f${i}`, start / 1000, Math.min(20, (start + length) / 1000)),
        );
        const input = { seconds: steady('a', 0, 20, 3, 5), faults };
        const verdicts = evaluateThresholds(
          input,
          parseThresholdMap({
            'http_reqs{phase:baseline}': ['count>=0'],
            'http_reqs{phase:fault}': ['count>=0'],
            'http_reqs{phase:recovery}': ['count>=0'],
          }),
        );
        const total = verdicts.reduce((n, v) => n + (v.measured ?? 0), 0);
        expect(total).toBe(60);
        for (const v of verdicts) expect(v.status === 'error').toBe(v.measured === null);
      }),
    );
  });
});
