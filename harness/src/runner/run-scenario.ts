import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { evaluateChecks, metricFamiliesOf } from '../checks/index.js';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { runLoad } from '../load/index.js';
import type { Mesh } from '../mesh/index.js';
import { startObserver } from '../observe/index.js';
import type { Platform } from '../platform/index.js';
import type { Observation, RouteSecond, RunResults } from '../results/index.js';
import type { Scenario } from '../scenario/index.js';
import { AbortWatch } from './abort-watch.js';
import { FaultProbe } from './fault-probe.js';
import { DEFAULT_FAULT_TIME_LIMITS, FaultTimeline } from './fault-timeline.js';
import { RunDeadline, defaultRunTimeoutMs } from './run-deadline.js';
import { resultsHeader } from './results-header.js';
import { RunLedger } from './run-ledger.js';
import { decideOutcome } from './outcome.js';
import { startMesh } from './start-mesh.js';
import { TeardownStack } from './teardown-stack.js';

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
 * One run: proxy server up, services up behind a proxy per edge, warm-up, load and the fault
 * timeline, then rollback of everything (always), then verdicts. Returns the complete results;
 * throws a FaultlineError only when the run could not be carried out (exit 3) — after rolling back.
 */
export async function runScenario(opts: RunOptions): Promise<RunResults> {
  const { scenario, log } = opts;
  const runId = randomUUID();
  const ledger = new RunLedger(runId, opts.outDir);
  const stack = new TeardownStack();
  const errors: string[] = [];
  let timeline: FaultTimeline | undefined;
  let observer: ReturnType<typeof startObserver> | undefined;
  const deadline = new RunDeadline(opts.timeoutMs ?? defaultRunTimeoutMs(scenario), opts.signal, log);
  const readyTimeoutMs = opts.readyTimeoutMs ?? 15_000;
  try {
    const up = await startMesh(
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
      stack,
      ledger,
    );
    throwIfAborted(opts.signal);
    if (deadline.timedOut)
      throw new FaultlineError(
        `${deadline.message} during start-up; everything was rolled back`,
        ExitCode.runFailed,
      );
    const entry = up.mesh.service(opts.mesh.entry);
    const warnings = [...(up.mesh.warnings ?? [])];
    for (const w of warnings) log(`warning: ${w}`);

    const t0 = performance.now() + scenario.load.warmupMs;
    const startedAt = new Date(Date.now() + scenario.load.warmupMs).toISOString();
    log(
      `load: ${scenario.load.warmupMs / 1000} s warm-up, then ${scenario.load.durationMs / 1000} s measured`,
    );
    const faultCtx = {
      toxiproxy: up.toxiproxy,
      proxies: up.proxies,
      proxyHandles: up.proxyHandles,
      mesh: up.mesh,
    };
    // A revert may restart a service, which may take the whole ready timeout.
    const limits = {
      ...DEFAULT_FAULT_TIME_LIMITS,
      revertMs: Math.max(DEFAULT_FAULT_TIME_LIMITS.revertMs, readyTimeoutMs + 5_000),
    };
    timeline = new FaultTimeline(
      scenario.faults,
      faultCtx,
      stack,
      log,
      (e) => ledger.record(e),
      new FaultProbe({ ...faultCtx, edges: up.edges }),
      limits,
    );
    const events = timeline.events;
    const watch = new AbortWatch(scenario.abort ?? {}, deadline.signal, log);
    timeline.start(t0);
    observer = startObserver({
      services: up.mesh.services.map((s) => ({
        name: s.name,
        healthUrl: s.url + s.launch.health,
        metricsUrl: s.url + s.launch.metrics,
      })),
      t0,
      // Breaker checks name the families they read.
      families: metricFamiliesOf(scenario.checks),
      onObservation: opts.onObservation,
    });
    const seconds = await runLoad({
      baseUrl: entry.url,
      routes: scenario.load.routes,
      t0,
      warmupMs: scenario.load.warmupMs,
      durationMs: scenario.load.durationMs,
      seed: scenario.seed,
      signal: watch.signal,
      onSecond: (s) => {
        watch.onSecond(s, events);
        opts.onSecond?.(s);
      },
    });
    // The load can end early (a ramp down to 0 req/s); the run still lasts its duration, so that
    // faults on the timeline and metric sampling go on, as in k6.
    const rest = t0 + scenario.load.durationMs - performance.now();
    // An abort (threshold, deadline, signal) ends the wait at once; the rejection says only that.
    if (rest > 0) await delay(rest, undefined, { signal: watch.signal }).catch(() => {});
    await timeline.stop();
    deadline.dispose();
    if (deadline.timedOut)
      errors.push(`${deadline.message}; the load was stopped and every fault rolled back`);
    const observations = await observer.stop();
    errors.push(...timeline.events.flatMap((e) => (e.error ? [`fault "${e.name}": ${e.error}`] : [])));

    log('rolling back faults and stopping services');
    const rollbackFailures = await stack.unwind();
    if (rollbackFailures.length === 0) ledger.close();
    const routes = scenario.load.routes.map((r) => r.name);
    const judged = evaluateChecks(
      { routes, seconds, faults: events, observations },
      { ...scenario.checks, slo: scenario.slo ?? {} },
    );
    const verdicts = [...watch.verdicts(seconds), ...judged.verdicts];
    const interruptedBy = opts.signal?.aborted ? (opts.signal.reason as 'SIGINT' | 'SIGTERM') : undefined;
    const { outcome, exitCode } = decideOutcome({ verdicts, errors, interruptedBy, rollbackFailures });
    return {
      ...resultsHeader(scenario, {
        id: runId,
        platform: opts.platform.name,
        startedAt,
        durationMs: scenario.load.durationMs,
      }),
      seconds,
      faults: timeline.events,
      observations,
      verdicts,
      outcome,
      exitCode,
      errors: [...errors, ...rollbackFailures.map((f) => `rollback failed: ${f}`)],
      ...(warnings.length > 0 ? { warnings } : {}),
      blastRadius: judged.blastRadius,
    };
  } catch (err) {
    deadline.dispose();
    // No fault may be applied after this point: stop the timeline before rolling back.
    await timeline?.stop();
    await observer?.stop();
    const failures = await stack.unwind();
    if (failures.length === 0) ledger.close();
    if (failures.length > 0) {
      throw new FaultlineError(
        `${(err as Error).message}\nrollback failed; still in place:\n  ${failures.join('\n  ')}`,
        ExitCode.rollbackFailed,
        'run `faultline cleanup` or remove the items above by hand',
      );
    }
    if (err instanceof FaultlineError) throw err;
    throw new FaultlineError(
      `the run could not be carried out: ${(err as Error).message}`,
      ExitCode.runFailed,
    );
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const code = signal.reason === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
    throw new FaultlineError(
      `interrupted by ${String(signal.reason)} during start-up; everything was rolled back`,
      code,
    );
  }
}
