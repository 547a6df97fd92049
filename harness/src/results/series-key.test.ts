import { describe, expect, it } from 'vitest';
import { formatSeriesKey, parseLabels, parseSeriesKey, samplesOf } from './series-key.js';

describe('series keys', () => {
  it('unescape a label value as the text format escapes it: \\n a line break, \\" a quote, \\\\ a backslash', () => {
    expect(parseLabels('a="x\\ny",b="say \\"hi\\"",c="C:\\\\d",d="1,2}"')).toEqual({
      a: 'x\ny',
      b: 'say "hi"',
      c: 'C:\\d',
      d: '1,2}',
    });
  });

  it('round-trip through formatSeriesKey, labels sorted', () => {
    const labels = { upstream: 'pay\nments', service: 'or"ders\\' };
    const key = formatSeriesKey('circuit_breaker_state', labels);
    expect(key).toBe('circuit_breaker_state{service="or\\"ders\\\\",upstream="pay\\nments"}');
    expect(parseSeriesKey(key)).toEqual({ name: 'circuit_breaker_state', labels });
    expect(formatSeriesKey('up', {})).toBe('up');
  });

  it('give samples as { name, labels, value }', () => {
    expect(samplesOf({ 'calls_total{code="200"}': 3, up: 1 })).toEqual([
      { name: 'calls_total', labels: { code: '200' }, value: 3 },
      { name: 'up', labels: {}, value: 1 },
    ]);
  });

  it('refuse a label set that is not one', () => {
    expect(parseLabels('a=x')).toBeUndefined();
    expect(parseLabels('a="x"b="y"')).toBeUndefined();
    expect(parseLabels('a="x')).toBeUndefined();
  });
});
