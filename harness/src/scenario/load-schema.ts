import * as z from 'zod';
import { doc, duration, expected, HEADER_NAME, mapping, name, parseRate, REQUEST } from '../schema/index.js';
import {
  literalTexts,
  NOT_IN_HEADER_VALUE,
  NOT_IN_PATH,
  parseTemplate,
  TemplateSyntaxError,
  type TemplatePart,
} from './request-template-grammar.js';
import type { Executor, RouteSpec } from './types.js';

const rate = z
  .union(
    [
      z.string().meta({ pattern: '^\\d+(\\.\\d+)?\\s*/\\s*[sm]$' }),
      z.number().positive({ error: expected('a positive rate') }),
    ],
    {
      error: expected('a rate like 100/s, 6000/m or a number per second'),
    },
  )
  .meta({ description: 'requests per second: 100/s, 6000/m or a number' })
  .transform((v, ctx) => {
    const r = parseRate(v);
    if (r === undefined) {
      const message = expected('a positive rate like 100/s, 6000/m or a number per second')({ input: v });
      ctx.addIssue({ code: 'custom', input: v, message });
    }
    return r ?? 0;
  });

const request = z
  .string({ error: expected('METHOD /path, e.g. GET /api/catalog') })
  .meta({ description: 'METHOD /path, e.g. GET /api/catalog', pattern: REQUEST.source })
  .transform((s, ctx) => {
    const m = REQUEST.exec(s.trim());
    if (!m) {
      const lower = /^[a-z]+ /.test(s.trim()) ? 'the method must be upper-case' : undefined;
      const message = expected(
        'METHOD /path with an upper-case HTTP method, e.g. GET /api/catalog',
        () => lower,
      )({ input: s });
      ctx.addIssue({ code: 'custom', input: s, message });
    }
    return { method: m?.[1] ?? '', path: m?.[2] ?? '' };
  });

const headers = z.record(
  z.string().regex(HEADER_NAME),
  z
    .union([z.string(), z.number(), z.boolean()], { error: expected('a header value') })
    .transform(String)
    // CR and LF would split the header (request smuggling); other controls are refused on the wire.
    // eslint-disable-next-line no-control-regex
    .refine((v) => !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(v), {
      error: 'a header value cannot hold control characters (line breaks, escapes)',
    }),
  {
    error: (iss) =>
      iss.code === 'invalid_key'
        ? `not an HTTP header name: letters, digits and !#$%&'*+.^_\`|~- only`
        : expected('a mapping of header names to values')(iss),
  },
);

/** A rate that may be 0 (a ramp's start or target): `0`, `50/s`, `3000/m` or a number per second. */
const rateOrZero = z
  .union([z.string(), z.number().min(0, { error: expected('a rate >= 0') })], {
    error: expected('a rate like 100/s or a number per second'),
  })
  .meta({ description: 'requests per second: 100/s, 6000/m or a number (0 allowed)' })
  .transform((v, ctx) => {
    if (v === 0 || (typeof v === 'string' && /^0+(\.0+)?\s*(\/\s*[sm])?$/.test(v.trim()))) return 0;
    const r = parseRate(v);
    if (r === undefined)
      ctx.addIssue({
        code: 'custom',
        input: v,
        message: expected('a rate like 100/s, 6000/m or a number >= 0')({ input: v }),
      });
    return r ?? 0;
  });

const count = (what: string) =>
  z
    .number({ error: expected(what) })
    .int({ error: expected(what) })
    .min(1, { error: expected(what) });

const stage = mapping('a stage like { duration: 30s, target: 200 }', {
  duration: doc(duration('30s', 1), 'how long the rate takes to move to target', '30s'),
  target: rateOrZero,
}).transform((st) => ({ durationMs: st.duration, target: st.target }));

const STATUS_RANGE = /^([1-5]\d\d)\s*-\s*([1-5]\d\d)$/;
const statusRange = z
  .union([z.number(), z.string()], { error: expected('a status like 200 or a range like 200-299') })
  .transform((v, ctx): [number, number] => {
    const m = STATUS_RANGE.exec(typeof v === 'number' ? `${v}-${v}` : v.trim());
    if (!m) {
      ctx.addIssue({
        code: 'custom',
        input: v,
        message: expected('a status 100–599 like 200 or a range like 200-299')({ input: v }),
      });
      return [0, 0];
    }
    const range: [number, number] = [Number(m?.[1]), Number(m?.[2])];
    if (range[0] > range[1])
      ctx.addIssue({ code: 'custom', input: v, message: `the range ${v} runs backwards` });
    return range;
  });

