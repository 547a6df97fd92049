import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesOfRun, readResults, runCli, tempDir } from './cli-helper.js';

const byName = (results: ReturnType<typeof readResults>, name: string) =>
  results.verdicts.find((v) => v.name.includes(name));

describe('faultline run (end to end, local platform)', () => {
  it('passes the default scenario on the healthy sample mesh and leaves no process behind', async () => {
    const out = tempDir();
    const res = await runCli(['run', 'scenarios/default.yaml', '--out', out], { timeoutMs: 60_000 });
    expect(res.stderr).not.toMatch(/unexpected error|internal error/);
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout).toContain(`report: ${join(out, 'report.html')}`);
    const results = readResults(out);
    expect(results.outcome).toBe('passed');
    expect(results.exitCode).toBe(0);
    expect(results.verdicts.filter((v) => v.kind === 'threshold')).toHaveLength(6);
    expect(results.verdicts.every((v) => v.status === 'pass')).toBe(true);
    // the fault really happened, close to its schedule (4 s, for 6 s)
    const [fault] = results.faults;
    expect(fault?.appliedAtMs).toBeGreaterThanOrEqual(4000);
    expect(fault?.appliedAtMs).toBeLessThan(4500);
    expect(fault?.revertedAtMs).toBeGreaterThanOrEqual(10_000);
    // every route has one entry per second, with traffic in each
    const catalog = results.seconds.filter((s) => s.route === 'catalog');
    expect(catalog.map((s) => s.t)).toEqual([...Array(16).keys()]);
    expect(catalog.every((s) => s.sent >= 95)).toBe(true);
    // the breaker of orders → payments was seen open during the fault
    const open = results.observations.filter(
      (o) =>
        o.service === 'orders' &&
        o.metrics['circuit_breaker_state{service="orders",upstream="payments"}'] === 1,
    );
    expect(open.length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(processesOfRun(results.run.id)).toEqual([]);
  });

  it('fails the same scenario when the mesh runs without its circuit breakers', async () => {
    const out = tempDir();
    const res = await runCli(['run', 'scenarios/default.yaml', '--out', out], {
      env: { MESH_BREAKER: 'off' },
      timeoutMs: 60_000,
    });
    expect(res.code, res.stdout + res.stderr).toBe(1);
    const results = readResults(out);
    expect(results.outcome).toBe('failed');
    const faultPhase = byName(results, 'phase:fault');
    expect(faultPhase?.status).toBe('fail');
    expect(faultPhase?.measured).toBeGreaterThan(250);
    // catalog never calls payments, so it still passes
    expect(byName(results, 'http_req_duration{route:catalog}')?.status).toBe('pass');
    expect(processesOfRun(results.run.id)).toEqual([]);
  });

  it('crashes and restarts a service, partitions an edge, and records both', async () => {
    const dir = tempDir({
      'crash.yaml': `
name: crash-and-partition
mesh: sample
load:
  warmup: 1s
  duration: 10s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 50/s, timeout: 1s }
    - { name: checkout, request: POST /api/orders, body: { sku: sku-1, qty: 1 }, rate: 10/s, timeout: 2s }
faults:
  - { name: catalog-crash, type: crash, service: catalog, at: 2s, for: 2s }
  - { type: partition, edge: orders->inventory, at: 5s, for: 2s }
checks:
  thresholds:
    "http_req_failed{route:catalog,phase:baseline}": ["rate<0.01"]
    "http_req_failed{route:catalog,fault:catalog-crash}": ["rate>0.5"]
`,
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 'crash.yaml'), '--out', out], { timeoutMs: 60_000 });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const results = readResults(out);
    expect(results.faults.map((f) => [f.type, f.target, f.error])).toEqual([
      ['crash', 'catalog', undefined],
      ['partition', 'orders->inventory', undefined],
    ]);
    for (const f of results.faults) expect(f.revertedAtMs).not.toBeNull();
    // catalog was down while crashed, and back afterwards
    const down = results.observations.filter((o) => o.service === 'catalog' && !o.up);
    expect(down.length).toBeGreaterThan(0);
    // and catalog served again once its breaker in the gateway let traffic through
    const restarted = results.faults[0]!.revertedAtMs!;
    const after = results.seconds.filter((s) => s.route === 'catalog' && s.t * 1000 > restarted);
    expect(after.some((s) => s.ok >= 45)).toBe(true);
    expect(processesOfRun(results.run.id)).toEqual([]);
  });
});
