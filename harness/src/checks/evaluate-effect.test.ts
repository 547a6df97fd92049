import { describe, expect, it } from 'vitest';
import type { CanaryResult, FaultEvent } from '../results/index.js';
import { evaluateEffect, unprovenFaults } from './evaluate-effect.js';
import { fault, steady } from './timeline.fixture.js';

const answered = (ms: number): CanaryResult => ({
  outcome: 'answered',
  status: 200,
  ms,
  boundMs: 500,
  address: '127.0.0.1:1',
});
const other = (outcome: CanaryResult['outcome'], ms = 500): CanaryResult => ({
  outcome,
  ms,
  boundMs: 500,
  address: '127.0.0.1:1',
});
const traffic = (bytesBefore: number, bytesDuring: number) => ({
  proxies: ['orders_to_payments'],
  bytesBefore,
  bytesDuring,
});

function latency(after: CanaryResult, bytesDuring = 900, before = answered(3)): FaultEvent {
  return {
    ...fault('slow', 2, 6),
    params: { latencyMs: 1000, jitterMs: 50 },
    effect: { canaryBefore: before, canaryAfter: after, traffic: traffic(5000, bytesDuring) },
  };
}
const judge = (f: FaultEvent) => evaluateEffect({ seconds: steady('checkout', 0, 8, 5, 10), faults: [f] });

describe('evaluateEffect', () => {
  it('confirms a latency fault whose canary was delayed by about the latency and that met traffic', () => {
    const [canary, crossed] = judge(latency(answered(1010)));
    expect(canary).toMatchObject({
      kind: 'effect',
      status: 'pass',
      measured: 1007,
      limit: '1000 -300/+300 added',
    });
    expect(crossed).toMatchObject({ kind: 'effect-traffic', status: 'pass', measured: 900 });
  });

  it('does not confirm a latency fault the canary did not feel, or one that met no traffic', () => {
    expect(judge(latency(answered(5)))[0]).toMatchObject({ status: 'error', measured: 2 });
    expect(judge(latency(answered(2100)))[0]).toMatchObject({ status: 'error', measured: 2097 });
    // a slow canary before the fault (a busy host) does not hide the delay
    expect(judge(latency(answered(1150), 900, answered(400)))[0]).toMatchObject({
      status: 'pass',
      measured: 750,
    });
    expect(judge(latency(other('timeout')))[0]!.status).toBe('error');
    const [, crossed] = judge(latency(answered(1010), 0));
    expect(crossed).toMatchObject({ status: 'error', measured: 0 });
    expect(crossed!.evidence).toContain('no request of the load crossed the faulted edge');
  });

  it('needs an answer before the fault to compare with', () => {
    expect(judge(latency(answered(1010), 900, other('refused')))[0]!.evidence).toContain(
      'no answer before the fault',
    );
  });

  it('confirms a partition by no answer, a down edge or a crash by a refusal', () => {
    const as = (type: FaultEvent['type'], after: CanaryResult, t = traffic(100, 0)): FaultEvent => ({
      ...fault(type, 2, 6),
      type,
      target: type === 'crash' ? 'payments' : 'orders->payments',
      effect: { canaryBefore: answered(3), canaryAfter: after, traffic: t },
    });
    expect(judge(as('partition', other('timeout'), traffic(100, 40))).map((v) => v.status)).toEqual([
      'pass',
      'pass',
    ]);
    expect(judge(as('partition', answered(4), traffic(100, 40)))[0]!.status).toBe('error');
    // no byte can cross a refusing edge: traffic before it shows callers use the edge
    expect(judge(as('down', other('refused', 1))).map((v) => v.status)).toEqual(['pass', 'pass']);
    expect(judge(as('down', other('refused', 1), traffic(0, 0)))[1]!.evidence).toContain(
      'no request of the load used this edge',
    );
    expect(judge(as('crash', other('refused', 1))).map((v) => v.status)).toEqual(['pass', 'pass']);
    expect(judge(as('crash', answered(3)))[0]!.status).toBe('error');
    expect(judge(as('freeze', other('timeout'), traffic(100, 40))).map((v) => v.status)).toEqual([
      'pass',
      'pass',
    ]);
    expect(judge(as('reset_peer', other('closed', 20), traffic(100, 40)))[0]!.status).toBe('pass');
    expect(judge(as('reset_peer', answered(4), traffic(100, 40)))[0]!.status).toBe('error');
    // a fault the canary cannot tell (a slow close) is judged on traffic alone
    expect(judge(as('slow_close', answered(4), traffic(100, 0))).map((v) => v.status)).toEqual([
      'pass',
      'error',
    ]);
  });

  it('judges a crash of a service no proxy leads into on the load it received', () => {
    const crash: FaultEvent = {
      ...fault('c', 2, 4),
      type: 'crash',
      target: 'gateway',
      effect: { canaryBefore: answered(2), canaryAfter: other('refused', 1) },
    };
    expect(judge(crash)[1]).toMatchObject({ status: 'pass', measured: 10 });
    expect(evaluateEffect({ seconds: [], faults: [crash] })[1]).toMatchObject({
      status: 'error',
      measured: 0,
    });
  });

  it('cannot confirm a fault never applied, or one without evidence', () => {
    expect(judge({ ...fault('f', 2, 4, false), error: 'proxy gone' }).map((v) => v.status)).toEqual([
      'error',
      'error',
    ]);
    expect(judge(fault('f', 2, 4)).map((v) => v.status)).toEqual(['error', 'error']);
  });
});

