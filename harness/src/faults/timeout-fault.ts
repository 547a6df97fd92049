import { doc, duration, formatDuration } from '../schema/index.js';
import { heldOrClosedEffect, QUICK_BOUND_MS } from './canary-effects.js';
import { applyToxics } from './edge-proxy.js';
import { edgeFaultBase, edgeFaultMapping } from './fault-schema-parts.js';
import type { EdgeFaultBase, FaultType, ToxicPlan } from './fault-type.js';

/** Data on the edge is dropped and each connection closed `timeoutMs` after its last bytes (Toxiproxy `timeout`). */
export interface TimeoutFault extends EdgeFaultBase {
  type: 'timeout';
  timeoutMs: number;
}

const toxics = (f: TimeoutFault): ToxicPlan[] =>
  (['upstream', 'downstream'] as const).map((stream) => ({
    suffix: `timeout_${stream}`,
    type: 'timeout',
    stream,
    // ms, as Toxiproxy's API
    attributes: { timeout: f.timeoutMs },
  }));

/**
 * Drops every byte in both directions and closes each connection `timeout` ms after the last data
 * it carried (Toxiproxy `timeout` toxics): a caller sees its request vanish, then the connection
 * end without an answer. Unlike a partition, the caller learns of it without its own timeout.
 */
export const timeoutFault: FaultType<'timeout', TimeoutFault, { timeoutMs: number }> = {
  type: 'timeout',
  schema: edgeFaultMapping(
    'timeout',
    'the edge drops every byte and closes each connection a while after its last data',
    { timeout: doc(duration('500ms', 1), 'how long after its last data a connection is closed', '500ms') },
  )
    .transform((f): TimeoutFault => ({ ...edgeFaultBase('timeout', f), timeoutMs: f.timeout }))
    .meta({ description: 'a timeout fault' }),
  describe: (f) => `timeout ${f.edge} (drop, close after ${formatDuration(f.timeoutMs)})`,
  params: (f) => ({ timeoutMs: f.timeoutMs }),
  effect: heldOrClosedEffect,
  canaryBoundMs: () => QUICK_BOUND_MS,
  action: (f) => ({ kind: 'toxics', toxics: toxics(f) }),
  apply: (f, ctx) => applyToxics(f.edge, ctx, toxics(f)),
};
