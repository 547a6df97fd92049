import { describe, expect, it } from 'vitest';
import { parseSeriesKey } from '../results/index.js';
import { metricNames, parsePrometheusText } from './prometheus-text.js';

const text = `# HELP circuit_breaker_state 0 closed, 1 open, 2 half-open
# TYPE circuit_breaker_state gauge
circuit_breaker_state{upstream="payments",service="orders"} 1
circuit_breaker_state{upstream="inventory"} 0
other_metric 5
resilience4j_circuitbreaker_state{name="a,b",state="open"} 1 1700000000000
`;

describe('parsePrometheusText', () => {
  it('keeps only wanted families, with labels sorted into a stable key', () => {
    expect(parsePrometheusText(text, ['circuit_breaker_state'])).toEqual({
      'circuit_breaker_state{service="orders",upstream="payments"}': 1,
      'circuit_breaker_state{upstream="inventory"}': 0,
    });
  });

  it('handles commas inside label values and trailing timestamps', () => {
    expect(parsePrometheusText(text, ['resilience4j_circuitbreaker_state', 'other_metric'])).toEqual({
      'resilience4j_circuitbreaker_state{name="a,b",state="open"}': 1,
      other_metric: 5,
    });
  });

  it('keys a label value with an escaped line break so that the checks and the report read a line break', () => {
    const key = Object.keys(parsePrometheusText('calls{upstream="pay\\nments"} 2\n', ['calls']))[0]!;
    expect(key).toBe('calls{upstream="pay\\nments"}');
    expect(parseSeriesKey(key).labels).toEqual({ upstream: 'pay\nments' });
  });

  it('lists every metric name exposed, once each, for did-you-mean hints', () => {
    expect(metricNames(text)).toEqual([
      'circuit_breaker_state',
      'other_metric',
      'resilience4j_circuitbreaker_state',
    ]);
  });
});
