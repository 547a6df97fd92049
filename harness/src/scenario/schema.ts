import * as z from 'zod';
import { parseMetricKey, parseThreshold, ThresholdSyntaxError } from '../checks/index.js';
import { didYouMean } from './did-you-mean.js';
import { parseDuration } from './duration.js';
import { expected, mappingErrors } from './field-errors.js';
import { parseRate } from './rate.js';
import type { FaultSpec, FaultType, Scenario } from './types.js';

/** Names that can name a folder and a tag value: letters, digits, `.`, `_`, `-`. */
const NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
const EDGE = /^[A-Za-z0-9._-]+->[A-Za-z0-9._-]+$/;
const REQUEST = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\/\S*)$/;
/** For editors (JSON Schema); parseDuration decides. */
const DURATION_PATTERN = '^(?=\\d)(\\d+(\\.\\d+)?h)?(\\d+(\\.\\d+)?m)?(\\d+(\\.\\d+)?s)?(\\d+ms)?$';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const FAULT_TYPES: readonly FaultType[] = ['latency', 'partition', 'down', 'crash'];

/** A strict mapping: unknown keys are errors, with a "did you mean" for near misses. */
function mapping<T extends z.core.$ZodLooseShape>(what: string, shape: T) {
  return z.strictObject(shape, { error: mappingErrors(what, Object.keys(shape)) });
}

function name(what: string) {
  const error = expected(`${what} of letters, digits, ".", "_" or "-"`);
  return z.string({ error }).regex(NAME, { error });
}

/** A duration string into ms; `min` 1 rejects zero. */
function duration(example: string, min: 0 | 1) {
  const what = `a duration like ${example}`;
  const bare = (v: unknown): string | undefined =>
    typeof v === 'number' ? `a bare number has no unit; write ${v}ms or ${v}s` : undefined;
  const input = z.string({ error: expected(what, bare) }).meta({ description: what, pattern: DURATION_PATTERN });
  return input.transform((s, ctx) => {
    const ms = parseDuration(s.trim());
    if (ms === undefined) ctx.addIssue({ code: 'custom', input: s, message: expected(what)({ input: s }) });
    else if (ms < min) ctx.addIssue({ code: 'custom', input: s, message: `must be longer than 0, got "${s}"` });
    return ms ?? 0;
  });
}

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

const load = mapping('a mapping with duration and routes', {
  warmup: duration('2s', 0).default(2000),
  duration: duration('20s', 1),
  routes: z
    .array(route, { error: expected('a list of routes') })
    .min(1, { error: 'expected at least one route' }),
}).transform((l) => ({ warmupMs: l.warmup, durationMs: l.duration, routes: l.routes }));

/** Fault names appear in threshold tags (`fault:<name>`), which split on `,` and end at `}`. */
const faultName = z
  .string({ error: expected('a fault name') })
  .regex(/^[^,{}]*[^,{}\s][^,{}]*$/, { error: expected('a fault name without ",", "{" or "}"') })
  .transform((s) => s.trim());

const timing = { name: faultName.optional(), at: duration('5s', 0), for: duration('8s', 1) };
const edge = z.string({ error: expected('an edge like orders->payments') }).regex(EDGE, {
  error: expected('an edge like orders->payments'),
});

const latencyFault = mapping('a latency fault', {
  type: z.literal('latency'),
  ...timing,
  edge,
  latency: duration('250ms', 0),
  jitter: duration('50ms', 0).default(0),
}).transform((f): FaultSpec => ({
  type: 'latency',
  name: f.name ?? `latency ${f.edge}`,
  atMs: f.at,
  forMs: f.for,
  edge: f.edge,
  latencyMs: f.latency,
  jitterMs: f.jitter,
}));

function edgeFault<T extends 'partition' | 'down'>(type: T) {
  return mapping(`a ${type} fault`, { type: z.literal(type), ...timing, edge }).transform(
    (f): FaultSpec => ({ type, name: f.name ?? `${type} ${f.edge}`, atMs: f.at, forMs: f.for, edge: f.edge }),
  );
}

const crashFault = mapping('a crash fault', {
  type: z.literal('crash'),
  ...timing,
  service: name('a service name'),
  restart: z.boolean({ error: expected('true or false') }).default(true),
}).transform((f): FaultSpec => ({
  type: 'crash',
  name: f.name ?? `crash ${f.service}`,
  atMs: f.at,
  forMs: f.for,
  service: f.service,
  restart: f.restart,
}));

const fault = z.discriminatedUnion('type', [latencyFault, edgeFault('partition'), edgeFault('down'), crashFault], {
  error: (iss) => {
    const t: unknown = (iss.input as { type?: unknown } | undefined)?.type;
    if (typeof iss.input !== 'object' || iss.input === null) return expected('a fault mapping')(iss);
    if (t === undefined) return `required; expected one of ${FAULT_TYPES.join(', ')}`;
    const guess = typeof t === 'string' ? didYouMean(t, FAULT_TYPES) : undefined;
    return `unknown fault type ${JSON.stringify(t)}${guess ? ` (did you mean "${guess}"?)` : ''}; expected one of ${FAULT_TYPES.join(', ')}`;
  },
});

const thresholds = z
  .record(
    z.string(),
    z.array(z.string({ error: expected('an expression like "p(99)<150"') }), {
      error: expected('a list of expressions like ["p(99)<150"]'),
    }),
    { error: expected('a mapping of metric keys to lists of expressions') },
  )
  // Runs even when some entries have the wrong type, so every bad key and expression is listed.
  .superRefine(
    (map, ctx) => {
      for (const [key, expressions] of Object.entries(map)) {
        try {
          parseMetricKey(key);
        } catch (e) {
          if (!(e instanceof ThresholdSyntaxError)) throw e;
          ctx.addIssue({ code: 'custom', path: [key], message: e.reason, params: { at: 'key' } });
          continue;
        }
        if (!Array.isArray(expressions)) continue;
        expressions.forEach((expr: unknown, i) => {
          if (typeof expr !== 'string') return;
          try {
            parseThreshold(key, expr);
          } catch (e) {
            if (!(e instanceof ThresholdSyntaxError)) throw e;
            ctx.addIssue({ code: 'custom', path: [key, i], message: e.message });
          }
        });
      }
    },
    { when: (p) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) },
  );

const checks = mapping('a mapping with thresholds', { thresholds: thresholds.default({}) });

/**
 * The zod schema of a scenario file. It produces a {@link Scenario} without `file` and `source`:
 * defaults filled, durations in ms, rates in req/s. Threshold keys and expressions are parsed
 * here; checks that relate fields to each other are in cross-checks.ts.
 */
export const scenarioSchema = mapping('a scenario mapping with name, load and optionally faults and checks', {
  name: name('a scenario name'),
  description: z.string({ error: expected('a text') }).default(''),
  mesh: z.string({ error: expected('"sample" or a path to a mesh file') }).min(1, { error: expected('"sample" or a path to a mesh file') }).default('sample'),
  seed: z.int({ error: expected('a whole number') }).min(0, { error: expected('a whole number >= 0') }).max(2 ** 32 - 1, { error: expected('a whole number below 2^32') }).default(1),
  load,
  faults: z.array(fault, { error: expected('a list of faults') }).default([]),
  checks: checks.default({ thresholds: {} }),
}) satisfies z.ZodType<Omit<Scenario, 'file' | 'source'>>;
