import * as z from 'zod';
import { doc, expected, HEADER_NAME, httpStatus } from '../schema/index.js';
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

/** The matched requests are answered by the proxy with `status` (an `http_error` toxic). */
export interface HttpErrorFault extends HttpFaultBase {
  type: 'http_error';
  /** 100–599 */
  status: number;
  body: string;
  headers: Record<string, string>;
}

type HttpErrorParams = ReturnType<typeof selectionParams> & { status: number };

/** The toxic the fault adds: one `http_error` on the edge's proxy. */
const toxics = (f: HttpErrorFault): ToxicPlan[] => [
  {
    suffix: 'http_error',
    type: 'http_error',
    stream: f.stream,
    attributes: {
      ...selectionAttributes(f),
      status: f.status,
      body: f.body,
      headers: f.headers,
    },
  },
];

export const httpErrorFault: FaultType<'http_error', HttpErrorFault, HttpErrorParams> = {
  type: 'http_error',
  schema: edgeFaultMapping(
    'http_error',
    'the proxy answers the matched requests itself with an HTTP status (upstream: the request is never forwarded)',
    {
      status: doc(httpStatus(), 'the status the matched requests are answered with', 503),
      body: doc(
        z.string({ error: expected('a string') }),
        'the body of the answer; default empty',
        'busy',
      ).default(''),
      headers: doc(
        z.record(z.string().regex(HEADER_NAME), z.string().regex(/^[^\r\n]*$/), {
          error: expected('a mapping of header name to value, without line breaks'),
        }),
        'headers of the answer',
        { 'retry-after': '1' },
      ).default({}),
      ...httpFaultFields('upstream'),
    },
  )
    .refine(firstNeedsFullRate.check, firstNeedsFullRate.error)
    .transform((f): HttpErrorFault => ({
      ...httpFaultBase('http_error', f),
      status: f.status,
      body: f.body,
      headers: f.headers,
    }))
    .meta({ description: 'an http_error fault' }),
  describe: (f) => describeHttpFault('http_error', f, `answers ${f.status}`),
  params: (f) => ({ status: f.status, ...selectionParams(f) }),
  effect: {
    expected: (p) => `answered ${p.status}`,
    judge(_before, after, p) {
      if (canaryCannotMatch(p))
        return { shown: true, measured: after.ms, note: countersOnlyNote('http_error') };
      if (after.outcome !== 'answered')
        return {
          shown: false,
          why: `the matching canary got no answer (${after.outcome}) instead of ${p.status}`,
        };
      if (after.status !== p.status)
        return {
          shown: false,
          why: `the matching canary was answered ${after.status ?? 'without a status'}, not ${p.status}`,
          measured: after.ms,
        };
      return { shown: true, measured: after.ms, note: `the matching canary was answered ${p.status}` };
    },
    refusesConnections: false,
    proxyCounter: 'answered',
  },
  canaryBoundMs: () => QUICK_BOUND_MS,
  canaryRequest: matchingCanary,
  action: (f) => ({ kind: 'toxics', toxics: toxics(f) }),
  apply: (fault, ctx) => applyToxics(fault.edge, ctx, toxics(fault)),
};
