import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { windowStats } from '../checks/index.js';
import { ExitCode, FaultlineError } from '../errors/index.js';
import type { Mesh } from '../mesh/index.js';
import type { Platform } from '../platform/index.js';
import type { WindowStats } from '../results/index.js';
import {
  InstrumentMonitor,
  loopDelayP99Between,
  proxyBytesFromCallers,
  proxyLoopDelayBuckets,
  RunLedger,
} from '../runner/index.js';
import { faultTarget } from '../faults/index.js';
import type { ExploreSpec, FaultSpec, Scenario } from '../scenario/index.js';
import {
  EXPLORE_SCHEMA_VERSION,
  type ExploreResults,
  type ExploreRow,
  type LeftOut,
} from './explore-model.js';
import { faultId, seededOrder } from './enumerate-faults.js';
import { judgeRow } from './judge-row.js';
import { tryFaults } from './try-faults.js';
import { pairId, planPairs } from './prune-pairs.js';
import { MeshSession } from './mesh-session.js';
import { exploreOutcome } from './explore-outcome.js';
import { steadySince, steadyStateOf, type SteadyState } from './steady-state.js';

/** ms between two looks at the load's seconds while waiting for the steady state. */
const POLL_MS = 250;
/** ms to read the proxies' byte counts. */
const METRICS_TIMEOUT_MS = 2000;

export interface ExploreOptions {
  scenario: Scenario;
  mesh: Mesh;
  platform: Platform;
  outDir: string;
  settings: ExploreSpec;
  /** route → SLO expressions: the steady state. */
  steadyState: Record<string, string[]>;
  /** The faults to try, in the map's order. */
  faults: FaultSpec[];
  /** Ids of every fault of the exploration in the map's order, when `faults` is one shard's. */
  allFaults?: string[];
  /** Faults already left out (another shard's), listed in the map. */
  leftOut?: LeftOut[];
  seed: number;
  /** ms the exploration may take; cells that would not fit are left out and listed. */
  budgetMs?: number;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** After each cell: how many are done of how many, and the estimated ms left. */
  onProgress?: (p: { done: number; total: number; next?: string; etaMs: number }) => void;
  readyTimeoutMs?: number;
  /** 2: after the single faults, pairs of them pruned as Filibuster does. Default 1. */
  depth?: 1 | 2;
  shard?: { index: number; count: number };
}

/** Faults tried together (one, or a pair) and their id in the map. */
interface Trial {
  id: string;
  faults: FaultSpec[];
}

interface Running {
  session: MeshSession;
  /** ms from the exploration's start to the session's t = 0. */
  offsetMs: number;
  generation: number;
}

/**
 * One exploration: the mesh started once, load throughout, and each fault in turn applied, held,
 * reverted and judged against the steady state; the next fault waits for the steady state to
 * hold again, and when it does not within the limit the mesh is started again (the row says so).
 * Everything applied is on the session's teardown stack and the run ledger, so an error or a
 * signal rolls it back and `faultline cleanup` finds what a killed process left. Returns the map,
 * partial when interrupted; throws a FaultlineError only when nothing could be explored.
 */
