import { describe, expect, it } from 'vitest';
import type { Observation } from '../results/index.js';
import { defaultBreakerMetric, type BreakerCheck } from './check-specs.js';
import { evaluateBreakers } from './evaluate-breakers.js';
import { fault, steady } from './timeline.fixture.js';

/** Observations of orders' breaker on payments every 500 ms, state by time in ms. */
function observed(stateAt: (tMs: number) => number | undefined, untilMs = 12_000): Observation[] {
  const out: Observation[] = [];
  for (let tMs = 0; tMs <= untilMs; tMs += 500) {
    const v = stateAt(tMs);
    out.push({
      tMs,
      service: 'orders',
      up: v !== undefined,
      metrics: v === undefined ? {} : { 'circuit_breaker_state{service="orders",upstream="payments"}': v },
    });
    out.push({ tMs, service: 'catalog', up: true, metrics: {} });
  }
  return out;
}

const check: BreakerCheck = {
  service: 'orders',
  upstream: 'payments',
  opensWithinMs: 2000,
  closesWithinMs: 4000,
  metric: defaultBreakerMetric('payments'),
};
const faults = [fault('slow payments', 2, 6)];
const input = (observations: Observation[]) => ({
  seconds: steady('checkout', 0, 12, 10, 20),
  faults,
  observations,
});
const byKind = (vs: ReturnType<typeof evaluateBreakers>, kind: string) => vs.find((v) => v.kind === kind);

