import { describe, expect, it } from 'vitest';
import type { Calibration } from '../checks/index.js';
import { withProposedLimits } from './proposed-limits.js';

const range = { runs: 3, passed: 3, min: 1, max: 2 };
function calibration(id: string, name: string, proposed: string, flagged = true): Calibration {
  return {
    id,
    name,
    unit: 'ms',
    limit: '',
    healthy: range,
    catches: false,
    flags: flagged ? ['flagged'] : [],
    proposed,
  };
}

const scenario = `name: s
checks:
  thresholds:
    # the route must stay fast
    "http_req_duration{route:checkout,phase:fault}": ["p(90)<250", "p(99)<900"]
    "http_req_failed{route:checkout}":
      - threshold: rate<0.5
        abortOnFail: true
  metrics:
    - name: retries
      expr: increase(a{service="x"})
      expect: "<= 1.5"
`;

describe('withProposedLimits', () => {
  it('rewrites the flagged thresholds and metric checks, keeping comments and the others', () => {
    const { text, changed, skipped } = withProposedLimits(scenario, [
      calibration('threshold:http_req_duration{route:checkout,phase:fault}:p(90)<250', 'p90', '< 40'),
      calibration('threshold:http_req_duration{route:checkout,phase:fault}:p(99)<900', 'p99', '< 80', false),
      calibration('threshold:http_req_failed{route:checkout}:rate<0.5', 'failed', '< 0.1'),
      calibration('metric:0:retries', 'retries', '<= 1.2'),
      calibration('recovery:checkout', 'recovery', '< 3000'),
    ]);
    expect(text).toContain('# the route must stay fast');
    expect(text).toContain('["p(90)<40", "p(99)<900"]');
    expect(text).toContain('threshold: rate<0.1');
    expect(text).toContain('expect: "<= 1.2"');
    expect(changed).toEqual(['p90 → p(90)<40', 'failed → rate<0.1', 'retries → <= 1.2']);
    expect(skipped).toEqual(['recovery']);
  });
});
