import { describe, expect, it } from 'vitest';
import type { RecoveryCheck } from './check-specs.js';
import { evaluateRecovery } from './evaluate-recovery.js';
import { parseSlo } from './slo.js';
import { fault, second, steady, times } from './timeline.fixture.js';

const check: RecoveryCheck = {
  route: 'checkout',
  withinMs: 3000,
  slo: parseSlo('checkout', ['p(95)<100', 'rate<0.01']),
  consecutive: 3,
};

/** checkout: fast before 2 s, slow (500 ms) from 2 s to `slowUntil`, fast after, up to 12 s. */
function run(slowUntil: number) {
  return [
    ...steady('checkout', 0, 2, 10, 20),
    ...steady('checkout', 2, slowUntil, 10, 500),
    ...steady('checkout', slowUntil, 12, 10, 20),
  ];
}

describe('evaluateRecovery', () => {
  it('measures from the revert to the first of N good seconds in a row, and reports time-to-detect', () => {
    const [v] = evaluateRecovery({ seconds: run(8), faults: [fault('slow', 2, 6)] }, [check]);
    expect(v).toMatchObject({
      kind: 'recovery',
      status: 'pass',
      measured: 2000,
      unit: 'ms',
      limit: '<= 3000',
    });
    expect(v!.evidence).toContain('time-to-detect 0 ms');
    expect(v!.evidence).toContain('recovered at t=8');
  });

  it('fails when recovery takes longer than within', () => {
    const [v] = evaluateRecovery({ seconds: run(9), faults: [fault('slow', 2, 5)] }, [check]);
    expect(v).toMatchObject({ status: 'fail', measured: 4000 });
  });

  it('clamps at 0 when the system is healthy from the second the fault ends in', () => {
    const [v] = evaluateRecovery(
      { seconds: run(5), faults: [{ ...fault('slow', 2, 5), revertedAtMs: 5300 }] },
      [check],
    );
    expect(v).toMatchObject({ status: 'pass', measured: 0 });
  });

  it('needs N seconds in a row: a good second between bad ones does not count', () => {
    const seconds = [
      ...steady('checkout', 0, 6, 10, 500),
      second('checkout', 6, times(10, 20)),
      ...steady('checkout', 7, 8, 10, 500),
      ...steady('checkout', 8, 12, 10, 20),
    ];
    const [v] = evaluateRecovery({ seconds, faults: [fault('slow', 2, 6)] }, [check]);
    expect(v).toMatchObject({ status: 'pass', measured: 2000 });
  });

  it('counts failures: a fast second with errors does not meet the SLO', () => {
    const seconds = [
      ...steady('checkout', 0, 7, 10, 20).map((s, i) =>
        i >= 2 && i < 7 ? second('checkout', s.t, times(10, 5), { failed: 5 }) : s,
      ),
      ...steady('checkout', 7, 12, 10, 20),
    ];
    const [v] = evaluateRecovery({ seconds, faults: [fault('slow', 2, 6)] }, [check]);
    expect(v).toMatchObject({ status: 'pass', measured: 1000 });
    expect(v!.evidence).toContain('time-to-detect 0 ms');
  });

  it('fails with no measurement when it never recovers, and is an error when the run ends too soon', () => {
    expect(evaluateRecovery({ seconds: run(12), faults: [fault('slow', 2, 4)] }, [check])[0]).toMatchObject({
      status: 'fail',
      measured: null,
    });
    expect(evaluateRecovery({ seconds: run(12), faults: [fault('slow', 2, 9)] }, [check])[0]).toMatchObject({
      status: 'error',
      measured: null,
    });
  });

  it('says that the fault had not ended when the run was cut short, with no negative time', () => {
    const seconds = steady('checkout', 0, 5, 10, 20);
    const [v] = evaluateRecovery({ seconds, faults: [fault('slow', 2, 6)] }, [check]);
    expect(v).toMatchObject({ status: 'error', measured: null });
    expect(v!.evidence).toContain('the run ended at 5.00 s, before the fault had ended');
    expect(v!.evidence).not.toMatch(/-\d+ ms/);
  });

  it('treats a second without traffic as not meeting the SLO, and a route without traffic as an error', () => {
    const gap = run(6).filter((s) => s.t !== 7);
    expect(evaluateRecovery({ seconds: gap, faults: [fault('slow', 2, 6)] }, [check])[0]).toMatchObject({
      measured: 2000,
    });
    expect(
      evaluateRecovery({ seconds: steady('catalog', 0, 12, 10, 20), faults: [fault('slow', 2, 6)] }, [
        check,
      ])[0],
    ).toMatchObject({ status: 'error' });
  });

  it('recovers from the last fault to end by default, or from the named one', () => {
    const faults = [fault('a', 1, 3), fault('b', 2, 6)];
    expect(evaluateRecovery({ seconds: run(6), faults }, [check])[0]).toMatchObject({ measured: 0 });
    expect(evaluateRecovery({ seconds: run(6), faults }, [{ ...check, fault: 'a' }])[0]).toMatchObject({
      measured: 3000,
    });
    expect(evaluateRecovery({ seconds: run(6), faults }, [{ ...check, fault: 'zz' }])[0]).toMatchObject({
      status: 'error',
    });
    expect(
      evaluateRecovery({ seconds: run(6), faults: [fault('a', 1, 3, false)] }, [check])[0],
    ).toMatchObject({ status: 'error' });
  });

  it('handles a fault from the first second', () => {
    const seconds = [...steady('checkout', 0, 3, 10, 500), ...steady('checkout', 3, 12, 10, 20)];
    const [v] = evaluateRecovery({ seconds, faults: [fault('slow', 0, 3)] }, [check]);
    expect(v).toMatchObject({ status: 'pass', measured: 0 });
    expect(v!.evidence).toContain('first second missing the SLO t=0');
  });

  it('bounds fallbacks with degraded<N: fast cached answers after the fault are not a recovery', () => {
    // Fast and successful throughout, but every answer from 2 s to 9 s is a fallback.
    const seconds = steady('checkout', 0, 12, 10, 20).map((s) =>
      s.t >= 2 && s.t < 9 ? { ...s, degraded: s.ok } : { ...s, degraded: 0 },
    );
    const faults = [fault('down', 2, 6)];
    expect(evaluateRecovery({ seconds, faults }, [check])[0]).toMatchObject({ status: 'pass', measured: 0 });
    const bounded = {
      ...check,
      withinMs: 2000,
      slo: parseSlo('checkout', ['p(95)<100', 'rate<0.01', 'degraded<0.01']),
    };
    const [v] = evaluateRecovery({ seconds, faults }, [bounded]);
    expect(v).toMatchObject({ status: 'fail', measured: 3000 });
    expect(v!.name).toContain('degraded<0.01');
    expect(v!.evidence).toContain('t=8 ✗ p(95) 20.02 ms, rate 0, degraded 1');
    expect(v!.evidence).toContain('recovered at t=9');
    // A failure leads with why: the clause the terminal line shows.
    expect(v!.evidence).toMatch(/^recovered only 3000 ms after the fault ended; /);
  });
});
