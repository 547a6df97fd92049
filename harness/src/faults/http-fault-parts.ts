import * as z from 'zod';
import { doc, expected, HEADER_NAME, mapping } from '../schema/index.js';
import { edgeFaultBase } from './fault-schema-parts.js';
import type { EdgeFaultBase } from './fault-type.js';

/** Which requests an HTTP fault acts on; every field must hold (as the toxic's `match`). */
export interface HttpMatch {
  /** Exact method, upper case; absent: any. */
  method?: string;
  /** Path prefix, or a glob when it has `*` (`*` within a segment, `**` across); absent: any. */
  path?: string;
  /** Header name (lower case) → its value, or `true`: present with any value. */
  headers: Record<string, string | true>;
}

/** What every HTTP fault has besides its edge and window. */
export interface HttpFaultBase extends EdgeFaultBase {
  match: HttpMatch;
  /** Share of matched requests acted on, 0–1, drawn from the proxy server's seeded PRNG. */
  rate: number;
  /** When > 0: only the first this many matched requests are acted on (over every connection). */
  first: number;
  /** `upstream` acts on the request, `downstream` on the response (Toxiproxy's stream). */
  stream: 'upstream' | 'downstream';
}

const share = expected('a share from 0 to 1');

/** The `match:` mapping. Unknown fields are refused, as the toxic's API refuses them. */
const matchSchema = () =>
  doc(
    mapping('a match like { method: POST, path: /charges, headers: { x-route: checkout } }', {
      method: doc(
        z
          .string({ error: expected('an HTTP method in upper case, like GET') })
          .regex(/^[A-Z]+$/, { error: expected('an HTTP method in upper case, like GET') }),
        'only requests with this method (compared exactly, as HTTP methods are)',
        'POST',
      ).optional(),
      path: doc(
        z
          .string({ error: expected('a path like /charges or /api/*/items') })
          .regex(/^\/\S*$/, { error: expected('a path like /charges or /api/*/items') }),
        'only requests whose path (without its query) starts with this, or matches it as a glob when it has * (* within a segment, ** across segments)',
        '/charges',
      ).optional(),
      headers: doc(
        z.record(
          z.string().regex(HEADER_NAME),
          z.union([z.string(), z.literal(true)], {
            error: expected('a header value, or true for "present"'),
          }),
          {
            error: (iss) =>
              iss.code === 'invalid_key'
                ? `not an HTTP header name: letters, digits and !#$%&'*+.^_\`|~- only`
                : expected('a mapping of header name to value (or true)')(iss),
          },
        ),
        'only requests carrying these headers: name → value (compared exactly), or true for "present with any value"',
        { 'x-faultline-route': 'checkout' },
      ).default({}),
    }),
    'which requests the fault acts on (all of it must hold); absent: every request on the edge',
    { method: 'POST', path: '/charges' },
  );

/**
 * The fields every HTTP fault has, besides its own: `match`, `rate`, `first` and `stream`
 * (whose default is the type's own).
 */
export function httpFaultFields(defaultStream: 'upstream' | 'downstream') {
  return {
    match: matchSchema().optional(),
    rate: doc(
      z.number({ error: share }).min(0, { error: share }).max(1, { error: share }),
      'share of the matched requests acted on (0.3: about 30 %), drawn per request from the seeded PRNG; default 1',
      1,
    ).default(1),
    first: doc(
      z
        .number({ error: expected('a whole number of requests') })
        .int({ error: expected('a whole number of requests') })
        .min(1, { error: expected('at least 1 request') }),
      'act on only the first this many matched requests of the fault, then let them pass ("fail the first N"); rate must then be 1',
      3,
    ).optional(),
    stream: doc(
      z.enum(['upstream', 'downstream'], {
        error: expected('upstream (the request) or downstream (the response)'),
      }),
      `which message of a matched exchange is acted on: upstream the request, downstream the response; default ${defaultStream}`,
      defaultStream,
    ).default(defaultStream),
  };
}

