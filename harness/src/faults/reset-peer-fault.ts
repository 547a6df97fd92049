import { doc, duration, formatDuration } from '../schema/index.js';
import { heldOrClosedEffect, QUICK_BOUND_MS } from './canary-effects.js';
import { applyToxics } from './edge-proxy.js';
import { edgeFaultBase, edgeFaultMapping } from './fault-schema-parts.js';
import type { EdgeFaultBase, FaultType, ToxicPlan } from './fault-type.js';

/** Connections on the edge are reset (RST) `timeoutMs` after a request's first bytes (Toxiproxy `reset_peer`). */
export interface ResetPeerFault extends EdgeFaultBase {
  type: 'reset_peer';
  timeoutMs: number;
}

const toxics = (f: ResetPeerFault): ToxicPlan[] => [
  // ms, as Toxiproxy's API
  {
    suffix: 'reset_peer',
    type: 'reset_peer',
    stream: 'upstream',
    attributes: { timeout: f.timeoutMs },
  },
];

/**
 * Resets connections (TCP RST) on the edge: a `reset_peer` toxic on the upstream stream drops the
 * caller's request and resets its connection `timeout` ms later, so callers see "connection reset
 * by peer" instead of an answer. Connections opened while the toxic exists reset; reverting
 * removes the toxic, and new connections pass again.
 */
export const resetPeerFault: FaultType<'reset_peer', ResetPeerFault, { timeoutMs: number }> = {
  type: 'reset_peer',
  schema: edgeFaultMapping(
    'reset_peer',
    'connections on the edge are reset (TCP RST) once the caller sends data',
    {
      timeout: doc(
        duration('0ms', 0),
        'how long after the first bytes of a request its connection is reset',
        '0ms',
      ).default(0),
    },
  )
    .transform((f): ResetPeerFault => ({ ...edgeFaultBase('reset_peer', f), timeoutMs: f.timeout }))
    .meta({ description: 'a reset_peer fault' }),
  describe: (f) => `reset_peer ${f.edge} (RST ${formatDuration(f.timeoutMs)} after data)`,
  params: (f) => ({ timeoutMs: f.timeoutMs }),
  effect: heldOrClosedEffect,
  canaryBoundMs: () => QUICK_BOUND_MS,
  action: (f) => ({ kind: 'toxics', toxics: toxics(f) }),
  apply: (f, ctx) => applyToxics(f.edge, ctx, toxics(f)),
};
