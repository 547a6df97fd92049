import { doc, duration, formatDuration } from '../schema/index.js';
import { QUICK_BOUND_MS } from './canary-effects.js';
import { applyToxics } from './edge-proxy.js';
import { edgeFaultMapping } from './fault-schema-parts.js';
import type { FaultType, ToxicPlan } from './fault-type.js';
import {
  canaryCannotMatch,
  countersOnlyNote,
  describeHttpFault,
  firstNeedsFullRate,
  httpFaultBase,
  httpFaultFields,
  matchingCanary,
  selectionAttributes,
  selectionParams,
  type HttpFaultBase,
} from './http-fault-parts.js';
import { latencyFault } from './latency-fault.js';

/** The matched requests, or their responses, are held by `latencyMs` ± `jitterMs` (an `http_delay` toxic). */
export interface HttpDelayFault extends HttpFaultBase {
  type: 'http_delay';
  latencyMs: number;
  jitterMs: number;
}

type HttpDelayParams = ReturnType<typeof selectionParams> & { latencyMs: number; jitterMs: number };

/** The toxic the fault adds: one `http_delay` on the edge's proxy. */
const toxics = (f: HttpDelayFault): ToxicPlan[] => [
  {
    suffix: 'http_delay',
    type: 'http_delay',
    stream: f.stream,
    // ms, as Toxiproxy's API
    attributes: { ...selectionAttributes(f), latency: f.latencyMs, jitter: f.jitterMs },
  },
];

export const httpDelayFault: FaultType<'http_delay', HttpDelayFault, HttpDelayParams> = {
  type: 'http_delay',
  schema: edgeFaultMapping(
    'http_delay',
    'the matched requests (upstream) or their responses (downstream) are held by latency ± jitter; the others pass at once',
    {
      latency: doc(duration('400ms', 0), 'how long each matched message is held', '400ms'),
      jitter: doc(duration('50ms', 0), 'random variation around latency, ± this much', '50ms').default(0),
      ...httpFaultFields('downstream'),
    },
  )
    .refine(firstNeedsFullRate.check, firstNeedsFullRate.error)
    .transform((f): HttpDelayFault => ({
      ...httpFaultBase('http_delay', f),
      latencyMs: f.latency,
      jitterMs: f.jitter,
    }))
    .meta({ description: 'an http_delay fault' }),
  describe: (f) =>
    describeHttpFault(
      'http_delay',
      f,
      `+${formatDuration(f.latencyMs)}${f.jitterMs ? ` ±${formatDuration(f.jitterMs)}` : ''}`,
    ),
  params: (f) => ({ latencyMs: f.latencyMs, jitterMs: f.jitterMs, ...selectionParams(f) }),
  effect: {
    // The matching canary is held as a latency fault's is: the same tolerance.
    expected: (p) => latencyFault.effect.expected(p),
    judge(before, after, p) {
      if (canaryCannotMatch(p))
        return { shown: true, measured: after.ms, note: countersOnlyNote('http_delay') };
      return latencyFault.effect.judge(before, after, p);
    },
    refusesConnections: false,
    proxyCounter: 'delayed',
  },
  canaryBoundMs: (f) =>
    Math.max(QUICK_BOUND_MS, Math.min((f.latencyMs + f.jitterMs) * 2 + QUICK_BOUND_MS, f.forMs - 100)),
  canaryRequest: matchingCanary,
  action: (f) => ({ kind: 'toxics', toxics: toxics(f) }),
  apply: (fault, ctx) => applyToxics(fault.edge, ctx, toxics(fault)),
};
