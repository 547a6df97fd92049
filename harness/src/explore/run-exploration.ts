import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { windowStats } from '../checks/index.js';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { applyFault, faultTarget, type ActiveFault } from '../faults/index.js';
import type { Mesh } from '../mesh/index.js';
import type { Platform } from '../platform/index.js';
import type { FaultEvent, WindowStats } from '../results/index.js';
import { FaultProbe, RunLedger } from '../runner/index.js';
import type { ExploreSpec, FaultSpec, Scenario } from '../scenario/index.js';
import {
  EXPLORE_SCHEMA_VERSION,
  type ExploreResults,
  type ExploreRow,
  type LeftOut,
} from './explore-model.js';
import { faultId, seededOrder } from './enumerate-faults.js';
import { judgeRow } from './judge-row.js';
import { pairId, planPairs } from './prune-pairs.js';
import { MeshSession } from './mesh-session.js';
import { exploreOutcome } from './explore-outcome.js';
import { steadySince, steadyStateOf, type SteadyState } from './steady-state.js';

/** ms between two looks at the load's seconds while waiting for the steady state. */
const POLL_MS = 250;
/** ms the "before" canary and byte count may take ahead of each fault. */
const PROBE_BEFORE_MS = 1500;
/** ms one apply or revert may take; a crash's revert restarts the service, so it gets the ready timeout too. */
const ACTION_MS = 10_000;

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
      const events = await tryFaults(
        run.session,
        trial.faults,
        trialIndex++,
        settings,
        ledger,
        log,
        opts.signal,
      ).catch((err: Error) => {
        if (opts.signal?.aborted) return undefined;
        throw err;
      });
      if (!events) {
        leftOut.push({ id: trial.id, reason: `interrupted by ${String(opts.signal?.reason)}` });
        continue;
      }
      const reverts = events.map((e) => e.revertedAtMs);
      const back = reverts.includes(null)
        ? null
        : await waitSteady(
            run.session,
            steady,
            routes,
            Math.ceil(Math.max(...(reverts as number[])) / 1000),
            settleS,
            settings.recoveryLimitMs,
            opts.signal,
          );
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
  try {
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
    log(`steady state holds from t=${since}s; exploring ${order.length} faults`);
    const singles = order.map((f) => ({ id: faultId(f), faults: [f] }));
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
  } catch (err) {
    if (err instanceof NeverSteady) {
      errors.push(err.message);
      for (const f of order) if (!rows.has(faultId(f))) leftOut.push({ id: faultId(f), reason: err.message });
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

class NeverSteady extends Error {
  constructor() {
    super('the mesh never met its steady state with no fault in place, so no fault could be judged');
  }
}

/**
 * Applies the faults together, holds them, and reverts them (last applied first), with the
 * probe's evidence on the returned events (times since the session's t = 0). Each revert is on
 * the session's stack from the moment its fault is in place. Rejects when interrupted, leaving
 * the reverts to the stack.
 */
async function tryFaults(
  session: MeshSession,
  faults: readonly FaultSpec[],
  index: number,
  settings: ExploreSpec,
  ledger: RunLedger,
  log: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<FaultEvent[]> {
  const { up } = session;
  const ctx = { toxiproxy: up.toxiproxy, proxies: up.proxies, proxyHandles: up.proxyHandles, mesh: up.mesh };
  const probe = new FaultProbe({ ...ctx, edges: up.edges });
  const now = session.now();
  const events: FaultEvent[] = faults.map((fault) => ({
    name: fault.name,
    type: fault.type,
    target: faultTarget(fault),
    params: paramsOf(fault),
    scheduledAtMs: now,
    scheduledEndMs: now + settings.holdMs,
    appliedAtMs: null,
    revertedAtMs: null,
  }));
  for (const [k, fault] of faults.entries())
    await probe.before(fault, events[k]!, performance.now() + PROBE_BEFORE_MS);
  const active: (ActiveFault | undefined)[] = [];
  for (const [k, fault] of faults.entries()) {
    const event = events[k]!;
    probe.cutBefore(event);
    const toxicPrefix = `faultline_x${index}_${k}_`;
    ledger.record({
      event: 'fault-applying',
      fault: fault.name,
      type: fault.type,
      target: event.target,
      ...('edge' in fault ? { proxy: up.proxies.get(fault.edge) } : {}),
      toxicPrefix,
    });
    try {
      const a = await bounded(applyFault(fault, { ...ctx, toxicPrefix }), ACTION_MS, 'applying the fault');
      active.push(a);
      event.appliedAtMs = session.now();
      session.stack.push(`revert fault "${fault.name}" (${a.description})`, () => a.revert());
      log(`fault "${fault.name}" applied`);
      // Before the next fault of a pair is applied, which could hide this one's effect.
      await probe.after(fault, event);
    } catch (err) {
      active.push(undefined);
      event.error = (err as Error).message;
      log(`fault "${fault.name}" could not be applied: ${event.error}`);
    }
  }
  const appliedAt = Math.min(...events.map((e) => e.appliedAtMs ?? Infinity));
  const left = appliedAt + settings.holdMs - session.now();
  if (Number.isFinite(left) && left > 0) await delay(left, undefined, { signal });
  for (let k = faults.length - 1; k >= 0; k--) {
    const a = active[k];
    const event = events[k]!;
    if (!a) continue;
    await probe.beforeRevert(event);
    try {
      await bounded(a.revert(), ACTION_MS * 3, 'reverting the fault');
      event.revertedAtMs = session.now();
      ledger.record({ event: 'fault-reverted', fault: event.name });
      log(`fault "${event.name}" reverted`);
    } catch (err) {
      // The stack tries again when the session stops.
      event.error = `revert failed: ${(err as Error).message}`;
      log(`fault "${event.name}": ${event.error}`);
    }
  }
  return events;
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

function paramsOf(f: FaultSpec): Record<string, string | number | boolean> {
  switch (f.type) {
    case 'latency':
      return { latencyMs: f.latencyMs, jitterMs: f.jitterMs };
    case 'crash':
      return { restart: f.restart };
    case 'reset_peer':
      return { timeoutMs: f.timeoutMs };
    default:
      return {};
  }
}

function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
