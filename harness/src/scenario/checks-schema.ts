import { doc, duration, expected, mapping, name } from '../schema/index.js';
import * as z from 'zod';
import {
  defaultBreakerMetric,
  FAIL_FAST_PERCENTILES,
  jsonBreakerMetric,
  parseMetricKey,
  parseSlo,
  parseSloMap,
  parseThreshold,
  parseThresholdMap,
  ThresholdSyntaxError,
  type BreakerCheck,
  type BreakerMetric,
  type FailFast,
  type FailFastPercentile,
  type IsolationCheck,
  type MetricCheck,
  type ProbeCheck,
  type RecoveryCheck,
  MetricExpressionError,
  parseComparison,
  parseMetricExpression,
} from '../checks/index.js';
import { expectationFields, expectationOf, httpUrl } from '../probes/index.js';

/**
 * A k6 threshold map (`checks.thresholds`, `abort`): keys and expressions parsed while validating,
 * and carried parsed. `meta` goes on the map as written, where editors see it (zod drops it from
 * the input side of a transform); absent, the map defaults to `{}`.
 */
export const thresholdsSchema = (meta: { description: string; examples: unknown[] }) =>
  z
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
    )
    .default({})
    .meta(meta)
    // Every key and expression was parsed above; the scenario carries the parsed map from here on.
    .transform(parseThresholdMap);

const faultRef = (judged: string) =>
  doc(
    z.string({ error: expected('a fault name') }).transform((s) => s.trim()),
    `judge ${judged} against this fault only (its name in faults:)`,
    'slow payments',
  );

/** SLO expressions without a metric key; the aggregation picks the metric (`p(99)<150`, `rate<0.01`). */
const sloList = z
  .array(z.string({ error: expected('an expression like "p(99)<150"') }), {
    error: expected('a list of expressions like ["p(99)<150", "rate<0.01"]'),
  })
  .min(1, { error: 'expected at least one expression' })
  .superRefine((list, ctx) => {
    list.forEach((expr, i) => {
      try {
        parseSlo('route', [expr]);
      } catch (e) {
        if (!(e instanceof ThresholdSyntaxError)) throw e;
        ctx.addIssue({ code: 'custom', path: [i], message: e.message });
      }
    });
  });

/** The top-level `slo:` map, route → expressions, carried parsed and bound to each route. */
export const sloSchema = (meta: { description: string; examples: unknown[] }) =>
  z
    .record(z.string(), sloList, {
      error: expected('a mapping of route names to lists of expressions'),
    })
    .default({})
    .meta(meta)
    .transform(parseSloMap);

const stateValue = () =>
  doc(
    z.union([z.string(), z.number()], { error: expected('a gauge value or a label value') }),
    'the gauge value (value-encoded) or the state label value (label-encoded) of this state',
    1,
  );

const breakerMetric = mapping(
  'a metric like { name: circuit_breaker_state, labels: { upstream: payments } }',
  {
    name: doc(
      z
        .string({ error: expected('a Prometheus metric name') })
        .regex(/^[A-Za-z_:][A-Za-z0-9_:]*$/, { error: expected('a Prometheus metric name') }),
      'the metric that shows the state',
      'resilience4j_circuitbreaker_state',
    ).default('circuit_breaker_state'),
    labels: doc(
      z.record(z.string(), z.union([z.string(), z.number()]).transform(String), {
        error: expected('a mapping of label names to values'),
      }),
      'labels a series must carry; default { upstream: <upstream> }',
      { name: 'payments' },
    ).optional(),
    state_label: doc(
      z.string({ error: expected('a label name') }),
      'for label-encoded states (one series per state, the current one at 1): the label naming the state',
      'state',
    ).optional(),
    states: doc(
      mapping('a mapping with closed, open and optionally half_open', {
        closed: stateValue(),
        open: stateValue(),
        half_open: stateValue().optional(),
      }),
      'the gauge value (or the state label value) of each state',
      { closed: 0, open: 1, half_open: 2 },
    ).optional(),
  },
);

const jsonStateValue = () =>
  doc(
    z.union([z.string(), z.number(), z.boolean()], { error: expected('a JSON string, number or boolean') }),
    'the JSON value at the pointer in this state',
    'OPEN',
  );

