import type { BandwidthFault } from '../scenario/index.js';
import { applyToxics } from './edge-proxy.js';
import type { FaultType } from './fault.js';

/** Squeezes the upstream's responses on the edge to `rate` KB/s (a `bandwidth` toxic downstream). */
export const bandwidthFault: FaultType<BandwidthFault> = {
  apply: (fault, ctx) =>
    applyToxics(fault.edge, ctx, [
      // KB/s (1 KB = 1000 bytes), as Toxiproxy's API
      { suffix: 'bandwidth', type: 'bandwidth', stream: 'downstream', attributes: { rate: fault.rateKBps } },
    ]),
};
