import { describe, expect, it } from 'vitest';
import type { BreakerRead, RouteSecond } from '../results/index.js';
import { ProgressPrinter, type ProgressMode } from './progress-printer.js';

function second(route: string, t: number, sent: number, failed: number, p99: number): RouteSecond {
  return {
    route,
    t,
    offered: sent,
    sent,
    ok: sent - failed,
    failed,
    failures: { http4xx: 0, http5xx: failed, timeout: 0, connection: 0 },
    statuses: {},
    latency: { count: sent, min: 1, mean: 2, p50: 2, p95: 3, p99, max: p99 },
    histogram: '',
  };
}

function printer(mode: ProgressMode, color = false, columns?: number, breakers: BreakerRead[] = []) {
  let out = '';
  const stream = { write: (s: string) => ((out += s), true), columns } as unknown as NodeJS.WritableStream;
  const p = new ProgressPrinter({
    mode,
    color,
    durationS: 16,
    faults: [{ name: 'slow payments', atMs: 4000, forMs: 6000 }],
    breakers,
    stream,
    now: () => new Date('2026-11-26T10:00:07.000Z'),
  });
  return { p, out: () => out };
}

describe('ProgressPrinter', () => {
  it('off a TTY prints a timestamped status every 5 s and every event line', () => {
    const { p, out } = printer('plain');
    for (let t = 0; t < 10; t++) p.onSecond([second('catalog', t, 100, 0, 12)]);
    p.log('fault "slow payments" applied at t=4.010s');
    expect(out().split('\n')).toEqual([
      '[10:00:07] t=5s catalog 100 req/s p99 12 ms err 0.0%',
      '[10:00:07] t=10s catalog 100 req/s p99 12 ms err 0.0%',
      '[10:00:07] fault "slow payments" applied at t=4.010s',
      '',
    ]);
  });

  it('on a TTY rewrites one status line in place and keeps event lines above it', () => {
    const { p, out } = printer('live');
    p.onSecond([second('catalog', 4, 100, 0, 12.4), second('checkout', 4, 20, 2, 950)]);
    expect(out()).toBe('\r\u001b[2K5/16 s · 120 req/s · p99 950 ms · err 1.7 % · faults: slow payments');
    p.log('rolling back');
    expect(out()).toContain('\r\u001b[2K[10:00:07] rolling back\n5/16 s · 120 req/s');
    p.onSecond([second('catalog', 11, 100, 0, 12)]);
    expect(out().endsWith('\r\u001b[2K12/16 s · 100 req/s · p99 12 ms · err 0.0 % · no fault active')).toBe(
      true,
    );
    p.done();
    expect(out().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('colours the live line only when asked and never wraps it past the terminal width', () => {
    const plain = printer('live', false);
    plain.p.onSecond([second('catalog', 4, 100, 5, 12)]);
    expect(plain.out().replaceAll('\r\u001b[2K', '')).not.toContain('\u001b');
    const coloured = printer('live', true);
    coloured.p.onSecond([second('catalog', 4, 100, 5, 12)]);
    expect(coloured.out()).toContain('\u001b[31merr 5.0 %\u001b[0m');
    const narrow = printer('live', true, 30);
    narrow.p.onSecond([second('catalog', 4, 100, 5, 12)]);
    const line = narrow.out().replace('\r\u001b[2K', '');
    expect(line.length).toBeLessThan(30);
    expect(line).not.toContain('\u001b');
  });

  it('names the breakers that are open or half-open on the live line', () => {
    const { p, out } = printer('live');
    const sample = (service: string, states: Record<string, number>) => ({
      tMs: 0,
      service,
      up: true,
      metrics: Object.fromEntries(
        Object.entries(states).map(([up, v]) => [
          `circuit_breaker_state{service="${service}",upstream="${up}"}`,
          v,
        ]),
      ),
    });
    p.onObservation(sample('orders', { payments: 1, inventory: 0 }));
    p.onObservation(sample('gateway', { orders: 2 }));
    p.onSecond([second('checkout', 5, 20, 0, 9)]);
    expect(out()).toContain('faults: slow payments · open: orders→payments · half-open: gateway→orders');
    p.onObservation(sample('orders', { payments: 0 }));
    p.onObservation(sample('gateway', { orders: 0 }));
    p.onSecond([second('checkout', 6, 20, 0, 9)]);
    expect(out().endsWith('faults: slow payments')).toBe(true);
  });

  it('reads each checked breaker as its check does: a resilience4j label and a JSON-read state', () => {
    const { p, out } = printer('live', false, undefined, [
      {
        service: 'orders',
        upstream: 'payments',
        metric: {
          name: 'resilience4j_circuitbreaker_state',
          labels: { name: 'payments' },
          stateLabel: 'state',
          states: { closed: 'closed', open: 'open', halfOpen: 'half_open' },
        },
      },
      {
        service: 'front',
        upstream: 'back',
        metric: {
          name: 'faultline_breaker_json',
          labels: { path: '/breaker', pointer: '/state/open' },
          stateLabel: 'state',
          states: { closed: 'false', open: 'true' },
        },
      },
    ]);
    const at = (service: string, metrics: Record<string, number>) => ({ tMs: 0, service, up: true, metrics });
    p.onObservation(
      at('orders', { 'resilience4j_circuitbreaker_state{name="payments",state="half_open"}': 1 }),
    );
    p.onObservation(
      at('front', { 'faultline_breaker_json{path="/breaker",pointer="/state/open",state="true"}': 1 }),
    );
    p.onSecond([second('checkout', 5, 20, 0, 9)]);
    expect(out()).toContain('open: front→back · half-open: orders→payments');
  });

  it('prints nothing at all when quiet', () => {
    const { p, out } = printer('quiet');
    p.onSecond([second('catalog', 4, 100, 0, 12)]);
    p.log('starting mesh');
    p.done();
    expect(out()).toBe('');
  });
});