/** A breaker state read from a JSON endpoint of the service (opossum status, Spring Boot actuator). */
const breakerJson = mapping(
  'a mapping like { path: /actuator/circuitbreakers, pointer: /circuitBreakers/back/state, states: { closed: CLOSED, open: OPEN } }',
  {
    path: doc(
      z
        .string({ error: expected('a path like /breaker') })
        .regex(/^\/\S*$/, { error: expected('a path starting with /') }),
      'the path on the service that answers with JSON',
      '/actuator/circuitbreakers',
    ),
    pointer: doc(
      z
        .string({ error: expected('a JSON pointer like /state/open') })
        .regex(/^(?:\/.*)?$/, { error: expected('a JSON pointer (RFC 6901): empty or starting with /') }),
      'a JSON pointer (RFC 6901) to the state in the answer',
      '/circuitBreakers/back/state',
    ),
    states: doc(
      mapping('a mapping with closed, open and optionally half_open', {
        closed: jsonStateValue(),
        open: jsonStateValue(),
        half_open: jsonStateValue().optional(),
      }),
      'the JSON value at the pointer in each state',
      { closed: 'CLOSED', open: 'OPEN', half_open: 'HALF_OPEN' },
    ),
  },
);

const breaker = mapping(
  'a breaker check like { service: orders, upstream: payments, opens_within: 2s, closes_within: 10s }',
  {
    service: doc(name('a service name'), 'the service that holds the breaker (the caller)', 'orders'),
    upstream: doc(name('a service name'), 'the upstream the breaker protects calls to', 'payments'),
    opens_within: doc(
      duration('2s', 1),
      'the breaker must show open this soon after the fault takes effect',
      '2s',
    ),
    closes_within: doc(duration('10s', 1), 'and closed again this soon after the fault is reverted', '10s'),
    fault: faultRef('the breaker').optional(),
    fail_fast: doc(
      mapping('a mapping like { route: checkout, p90: 60ms }', {
        route: doc(name('a route name'), 'a route of load.routes', 'checkout'),
        ...(Object.fromEntries(
          FAIL_FAST_PERCENTILES.map((p) => [
            `p${p}`,
            doc(
              duration('60ms', 1),
              `the route's p${p} while the breaker is open must stay under this (give one of ${FAIL_FAST_PERCENTILES.map((q) => `p${q}`).join(', ')})`,
              '60ms',
            ).optional(),
          ]),
        ) as Record<`p${FailFastPercentile}`, z.ZodOptional<ReturnType<typeof duration>>>),
      }).superRefine((ff, ctx) => {
        const given = FAIL_FAST_PERCENTILES.filter((p) => ff[`p${p}`] !== undefined);
        if (given.length !== 1)
          ctx.addIssue({
            code: 'custom',
            message: `give exactly one of ${FAIL_FAST_PERCENTILES.map((p) => `p${p}`).join(', ')}, like { route: checkout, p90: 60ms }: the calls a half-open breaker lets through to probe wait for the dependency, so p90 leaves room for them`,
          });
      }),
      'while the breaker is open, this route must fail fast',
      { route: 'checkout', p90: '60ms' },
    ).optional(),
    reopens: doc(
      z.boolean({ error: expected('true or false') }),
      "the breaker's timer closes it to probe while the fault lasts (a 0/1 breaker, as opossum's): closing is allowed when it opens again within opens_within",
      true,
    ).optional(),
    metric: doc(
      breakerMetric,
      "where the breaker's state is read; default: the sample mesh's circuit_breaker_state gauge",
      { name: 'circuit_breaker_state', labels: { upstream: 'payments' } },
    ).optional(),
    json: doc(breakerJson, 'read the state from a JSON endpoint of the service instead of a metric', {
      path: '/breaker',
      pointer: '/state/open',
      states: { closed: false, open: true },
    }).optional(),
  },
)
  .superRefine((b, ctx) => {
    if (b.json !== undefined && b.metric !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['json'], message: 'give metric or json, not both' });
    }
  })
  .transform((b): BreakerCheck => {
    const d = defaultBreakerMetric(b.upstream);
    const labelled = b.metric?.state_label !== undefined;
    const states = b.metric?.states;
    const metric: BreakerMetric = {
      name: b.metric?.name ?? d.name,
      labels: b.metric?.labels ?? d.labels,
      ...(labelled ? { stateLabel: b.metric!.state_label! } : {}),
      states: states
        ? {
            closed: states.closed,
            open: states.open,
            ...(states.half_open === undefined ? {} : { halfOpen: states.half_open }),
          }
        : labelled
          ? { closed: 'closed', open: 'open', halfOpen: 'half_open' }
          : d.states,
    };
    const json = b.json;
    return {
      service: b.service,
      upstream: b.upstream,
      opensWithinMs: b.opens_within,
      closesWithinMs: b.closes_within,
      ...(b.fault === undefined ? {} : { fault: b.fault }),
      ...(b.fail_fast === undefined ? {} : { failFast: failFastOf(b.fail_fast) }),
      ...(b.reopens === true ? { reopens: true } : {}),
      ...(json === undefined ? {} : { json: { path: json.path, pointer: json.pointer } }),
      metric:
        json === undefined
          ? metric
          : jsonBreakerMetric(json.path, json.pointer, {
              closed: String(json.states.closed),
              open: String(json.states.open),
              ...(json.states.half_open === undefined ? {} : { halfOpen: String(json.states.half_open) }),
            }),
    };
  });

