import { describeWithCauses, ExitCode, FaultlineError } from '../errors/index.js';
import type { Outcome, RunResults } from '../results/index.js';
import { resultsHeader } from '../runner/index.js';
import type { Scenario } from '../scenario/index.js';

/**
 * The results of a run that threw instead of finishing (exit 3, 5, or interrupted during
 * start-up): nothing measured, the error recorded with its causes, so that results.json, the
 * report and the combined junit.xml still say what happened to this scenario. The id is the one
 * the run's ledger carries; only an error before any ledger was opened gets a stand-in.
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
      ? describeWithCauses(err) + (err.hint ? ` (hint: ${err.hint})` : '')
      : `unexpected error: ${describeWithCauses(err)}`;
  const outcome: Outcome =
    exitCode === ExitCode.interrupted || exitCode === ExitCode.terminated ? 'interrupted' : 'error';
  return {
    ...resultsHeader(scenario, {
      id: (err instanceof FaultlineError ? err.runId : undefined) ?? `unfinished-${startedAt.getTime()}`,
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
