import * as z from 'zod';
import { doc, expected } from '../schema/index.js';
import { QUICK_BOUND_MS } from './canary-effects.js';
import { applyToxics } from './edge-proxy.js';
import { edgeFaultMapping } from './fault-schema-parts.js';
import type { FaultType, ToxicPlan } from './fault-type.js';
import {
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

/** The connection of each matched exchange is reset or closed mid-message (an `http_abort` toxic). */
export interface HttpAbortFault extends HttpFaultBase {
  type: 'http_abort';
  /** Body bytes of the message that pass before the abort, as on the wire. */
  afterBytes: number;
  mode: 'reset' | 'close';
}

type HttpAbortParams = ReturnType<typeof selectionParams> & { afterBytes: number; mode: string };

const bytes = expected('a whole number of bytes, 0 or more');

/** The toxic the fault adds: one `http_abort` on the edge's proxy. */
const toxics = (f: HttpAbortFault): ToxicPlan[] => [
  {
    suffix: 'http_abort',
    type: 'http_abort',
    stream: f.stream,
    attributes: { ...selectionAttributes(f), after_bytes: f.afterBytes, mode: f.mode },
  },
];

export const httpAbortFault: FaultType<'http_abort', HttpAbortFault, HttpAbortParams> = {
  type: 'http_abort',
  schema: edgeFaultMapping(
    'http_abort',
    'the connection of each matched exchange is reset or closed after the head and after_bytes body bytes of its response (downstream) or request (upstream)',
    {
      after_bytes: doc(
        z.number({ error: bytes }).int({ error: bytes }).min(0, { error: bytes }),
        'body bytes that pass before the abort, counted as on the wire; default 0 (right after the head)',
        100,
      ).default(0),
      mode: doc(
        z.enum(['reset', 'close'], { error: expected('reset or close') }),
        'reset sends RST; close ends the connection with FIN; default reset',
        'reset',
      ).default('reset'),
      ...httpFaultFields('downstream'),
    },
  )
    .refine(firstNeedsFullRate.check, firstNeedsFullRate.error)
    .transform((f): HttpAbortFault => ({
      ...httpFaultBase('http_abort', f),
      afterBytes: f.after_bytes,
      mode: f.mode,
    }))
    .meta({ description: 'an http_abort fault' }),
  describe: (f) =>
    describeHttpFault(
      'http_abort',
      f,
      `${f.mode} after ${f.stream === 'upstream' ? 'request' : 'response'} head + ${f.afterBytes} B`,
    ),
  params: (f) => ({ afterBytes: f.afterBytes, mode: f.mode, ...selectionParams(f) }),
  effect: {
    // A canary times the first byte of the answer, and what an abort leaves, the head of a
    // response or a request the server may already have answered, reaches it as an answer: only
    // the proxy's own count tells (effect-traffic).
    expected: () => 'aborted (counted by the proxy)',
    judge: (_before, after) => ({ shown: true, measured: after.ms, note: countersOnlyNote('http_abort') }),
    refusesConnections: false,
    proxyCounter: 'aborted',
  },
  canaryBoundMs: () => QUICK_BOUND_MS,
  canaryRequest: matchingCanary,
  action: (f) => ({ kind: 'toxics', toxics: toxics(f) }),
  apply: (fault, ctx) => applyToxics(fault.edge, ctx, toxics(fault)),
};