const degraded = z.union(
  [
    mapping('{ header: x-fallback } or { header: x-fallback, equals: payments }', {
      header: doc(
        z.string().regex(HEADER_NAME, { error: expected('an HTTP header name') }),
        'a response carrying this header is degraded',
        'x-fallback',
      ),
      equals: doc(z.string(), "only when the header's value is this", 'payments').optional(),
    }).transform((d) => ({
      header: d.header.toLowerCase(),
      ...(d.equals === undefined ? {} : { equals: d.equals }),
    })),
    mapping('{ json: status, equals: pending-payment }', {
      json: doc(
        z
          .string()
          .regex(/^[^.\s]+(\.[^.\s]+)*$/, { error: expected('a dotted JSON field like order.status') }),
        'a response whose JSON body has this field (dotted path) is degraded',
        'status',
      ),
      equals: doc(
        z.union([z.string(), z.number(), z.boolean(), z.null()]),
        "only when the field's value is this",
        'pending-payment',
      ).optional(),
    }),
  ],
  { error: expected('{ header: <name> } or { json: <field>, equals: <value> }') },
);

const EXECUTORS = ['constant-arrival-rate', 'ramping-arrival-rate', 'connections'] as const;

/**
 * Problems of a request's templates (docs/load.md), each at the field it is in: placeholders not
 * in the grammar, and text a request line or header could not carry once filled in. Checked here
 * so that no route fails after the mesh is up.
 */
function templateIssues(
  texts: Iterable<[PropertyKey[], string, RegExp | undefined, string]>,
): { path: PropertyKey[]; message: string }[] {
  const issues: { path: PropertyKey[]; message: string }[] = [];
  for (const [path, text, forbidden, where] of texts) {
    let parts: TemplatePart[];
    try {
      parts = parseTemplate(text);
    } catch (e) {
      if (!(e instanceof TemplateSyntaxError)) throw e;
      issues.push({ path, message: e.message });
      continue;
    }
    const bad = forbidden && literalTexts(parts).join('').match(forbidden)?.[0];
    if (bad)
      issues.push({
        path,
        message: `${JSON.stringify(bad)} cannot go in ${where}; ${where === 'a path' ? 'percent-encode it (e.g. %E2%82%AC for €)' : 'use ASCII or Latin-1 text'}`,
      });
  }
  return issues;
}

function* bodyStrings(v: unknown, path: PropertyKey[]): Generator<[PropertyKey[], string]> {
  if (typeof v === 'string') yield [path, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* bodyStrings(x, [...path, i]);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) yield* bodyStrings(x, [...path, k]);
}

