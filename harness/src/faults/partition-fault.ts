import { heldEffect, QUICK_BOUND_MS } from './canary-effects.js';
import { applyToxics } from './edge-proxy.js';
import { edgeFaultBase, edgeFaultMapping } from './fault-schema-parts.js';
import type { EdgeFaultBase, FaultType, ToxicPlan } from './fault-type.js';

/** Holds every byte in both directions (Toxiproxy `timeout` toxics with timeout 0). */
export interface PartitionFault extends EdgeFaultBase {
  type: 'partition';
}

const toxics: ToxicPlan[] = (['upstream', 'downstream'] as const).map((stream) => ({
  suffix: `partition_${stream}`,
  type: 'timeout',
  stream,
  attributes: { timeout: 0 },
}));

/**
 * Holds every byte in both directions without closing (Toxiproxy `timeout` toxics with timeout 0),
 * as a network partition does: callers see their own timeouts, not refusals. Removing the toxics
 * closes the connections they held, as Toxiproxy does.
 */
export const partitionFault: FaultType<'partition', PartitionFault, Record<string, never>> = {
  type: 'partition',
  schema: edgeFaultMapping(
    'partition',
    'the edge holds every byte in both directions without closing, like a dropped network',
    {},
  )
    .transform((f): PartitionFault => edgeFaultBase('partition', f))
    .meta({ description: 'a partition fault' }),
  describe: (f) => `partition ${f.edge} (holds every byte)`,
  params: () => ({}),
  effect: heldEffect,
  canaryBoundMs: () => QUICK_BOUND_MS,
  action: () => ({ kind: 'toxics', toxics }),
  apply: (f, ctx) => applyToxics(f.edge, ctx, toxics),
};
