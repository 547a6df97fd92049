import { PRECONDITION_KINDS } from '../checks/index.js';
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
 * The gate's decision, most serious first:
 * 1. a failed rollback (5): the system may still be broken;
 * 2. an interruption by SIGINT/SIGTERM (130/143);
 * 3. harness errors (3): the run was not carried out as written;
 * 4. an `abort` threshold that stopped the run (1, failed);
 * 5. an unmet precondition (4, inconclusive): a fault that did not take effect or met no traffic,
 *    a baseline that missed its SLO, or a machine too busy to measure — check failures of such a
 *    run prove nothing, so they do not make it failed;
 * 6. failed checks (1);
 * 7. checks that could not be evaluated (4);
 * 8. otherwise passed (0).
 */
export function decideOutcome(i: OutcomeInput): { outcome: Outcome; exitCode: ExitCode } {
  if (i.rollbackFailures.length > 0) return { outcome: 'error', exitCode: ExitCode.rollbackFailed };
  if (i.interruptedBy === 'SIGINT') return { outcome: 'interrupted', exitCode: ExitCode.interrupted };
  if (i.interruptedBy === 'SIGTERM') return { outcome: 'interrupted', exitCode: ExitCode.terminated };
  if (i.errors.length > 0) return { outcome: 'error', exitCode: ExitCode.runFailed };
  if (i.verdicts.some((v) => v.kind === 'abort' && v.status === 'fail'))
    return { outcome: 'failed', exitCode: ExitCode.checkFailed };
  if (i.verdicts.some((v) => PRECONDITION_KINDS.includes(v.kind) && v.status !== 'pass')) {
    return { outcome: 'inconclusive', exitCode: ExitCode.inconclusive };
  }
  if (i.verdicts.some((v) => v.status === 'fail'))
    return { outcome: 'failed', exitCode: ExitCode.checkFailed };
  if (i.verdicts.some((v) => v.status === 'error'))
    return { outcome: 'inconclusive', exitCode: ExitCode.inconclusive };
  return { outcome: 'passed', exitCode: ExitCode.passed };
}