/** The parsed common fields, as the spec keeps them. */
export function httpFaultBase<T extends string>(
  type: T,
  f: {
    name?: string | undefined;
    at: number;
    for: number;
    edge: string;
    match?: {
      method?: string | undefined;
      path?: string | undefined;
      headers: Record<string, string | true>;
    };
    rate: number;
    first?: number | undefined;
    stream: 'upstream' | 'downstream';
  },
): Omit<HttpFaultBase, 'type'> & { type: T } {
  const m = f.match ?? { headers: {} };
  const headers = Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    ...edgeFaultBase(type, f),
    match: {
      ...(m.method === undefined ? {} : { method: m.method }),
      ...(m.path === undefined ? {} : { path: m.path }),
      headers,
    },
    rate: f.rate,
    first: f.first ?? 0,
    stream: f.stream,
  };
}

/** `first` counts matched requests; a rate below 1 would make "the first N" a random subset. */
export const firstNeedsFullRate = {
  check: (f: { rate: number; first?: number | undefined }) => f.first === undefined || f.rate === 1,
  error: { error: 'first and rate cannot be combined: "the first N" needs rate 1', path: ['first'] },
};

/** The toxic's `match`, `rate` and `first` attributes, as its API takes them. */
export function selectionAttributes(f: HttpFaultBase): Record<string, unknown> {
  return {
    match: { method: f.match.method ?? '', path: f.match.path ?? '', headers: f.match.headers },
    rate: f.rate,
    first: f.first,
  };
}

/** The match as the plan and terminal show it: `POST /charges [x-route=checkout]`, or `every request`. */
export function describeMatch(m: HttpMatch): string {
  const parts = [m.method, m.path].filter((p) => p !== undefined);
  const headers = Object.entries(m.headers).map(([k, v]) => (v === true ? k : `${k}=${v}`));
  if (headers.length > 0) parts.push(`[${headers.join(', ')}]`);
  return parts.length > 0 ? parts.join(' ') : 'every request';
}

/** How often: `30 %`, `first 3`, or nothing for every matched request. */
export function describeSelection(f: { rate: number; first: number }): string {
  if (f.first > 0) return `, first ${f.first}`;
  return f.rate < 1 ? `, ${Math.round(f.rate * 1000) / 10} %` : '';
}

/** The selection and match as results.json records them: flat strings and numbers. */
export function selectionParams(f: HttpFaultBase): {
  match: string;
  rate: number;
  first: number;
  stream: string;
} {
  return { match: describeMatch(f.match), rate: f.rate, first: f.first, stream: f.stream };
}

/**
 * The canary request that meets `match`, or why there is none. A canary is drawn like any
 * request only when every matched request is acted on: with `rate` < 1 its outcome proves
 * nothing, and with `first` it would use up one of the N the load should meet.
 */
export function matchingCanary(f: HttpFaultBase, address: string): { request: string } | { why: string } {
  if (f.first > 0)
    return { why: `it acts on the first ${f.first} requests only, which the canary must not use up` };
  if (f.rate < 1)
    return { why: `it acts on ${f.rate * 100} % of the requests, so one canary proves nothing` };
  const method = f.match.method ?? 'GET';
  // A glob's wildcards stand for one segment, or several: one plain segment meets both.
  const path = (f.match.path ?? '/').replace(/\*\*?/g, 'faultline-canary');
  const headers = Object.entries(f.match.headers).map(([k, v]) => `${k}: ${v === true ? '1' : v}`);
  const body = method === 'GET' || method === 'HEAD' ? [] : ['Content-Length: 0'];
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${address}`,
    'Connection: close',
    'User-Agent: faultline-canary',
    ...headers,
    ...body,
  ];
  return { request: `${lines.join('\r\n')}\r\n\r\n` };
}

/** `http_error` … edge (what it does to what): the plan line shared by the three types. */
export function describeHttpFault(type: string, f: HttpFaultBase, what: string): string {
  return `${type} ${f.edge} ${what} on ${describeMatch(f.match)}${describeSelection(f)}`;
}

/**
 * The effect's note when no canary can meet the fault: the same words as every fault a canary
 * cannot tell, since the proof is elsewhere (the probe notes why; effect-traffic counts what the
 * proxy itself did).
 */
export function countersOnlyNote(type: string): string {
  return `no canary expectation for ${type} faults`;
}

/** With `first`, or a `rate` below 1, no canary is acted on for sure (see `matchingCanary`). */
export function canaryCannotMatch(p: { rate?: number; first?: number }): boolean {
  return (p.first ?? 0) > 0 || (p.rate ?? 1) < 1;
}
