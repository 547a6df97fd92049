import { describe, expect, it } from 'vitest';
import { repeatVerdict } from './repeat-verdict.js';

describe('repeatVerdict', () => {
  it('passes only when every repetition passed, fails only when every one failed', () => {
    expect(repeatVerdict([0, 0, 0])).toEqual({ exitCode: 0, passed: 3, runs: 3 });
    expect(repeatVerdict([1, 1, 1])).toEqual({ exitCode: 1, passed: 0, runs: 3 });
    expect(repeatVerdict([4, 4])).toEqual({ exitCode: 4, passed: 0, runs: 2 });
  });

  it('is inconclusive as flaky when the repetitions disagree', () => {
    expect(repeatVerdict([0, 1, 0])).toEqual({ exitCode: 4, passed: 2, runs: 3, flaky: 'flaky: 2/3 passed' });
    expect(repeatVerdict([1, 4, 1])).toEqual({ exitCode: 4, passed: 0, runs: 3, flaky: 'flaky: 0/3 passed' });
    expect(repeatVerdict([0, 4])).toMatchObject({ exitCode: 4, flaky: 'flaky: 1/2 passed' });
  });

  it('ranks a repetition that could not be carried out or was interrupted as any gate does', () => {
    expect(repeatVerdict([0, 3, 1])).toEqual({ exitCode: 3, passed: 1, runs: 3 });
    expect(repeatVerdict([0, 130])).toEqual({ exitCode: 130, passed: 1, runs: 2 });
    expect(repeatVerdict([5, 0])).toEqual({ exitCode: 5, passed: 1, runs: 2 });
  });
});
