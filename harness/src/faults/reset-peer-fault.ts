import type { ResetPeerFault } from '../scenario/index.js';
import { applyToxics } from './edge-proxy.js';
import type { FaultType } from './fault.js';

/**
 * Resets connections (TCP RST) on the edge: a `reset_peer` toxic on the upstream stream drops the
 * caller's request and resets its connection `timeout` ms later, so callers see "connection reset
 * by peer" instead of an answer. Connections opened while the toxic exists reset; reverting
 * removes the toxic, and new connections pass again.
 */
export const resetPeerFault: FaultType<ResetPeerFault> = {
  apply: (fault, ctx) =>
    applyToxics(fault.edge, ctx, [
      // ms, as Toxiproxy's API
      {
        suffix: 'reset_peer',
        type: 'reset_peer',
        stream: 'upstream',
        attributes: { timeout: fault.timeoutMs },
      },
    ]),
};
