import type { Proxy, Toxiproxy } from 'toxiproxy-node-client';
import type { StartedMesh } from '../platform/index.js';
import type { FaultSpec } from '../scenario/index.js';

/**
 * The contract of a fault type:
 * - `apply()` resolves once the fault is in effect (the toxic exists, the process is gone) and
 *   returns the only handle that can undo it; it rejects having changed nothing it cannot undo.
 * - `ActiveFault.revert()` undoes exactly what `apply()` did, and is safe to call twice.
 * - Neither decides timing: the runner calls them at the scheduled offsets.
 */
export interface FaultType<F extends FaultSpec> {
  apply(fault: F, ctx: FaultContext): Promise<ActiveFault>;
}

export interface ActiveFault {
  /** Human description of what is in place, for rollback messages. */
  readonly description: string;
  revert(): Promise<void>;
}

/** What faults act on: the proxy server, the proxy name of each edge, and the running services. */
export interface FaultContext {
  toxiproxy: Toxiproxy;
  /** edge name `caller->upstream` → proxy name */
  proxies: ReadonlyMap<string, string>;
  /** edge name → the proxy object made at start-up; applying then needs no API call to find it. */
  proxyHandles?: ReadonlyMap<string, Proxy>;
  mesh: StartedMesh;
  /** Unique per applied fault, so toxics of two faults on one edge never collide. */
  toxicPrefix: string;
}

/**
 * Makes `revert` idempotent: once it has succeeded (or while it runs), another call does nothing
 * more. A failed revert is forgotten, so the runner can try it again.
 */
export function once(description: string, revert: () => Promise<void>): ActiveFault {
  let done: Promise<void> | undefined;
  const attempt = (): Promise<void> =>
    revert().catch((err: unknown) => {
      done = undefined;
      throw err;
    });
  return { description, revert: () => (done ??= attempt()) };
}
