import type { Toxic } from 'toxiproxy-node-client';
import type { PartitionFault } from '../scenario/index.js';
import { proxyOf } from './edge-proxy.js';
import { once, type FaultType } from './fault.js';

/**
 * Holds every byte in both directions without closing (Toxiproxy `timeout` toxics with timeout 0),
 * as a network partition does: callers see their own timeouts, not refusals. Removing the toxics
 * closes the connections they held, as Toxiproxy does.
 */
export const partitionFault: FaultType<PartitionFault> = {
  async apply(fault, ctx) {
    const proxy = await proxyOf(fault.edge, ctx);
    const toxics: Toxic<unknown>[] = [];
    try {
      for (const stream of ['upstream', 'downstream'] as const) {
        toxics.push(
          await proxy.addToxic({
            name: `${ctx.toxicPrefix}partition_${stream}`,
            type: 'timeout',
            stream,
            toxicity: 1,
            attributes: { timeout: 0 },
          }),
        );
      }
    } catch (err) {
      await Promise.allSettled(toxics.map((t) => t.remove()));
      throw err;
    }
    return once(`partition (timeout toxics) on proxy "${proxy.name}"`, async () => {
      for (const t of toxics) await t.remove();
    });
  },
};
