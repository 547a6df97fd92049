import { describe, expect, it } from 'vitest';
import { INSTRUMENT_LIMITS, windowStats } from '../checks/index.js';
import type { InstrumentReadings } from '../results/index.js';
import type { FaultSpec } from '../scenario/index.js';
import { confirmedLatency, seconds } from './explore.fixture.js';
import { exploreOutcome } from './explore-outcome.js';
import { judgeRow, type RowInput } from './judge-row.js';
import { steadyStateOf } from './steady-state.js';

const fault: FaultSpec = {
  type: 'latency',
  name: 'latency orders->payments',
  edge: 'orders->payments',
  latencyMs: 1000,
  jitterMs: 0,
  atMs: 0,
  forMs: 6000,
};
const steady = steadyStateOf({ checkout: ['p(90)<250', 'rate<0.01'], catalog: ['p(99)<300', 'rate<0.01'] });

/** 4 s baseline, the fault over seconds 4..9, then `after` for checkout; catalog fast throughout. */
function input(
  during: { ms: number; degraded?: number; failed?: number },
  after = 20,
  over: Partial<RowInput> = {},
): RowInput {
  const s = [
    ...seconds('checkout', 0, 4, 20, 20),
    ...seconds('checkout', 4, 10, 20, during.ms, during),
    ...seconds('checkout', 10, 16, 20, after),
    ...seconds('catalog', 0, 16, 50, 10),
  ];
  return {
    id: 'latency orders->payments',
    faults: [fault],
    events: [confirmedLatency(4000, 10_000)],
    seconds: s,
    steady,
    routes: ['catalog', 'checkout'],
    unaffected: ['catalog'],
    baseline: {
      catalog: windowStats(s.filter((x) => x.route === 'catalog' && x.t < 4)),
      checkout: windowStats(s.filter((x) => x.route === 'checkout' && x.t < 4)),
    },
    settleS: 3,
    restarted: false,
    offsetMs: 1000,
    ...over,
  };
}

describe('judgeRow', () => {
  it('fails the route that misses its SLO during the fault and passes the isolated one', () => {
    const row = judgeRow(input({ ms: 480 }));
    expect(row.status).toBe('fail');
    expect(row.cells.map((c) => [c.route, c.status])).toEqual([
      ['catalog', 'pass'],
      ['checkout', 'fail'],
    ]);
    expect(row.blastRadius).toEqual(['checkout']);
    const checkout = row.cells[1]!;
    expect(checkout.addedP99Ms).toBeCloseTo(460, 0);
    expect(checkout.recoveryMs).toBe(0);
    expect(row.appliedAtMs).toBe(5000);
    expect(row.effect.confirmed).toBe(true);
  });

  it('marks fallback answers that meet the SLO as degraded, and fails them on an unaffected route', () => {
    const row = judgeRow(input({ ms: 30, degraded: 18 }));
    expect(row.cells.find((c) => c.route === 'checkout')!.status).toBe('degraded');
    expect(row.status).toBe('degraded');
    const strict = judgeRow(input({ ms: 30, degraded: 18 }, 20, { unaffected: ['checkout'] }));
    expect(strict.cells.find((c) => c.route === 'checkout')!.status).toBe('fail');
  });

  it('is inconclusive, never green, when the fault was not confirmed', () => {
    const event = confirmedLatency(4000, 10_000);
    event.effect!.canaryAfter = {
      outcome: 'answered',
      ms: 6,
      boundMs: 2500,
      status: 200,
      address: '127.0.0.1:1',
    };
    const row = judgeRow(input({ ms: 20 }, 20, { events: [event] }));
    expect(row.status).toBe('inconclusive');
    expect(row.cells.every((c) => c.status === 'inconclusive')).toBe(true);
    expect(row.effect.confirmed).toBe(false);
    expect(exploreOutcome([row], { rollbackFailed: false, neverSteady: false }).exitCode).toBe(4);
  });

  it('fails a route that does not meet its steady state again after the revert', () => {
    const row = judgeRow(input({ ms: 20 }, 900, { restarted: true }));
    const checkout = row.cells.find((c) => c.route === 'checkout')!;
    expect(checkout.status).toBe('fail');
    expect(checkout.recoveryMs).toBeNull();
    expect(row.recoveryMs).toBeNull();
    expect(row.restarted).toBe(true);
  });
});

