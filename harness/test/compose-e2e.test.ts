import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResults, repoRoot, runCli, tempDir } from './cli-helper.js';
import { BASE_IMAGE, docker, dockerReady } from './docker-helper.js';

const ready = await dockerReady();
const TOXIPROXY = 'http://127.0.0.1:18474';
const compose = (...args: string[]): string =>
  execFileSync('docker-compose', ['-p', 'faultline-e2e', ...args], {
    cwd: repoRoot,
    env: { ...process.env, BASE_IMAGE },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** A system started by the user's own docker-compose, tested with --platform external. */
describe.skipIf(!ready)('faultline run --platform external against the top-level docker-compose.yml', () => {
  beforeAll(() => {
    compose('up', '-d', '--build');
  }, 300_000);
  afterAll(() => {
    compose('down', '--remove-orphans');
  }, 120_000);

  it('judges the system it did not start, and undoes every fault it applied', async () => {
    const dir = tempDir({
      'external.yaml': `
name: external-latency-and-crash
mesh: ${join(repoRoot, 'sample-mesh/mesh.yaml')}
load:
  warmup: 3s
  duration: 12s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 20/s, timeout: 2s }
    - { name: checkout, request: POST /api/orders, body: { sku: sku-1, qty: 1 }, rate: 5/s, timeout: 3s }
faults:
  - { name: slow-payments, type: latency, edge: orders->payments, at: 2s, for: 4s, latency: 800ms }
  - { name: inventory-crash, type: crash, service: inventory, at: 7s, for: 2s }
checks:
  thresholds:
    "http_req_failed{route:catalog}": ["rate<0.05"]
    "http_req_failed{route:checkout,fault:slow-payments}": ["rate<0.05"]
    "http_req_failed{route:checkout,fault:inventory-crash}": ["rate>0.2"]
`,
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 'external.yaml'), '--platform', 'external', '--out', out], {
      timeoutMs: 120_000,
    });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const results = readResults(out);
    expect(results.run.platform).toBe('external');
    expect(results.faults.every((f) => f.appliedAtMs !== null && f.revertedAtMs !== null)).toBe(true);

    // Every fault undone: no toxic on any proxy, every proxy enabled, every container running.
    const proxies = (await (await fetch(`${TOXIPROXY}/proxies`)).json()) as Record<
      string,
      { enabled: boolean; toxics: unknown[] }
    >;
    expect(Object.keys(proxies)).toHaveLength(6);
    for (const p of Object.values(proxies)) expect(p).toMatchObject({ enabled: true, toxics: [] });
    const containers = await docker.listContainers({
      all: true,
      filters: JSON.stringify({ name: ['faultline-'] }),
    });
    const states = Object.fromEntries(containers.map((c) => [c.Names[0], c.State]));
    expect(Object.values(states).filter((s) => s === 'running')).toHaveLength(7);
  });
});
