import type { SlowCloseFault } from '../scenario/index.js';
import { applyToxics } from './edge-proxy.js';
import type { FaultType } from './fault.js';

/**
 * Delays the upstream's close of each connection by `delay` ms (a `slow_close` toxic downstream):
 * data flows as usual, but a caller that waits for the end of a response, or keeps a pool of
 * closing sockets, waits too.
 */
export const slowCloseFault: FaultType<SlowCloseFault> = {
  apply: (fault, ctx) =>
    applyToxics(fault.edge, ctx, [
      // ms, as Toxiproxy's API
      {
        suffix: 'slow_close',
        type: 'slow_close',
        stream: 'downstream',
        attributes: { delay: fault.delayMs },
      },
    ]),
};
