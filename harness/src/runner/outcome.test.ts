import { describe, expect, it } from 'vitest';
import type { Verdict } from '../results/index.js';
import { decideOutcome } from './outcome.js';

const verdict = (status: Verdict['status']): Verdict => ({
  id: status, kind: 'threshold', name: status, status, measured: 1, unit: 'ms', limit: '< 2', evidence: '',
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
    expect(decideOutcome({ ...failing, interruptedBy: 'SIGINT', rollbackFailures: ['proxy'] }).exitCode).toBe(5);
  });
});
