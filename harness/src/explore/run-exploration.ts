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
  shard?: { index: number; count: number };
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
    });
    return { session, offsetMs: Math.round(session.t0 - began), generation };
  };
  const order = seededOrder(opts.faults, opts.seed);
  let estimateMs = settings.holdMs + settings.settleMs + 3000;
  let rollbackFailures: string[] = [];
  try {
    running = await start(0);
    let since = await waitSteady(
      running.session,
      steady,
      routes,
      0,
      settleS,
      settings.recoveryLimitMs,
      opts.signal,
    );
    if (since === null) throw new NeverSteady();
    baseline = baselineOf(running.session, routes, since, settleS);
    log(`steady state holds from t=${since}s; exploring ${order.length} faults`);
    for (const [i, fault] of order.entries()) {
      const id = faultId(fault);
      if (opts.signal?.aborted) {
        leftOut.push({ id, reason: `interrupted by ${String(opts.signal.reason)}` });
        continue;
      }
      if (opts.budgetMs !== undefined && elapsed() + estimateMs > opts.budgetMs) {
        leftOut.push({ id, reason: `budget: ${Math.round(opts.budgetMs / 1000)} s would be exceeded` });
        continue;
      }
      opts.onProgress?.({ done: i, total: order.length, next: id, etaMs: estimateMs * (order.length - i) });
      const cellStart = performance.now();
      const { session } = running;
      const event = await tryFault(session, fault, i, settings, ledger, log, opts.signal).catch(
        (err: Error) => {
          if (opts.signal?.aborted) return undefined;
          throw err;
        },
      );
      if (!event) {
        leftOut.push({ id, reason: `interrupted by ${String(opts.signal?.reason)}` });
        continue;
      }
      const from = Math.ceil((event.revertedAtMs ?? session.now()) / 1000);
      const back =
        event.revertedAtMs === null
          ? null
          : await waitSteady(session, steady, routes, from, settleS, settings.recoveryLimitMs, opts.signal);
      if (opts.signal?.aborted && back === null) {
        leftOut.push({ id, reason: `interrupted by ${String(opts.signal.reason)} while recovering` });
        continue;
      }
      const restarted = back === null;
      rows.set(
        id,
        judgeRow({
          id,
          fault,
          event,
          seconds: session.seconds,
          steady,
          routes,
          unaffected: settings.unaffected,
          baseline,
          settleS,
          restarted,
          offsetMs: running.offsetMs,
        }),
      );
      if (restarted) {
        log(
          `the steady state did not return within ${settings.recoveryLimitMs / 1000} s after "${id}": restarting the mesh`,
        );
        restarts++;
        const failures = await running.session.stop();
        if (failures.length > 0) {
          rollbackFailures = failures;
          break;
        }
        running = await start(running.generation + 1);
        since = await waitSteady(
          running.session,
          steady,
          routes,
          0,
          settleS,
          settings.recoveryLimitMs,
          opts.signal,
        );
        if (since === null) throw new NeverSteady();
      }
      const took = performance.now() - cellStart;
      estimateMs = (estimateMs + took) / 2;
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
  const mapRows = opts.faults.flatMap((f) => rows.get(faultId(f)) ?? []);
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
    baseline,
    rows: mapRows,
    leftOut: opts.faults.flatMap((f) => leftOut.find((l) => l.id === faultId(f)) ?? []),
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
 * Applies one fault, holds it, and reverts it, with the probe's evidence on the returned event
 * (times since the session's t = 0). The revert is on the session's stack from the moment the
 * fault is in place. Rejects when interrupted, leaving the revert to the stack.
 */
async function tryFault(
  session: MeshSession,
  fault: FaultSpec,
  index: number,
  settings: ExploreSpec,
  ledger: RunLedger,
  log: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<FaultEvent> {
  const { up } = session;
  const ctx = { toxiproxy: up.toxiproxy, proxies: up.proxies, proxyHandles: up.proxyHandles, mesh: up.mesh };
  const probe = new FaultProbe({ ...ctx, edges: up.edges });
  const now = session.now();
  const event: FaultEvent = {
    name: fault.name,
    type: fault.type,
    target: faultTarget(fault),
    params: paramsOf(fault),
    scheduledAtMs: now,
    scheduledEndMs: now + settings.holdMs,
    appliedAtMs: null,
    revertedAtMs: null,
  };
  await probe.before(fault, event, performance.now() + PROBE_BEFORE_MS);
  probe.cutBefore(event);
  const toxicPrefix = `faultline_x${index}_`;
  ledger.record({
    event: 'fault-applying',
    fault: fault.name,
    type: fault.type,
    target: event.target,
    ...('edge' in fault ? { proxy: up.proxies.get(fault.edge) } : {}),
    toxicPrefix,
  });
  let active: ActiveFault;
  try {
    active = await bounded(applyFault(fault, { ...ctx, toxicPrefix }), ACTION_MS, 'applying the fault');
  } catch (err) {
    event.error = (err as Error).message;
    log(`fault "${fault.name}" could not be applied: ${event.error}`);
    return event;
  }
  event.appliedAtMs = session.now();
  session.stack.push(`revert fault "${fault.name}" (${active.description})`, () => active.revert());
  log(`fault "${fault.name}" applied`);
  await probe.after(fault, event);
  const left = event.appliedAtMs + settings.holdMs - session.now();
  if (left > 0) await delay(left, undefined, { signal });
  await probe.beforeRevert(event);
  try {
    await bounded(active.revert(), ACTION_MS * 3, 'reverting the fault');
    event.revertedAtMs = session.now();
    ledger.record({ event: 'fault-reverted', fault: fault.name });
    log(`fault "${fault.name}" reverted`);
  } catch (err) {
    // The stack tries again when the session stops.
    event.error = `revert failed: ${(err as Error).message}`;
    log(`fault "${fault.name}": ${event.error}`);
  }
  return event;
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
