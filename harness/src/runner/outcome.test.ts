import { describe, expect, it } from 'vitest';
import type { Verdict } from '../results/index.js';
import { decideOutcome } from './outcome.js';

const verdict = (status: Verdict['status'], kind: Verdict['kind'] = 'threshold'): Verdict => ({
  id: status,
  kind,
  name: status,
  status,
  measured: 1,
  unit: 'ms',
  limit: '< 2',
  evidence: '',
});
const base = { verdicts: [verdict('pass')], errors: [], rollbackFailures: [] };

describe('decideOutcome', () => {
  it('passes only when every check passed', () => {
    expect(decideOutcome(base)).toEqual({ outcome: 'passed', exitCode: 0 });
    expect(decideOutcome({ ...base, verdicts: [verdict('pass'), verdict('fail')] }).exitCode).toBe(1);
    expect(decideOutcome({ ...base, verdicts: [verdict('pass'), verdict('error')] }).exitCode).toBe(4);
  });

  it('ranks rollback failure, then interruption, then harness errors above check results', () => {
    const failing = { ...base, verdicts: [verdict('fail')] };
    expect(decideOutcome({ ...failing, errors: ['x'] }).exitCode).toBe(3);
    expect(decideOutcome({ ...failing, errors: ['x'], interruptedBy: 'SIGTERM' }).exitCode).toBe(143);
    expect(decideOutcome({ ...failing, interruptedBy: 'SIGINT', rollbackFailures: ['proxy'] }).exitCode).toBe(
      5,
    );
  });

  it('makes a run inconclusive when a precondition is unmet, even if checks failed', () => {
    const failing = [verdict('fail'), verdict('pass', 'effect')];
    expect(decideOutcome({ ...base, verdicts: failing })).toEqual({ outcome: 'failed', exitCode: 1 });
    for (const kind of ['effect', 'effect-traffic', 'steady-state'] as const) {
      expect(decideOutcome({ ...base, verdicts: [verdict('fail'), verdict('error', kind)] })).toEqual({
        outcome: 'inconclusive',
        exitCode: 4,
      });
    }
  });

  it('fails an aborted run whatever else it shows, below harness errors', () => {
    const aborted = [verdict('fail', 'abort'), verdict('error', 'effect'), verdict('error', 'steady-state')];
    expect(decideOutcome({ ...base, verdicts: aborted })).toEqual({ outcome: 'failed', exitCode: 1 });
    expect(decideOutcome({ ...base, verdicts: aborted, errors: ['x'] }).exitCode).toBe(3);
    expect(decideOutcome({ ...base, verdicts: [verdict('pass', 'abort')] }).exitCode).toBe(0);
  });
});