export async function runExploration(opts: ExploreOptions): Promise<ExploreResults> {
  const { settings, log } = opts;
  const id = randomUUID();
  const ledger = new RunLedger(id, opts.outDir);
  const steady = steadyStateOf(opts.steadyState);
  const routes = opts.scenario.load.routes.map((r) => r.name).filter((r) => steady.has(r));
  const settleS = Math.max(1, Math.ceil(settings.settleMs / 1000));
  const began = performance.now();
  const startedAt = new Date().toISOString();
  const rows = new Map<string, ExploreRow>();
  const leftOut: LeftOut[] = [...(opts.leftOut ?? [])];
  const errors: string[] = [];
  const elapsed = (): number => performance.now() - began;
  let restarts = 0;
  let baseline: Record<string, WindowStats> = {};
  let running: Running | undefined;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 15_000;
  const start = async (generation: number): Promise<Running> => {
    const session = await MeshSession.start({
      scenario: opts.scenario,
      mesh: opts.mesh,
      platform: opts.platform,
      outDir: opts.outDir,
      runId: id,
      ledger,
      log,
      readyTimeoutMs,
      generation,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { session, offsetMs: Math.round(session.t0 - began), generation };
  };
  const order = seededOrder(opts.faults, opts.seed);
  let estimateMs = settings.holdMs + settings.settleMs + 3000;
  let rollbackFailures: string[] = [];
  let pairs: ExploreResults['pairs'];
  const pairRows: ExploreRow[] = [];
  /** Tries each set of faults in turn; false when the exploration must stop (rollback failed). */
  const runTrials = async (trials: Trial[], into: (row: ExploreRow) => void): Promise<boolean> => {
    for (const [i, trial] of trials.entries()) {
      if (opts.signal?.aborted) {
        leftOut.push({ id: trial.id, reason: `interrupted by ${String(opts.signal.reason)}` });
        continue;
      }
      if (opts.budgetMs !== undefined && elapsed() + estimateMs > opts.budgetMs) {
        leftOut.push({
          id: trial.id,
          reason: `budget: ${Math.round(opts.budgetMs / 1000)} s would be exceeded`,
        });
        continue;
      }
      opts.onProgress?.({
        done: i,
        total: trials.length,
        next: trial.id,
        etaMs: estimateMs * (trials.length - i),
      });
      const cellStart = performance.now();
      const run = running!;
      // The cell's window for the instrument: from just before the apply to the steady state's return.
      run.session.sendLag.reset();
      const monitor = new InstrumentMonitor();
      const proxyLoopAtStart = await proxyLoopDelayBuckets(run.session.up.toxiproxy.host);
      const events = await tryFaults(
        run.session,
        trial.faults,
        trialIndex++,
        settings,
        ledger,
        log,
        opts.signal,
      ).catch((err: Error) => {
        monitor.dispose();
        if (opts.signal?.aborted) return undefined;
        throw err;
      });
      if (!events) {
        leftOut.push({ id: trial.id, reason: `interrupted by ${String(opts.signal?.reason)}` });
        continue;
      }
      // A fault that could not be applied broke nothing: only the applied ones are waited out.
      const reverts = events.filter((e) => e.appliedAtMs !== null).map((e) => e.revertedAtMs);
      const back = reverts.includes(null)
        ? null
        : await waitSteady(
            run.session,
            steady,
            routes,
            Math.ceil(Math.max(0, ...(reverts as number[])) / 1000),
            settleS,
            settings.recoveryLimitMs,
            opts.signal,
          ).finally(() => monitor.dispose());
      const proxyLoopAtEnd = proxyLoopAtStart && (await proxyLoopDelayBuckets(run.session.up.toxiproxy.host));
      const instrument = monitor.stop({
        sendLag: run.session.sendLag,
        proxyLoopDelayP99Ms: proxyLoopAtEnd ? loopDelayP99Between(proxyLoopAtStart, proxyLoopAtEnd) : null,
      });
      if (opts.signal?.aborted && back === null) {
        leftOut.push({
          id: trial.id,
          reason: `interrupted by ${String(opts.signal.reason)} while recovering`,
        });
        continue;
      }
      const restarted = back === null;
      into(
        judgeRow({
          id: trial.id,
          faults: trial.faults,
          events,
          seconds: run.session.seconds,
          steady,
          routes,
          unaffected: settings.unaffected,
          baseline,
          settleS,
          restarted,
          offsetMs: run.offsetMs,
          instrument,
        }),
      );
      if (restarted) {
        log(
          `the steady state did not return within ${settings.recoveryLimitMs / 1000} s after "${trial.id}": restarting the mesh`,
        );
        restarts++;
        const failures = await run.session.stop();
        running = undefined;
        if (failures.length > 0) {
          rollbackFailures = failures;
          return false;
        }
        running = await start(run.generation + 1);
        const since = await waitSteady(
          running.session,
          steady,
          routes,
          0,
          settleS,
          settings.recoveryLimitMs,
          opts.signal,
        );
        if (since === null && !opts.signal?.aborted) throw new NeverSteady();
      }
      estimateMs = (estimateMs + performance.now() - cellStart) / 2;
    }
    return true;
  };
  let trialIndex = 0;
  /** Starts the mesh, waits for the steady state, tries the single faults and then the pairs. */
  const exploreAll = async (): Promise<void> => {
    running = await start(0);
    const since = await waitSteady(
      running.session,
      steady,
      routes,
      0,
      settleS,
      settings.recoveryLimitMs,
      opts.signal,
    );
    if (since === null && !opts.signal?.aborted) throw new NeverSteady();
    baseline = baselineOf(running.session, routes, since ?? 0, settleS);
    // As Filibuster injects only where calls happen: a fault on an edge no request of the
    // load crosses cannot reach the steady state, and its canary alone would confirm nothing.
    const idle = await idleEdges(running.session, log);
    const tried = order.filter((f) => !('edge' in f && f.edge !== undefined && idle.has(f.edge)));
    for (const f of order)
      if (!tried.includes(f))
        leftOut.push({
          id: faultId(f),
          reason: `no request of the load crossed ${faultTarget(f)} before the first fault (0 bytes on its proxy)`,
        });
    log(`steady state holds from t=${since}s; exploring ${tried.length} faults`);
    const singles = tried.map((f) => ({ id: faultId(f), faults: [f] }));
    const going = await runTrials(singles, (row) => rows.set(row.id, row));
    if (going && opts.depth === 2) {
      const plan = planPairs(opts.faults, [...rows.values()], opts.mesh);
      pairs = { tried: plan.tried.length, skipped: plan.skipped };
      log(`pairs: ${plan.tried.length} to try, ${plan.skipped.length} pruned`);
      const trials = seededOrder(plan.tried, opts.seed).map(([a, b]) => ({
        id: pairId(a, b),
        faults: [a, b],
      }));
      const judged = new Map<string, ExploreRow>();
      await runTrials(trials, (row) => judged.set(row.id, row));
      pairRows.push(...plan.tried.flatMap(([a, b]) => judged.get(pairId(a, b)) ?? []));
    }
  };
  try {
    // Every fault left out (another shard's, or HTTP faults the proxy cannot apply): nothing
    // to judge, so the mesh is not started.
    if (order.length > 0) await exploreAll();
    else log('no fault to try: the mesh is not started');
  } catch (err) {
    if (err instanceof NeverSteady || opts.signal?.aborted) {
      // A signal during a (re)start: the map so far is kept, as after an interrupt between faults.
      const reason =
        err instanceof NeverSteady ? err.message : `interrupted by ${String(opts.signal?.reason)}`;
      if (err instanceof NeverSteady) errors.push(err.message);
      for (const f of order)
        if (!rows.has(faultId(f)) && !leftOut.some((l) => l.id === faultId(f)))
          leftOut.push({ id: faultId(f), reason });
    } else {
      const failures = running ? await running.session.stop() : [];
      running = undefined;
      if (failures.length > 0) {
        throw new FaultlineError(
          `${(err as Error).message}\nrollback failed; still in place:\n  ${failures.join('\n  ')}`,
          ExitCode.rollbackFailed,
          'run `faultline cleanup` or remove the items above by hand',
        );
      }
      ledger.close();
      if (err instanceof FaultlineError) throw err;
      throw new FaultlineError(
        `the exploration could not be carried out: ${(err as Error).message}`,
        ExitCode.runFailed,
      );
    }
  }
  if (running) {
    log('rolling back faults and stopping services');
    rollbackFailures.push(...(await running.session.stop()));
  }
  if (rollbackFailures.length === 0) ledger.close();
  errors.push(...rollbackFailures.map((f) => `rollback failed: ${f}`));
  const mapRows = [...opts.faults.flatMap((f) => rows.get(faultId(f)) ?? []), ...pairRows];
  const interruptedBy = opts.signal?.aborted ? (opts.signal.reason as 'SIGINT' | 'SIGTERM') : undefined;
  const { outcome, exitCode } = exploreOutcome(mapRows, {
    interruptedBy,
    rollbackFailed: rollbackFailures.length > 0,
    neverSteady: errors.length > 0,
    shard: opts.shard !== undefined,
  });
  return {
    schemaVersion: EXPLORE_SCHEMA_VERSION,
    kind: 'explore',
    id,
    scenario: { name: opts.scenario.name, file: opts.scenario.file, seed: opts.scenario.seed },
    mesh: opts.mesh.name,
    platform: opts.platform.name,
    startedAt,
    endedAt: new Date().toISOString(),
    seed: opts.seed,
    settings,
    steadyState: opts.steadyState,
    routes,
    faults: opts.allFaults ?? opts.faults.map(faultId),
    baseline,
    rows: mapRows,
    leftOut: [
      ...(opts.allFaults ?? opts.faults.map(faultId)).flatMap((id) => leftOut.find((l) => l.id === id) ?? []),
      ...leftOut.filter((l) => l.id.includes(' + ')),
    ],
    depth: opts.depth ?? 1,
    ...(pairs ? { pairs } : {}),
    restarts,
    outcome,
    exitCode,
    errors,
    ...(opts.shard ? { shard: opts.shard } : {}),
  };
}

/**
 * The edges whose proxies have received no byte from their callers since the session began
 * (warm-up and baseline; no canary has run yet). None when the counts cannot be read, or leave
 * out the bytes of connections still open (Toxiproxy's), as a pooled connection's would be.
 */
async function idleEdges(session: MeshSession, log: (line: string) => void): Promise<Set<string>> {
  const read = await proxyBytesFromCallers(session.up.toxiproxy.host, METRICS_TIMEOUT_MS).catch(
    (err: Error) => {
      log(`the proxies' byte counts could not be read (${err.message}): every edge is explored`);
      return undefined;
    },
  );
  if (!read?.countsOpenLinks) return new Set();
  return new Set(
    [...session.up.proxies].filter(([, proxy]) => (read.byProxy.get(proxy) ?? 0) === 0).map(([edge]) => edge),
  );
}

class NeverSteady extends Error {
  constructor() {
    super('the mesh never met its steady state with no fault in place, so no fault could be judged');
  }
}

async function waitSteady(
  session: MeshSession,
  steady: SteadyState,
  routes: readonly string[],
  fromT: number,
  settleS: number,
  limitMs: number,
  signal: AbortSignal | undefined,
): Promise<number | null> {
  const until = performance.now() + limitMs + settleS * 1000;
  for (;;) {
    if (session.failure) throw session.failure;
    const t = steadySince(session.seconds, steady, routes, fromT, settleS);
    if (t !== null) return t;
    if (performance.now() > until || signal?.aborted) return null;
    await delay(POLL_MS, undefined, { signal }).catch(() => {});
  }
}

function baselineOf(
  session: MeshSession,
  routes: readonly string[],
  since: number,
  settleS: number,
): Record<string, WindowStats> {
  return Object.fromEntries(
    routes.map((r) => [
      r,
      windowStats(session.seconds.filter((s) => s.route === r && s.t >= since && s.t < since + settleS)),
    ]),
  );
}
