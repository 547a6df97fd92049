import * as z from 'zod';
import { expected } from './field-errors.js';
import { parseRate } from './rate.js';
import { duration, HEADER_NAME, mapping, name, REQUEST } from './schema-primitives.js';

const rate = z
  .union([z.string().meta({ pattern: '^\\d+(\\.\\d+)?\\s*/\\s*[sm]$' }), z.number().positive({ error: expected('a positive rate') })], {
    error: expected('a rate like 100/s, 6000/m or a number per second'),
  })
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
      const message = expected('METHOD /path with an upper-case HTTP method, e.g. GET /api/catalog', () => lower)({ input: s });
      ctx.addIssue({ code: 'custom', input: s, message });
    }
    return { method: m?.[1] ?? '', path: m?.[2] ?? '' };
  });

const headers = z.record(
  z.string().regex(HEADER_NAME),
  z.union([z.string(), z.number(), z.boolean()], { error: expected('a header value') }).transform(String),
  {
    error: (iss) =>
      iss.code === 'invalid_key'
        ? `not an HTTP header name: letters, digits and !#$%&'*+.^_\`|~- only`
        : expected('a mapping of header names to values')(iss),
  },
);

const route = mapping('a route like { name: catalog, request: GET /api/catalog, rate: 100/s }', {
  name: name('a route name'),
  request,
  rate,
  body: z.json({ error: expected('a JSON value') }).optional(),
  headers: headers.default({}),
  timeout: duration('3s', 1).default(5000),
}).transform((r) => ({
  name: r.name,
  method: r.request.method,
  path: r.request.path,
  headers: r.headers,
  ...(r.body === undefined ? {} : { body: r.body }),
  rate: r.rate,
  timeoutMs: r.timeout,
}));

/** `load:` — warm-up, duration and the routes driven at fixed arrival rates. */
export const loadSchema = mapping('a mapping with duration and routes', {
  warmup: duration('2s', 0).default(2000),
  duration: duration('20s', 1),
  routes: z
    .array(route, { error: expected('a list of routes') })
    .min(1, { error: 'expected at least one route' }),
}).transform((l) => ({ warmupMs: l.warmup, durationMs: l.duration, routes: l.routes }));