describe('evaluateBreakers', () => {
  it('passes a breaker that opens during the fault and closes after it, listing the transitions', () => {
    const vs = evaluateBreakers(
      input(observed((t) => (t >= 2500 && t < 7000 ? 1 : t >= 7000 && t < 8000 ? 2 : 0))),
      [check],
    );
    const open = byKind(vs, 'breaker-open')!;
    expect(open).toMatchObject({ status: 'pass', measured: 500, unit: 'ms', limit: '<= 2000' });
    expect(open.evidence).toContain('closed→open at 2.50 s');
    expect(open.evidence).toContain('open→half_open at 7.00 s');
    expect(byKind(vs, 'breaker-close')).toMatchObject({ status: 'pass', measured: 2000 });
  });

  it('fails a breaker that never opens (no breaker: the gauge stays closed)', () => {
    const vs = evaluateBreakers(input(observed(() => 0)), [check]);
    expect(byKind(vs, 'breaker-open')).toMatchObject({ status: 'fail', measured: null });
    expect(byKind(vs, 'breaker-open')!.evidence).toContain('never seen open');
    expect(byKind(vs, 'breaker-close')).toMatchObject({ status: 'fail', measured: null });
  });

  it('fails a breaker that opens too late, and one that closes too late', () => {
    const late = evaluateBreakers(input(observed((t) => (t >= 4500 && t < 7000 ? 1 : 0))), [check]);
    expect(byKind(late, 'breaker-open')).toMatchObject({ status: 'fail', measured: 2500 });
    const stuck = evaluateBreakers(input(observed((t) => (t >= 2500 && t < 11_000 ? 1 : 0))), [check]);
    expect(byKind(stuck, 'breaker-close')).toMatchObject({ status: 'fail', measured: 5000 });
  });

  it('fails a breaker that flaps closed while the fault lasts', () => {
    const flapping = (t: number): number => (t >= 2500 && t < 6000 ? (t === 4000 ? 0 : 1) : 0);
    const open = byKind(evaluateBreakers(input(observed(flapping)), [check]), 'breaker-open')!;
    expect(open.status).toBe('fail');
    expect(open.measured).toBe(500);
    expect(open.evidence).toContain('closed again at 4.00 s');
  });

  it('is inconclusive when the run ends before the close deadline, and fails when still open after it', () => {
    const open = (t: number): number => (t >= 2500 ? 1 : 0);
    expect(byKind(evaluateBreakers(input(observed(open, 8000)), [check]), 'breaker-close')).toMatchObject({
      status: 'error',
      measured: null,
    });
    expect(byKind(evaluateBreakers(input(observed(open, 12_000)), [check]), 'breaker-close')).toMatchObject({
      status: 'fail',
      measured: null,
    });
  });

  it('counts a breaker already open when the fault begins as opened at once', () => {
    const vs = evaluateBreakers(input(observed((t) => (t < 7000 ? 1 : 0))), [check]);
    expect(byKind(vs, 'breaker-open')).toMatchObject({ status: 'pass', measured: 0 });
  });

  it('handles a fault from the first second', () => {
    const vs = evaluateBreakers(
      {
        seconds: [],
        faults: [fault('f', 0, 4)],
        observations: observed((t) => (t >= 500 && t < 5000 ? 1 : 0)),
      },
      [check],
    );
    expect(byKind(vs, 'breaker-open')).toMatchObject({ status: 'pass', measured: 500 });
    expect(byKind(vs, 'breaker-close')).toMatchObject({ status: 'pass', measured: 1000 });
  });

  it('judges each fault into the upstream, and only the named one when given', () => {
    const two = {
      ...input(observed((t) => ((t >= 2500 && t < 6500) || (t >= 8500 && t < 10_000) ? 1 : 0))),
      faults: [fault('a', 2, 6), fault('b', 8, 9)],
    };
    expect(
      evaluateBreakers(two, [check])
        .filter((v) => v.kind === 'breaker-open')
        .map((v) => v.status),
    ).toEqual(['pass', 'pass']);
    expect(evaluateBreakers(two, [{ ...check, fault: 'b' }]).map((v) => v.id)).toEqual([
      'breaker:orders->payments:open:b',
      'breaker:orders->payments:close:b',
    ]);
    expect(evaluateBreakers(two, [{ ...check, fault: 'zz' }])[0]).toMatchObject({ status: 'error' });
  });

  it('is an error, not a pass, with no samples or no fault into the upstream', () => {
    expect(evaluateBreakers(input([]), [check]).map((v) => v.status)).toEqual(['error', 'error']);
    const other = {
      ...input(observed(() => 1)),
      faults: [{ ...fault('x', 2, 6), target: 'gateway->catalog' }],
    };
    expect(evaluateBreakers(other, [check]).map((v) => v.status)).toEqual(['error']);
  });

  it('reads label-encoded states (resilience4j) with a label selector', () => {
    const r4j = (t: number): Observation => {
      const state = t >= 2500 && t < 7000 ? 'open' : 'closed';
      const metrics = Object.fromEntries(
        ['closed', 'open', 'half_open'].map((s) => [
          `resilience4j_circuitbreaker_state{name="payments",state="${s}"}`,
          s === state ? 1 : 0,
        ]),
      );
      return { tMs: t, service: 'orders', up: true, metrics };
    };
    const observations = Array.from({ length: 25 }, (_, i) => r4j(i * 500));
    const metric = {
      name: 'resilience4j_circuitbreaker_state',
      labels: { name: 'payments' },
      stateLabel: 'state',
      states: { closed: 'closed', open: 'open', halfOpen: 'half_open' },
    };
    const vs = evaluateBreakers({ ...input(observations) }, [{ ...check, metric }]);
    expect(vs.map((v) => [v.kind, v.status, v.measured])).toEqual([
      ['breaker-open', 'pass', 500],
      ['breaker-close', 'pass', 1000],
    ]);
  });

  it('judges fail-fast on the whole seconds the breaker was open during the fault', () => {
    const seconds = [
      ...steady('checkout', 0, 3, 10, 300),
      ...steady('checkout', 3, 6, 10, 5),
      ...steady('checkout', 6, 12, 10, 300),
    ];
    const obs = observed((t) => (t >= 2500 && t < 7000 ? 1 : 0));
    const ff = evaluateBreakers({ seconds, faults, observations: obs }, [
      { ...check, failFast: { route: 'checkout', percentile: 99, limitMs: 100 } },
    ]);
    expect(byKind(ff, 'breaker-fail-fast')).toMatchObject({
      status: 'pass',
      measured: expect.closeTo(5, 1) as number,
    });
    const slow = steady('checkout', 0, 12, 10, 300);
    expect(
      byKind(
        evaluateBreakers({ seconds: slow, faults, observations: obs }, [
          { ...check, failFast: { route: 'checkout', percentile: 99, limitMs: 100 } },
        ]),
        'breaker-fail-fast',
      ),
    ).toMatchObject({ status: 'fail' });
  });

  it('accepts a 0/1 breaker that its timer closes to probe during a long fault only with reopens', () => {
    // Open 0.5 s into the fault, then every 1.5 s the reset timer closes it for one sample and
    // the failing probe opens it again, as opossum does; the fault lasts 2 s to 10 s.
    const long = [fault('slow payments', 2, 10)];
    const probing = (t: number): number =>
      t >= 2500 && t < 10_000 ? ((t - 2500) % 1500 === 1000 ? 0 : 1) : 0;
    const seen = {
      seconds: steady('checkout', 0, 14, 10, 20),
      faults: long,
      observations: observed(probing, 14_000),
    };
    const strict = byKind(evaluateBreakers(seen, [check]), 'breaker-open')!;
    expect(strict).toMatchObject({ status: 'fail', measured: 500 });
    expect(strict.evidence).toContain('closed again at 3.50 s');
    const lenient = byKind(evaluateBreakers(seen, [{ ...check, reopens: true }]), 'breaker-open')!;
    expect(lenient).toMatchObject({ status: 'pass', measured: 500 });
    expect(lenient.evidence).toContain('re-opened 4 time(s) after closing to probe');
    expect(byKind(evaluateBreakers(seen, [{ ...check, reopens: true }]), 'breaker-close')).toMatchObject({
      status: 'pass',
    });
    // A breaker that closes during the fault and stays closed still fails with reopens.
    const gaveUp = (t: number): number => (t >= 2500 && t < 5000 ? 1 : 0);
    const stays = { ...seen, observations: observed(gaveUp, 14_000) };
    const v = byKind(evaluateBreakers(stays, [{ ...check, reopens: true }]), 'breaker-open')!;
    expect(v.status).toBe('fail');
    expect(v.evidence).toContain('closed at 5.00 s while the fault lasted and not open again within 2s');
  });

  it('lists fail-fast as not evaluated, with why, when the breaker never opens', () => {
    const vs = evaluateBreakers(input(observed(() => 0)), [
      { ...check, failFast: { route: 'checkout', percentile: 99, limitMs: 100 } },
    ]);
    expect(byKind(vs, 'breaker-fail-fast')).toMatchObject({
      status: 'error',
      measured: null,
      evidence:
        'not evaluated: the breaker never opened during the fault, so there was no time with the breaker open to judge',
    });
    const none = evaluateBreakers(input(observed(() => undefined)), [
      { ...check, failFast: { route: 'checkout', percentile: 99, limitMs: 100 } },
    ]);
    expect(byKind(none, 'breaker-fail-fast')?.status).toBe('error');
  });

  it('names the nearest metric the service did expose when the breaker has no samples', () => {
    const misspelled = { ...check, metric: { ...check.metric, name: 'circuit_breakr_state' } };
    const exposedMetrics = { orders: ['circuit_breaker_state', 'http_requests_total'] };
    const vs = evaluateBreakers({ ...input(observed(() => 1)), exposedMetrics }, [misspelled]);
    expect(vs[0]).toMatchObject({ status: 'error' });
    expect(vs[0]!.evidence).toBe(
      'no samples of circuit_breakr_state{upstream="payments"} from service orders; service orders exposed no metric named circuit_breakr_state: did you mean circuit_breaker_state?; check the metric name, labels and states',
    );
    const wrongLabel = { ...check, metric: { ...check.metric, labels: { upstream: 'paymnts' } } };
    const [l] = evaluateBreakers({ ...input(observed(() => 1)), exposedMetrics }, [wrongLabel]);
    expect(l!.evidence).toContain(
      'service orders exposed circuit_breaker_state, but no series matched the labels',
    );
  });
});
