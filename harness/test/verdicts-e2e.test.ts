import { describe, expect, it } from 'vitest';
import type { RunResults, Verdict } from '../src/results/index.js';
import { runScenario, tempDir } from './cli-helper.js';

const kinds = (r: RunResults, kind: string): Verdict[] => r.verdicts.filter((v) => v.kind === kind);
const one = (r: RunResults, kind: string): Verdict => {
  const [v] = kinds(r, kind);
  if (!v) throw new Error(`no ${kind} verdict in ${JSON.stringify(r.verdicts.map((x) => x.kind))}`);
  return v;
};

const run = (scenario: string, env: Record<string, string> = {}) => runScenario(scenario, env, 45_000);

// A small gateway, so that hanging checkouts can exhaust its shared capacity (see the scenario).
const SMALL_GATEWAY = { GATEWAY_MAX_INFLIGHT: '48', ORDERS_BULKHEAD_LIMIT: '16' };

describe('resilience verdicts (end to end, sample mesh)', () => {
  it('passes a breaker check with the breaker on, with its transitions, a recovery time and the blast radius', async () => {
    const { code, out, results } = await run('scenarios/verdicts/breaker-recovery.yaml');
    expect(code, out).toBe(0);
    const open = one(results, 'breaker-open');
    expect(open.status).toBe('pass');
    expect(open.measured).toBeLessThanOrEqual(2000);
    expect(open.evidence).toMatch(/closed→open at \d+\.\d\d s/);
    const close = one(results, 'breaker-close');
    expect(close.status).toBe('pass');
    expect(close.measured).toBeGreaterThanOrEqual(0);
    const recovery = one(results, 'recovery');
    expect(recovery.status).toBe('pass');
    expect(typeof recovery.measured).toBe('number');
    expect(recovery.evidence).toContain('recovered at t=');
    // the latency really took effect: the canary through orders->payments was ~500 ms slower
    expect(one(results, 'effect').status).toBe('pass');
    expect(one(results, 'effect').measured).toBeGreaterThan(350);
    expect(one(results, 'effect-traffic').measured).toBeGreaterThan(0);
    const [fault] = results.faults;
    expect(fault?.effect?.canaryBefore?.outcome).toBe('answered');
    expect(fault?.effect?.traffic?.proxies).toEqual(['orders_to_payments']);
    expect(results.blastRadius?.faults.map((f) => f.cells.map((c) => c.route))).toEqual([
      ['catalog', 'checkout'],
    ]);
  });

  it('fails the breaker check when the mesh runs without breakers (MESH_BREAKER=off)', async () => {
    const { code, out, results } = await run('scenarios/verdicts/breaker-recovery.yaml', {
      MESH_BREAKER: 'off',
    });
    expect(code, out).toBe(1);
    expect(results.outcome).toBe('failed');
    const open = one(results, 'breaker-open');
    expect(open.status).toBe('fail');
    expect(open.evidence).toContain('never seen open');
    expect(one(results, 'effect').status).toBe('pass');
  });

  it('keeps catalog within its SLO during an orders partition thanks to the bulkhead', async () => {
    const { code, out, results } = await run('scenarios/verdicts/bulkhead-isolation.yaml', SMALL_GATEWAY);
    expect(code, out).toBe(0);
    expect(kinds(results, 'steady-state').map((v) => v.status)).toEqual(['pass']);
    expect(kinds(results, 'isolation').map((v) => v.status)).toEqual(['pass']);
    expect(results.faults[0]?.effect?.canaryAfter?.outcome).toBe('timeout');
  });

  it('fails isolation when the bulkhead is off: hanging checkouts take catalog capacity', async () => {
    const { code, out, results } = await run('scenarios/verdicts/bulkhead-isolation.yaml', {
      ...SMALL_GATEWAY,
      MESH_BULKHEAD: 'off',
    });
    expect(code, out).toBe(1);
    const rate = kinds(results, 'isolation').find((v) => v.name.includes('rate<'));
    expect(rate?.status).toBe('fail');
    expect(rate?.measured).toBeGreaterThan(0.02);
    const cell = results.blastRadius?.faults[0]?.cells.find((c) => c.route === 'catalog');
    expect(cell?.deltaErrorRate).toBeGreaterThan(0.02);
  });

  it('ends inconclusive (exit 4) when the faulted edge carries no traffic', async () => {
    const dir = tempDir({
      'idle-edge.yaml': `
name: idle-edge
mesh: sample
load:
  warmup: 1s
  duration: 5s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 20/s }
faults:
  - { name: slow shipping, type: latency, edge: gateway->shipping, at: 1s, for: 2s, latency: 800ms }
  - { name: shipping down, type: down, edge: gateway->shipping, at: 3.5s, for: 1s }
checks:
  thresholds:
    "http_req_failed{route:catalog}": ["rate<0.01"]
`,
    });
    const { code, out, results } = await run(`${dir}/idle-edge.yaml`);
    expect(code, out).toBe(4);
    expect(results.outcome).toBe('inconclusive');
    // the fault itself was in place: the canary felt it
    expect(one(results, 'effect').status).toBe('pass');
    const traffic = one(results, 'effect-traffic');
    expect(traffic).toMatchObject({ status: 'error', measured: 0 });
    expect(traffic.evidence).toContain('no request of the load crossed the faulted edge');
    // The first fault's canaries crossed the edge, but they are not the load's traffic either.
    const down = kinds(results, 'effect-traffic')[1];
    expect(down).toMatchObject({ status: 'error', measured: 0 });
    expect(down?.evidence).toContain('no request of the load used this edge');
  });

  it('stops early, rolls back and fails when an abort threshold fails', async () => {
    const dir = tempDir({
      'abort.yaml': `
name: abort-on-catalog-errors
mesh: sample
load:
  warmup: 1s
  duration: 10s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 20/s }
faults:
  - { name: catalog down, type: down, edge: gateway->catalog, at: 1s, for: 8s }
abort:
  "http_req_failed{route:catalog}": ["rate<0.2"]
`,
    });
    const { code, out, results } = await run(`${dir}/abort.yaml`);
    expect(code, out).toBe(1);
    expect(results.outcome).toBe('failed');
    const abort = one(results, 'abort');
    expect(abort.status).toBe('fail');
    expect(abort.measured).toBeGreaterThanOrEqual(1);
    expect(abort.measured).toBeLessThan(8);
    // stopped early: fewer seconds than the 10 s of load, and the fault was rolled back
    expect(new Set(results.seconds.map((s) => s.t)).size).toBeLessThan(9);
    expect(results.faults[0]?.revertedAtMs).not.toBeNull();
  });
});
