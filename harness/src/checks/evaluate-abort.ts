import type { Verdict } from '../results/index.js';
import { evaluateThresholds, type ThresholdInput } from './evaluate-thresholds.js';
import type { ThresholdMap } from './threshold-parser.js';

/** A threshold of `abort:` that failed, and the second it failed in. */
export interface AbortTrigger {
  /** The last whole second recorded when it failed. */
  t: number;
  threshold: Verdict;
}

/**
 * Evaluates the `abort:` thresholds (as k6's `abortOnFail`) over everything recorded so far;
 * returns the first that fails, if any. Called once a second during the run, so it must stay
 * cheap for short runs. A threshold with nothing to judge yet never aborts. Pure.
 */
export function checkAbort(input: ThresholdInput, abort: Readonly<ThresholdMap>): AbortTrigger | undefined {
  if (Object.keys(abort).length === 0 || input.seconds.length === 0) return undefined;
  const failed = evaluateThresholds(input, abort).find((v) => v.status === 'fail');
  if (!failed) return undefined;
  return { t: Math.max(...input.seconds.map((s) => s.t)), threshold: failed };
}

/**
 * The `abort` verdict of a run that had `abort:` thresholds: `fail` with the second it stopped
 * at (measured, in s) when one failed, `pass` otherwise.
 */
export function abortVerdict(trigger: AbortTrigger | undefined, recordedSeconds: number): Verdict {
  const base = { id: 'abort', kind: 'abort' as const, name: 'abort conditions', unit: 's' };
  if (!trigger) {
    return {
      ...base,
      status: 'pass',
      measured: null,
      limit: 'never',
      evidence: `no abort threshold failed in ${recordedSeconds} s`,
    };
  }
  const { threshold: v, t } = trigger;
  return {
    ...base,
    name: `abort: ${v.name}`,
    status: 'fail',
    measured: t,
    limit: `${v.limit} (${v.unit})`,
    evidence: `aborted at second t=${t}: ${v.name} failed (${v.evidence}); the run was stopped and rolled back`,
  };
}