describe('evaluateEffect of a fault that checks itself (a command fault)', () => {
  const command = (proof: NonNullable<FaultEvent['effect']>['proof'], target = ''): FaultEvent => ({
    ...fault('scripted', 2, 6),
    type: 'command',
    target,
    params: { apply: 'touch m', revert: 'rm -f m' },
    effect: { proof, notes: ['the fault has no edge or service to send a canary to'] },
  });
  const by = '`test -e m`';

  it('passes on a verify that exited 0, and without a target judges no traffic', () => {
    expect(judge(command({ status: 'proven', by, evidence: `verify ${by} exited 0` }))).toEqual([
      expect.objectContaining({
        id: 'effect:scripted',
        status: 'pass',
        limit: '`test -e m` exits 0',
        evidence: 'verify `test -e m` exited 0',
      }),
    ]);
  });

  it('is unconfirmed (inconclusive) on a verify that failed, whatever the canaries showed', () => {
    const [v] = judge(command({ status: 'disproven', by, evidence: `verify ${by} exited 1; no output` }));
    expect(v).toMatchObject({
      status: 'error',
      evidence: 'the fault did not take effect: verify `test -e m` exited 1; no output',
    });
  });

  it('names what an HTTP verify had to answer in the limit', () => {
    const get = 'GET http://127.0.0.1:8080/health';
    const proven = { status: 'proven' as const, by: get, expects: 'answers status 503' };
    expect(
      judge(command({ ...proven, evidence: `verify ${get} answered status 503 after 2 tries in 105 ms` })),
    ).toEqual([expect.objectContaining({ status: 'pass', limit: `${get} answers status 503` })]);
    const [v] = judge(command({ ...proven, status: 'disproven', evidence: 'the last: status 200, not 503' }));
    expect(v).toMatchObject({
      status: 'error',
      limit: `${get} answers status 503`,
      evidence: 'the fault did not take effect: the last: status 200, not 503',
    });
  });

  it('gives an unproven fault no effect verdict, neither pass nor error, but still judges its traffic', () => {
    const unproven = command(
      { status: 'unproven', evidence: 'no verify command was given' },
      'orders->payments',
    );
    unproven.effect!.traffic = traffic(5000, 900);
    expect(judge(unproven).map((v) => [v.id, v.status])).toEqual([['effect-traffic:scripted', 'pass']]);
    expect(unprovenFaults([unproven])).toEqual(['fault "scripted" is unproven: no verify command was given']);
    expect(unprovenFaults([command({ status: 'proven', by, evidence: '' })])).toEqual([]);
  });
});
