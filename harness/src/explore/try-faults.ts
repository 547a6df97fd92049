import { setTimeout as delay } from 'node:timers/promises';
import {
  applyFault,
  faultParams,
  faultRevertCommand,
  faultTarget,
  type ActiveFault,
  type LedgerCommand,
} from '../faults/index.js';
import type { FaultEvent } from '../results/index.js';
import type { ExploreSpec, FaultSpec } from '../scenario/index.js';
import { FaultProbe, type RunLedger } from '../runner/index.js';
import type { MeshSession } from './mesh-session.js';

/** ms the "before" canary and byte count may take ahead of each fault. */
const PROBE_BEFORE_MS = 1500;
/** ms one apply may take; a revert gets three times as long, as a crash's revert restarts the service. */
const ACTION_MS = 10_000;

/**
 * Applies the faults together, holds them, and reverts them (last applied first), with the
 * probe's evidence on the returned events (times since the session's t = 0). Each revert is on
 * the session's stack from the moment its fault is in place. Rejects when interrupted, leaving
 * the reverts to the stack.
 */
export async function tryFaults(
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
  const probe = new FaultProbe({ ...ctx, edges: up.edges, canaryBytes: session.canaryBytes });
  const now = session.now();
  const events: FaultEvent[] = faults.map((fault) => ({
    name: fault.name,
    type: fault.type,
    target: faultTarget(fault),
    params: faultParams(fault),
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
      ...('edge' in fault && fault.edge !== undefined ? { proxy: up.proxies.get(fault.edge) } : {}),
      toxicPrefix,
      // A command fault's revert is in the ledger before its apply runs, for `faultline cleanup`.
      ...withRevert(faultRevertCommand(fault, { ...ctx, toxicPrefix })),
    });
    try {
      const a = await bounded(applyFault(fault, { ...ctx, toxicPrefix }), ACTION_MS, 'applying the fault');
      active.push(a);
      event.appliedAtMs = session.now();
      session.stack.push(`revert fault "${fault.name}" (${a.description})`, () => a.revert());
      log(`fault "${fault.name}" applied`);
      // Before the next fault of a pair is applied, which could hide this one's effect. The
      // prefix lets the probe read an HTTP toxic's own counters at the revert.
      await probe.after(fault, event, toxicPrefix);
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

function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function withRevert(revertCommand: LedgerCommand | undefined): { revertCommand?: LedgerCommand } {
  return revertCommand ? { revertCommand } : {};
}
