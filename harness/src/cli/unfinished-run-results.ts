import { ExitCode, FaultlineError } from '../errors/index.js';
import type { Outcome, RunResults } from '../results/index.js';
import { resultsHeader } from '../runner/index.js';
import type { Scenario } from '../scenario/index.js';

/**
 * The results of a run that threw instead of finishing (exit 3, 5, or interrupted during
 * start-up): nothing measured, the error recorded, so that results.json, the report and the
 * combined junit.xml still say what happened to this scenario.
 */
export function unfinishedRunResults(
  scenario: Scenario,
  platform: string,
  startedAt: Date,
  err: unknown,
): RunResults {
  const exitCode = err instanceof FaultlineError ? err.exitCode : ExitCode.runFailed;
  const message =
    err instanceof FaultlineError
      ? err.message + (err.hint ? ` (hint: ${err.hint})` : '')
      : `unexpected error: ${(err as Error).stack ?? String(err)}`;
  const outcome: Outcome =
    exitCode === ExitCode.interrupted || exitCode === ExitCode.terminated ? 'interrupted' : 'error';
  return {
    ...resultsHeader(scenario, {
      id: `unfinished-${startedAt.getTime()}`,
      platform,
      startedAt: startedAt.toISOString(),
      durationMs: 0,
    }),
    seconds: [],
    faults: [],
    observations: [],
    verdicts: [],
    outcome,
    exitCode,
    errors: [message],
  };
}