const route = mapping('a route like { name: catalog, request: GET /api/catalog, rate: 100/s }', {
  name: doc(
    name('a route name'),
    'names the route in thresholds (route:<name>), checks and the report',
    'checkout',
  ),
  request,
  executor: doc(
    z.enum(EXECUTORS, { error: expected(EXECUTORS.join(', ')) }),
    'how requests are sent; implied by rate (constant), stages (ramping) or connections (closed loop)',
    'ramping-arrival-rate',
  ).optional(),
  rate: rate.optional(),
  start_rate: rateOrZero.optional(),
  stages: doc(
    z.array(stage, { error: expected('a list of stages') }).min(1, { error: 'expected at least one stage' }),
    "a ramping arrival rate, as k6's: the rate moves linearly to each stage's target over its duration",
    [{ duration: '30s', target: 200 }],
  ).optional(),
  connections: doc(
    count('a whole number of connections >= 1'),
    'a closed loop: this many connections, each sending its next request when the previous one is answered',
    32,
  ).optional(),
  body: doc(
    z.json({ error: expected('a JSON value') }),
    'JSON sent as the request body; strings may hold {{seq}}, {{uuid}}, {{random_id}}, {{pick a,b}}',
    { sku: 'sku-1', qty: 1 },
  ).optional(),
  headers: doc(headers, 'request headers; values may hold templates like {{uuid}}', {
    'idempotency-key': '{{uuid}}',
  }).default({}),
  timeout: duration('3s', 1).default(5000),
  success: doc(
    z.array(statusRange, { error: expected('a list of statuses and ranges like [200-299, 404]') }).min(1),
    'statuses that count as ok; default 200-399',
    ['200-299', 404],
  ).optional(),
  degraded: doc(degraded, 'ok answers that count as degraded (http_req_degraded): a header or a JSON field', {
    header: 'x-fallback',
  }).optional(),
  max_in_flight: doc(
    count('a whole number >= 1'),
    'requests due while this many are unanswered are dropped and counted; default 1000',
    1000,
  ).optional(),
  max_connections: doc(
    count('a whole number >= 1'),
    "connections of the route's pool; default 256",
    256,
  ).optional(),
  new_connection_per_request: doc(
    z.boolean({ error: expected('true or false') }),
    'open a new connection for every request (connection: close)',
    true,
  ).optional(),
})
  .superRefine((r, ctx) => {
    const issue = (key: string, message: string): void =>
      void ctx.addIssue({ code: 'custom', path: [key], message });
    const executor = executorOf(r);
    const only = (keys: string[], what: string): void => {
      for (const k of keys)
        if ((r as Record<string, unknown>)[k] !== undefined) issue(k, `${k} does not apply to ${what}`);
    };
    if (executor === 'constant-arrival-rate') {
      if (r.rate === undefined)
        issue(
          'rate',
          'required; expected a rate like 100/s (or stages for a ramp, or connections for a closed loop)',
        );
      only(['start_rate', 'stages', 'connections'], 'a constant-arrival-rate route');
    } else if (executor === 'ramping-arrival-rate') {
      if (!r.stages)
        issue(
          'stages',
          'required for ramping-arrival-rate; expected a list like [{ duration: 30s, target: 200 }]',
        );
      only(['rate', 'connections'], 'a ramping-arrival-rate route (stages set the rate)');
    } else {
      if (r.connections === undefined)
        issue('connections', 'required for the connections executor; expected a whole number >= 1');
      only(
        ['rate', 'start_rate', 'stages', 'max_in_flight', 'new_connection_per_request', 'max_connections'],
        'a closed-loop (connections) route',
      );
      if (r.timeout < 1000)
        issue(
          'timeout',
          'a closed-loop route needs a timeout of at least 1s (autocannon counts whole seconds)',
        );
    }
    type Text = [PropertyKey[], string, RegExp | undefined, string];
    const texts: Text[] = [
      [['request'], r.request.path, NOT_IN_PATH, 'a path'],
      ...Object.entries(r.headers).map(([k, v]): Text => [
        ['headers', k],
        v,
        NOT_IN_HEADER_VALUE,
        'a header value',
      ]),
      ...[...bodyStrings(r.body, ['body'])].map(([path, v]): Text => [path, v, undefined, 'a body']),
    ];
    for (const i of templateIssues(texts)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  })
  .transform((r): RouteSpec => {
    const base = {
      name: r.name,
      method: r.request.method,
      path: r.request.path,
      headers: r.headers,
      ...(r.body === undefined ? {} : { body: r.body }),
      timeoutMs: r.timeout,
      ...(r.success ? { success: r.success } : {}),
      ...(r.degraded ? { degraded: r.degraded } : {}),
    };
    const executor = executorOf(r);
    // superRefine has made sure each executor's own fields are there and no other's are.
    if (executor === 'connections') return { ...base, executor, connections: r.connections ?? 0, rate: 0 };
    const open = {
      ...(r.max_in_flight === undefined ? {} : { maxInFlight: r.max_in_flight }),
      ...(r.max_connections === undefined ? {} : { maxConnections: r.max_connections }),
      ...(r.new_connection_per_request === undefined
        ? {}
        : { newConnectionPerRequest: r.new_connection_per_request }),
    };
    if (executor === 'ramping-arrival-rate') {
      const stages = r.stages ?? [];
      const startRate = r.start_rate ?? 0;
      const rate = Math.max(startRate, ...stages.map((st) => st.target));
      return { ...base, executor, startRate, stages, rate, ...open };
    }
    // The default executor stays implicit, so a plain route reads as it always did.
    return { ...base, rate: r.rate ?? 0, ...open };
  });

/**
 * The executor a route as written runs under: `executor:` if given, else the one its fields
 * name — `connections` a closed loop, `stages` a ramp, otherwise a constant rate. The one place
 * this is decided; the parsed {@link RouteSpec} carries it in its type.
 */
function executorOf(r: { executor?: Executor; connections?: number; stages?: unknown }): Executor {
  if (r.executor) return r.executor;
  if (r.connections !== undefined) return 'connections';
  return r.stages ? 'ramping-arrival-rate' : 'constant-arrival-rate';
}

/** `load:` — warm-up, duration and the routes: arrival rates (constant or ramping) or closed-loop connections (docs/load.md). */
export const loadSchema = mapping('a mapping with duration and routes', {
  warmup: duration('2s', 0).default(2000),
  duration: duration('20s', 1),
  routes: doc(
    z.array(route, { error: expected('a list of routes') }).min(1, { error: 'expected at least one route' }),
    "the requests sent to the mesh's entry, each with its own load profile",
    [{ name: 'catalog', request: 'GET /api/catalog', rate: '100/s' }],
  ),
}).transform((l) => ({ warmupMs: l.warmup, durationMs: l.duration, routes: l.routes }));
