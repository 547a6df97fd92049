import type { PartitionFault } from '../scenario/index.js';
import { applyToxics } from './edge-proxy.js';
import type { FaultType } from './fault.js';

/**
 * Holds every byte in both directions without closing (Toxiproxy `timeout` toxics with timeout 0),
 * as a network partition does: callers see their own timeouts, not refusals. Removing the toxics
 * closes the connections they held, as Toxiproxy does.
 */
export const partitionFault: FaultType<PartitionFault> = {
  apply: (fault, ctx) =>
    applyToxics(
      fault.edge,
      ctx,
      (['upstream', 'downstream'] as const).map((stream) => ({
        suffix: `partition_${stream}`,
        type: 'timeout',
        stream,
        attributes: { timeout: 0 },
      })),
    ),
};