const recovery = mapping('a recovery check like { route: checkout, within: 5s, slo: ["p(95)<100"] }', {
  route: doc(name('a route name'), 'the route that must recover (a route of load.routes)', 'checkout'),
  within: doc(duration('5s', 0), 'recovery must begin this soon after the fault ends', '5s'),
  slo: doc(sloList, 'the SLO each second of the recovery must meet', ['p(95)<250', 'rate<0.01']),
  consecutive: doc(
    z
      .int({ error: expected('a whole number of seconds') })
      .min(1, { error: expected('a whole number >= 1') })
      .max(3600, { error: expected('at most 3600') }),
    'seconds in a row that must meet the SLO',
    3,
  ).default(3),
  fault: faultRef('recovery from the end of').optional(),
}).transform((r): RecoveryCheck => ({
  route: r.route,
  withinMs: r.within,
  slo: parseSlo(r.route, r.slo),
  consecutive: r.consecutive,
  ...(r.fault === undefined ? {} : { fault: r.fault }),
}));

const isolation = mapping('an isolation check like { unaffected: [catalog] }', {
  unaffected: doc(
    z
      .array(name('a route name'), { error: expected('a list of route names') })
      .min(1, { error: 'expected at least one route' }),
    'routes that must keep their slo: during the fault',
    ['catalog'],
  ),
  fault: faultRef('isolation during').optional(),
}).transform((i): IsolationCheck => ({
  unaffected: i.unaffected,
  ...(i.fault === undefined ? {} : { fault: i.fault }),
}));

const METRIC_EXAMPLE =
  'increase(upstream_requests_total{service="orders",upstream="inventory"}) / increase(upstream_calls_total{service="orders",upstream="inventory"})';

/** An expression over observed metrics, parsed while validating so a typo names its column. */
const metricExpr = doc(
  z
    .string({ error: expected('an expression like increase(metric{label="value"})') })
    .transform((text, ctx) => {
      try {
        return { source: text, parsed: parseMetricExpression(text) };
      } catch (e) {
        if (!(e instanceof MetricExpressionError)) throw e;
        ctx.addIssue({ code: 'custom', input: text, message: `${e.message} of "${text}"` });
        return z.NEVER;
      }
    }),
  'arithmetic (+ - * /) over increase(), last(), max() or min() of metric selectors; the label service picks the mesh service',
  METRIC_EXAMPLE,
);

/** `expect: "<= 1.2"`: an operator and a number. */
const expectation = doc(
  z.string({ error: expected('a comparison like "<= 1.2"') }).transform((text, ctx) => {
    const comparison = parseComparison(text);
    if (comparison) return comparison;
    ctx.addIssue({
      code: 'custom',
      input: text,
      message: expected('a comparison like "<= 1.2" or "== 0"')({ input: text }),
    });
    return z.NEVER;
  }),
  'the comparison the value must pass: <, <=, >, >=, == or != and a number',
  '<= 1.2',
);

const metricCheck = mapping(
  'a metric check like { expr: \'last(outbox_backlog{service="orders"})\', expect: "== 0" }',
  {
    name: doc(
      z.string({ error: expected('a name') }),
      'names the check in the report; default: the expression',
      'retries within budget',
    ).optional(),
    expr: metricExpr,
    during: doc(
      z.enum(['run', 'baseline', 'fault', 'recovery'], {
        error: expected('run, baseline, fault or recovery'),
      }),
      "the window the functions look at: the whole run (default, or the fault's window when fault is set) or one phase",
      'fault',
    ).optional(),
    fault: faultRef('the expression over the window of').optional(),
    expect: expectation,
  },
).transform((m): MetricCheck => ({
  name: m.name ?? m.expr.source,
  expr: m.expr.source,
  parsed: m.expr.parsed,
  during: m.during ?? (m.fault === undefined ? 'run' : 'fault'),
  ...(m.fault === undefined ? {} : { fault: m.fault }),
  expect: m.expect,
}));

