import { describe, expect, it } from 'vitest';
import type { Observation } from '../results/index.js';
import type { MetricCheck } from './check-specs.js';
import { evaluateMetricChecks } from './evaluate-metric-checks.js';
import { parseMetricExpression } from './metric-expression.js';
import { fault } from './timeline.fixture.js';

/** One scrape of `service` every 500 ms from 0 to 12 s, its samples given by time. */
function scrapes(
  service: string,
  samplesAt: (tMs: number) => Record<string, number> | undefined,
): Observation[] {
  const out: Observation[] = [];
  for (let tMs = 0; tMs <= 12_000; tMs += 500) {
    const metrics = samplesAt(tMs);
    out.push({ tMs, service, up: metrics !== undefined, metrics: metrics ?? {} });
  }
  return out;
}

const check = (expr: string, expect: string, more: Partial<MetricCheck> = {}): MetricCheck => {
  const [, op, limit] = /^(<=|>=|==|!=|<|>)\s*(-?[\d.]+)$/.exec(expect)!;
  return {
    name: expr,
    expr,
    parsed: parseMetricExpression(expr),
    during: 'run',
    expect: { op: op as '<=', limit: Number(limit), source: expect },
    ...more,
  };
};

// orders calls inventory 10 times a second; from 2 s to 6 s (the fault) it retries every other call.
const attempts = (tMs: number): number => {
  const calls = tMs / 100;
  const faulty = Math.max(0, Math.min(tMs, 6000) - 2000) / 200;
  return calls + faulty;
};
const orders = scrapes('orders', (t) => ({
  'upstream_calls_total{service="orders",upstream="inventory"}': t / 100,
  'upstream_requests_total{outcome="success",service="orders",upstream="inventory"}': attempts(t),
}));
const faults = [fault('slow inventory', 2, 6)];
const RATIO =
  'increase(upstream_requests_total{service="orders",upstream="inventory"}) / increase(upstream_calls_total{service="orders"})';

describe('evaluateMetricChecks', () => {
  it('judges a ratio of increases over the fault window and over the whole run', () => {
    const [fault, run] = evaluateMetricChecks({ faults, observations: orders }, [
      check(RATIO, '<= 1.2', { during: 'fault' }),
      check(RATIO, '<= 1.2'),
    ]);
    expect(fault).toMatchObject({
      kind: 'metric',
      status: 'fail',
      measured: 1.5,
      phase: 'fault',
      limit: '<= 1.2',
    });
    expect(fault!.evidence).toContain('increase(upstream_calls_total{service="orders"}) = 40');
    expect(fault!.evidence).toContain('2.0 s–6.0 s');
    expect(run!.status).toBe('pass');
    expect(run!.measured).toBeCloseTo(140 / 120);
  });

  it('counts a restarted counter from zero and a series born mid-run from zero', () => {
    // shipping crashes at 5 s (down until 7 s) and its counter starts again; `late` appears at 4 s
    const shipping = scrapes('shipping', (t) =>
      t >= 5000 && t < 7000
        ? undefined
        : {
            'events_total{service="shipping"}': t < 5000 ? t / 100 : (t - 7000) / 100,
            ...(t >= 4000 ? { 'late_total{service="shipping"}': 3 + (t - 4000) / 1000 } : {}),
          },
    );
    const [events, late] = evaluateMetricChecks({ faults: [], observations: shipping }, [
      check('increase(events_total)', '== 99'),
      check('increase(late_total)', '== 11'),
    ]);
    // 0 → 45 before the crash, 0 → 50 after it (the first sample after the restart is 0)
    expect(events!.measured).toBe(95);
    expect(late!.measured).toBe(11);
    expect(late!.status).toBe('pass');
  });

  it('compares last values across services, e.g. events placed but never seen', () => {
    const placed = scrapes('orders', (t) => ({ order_placed_events_total: Math.min(t, 8000) / 100 }));
    const seen = scrapes('shipping', (t) => ({ shipping_events_seen: Math.min(t, 10_000) / 100 - 1 }));
    const [lost] = evaluateMetricChecks({ faults, observations: [...placed, ...seen] }, [
      check(
        'last(order_placed_events_total{service="orders"}) - last(shipping_events_seen{service="shipping"})',
        '== 0',
      ),
    ]);
    expect(lost).toMatchObject({ status: 'fail', measured: -19 });
  });

  it('gives an error verdict, never a pass, when the value cannot be computed', () => {
    const vs = evaluateMetricChecks({ faults: [], observations: orders }, [
      check('increase(upstream_calls_totl)', '>= 0'),
      check(RATIO, '<= 1.2', { during: 'fault' }),
      check('last(upstream_calls_total) / (last(upstream_calls_total) - last(upstream_calls_total))', '< 1'),
      check('max(upstream_calls_total{upstream="payments"})', '< 1'),
    ]);
    expect(vs.map((v) => v.status)).toEqual(['error', 'error', 'error', 'error']);
    expect(vs[0]!.evidence).toContain('no samples of upstream_calls_totl');
    expect(vs[1]!.evidence).toContain('no fault took effect');
    expect(vs[2]!.evidence).toContain('divide by zero');
    expect(vs[3]!.measured).toBeNull();
  });

  it('names the nearest metric the service did expose when a name has no samples', () => {
    const exposedMetrics = { orders: ['process_cpu_seconds_total', 'upstream_calls_total'], catalog: ['x'] };
    const [v] = evaluateMetricChecks({ faults: [], observations: orders, exposedMetrics }, [
      check('increase(upstream_calls_totl{service="orders"})', '>= 0'),
    ]);
    expect(v).toMatchObject({ status: 'error', measured: null });
    expect(v!.evidence).toContain(
      'service orders exposed no metric named upstream_calls_totl: did you mean upstream_calls_total?',
    );
  });
});
