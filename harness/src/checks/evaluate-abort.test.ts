import { describe, expect, it } from 'vitest';
import { abortVerdict, checkAbort } from './evaluate-abort.js';
import { parseThresholdMap } from './threshold-parser.js';
import { fault, second, steady, times } from './timeline.fixture.js';

const abort = parseThresholdMap({ 'http_req_failed{route:checkout}': ['rate<0.5'] });

describe('checkAbort', () => {
  it('triggers at the second the cumulative threshold first fails', () => {
    const seconds = [...steady('checkout', 0, 2, 10, 10)];
    expect(checkAbort({ seconds, faults: [] }, abort)).toBeUndefined();
    seconds.push(
      second('checkout', 2, times(10, 10), { failed: 10 }),
      second('checkout', 3, times(10, 10), { failed: 10 }),
    );
    expect(checkAbort({ seconds: seconds.slice(0, 3), faults: [] }, abort)).toBeUndefined();
    const trigger = checkAbort({ seconds, faults: [] }, abort);
    expect(trigger?.t).toBe(3);
    const v = abortVerdict(trigger, 4);
    expect(v).toMatchObject({ kind: 'abort', status: 'fail', measured: 3, unit: 's' });
    expect(v.evidence).toContain('aborted at second t=3');
  });

  it('never aborts on an empty selection or without abort thresholds', () => {
    const seconds = steady('catalog', 0, 3, 10, 10);
    expect(checkAbort({ seconds, faults: [] }, abort)).toBeUndefined();
    expect(checkAbort({ seconds, faults: [] }, {})).toBeUndefined();
    expect(
      checkAbort(
        { seconds, faults: [fault('f', 0, 1)] },
        parseThresholdMap({ 'http_req_duration{phase:recovery}': ['p(99)<1'] }),
      ),
    ).toMatchObject({ t: 2 });
  });

  it('passes a run that never met an abort condition', () => {
    expect(abortVerdict(undefined, 12)).toMatchObject({
      status: 'pass',
      evidence: 'no abort threshold failed in 12 s',
    });
  });
});
