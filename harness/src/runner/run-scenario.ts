import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { evaluateChecks, evaluateInstrument, unprovenFaults } from '../checks/index.js';
import { ExitCode, FaultlineError, InternalError } from '../errors/index.js';
import type { Mesh } from '../mesh/index.js';
import type { Platform } from '../platform/index.js';
import type { Observation, RouteSecond, RunResults } from '../results/index.js';
import type { Scenario } from '../scenario/index.js';
import { measureTasks, type Measured } from './measure-tasks.js';
import { meshTasks } from './mesh-tasks.js';
import { decideOutcome } from './outcome.js';
import { resultsHeader } from './results-header.js';
import { RunDeadline, defaultRunTimeoutMs } from './run-deadline.js';
import { RunLedger } from './run-ledger.js';
import { runTasks, type TaskListResult } from './task-runner.js';

export interface RunOptions {
  scenario: Scenario;
  mesh: Mesh;
  platform: Platform;
  outDir: string;
  /** Progress lines for a person (stderr). */
  log: (line: string) => void;
  /** Aborted by the CLI on SIGINT/SIGTERM, with the signal's name as reason. */
  signal?: AbortSignal;
  readyTimeoutMs?: number;
  /**
   * The whole run's limit in ms (default: warm-up + duration + 2 min). When it passes, the load
   * stops, everything is rolled back, and the run ends as an error (exit 3) "timed out after …".
   */
  timeoutMs?: number;
  /** Called with each second of load as it completes, for live output. */
  onSecond?: (seconds: RouteSecond[]) => void;
  /** Called with each metrics sample of a service as it is taken, for live output. */
  onObservation?: (o: Observation) => void;
}

/**
 * One run, as a list of tasks (see task-runner.ts): prepare → proxy server → proxies → services
 * → fault timeline → observer → load, each setup raced against the signal and the deadline, then
 * every teardown, newest first (always); then the verdicts. Returns the complete results; throws
 * a FaultlineError carrying the run's id only when the run could not be carried out — after
 * rolling back.
 */
export async function runScenario(opts: RunOptions): Promise<RunResults> {
  const { scenario, log } = opts;
  const runId = randomUUID();
  const ledger = new RunLedger(runId, opts.outDir);
  const readyTimeoutMs = opts.readyTimeoutMs ?? 15_000;
  const deadline = new RunDeadline(opts.timeoutMs ?? defaultRunTimeoutMs(scenario), opts.signal, log);
  const mesh = meshTasks(
    opts.mesh,
    opts.platform,
    {
      runId,
      logDir: join(opts.outDir, 'logs'),
      // Named by the run, so a reused output folder never mixes two runs' data (nothing is deleted).
      dataDir: join(opts.outDir, 'data', runId),
      readyTimeoutMs,
      log,
      seed: scenario.seed,
    },
    ledger,
  );
  const measure = measureTasks({ ...opts, entry: opts.mesh.entry, readyTimeoutMs }, mesh.up, ledger);
  let result: TaskListResult;
  try {
    result = await runTasks([...mesh.tasks, ...measure.tasks], deadline, {
      beforeTeardown: () => log('rolling back faults and stopping services'),
    });
  } catch (err) {
    // runTasks catches every setup's and teardown's error; this is a bug of the runner itself.
    throw withRunId(new InternalError(err), runId);
  }
  if (result.teardownFailures.length === 0) ledger.close();
  const unfinished = unfinishedError(result, measure.measured, deadline, opts.signal);
  if (unfinished) throw withRunId(unfinished, runId);
  return judge(opts, runId, measure.measured, result.teardownFailures, deadline, [
    ...(mesh.up().mesh.warnings ?? []),
    ...unprovenFaults(measure.measured.events),
  ]);
}

/**
 * Why the run could not be carried out, or undefined when the load ran (even cut short): a
 * start-up step failed, was interrupted or timed out; or the rollback failed (exit 5).
 */
function unfinishedError(
  result: TaskListResult,
  measured: Measured,
  deadline: RunDeadline,
  signal: AbortSignal | undefined,
): FaultlineError | undefined {
  let err: FaultlineError | undefined;
  if (result.status === 'failed') {
    const e = result.error;
    err = e instanceof FaultlineError ? e : new InternalError(e);
  } else if (measured.seconds === undefined && result.status === 'interrupted') {
    err = new FaultlineError(
      `interrupted by ${String(signal?.reason)} during start-up; everything was rolled back`,
      signal?.reason === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted,
    );
  } else if (measured.seconds === undefined && result.status === 'timedout') {
    err = new FaultlineError(
      `${deadline.message} during start-up; everything was rolled back`,
      ExitCode.runFailed,
    );
  }
  if (!err || result.teardownFailures.length === 0) return err;
  return new FaultlineError(
    `${err.message}\nrollback failed; still in place:\n  ${result.teardownFailures.join('\n  ')}`,
    ExitCode.rollbackFailed,
    'run `faultline cleanup` or remove the items above by hand',
    { cause: err },
  );
}

/** The verdicts and the outcome of a run whose load ran, after everything was rolled back. */
function judge(
  opts: RunOptions,
  runId: string,
  measured: Measured,
  rollbackFailures: string[],
  deadline: RunDeadline,
  warnings: string[],
): RunResults {
  const { scenario } = opts;
  const seconds = measured.seconds ?? [];
  const events = measured.events;
  const errors: string[] = [];
  if (deadline.timedOut) errors.push(`${deadline.message}; the load was stopped and every fault rolled back`);
  errors.push(...events.flatMap((e) => (e.error ? [`fault "${e.name}": ${e.error}`] : [])));
  const routes = scenario.load.routes.map((r) => r.name);
  const judged = evaluateChecks(
    {
      routes,
      seconds,
      faults: events,
      observations: measured.observations,
      probes: measured.probes ?? [],
      ...(measured.exposedMetrics ? { exposedMetrics: measured.exposedMetrics } : {}),
    },
    { ...scenario.checks, slo: scenario.slo ?? {} },
  );
  const verdicts = [
    ...evaluateInstrument(measured.instrument),
    ...(measured.watch?.verdicts(seconds) ?? []),
    ...judged.verdicts,
  ];
  const breakersRead = (scenario.checks.breakers ?? []).map((b) => ({
    service: b.service,
    upstream: b.upstream,
    metric: b.metric,
  }));
  const interruptedBy = opts.signal?.aborted ? (opts.signal.reason as 'SIGINT' | 'SIGTERM') : undefined;
  const { outcome, exitCode } = decideOutcome({ verdicts, errors, interruptedBy, rollbackFailures });
  return {
    ...resultsHeader(scenario, {
      id: runId,
      platform: opts.platform.name,
      startedAt: measured.startedAt,
      durationMs: scenario.load.durationMs,
    }),
    seconds,
    faults: events,
    observations: measured.observations,
    ...(measured.exposedMetrics ? { exposedMetrics: measured.exposedMetrics } : {}),
    ...(breakersRead.length > 0 ? { breakers: breakersRead } : {}),
    verdicts,
    outcome,
    exitCode,
    errors: [...errors, ...rollbackFailures.map((f) => `rollback failed: ${f}`)],
    ...(warnings.length > 0 ? { warnings } : {}),
    blastRadius: judged.blastRadius,
    ...(measured.instrument ? { instrument: measured.instrument } : {}),
    ...(measured.probes ? { probes: measured.probes } : {}),
  };
}

function withRunId(err: FaultlineError, runId: string): FaultlineError {
  err.runId = runId;
  return err;
}
