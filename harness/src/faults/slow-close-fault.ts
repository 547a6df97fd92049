import { doc, duration, formatDuration } from '../schema/index.js';
import { noCanaryExpectation, QUICK_BOUND_MS } from './canary-effects.js';
import { applyToxics } from './edge-proxy.js';
import { edgeFaultBase, edgeFaultMapping } from './fault-schema-parts.js';
import type { EdgeFaultBase, FaultType, ToxicPlan } from './fault-type.js';

/** The upstream's close reaches the caller `delayMs` late (Toxiproxy `slow_close`). */
export interface SlowCloseFault extends EdgeFaultBase {
  type: 'slow_close';
  delayMs: number;
}

const toxics = (f: SlowCloseFault): ToxicPlan[] => [
  // ms, as Toxiproxy's API
  {
    suffix: 'slow_close',
    type: 'slow_close',
    stream: 'downstream',
    attributes: { delay: f.delayMs },
  },
];

/**
 * Delays the upstream's close of each connection by `delay` ms (a `slow_close` toxic downstream):
 * data flows as usual, but a caller that waits for the end of a response, or keeps a pool of
 * closing sockets, waits too.
 */
export const slowCloseFault: FaultType<'slow_close', SlowCloseFault, { delayMs: number }> = {
  type: 'slow_close',
  schema: edgeFaultMapping(
    'slow_close',
    "the upstream's close of a connection reaches the caller late; data flows normally",
    { delay: doc(duration('2s', 0), 'how late the close arrives', '2s') },
  )
    .transform((f): SlowCloseFault => ({ ...edgeFaultBase('slow_close', f), delayMs: f.delay }))
    .meta({ description: 'a slow_close fault' }),
  describe: (f) => `slow_close ${f.edge} (close delayed ${formatDuration(f.delayMs)})`,
  params: (f) => ({ delayMs: f.delayMs }),
  // The canary's answer arrives before the close, so it cannot tell.
  effect: noCanaryExpectation('slow_close'),
  canaryBoundMs: () => QUICK_BOUND_MS,
  action: (f) => ({ kind: 'toxics', toxics: toxics(f) }),
  apply: (f, ctx) => applyToxics(f.edge, ctx, toxics(f)),
};
