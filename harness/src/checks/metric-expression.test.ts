import { describe, expect, it } from 'vitest';
import { MetricExpressionError, parseMetricExpression, selectorsOf } from './metric-expression.js';

describe('parseMetricExpression', () => {
  it('parses functions of selectors with matchers, arithmetic with precedence and parentheses', () => {
    const e = parseMetricExpression(
      'increase(upstream_requests_total{service="orders", upstream=~"inv.*", outcome!="short_circuited"}) / (increase(calls_total) - 2 * last(x)) + -1',
    );
    expect(e.kind).toBe('binary');
    const selectors = selectorsOf(e);
    expect(selectors.map((s) => s.metric)).toEqual(['upstream_requests_total', 'calls_total', 'x']);
    expect(selectors[0]!.matchers).toEqual([
      { label: 'service', op: '=', value: 'orders' },
      { label: 'upstream', op: '=~', value: 'inv.*' },
      { label: 'outcome', op: '!=', value: 'short_circuited' },
    ]);
    expect(selectors[0]!.source).toBe(
      'upstream_requests_total{service="orders", upstream=~"inv.*", outcome!="short_circuited"}',
    );
    // + binds looser than /: the top node is the + with -1 on its right
    expect(e).toMatchObject({ op: '+', right: { kind: 'negate', operand: { kind: 'number', value: 1 } } });
  });

  it.each([
    ['retries_total', 1, 'expected one of increase, last, max, min around the metric'],
    ['rate(retries_total)', 1, 'expected one of increase'],
    ['increase(retries_total{upstream=inventory})', 33, 'expected a quoted value for label "upstream"'],
    ['increase(retries_total{upstream="a"', 36, 'expected "," or "}"'],
    ['increase(retries_total) /', 26, 'expected a number'],
    ['increase(retries_total) 2', 25, 'unexpected "2"'],
    ['last(x{a=~"("})', 11, 'not a valid regular expression'],
    ['last(x{a~"b"})', 9, 'expected =, !=, =~ or !~'],
  ])('rejects %s at column %i', (text, column, reason) => {
    try {
      parseMetricExpression(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MetricExpressionError);
      expect((e as MetricExpressionError).column).toBe(column);
      expect((e as MetricExpressionError).reason).toContain(reason);
    }
  });
});