const probeExpectation = mapping('an expectation like { status: 200 }', expectationFields).transform(
  expectationOf,
);

const probe = mapping('a probe like { name: health, http: { url: "http://127.0.0.1:7001/healthz" } }', {
  name: doc(name('a probe name'), 'names the probe in the verdicts and the report', 'orders-health'),
  http: doc(
    mapping('an HTTP probe like { url: "http://127.0.0.1:7001/healthz" }', {
      url: doc(
        httpUrl(),
        'the URL each sample GETs; only loopback hosts unless the run is given --allow-remote',
        'http://127.0.0.1:7001/healthz',
      ),
      timeout: doc(duration('1s', 1), 'how long one sample waits for the answer', '1s').default(1000),
    }),
    'an HTTP GET per sample (give http or command)',
    { url: 'http://127.0.0.1:7001/healthz', timeout: '1s' },
  ).optional(),
  command: doc(
    mapping('a command like { run: [pg_isready, -h, 127.0.0.1] }', {
      run: doc(
        z
          .array(z.string(), { error: expected('a command as a list of strings') })
          .min(1, { error: expected('a command as a list of strings') }),
        "the program and its arguments, run without a shell in the scenario file's folder",
        ['pg_isready', '-h', '127.0.0.1'],
      ),
      timeout: doc(
        duration('5s', 1),
        'how long one run may take before its process group is killed',
        '5s',
      ).default(5000),
    }),
    'a command per sample (give http or command)',
    { run: ['pg_isready', '-h', '127.0.0.1'], timeout: '5s' },
  ).optional(),
  every: doc(duration('1s', 1), 'how often a sample is taken, from the start of measurement', '1s').default(
    1000,
  ),
  expect: doc(
    mapping('expectations per phase like { baseline: { status: 200 }, fault: { status: 503 } }', {
      run: probeExpectation.optional(),
      baseline: probeExpectation.optional(),
      fault: probeExpectation.optional(),
      recovery: probeExpectation.optional(),
    }),
    'what every sample of a phase (or of the whole run) must show',
    { baseline: { status: 200 }, fault: { status: 503 } },
  ),
})
  .superRefine((p, ctx) => {
    if ((p.http === undefined) === (p.command === undefined))
      ctx.addIssue({ code: 'custom', message: 'give either http or command', input: p });
    if (Object.values(p.expect).every((e) => e === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['expect'],
        message: 'expected at least one of run, baseline, fault or recovery',
        input: p.expect,
      });
  })
  .transform((p): ProbeCheck => ({
    name: p.name,
    ...(p.http ? { http: { url: p.http.url, timeoutMs: p.http.timeout } } : {}),
    ...(p.command ? { command: { argv: p.command.run, timeoutMs: p.command.timeout } } : {}),
    everyMs: p.every,
    expect: Object.fromEntries(Object.entries(p.expect).filter(([, e]) => e !== undefined)),
  }));

const list = <T extends z.ZodType>(item: T, what: string, description: string) =>
  z
    .array(item, { error: expected(`a list of ${what}`) })
    .default([])
    .meta({ description });

/** `checks:` — what the run is judged on; docs/checks.md describes each part. */
export const checksSchema = mapping(
  'a mapping with thresholds, breakers, recovery, isolation, metrics or probes',
  {
    thresholds: thresholdsSchema({
      description: 'k6 thresholds: metric key with tags → expressions',
      examples: [{ 'http_req_duration{route:catalog}': ['p(99)<150'] }],
    }),
    breakers: list(
      breaker,
      'breaker checks',
      'circuit breakers that must open during a fault, fail fast and close after it',
    ),
    recovery: list(
      recovery,
      'recovery checks',
      'routes that must meet an SLO again soon after the faults end',
    ),
    isolation: list(isolation, 'isolation checks', 'routes that must keep their SLO while a fault lasts'),
    metrics: list(
      metricCheck,
      'metric checks',
      "conditions on the services' own metrics, e.g. retries per call or events lost",
    ),
    probes: list(
      probe,
      'probes',
      'HTTP requests or commands sampled during the run, each with what it must show per phase',
    ),
  },
);

/** The one percentile a `fail_fast` gives, with its limit. */
function failFastOf(ff: { route: string } & Partial<Record<`p${FailFastPercentile}`, number>>): FailFast {
  const percentile = FAIL_FAST_PERCENTILES.find((p) => ff[`p${p}`] !== undefined)!;
  return { route: ff.route, percentile, limitMs: ff[`p${percentile}`]! };
}
