import { ExitCode } from '../errors/index.js';
import type { Outcome, Verdict } from '../results/index.js';

export interface OutcomeInput {
  verdicts: readonly Verdict[];
  /** Harness problems during the run (a fault that could not be applied, …). */
  errors: readonly string[];
  interruptedBy?: 'SIGINT' | 'SIGTERM';
  /** Undo actions that failed: something may still be in place. */
  rollbackFailures: readonly string[];
}

/**
 * The gate's decision, most serious first: a failed rollback outranks everything (the system may
 * still be broken), then an interruption, harness errors, failed checks, and checks that could
 * not be evaluated.
 */
export function decideOutcome(i: OutcomeInput): { outcome: Outcome; exitCode: ExitCode } {
  if (i.rollbackFailures.length > 0) return { outcome: 'error', exitCode: ExitCode.rollbackFailed };
  if (i.interruptedBy === 'SIGINT') return { outcome: 'interrupted', exitCode: ExitCode.interrupted };
  if (i.interruptedBy === 'SIGTERM') return { outcome: 'interrupted', exitCode: ExitCode.terminated };
  if (i.errors.length > 0) return { outcome: 'error', exitCode: ExitCode.runFailed };
  if (i.verdicts.some((v) => v.status === 'fail')) return { outcome: 'failed', exitCode: ExitCode.checkFailed };
  if (i.verdicts.some((v) => v.status === 'error')) return { outcome: 'inconclusive', exitCode: ExitCode.inconclusive };
  return { outcome: 'passed', exitCode: ExitCode.passed };
}
