import * as z from 'zod';
import { doc, expected } from '../schema/index.js';
import { noCanaryExpectation, QUICK_BOUND_MS } from './canary-effects.js';
import { applyToxics } from './edge-proxy.js';
import { edgeFaultBase, edgeFaultMapping } from './fault-schema-parts.js';
import type { EdgeFaultBase, FaultType, ToxicPlan } from './fault-type.js';

/** Responses on the edge flow at most `rateKBps` KB/s (1 KB = 1000 bytes; Toxiproxy `bandwidth`). */
export interface BandwidthFault extends EdgeFaultBase {
  type: 'bandwidth';
  rateKBps: number;
}

const toxics = (f: BandwidthFault): ToxicPlan[] => [
  // KB/s (1 KB = 1000 bytes), as Toxiproxy's API
  { suffix: 'bandwidth', type: 'bandwidth', stream: 'downstream', attributes: { rate: f.rateKBps } },
];

/** Squeezes the upstream's responses on the edge to `rate` KB/s (a `bandwidth` toxic downstream). */
export const bandwidthFault: FaultType<'bandwidth', BandwidthFault, { rateKBps: number }> = {
  type: 'bandwidth',
  schema: edgeFaultMapping(
    'bandwidth',
    "the upstream's responses on the edge are squeezed to a rate in KB/s",
    {
      rate: doc(
        z
          .int({ error: expected('a whole number of KB/s like 10') })
          .min(1, { error: expected('at least 1 KB/s (to stop every byte, use a partition)') }),
        'KB/s (1 KB = 1000 bytes) the responses may flow at',
        10,
      ),
    },
  )
    .transform((f): BandwidthFault => ({ ...edgeFaultBase('bandwidth', f), rateKBps: f.rate }))
    .meta({ description: 'a bandwidth fault' }),
  describe: (f) => `bandwidth ${f.edge} ${f.rateKBps} KB/s`,
  params: (f) => ({ rateKBps: f.rateKBps }),
  // A health answer is small: it arrives, only later, so one canary cannot tell.
  effect: noCanaryExpectation('bandwidth'),
  canaryBoundMs: () => QUICK_BOUND_MS,
  action: (f) => ({ kind: 'toxics', toxics: toxics(f) }),
  apply: (f, ctx) => applyToxics(f.edge, ctx, toxics(f)),
};
