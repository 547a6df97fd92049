import { ExitCode } from '../errors/index.js';
import { mostSeriousExitCode } from './exit-ranking.js';

/** One scenario's verdict over its repetitions (`run --repeat N`). */
export interface RepeatVerdict {
  exitCode: number;
  passed: number;
  runs: number;
  /** `flaky: 2/3 passed` when the repetitions disagree on pass or fail. */
  flaky?: string;
}

/**
 * A gate over N repetitions of one scenario: it passes only if every repetition passed and fails
 * only if every repetition failed a check. Repetitions that disagree (some passed, some failed
 * or were inconclusive) make it inconclusive (exit 4) as flaky: the system's verdict is a coin
 * toss, which is neither a pass nor a proven failure. A repetition that could not be carried out,
 * was interrupted or left something in place ranks as in any gate. Pure.
 */
export function repeatVerdict(exitCodes: readonly number[]): RepeatVerdict {
  const passed = exitCodes.filter((c) => c === ExitCode.passed).length;
  const base = { passed, runs: exitCodes.length };
  const judged: readonly number[] = [ExitCode.passed, ExitCode.checkFailed, ExitCode.inconclusive];
  if (exitCodes.some((c) => !judged.includes(c)) || new Set(exitCodes).size <= 1) {
    return { ...base, exitCode: mostSeriousExitCode(exitCodes) };
  }
  return { ...base, exitCode: ExitCode.inconclusive, flaky: `flaky: ${passed}/${exitCodes.length} passed` };
}
