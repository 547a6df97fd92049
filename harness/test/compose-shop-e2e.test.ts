import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFaultlineImage } from '../src/platform/index.js';
import { readResults, repoRoot, runCli, tempDir } from './cli-helper.js';
import { BASE_IMAGE, docker, dockerReady } from './docker-helper.js';

const REDIS_IMAGE = 'faultline-redis:local';
const shop = join(repoRoot, 'examples/compose-shop');
const flags = ['--base-image', BASE_IMAGE, '--toxiproxy-image', 'faultline'];
const ready = (await dockerReady()) && redisImageReady();

/**
 * The shop's cache image, made from the host's Debian redis-server as CI does. Without
 * redis-server the tests are skipped with the reason, except under CI=true (.ci/run installs it).
 */
function redisImageReady(): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', REDIS_IMAGE], { stdio: 'ignore' });
    return true;
  } catch {
    // not made yet
  }
  try {
    execFileSync(join(repoRoot, 'docker/make-offline-redis-image.sh'), [REDIS_IMAGE], { stdio: 'inherit' });
    return true;
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    console.warn(
      `compose-shop tests skipped: no ${REDIS_IMAGE} and it cannot be made (apt-get install redis-server)`,
    );
    return false;
  }
}

/**
 * Everything of a run Docker still has: containers (also stopped), networks and volumes, found by
 * the run's label and by the project's name, so that a resource missing its label is seen too.
 */
async function leftOf(runId: string): Promise<string[]> {
  const project = `faultline-${runId.slice(0, 8)}`;
  const ours = (name: string, labels: Record<string, string> | null | undefined): boolean =>
    name.replace(/^\//, '').startsWith(project) || labels?.['faultline.run'] === runId;
  const containers = (await docker.listContainers({ all: true }))
    .filter((c) => c.Names.some((n) => ours(n, c.Labels)))
    .map((c) => `container ${c.Names[0]}`);
  const networks = (await docker.listNetworks())
    .filter((n) => ours(n.Name, n.Labels))
    .map((n) => `network ${n.Name}`);
  const volumes = ((await docker.listVolumes()).Volumes ?? [])
    .filter((v) => ours(v.Name, v.Labels))
    .map((v) => `volume ${v.Name}`);
  return [...containers, ...networks, ...volumes];
}

const verdicts = (out: string): Record<string, string> =>
  Object.fromEntries(readResults(out).verdicts.map((v) => [v.name, v.status]));

describe.skipIf(!ready)('examples/compose-shop: a docker-compose file run as the mesh', () => {
  beforeAll(async () => {
    // faultline's own image runs the Toxiproxy; built once (a no-op when it exists).
    await ensureFaultlineImage(docker, { root: repoRoot, baseImage: BASE_IMAGE, log: () => {} });
  }, 300_000);

  it('survives the cache going down thanks to the stock fallback, sees the crash of stock, and leaves nothing', async () => {
    const out = tempDir();
    const res = await runCli(['run', join(shop, 'cache-down.yaml'), ...flags, '--out', out], {
      timeoutMs: 180_000,
    });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const results = readResults(out);
    expect(results.run.platform).toBe('compose');
    expect(verdicts(out)).toMatchObject({
      'http_req_failed{route:product,fault:cache-down} rate<0.05': 'pass',
      'http_req_failed{route:product,fault:stock-crash} rate>0.3': 'pass',
      'fault "cache-down" took effect': 'pass',
      'fault "stock-crash" took effect': 'pass',
    });
    // The restart waited for stock's compose healthcheck, and the page recovered.
    expect(results.faults.every((f) => f.appliedAtMs !== null && f.revertedAtMs !== null)).toBe(true);
    expect(res.stderr).toMatch(/docker-compose\.yml:\d+:\d+ services\.shop\.restart: "restart" is ignored/);
    expect(await leftOf(results.run.id)).toEqual([]);
  }, 200_000);

  it('fails the cache check with the fallback turned off (--compose in place of mesh:)', async () => {
    const dir = tempDir({
      // The same scenario with a mesh: that --compose replaces.
      'cache-down.yaml': readFileSync(join(shop, 'cache-down.yaml'), 'utf8').replace(
        'mesh: docker-compose.yml',
        'mesh: sample',
      ),
    });
    const out = join(dir, 'out');
    const res = await runCli(
      [
        'run',
        join(dir, 'cache-down.yaml'),
        '--compose',
        join(shop, 'docker-compose.yml'),
        ...flags,
        '--out',
        out,
      ],
      { env: { STOCK_FALLBACK: 'off' }, timeoutMs: 180_000 },
    );
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(verdicts(out)).toMatchObject({
      'http_req_failed{route:product,fault:cache-down} rate<0.05': 'fail',
      'http_req_failed{route:product,fault:stock-crash} rate>0.3': 'pass',
      'fault "cache-down" took effect': 'pass',
    });
    expect(await leftOf(readResults(out).run.id)).toEqual([]);
  }, 200_000);

  it('leaves nothing after a SIGKILL of the run and faultline cleanup', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    const out = join(dir, 'out');
    const killed = await runCli(['run', join(shop, 'cache-down.yaml'), ...flags, '--out', out], {
      env: { FAULTLINE_HOME: home },
      timeoutMs: 180_000,
      onStderr: (soFar, child) => {
        if (/fault "cache-down" applied/.test(soFar)) child.kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const runId = (
      JSON.parse(readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n')[0]!) as { runId: string }
    ).runId;
    expect(await leftOf(runId)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^volume faultline-[0-9a-f]{8}_cache-data$/)]),
    );

    const cleanup = await runCli(['cleanup'], { env: { FAULTLINE_HOME: home }, timeoutMs: 60_000 });
    expect(cleanup.code, cleanup.stdout + cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toMatch(/removed container faultline-[0-9a-f]{8}-stock/);
    expect(await leftOf(runId)).toEqual([]);
  }, 200_000);
});

describe('faultline run --compose on a compose file it cannot run', () => {
  it('exits 2 at file:line:col before touching Docker, naming what collides or what fixes it', async () => {
    const dir = tempDir({
      'scenario.yaml':
        'name: refused\nmesh: sample\nload:\n  duration: 1s\n  routes:\n    - { name: a, request: GET /, rate: 1/s }\n',
      'docker-compose.yml':
        'services:\n  web:\n    image: web\n    ports: ["8080"]\n    environment:\n      SEARCH: custom://search/q\n  search:\n    image: search\n',
    });
    const noPort = await runCli([
      'run',
      join(dir, 'scenario.yaml'),
      '--compose',
      join(dir, 'docker-compose.yml'),
    ]);
    expect(noPort.code).toBe(2);
    expect(noPort.stderr).toContain(
      `${join(dir, 'docker-compose.yml')}:6:15 services.web.environment.SEARCH: SEARCH names service "search" without a port, and its port cannot be found; set x-faultline.ports.search`,
    );
    // The project's own compose file wires a Toxiproxy by hand: its service collides with faultline's.
    const top = await runCli([
      'run',
      join(dir, 'scenario.yaml'),
      '--compose',
      join(repoRoot, 'docker-compose.yml'),
    ]);
    expect(top.code).toBe(2);
    expect(top.stderr).toMatch(/docker-compose\.yml:\d+:3 services\.toxiproxy: service "toxiproxy" collides/);
  });
});
