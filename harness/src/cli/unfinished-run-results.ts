import { cpus, platform as osPlatform, release } from 'node:os';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { SCHEMA_VERSION, type Outcome, type RunResults } from '../results/index.js';
import { FAULTLINE_VERSION } from '../runner/index.js';
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
    schemaVersion: SCHEMA_VERSION,
    run: {
      id: `unfinished-${startedAt.getTime()}`,
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      platform,
      warmupMs: scenario.load.warmupMs,
      durationMs: 0,
      faultlineVersion: FAULTLINE_VERSION,
      node: process.version,
      os: `${osPlatform()} ${release()}`,
      cpus: cpus().length,
    },
    scenario: {
      name: scenario.name,
      description: scenario.description,
      file: scenario.file,
      source: scenario.source,
      seed: scenario.seed,
    },
    routes: scenario.load.routes.map((r) => ({
      name: r.name,
      method: r.method,
      path: r.path,
      rate: r.rate,
      timeoutMs: r.timeoutMs,
    })),
    seconds: [],
    faults: [],
    observations: [],
    verdicts: [],
    outcome,
    exitCode,
    errors: [message],
  };
}