describe('judgeRow with the instrument readings of the fault’s window', () => {
  const quiet: InstrumentReadings = {
    sendLagP99Ms: 3,
    runnerLoopDelayP99Ms: 2,
    proxyLoopDelayP99Ms: null,
    loadPerCore: 0.8,
    runnablePerCore: 0.6,
    stealShare: 0,
  };

  it('keeps the verdicts of a window the harness measured well, and records the readings', () => {
    const row = judgeRow(input({ ms: 480 }, 20, { instrument: quiet }));
    expect(row.cells.map((c) => c.status)).toEqual(['pass', 'fail']);
    expect(row.instrument).toEqual({ readings: quiet, tooBusy: [] });
  });

  it('makes pass and fail inconclusive when the machine was too busy to measure, keeping what they were', () => {
    const row = judgeRow(input({ ms: 480 }, 20, { instrument: { ...quiet, runnerLoopDelayP99Ms: 150 } }));
    expect(row.cells.map((c) => c.status)).toEqual(['inconclusive', 'inconclusive']);
    expect(row.status).toBe('inconclusive');
    expect(row.blastRadius).toEqual([]);
    expect(row.instrument!.tooBusy).toEqual([
      "the machine was too busy to measure latency within 100 ms: the runner's event loop was 150 ms late (p99)",
    ]);
    expect(row.cells[1]!.evidence).toMatch(
      /^the machine was too busy to measure latency within 100 ms: .*\(judged regardless: fail, missed its steady state during the fault/,
    );
    expect(exploreOutcome([row], { rollbackFailed: false, neverSteady: false }).exitCode).toBe(4);
  });

  it('uses the run’s limits, each reading on its own, and leaves out readings the platform lacks', () => {
    const judged = (r: Partial<InstrumentReadings>) =>
      judgeRow(input({ ms: 20 }, 20, { instrument: { ...quiet, ...r } })).cells[1]!.status;
    const lag = INSTRUMENT_LIMITS.sendLagP99Ms;
    expect(judged({ sendLagP99Ms: lag })).toBe('pass');
    expect(judged({ sendLagP99Ms: lag + 1 })).toBe('inconclusive');
    expect(judged({ runnablePerCore: 3.5 })).toBe('inconclusive');
    expect(judged({ stealShare: 0.2 })).toBe('inconclusive');
    expect(judged({ sendLagP99Ms: null, runnerLoopDelayP99Ms: null, runnablePerCore: null })).toBe('pass');
    expect(judgeRow(input({ ms: 20 })).instrument).toBeUndefined();
  });
});

describe('exploreOutcome', () => {
  it('ranks interrupt, fail, inconclusive, pass', () => {
    const pass = judgeRow(input({ ms: 20 }));
    const fail = judgeRow(input({ ms: 480 }));
    const o = { rollbackFailed: false, neverSteady: false };
    expect(exploreOutcome([pass], o)).toEqual({ outcome: 'passed', exitCode: 0 });
    expect(exploreOutcome([pass, fail], o)).toEqual({ outcome: 'failed', exitCode: 1 });
    expect(exploreOutcome([pass], { ...o, neverSteady: true }).exitCode).toBe(4);
    expect(exploreOutcome([], o).exitCode).toBe(4);
    // A shard that judged nothing fails no gate: the merge judges the whole map.
    expect(exploreOutcome([], { ...o, shard: true })).toEqual({ outcome: 'passed', exitCode: 0 });
    expect(exploreOutcome([], { ...o, shard: true, neverSteady: true }).exitCode).toBe(4);
    expect(exploreOutcome([fail], { ...o, interruptedBy: 'SIGINT' })).toEqual({
      outcome: 'interrupted',
      exitCode: 130,
    });
    expect(exploreOutcome([fail], { ...o, interruptedBy: 'SIGTERM' }).exitCode).toBe(143);
  });
});
