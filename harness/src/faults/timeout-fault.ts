import type { TimeoutFault } from '../scenario/index.js';
import { applyToxics } from './edge-proxy.js';
import type { FaultType } from './fault.js';

/**
 * Drops every byte in both directions and closes each connection `timeout` ms after the last data
 * it carried (Toxiproxy `timeout` toxics): a caller sees its request vanish, then the connection
 * end without an answer. Unlike a partition, the caller learns of it without its own timeout.
 */
export const timeoutFault: FaultType<TimeoutFault> = {
  apply: (fault, ctx) =>
    applyToxics(
      fault.edge,
      ctx,
      (['upstream', 'downstream'] as const).map((stream) => ({
        suffix: `timeout_${stream}`,
        type: 'timeout',
        stream,
        // ms, as Toxiproxy's API
        attributes: { timeout: fault.timeoutMs },
      })),
    ),
};
