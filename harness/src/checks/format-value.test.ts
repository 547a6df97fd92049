import { describe, expect, it } from 'vitest';
import { formatValue } from './format-value.js';

describe('formatValue', () => {
  it('shows counts whole and a ratio of metrics to three digits', () => {
    expect(formatValue(2912, '')).toBe('2,912');
    // retries per call: 1.31 with the budget off against 1.1 with it, not "1" for both
    expect(formatValue(1.3118, '')).toBe('1.31');
    expect(formatValue(0.0983, '')).toBe('0.0983');
  });

  it('keeps times and rates as they were', () => {
    expect(formatValue(1950.04, 'ms')).toBe('1,950 ms');
    expect(formatValue(0.01239, 'rate')).toBe('0.0124');
  });
});
