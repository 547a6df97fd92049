import type { Verdict } from '../results/index.js';

/** `2,912` */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/**
 * A measured value with its unit for evidence: `1,950 ms`, `0.0124`, `97.1 req/s`, `2,912`, and
 * a unitless value that is not a count (a ratio of metrics) to three digits: `1.31`.
 */
export function formatValue(v: number, unit: Verdict['unit']): string {
  switch (unit) {
    case 'ms':
      return `${v.toLocaleString('en-US', { maximumFractionDigits: v >= 100 ? 1 : v >= 1 ? 2 : 3 })} ms`;
    case 'rate':
      return v.toLocaleString('en-US', { maximumSignificantDigits: 3 });
    case 'req/s':
      return `${v.toLocaleString('en-US', { maximumFractionDigits: 2 })} req/s`;
    default:
      return Number.isInteger(v)
        ? formatCount(v)
        : v.toLocaleString('en-US', { maximumSignificantDigits: 3 });
  }
}
