import * as z from 'zod';
import {
  defaultBreakerMetric,
  parseMetricKey,
  parseSlo,
  parseThreshold,
  ThresholdSyntaxError,
  type BreakerCheck,
  type BreakerMetric,
  type IsolationCheck,
  type RecoveryCheck,
} from '../checks/index.js';
import { expected } from './field-errors.js';
import { duration, mapping, name } from './schema-primitives.js';

/** A k6 threshold map (`checks.thresholds`, `abort`): keys and expressions parsed while validating. */
export const thresholdsSchema = z
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

const faultRef = z.string({ error: expected('a fault name') }).transform((s) => s.trim());

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

/** The top-level `slo:` map, route → expressions. */
export const sloSchema = z.record(z.string(), sloList, {
  error: expected('a mapping of route names to lists of expressions'),
});

const stateValue = z.union([z.string(), z.number()], { error: expected('a gauge value or a label value') });

const breakerMetric = mapping(
  'a metric like { name: circuit_breaker_state, labels: { upstream: payments } }',
  {
    name: z
      .string({ error: expected('a Prometheus metric name') })
      .regex(/^[A-Za-z_:][A-Za-z0-9_:]*$/, { error: expected('a Prometheus metric name') })
      .default('circuit_breaker_state'),
    labels: z
      .record(z.string(), z.union([z.string(), z.number()]).transform(String), {
        error: expected('a mapping of label names to values'),
      })
      .optional(),
    state_label: z.string({ error: expected('a label name') }).optional(),
    states: mapping('a mapping with closed, open and optionally half_open', {
      closed: stateValue,
      open: stateValue,
      half_open: stateValue.optional(),
    }).optional(),
  },
);

const breaker = mapping(
  'a breaker check like { service: orders, upstream: payments, opens_within: 2s, closes_within: 10s }',
  {
    service: name('a service name'),
    upstream: name('a service name'),
    opens_within: duration('2s', 1),
    closes_within: duration('10s', 1),
    fault: faultRef.optional(),
    fail_fast: mapping('a mapping like { route: checkout, p99: 100ms }', {
      route: name('a route name'),
      p99: duration('100ms', 1),
    }).optional(),
    metric: breakerMetric.optional(),
  },
).transform((b): BreakerCheck => {
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
  return {
    service: b.service,
    upstream: b.upstream,
    opensWithinMs: b.opens_within,
    closesWithinMs: b.closes_within,
    ...(b.fault === undefined ? {} : { fault: b.fault }),
    ...(b.fail_fast === undefined ? {} : { failFast: { route: b.fail_fast.route, p99Ms: b.fail_fast.p99 } }),
    metric,
  };
});

const recovery = mapping('a recovery check like { route: checkout, within: 5s, slo: ["p(95)<100"] }', {
  route: name('a route name'),
  within: duration('5s', 0),
  slo: sloList,
  consecutive: z
    .int({ error: expected('a whole number of seconds') })
    .min(1, { error: expected('a whole number >= 1') })
    .max(3600, { error: expected('at most 3600') })
    .default(3),
  fault: faultRef.optional(),
}).transform((r): RecoveryCheck => ({
  route: r.route,
  withinMs: r.within,
  slo: r.slo,
  consecutive: r.consecutive,
  ...(r.fault === undefined ? {} : { fault: r.fault }),
}));

const isolation = mapping('an isolation check like { unaffected: [catalog] }', {
  unaffected: z
    .array(name('a route name'), { error: expected('a list of route names') })
    .min(1, { error: 'expected at least one route' }),
  fault: faultRef.optional(),
}).transform((i): IsolationCheck => ({
  unaffected: i.unaffected,
  ...(i.fault === undefined ? {} : { fault: i.fault }),
}));

const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, { error: expected(`a list of ${what}`) }).default([]);

/** `checks:` — what the run is judged on; docs/checks.md describes each part. */
export const checksSchema = mapping('a mapping with thresholds, breakers, recovery or isolation', {
  thresholds: thresholdsSchema.default({}),
  breakers: list(breaker, 'breaker checks'),
  recovery: list(recovery, 'recovery checks'),
  isolation: list(isolation, 'isolation checks'),
});
