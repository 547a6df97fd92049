import { describe, expect, it } from 'vitest';
import { parseSloMap } from '../checks/index.js';
import type { RouteSecond } from '../results/index.js';
import { SteadyStateGate } from './steady-state-gate.js';

function second(t: number, ok: number, failed: number): RouteSecond {
  return {
    route: 'api',
    t,
    offered: ok + failed,
    sent: ok + failed,
    ok,
    failed,
    failures: { http4xx: 0, http5xx: failed, timeout: 0, connection: 0 },
    statuses: { '200': ok, '503': failed },
    latency: { count: ok + failed, min: 1, mean: 1, p50: 1, p95: 1, p99: 1, max: 1 },
    histogram: '',
  };
}

describe('SteadyStateGate', () => {
  const slo = parseSloMap({ api: ['rate<0.01'] });

  it('lets faults in when the baseline meets the SLO', () => {
    const gate = new SteadyStateGate(slo, () => {});
    gate.onSecond([second(0, 10, 0)]);
    gate.onSecond([second(1, 10, 0)]);
    expect(gate.allowsFaults()).toBe(true);
    expect(gate.signal.aborted).toBe(false);
  });

  it('closes, once and for good, when the baseline misses it, and stops the run', () => {
    const lines: string[] = [];
    const gate = new SteadyStateGate(slo, (l) => lines.push(l));
    gate.onSecond([second(0, 5, 5)]);
    expect(gate.allowsFaults()).toBe(false);
    expect(gate.signal.aborted).toBe(true);
    expect(gate.signal.reason).toBe('steady-state');
    expect(lines[0]).toMatch(/steady state not met before the first fault .*no fault is injected/);
    gate.onSecond([second(1, 10, 0)]);
    expect(gate.allowsFaults()).toBe(false);
  });

  it('stays open with no SLO or nothing recorded yet', () => {
    expect(new SteadyStateGate({}, () => {}).allowsFaults()).toBe(true);
    expect(new SteadyStateGate(slo, () => {}).allowsFaults()).toBe(true);
  });
});
