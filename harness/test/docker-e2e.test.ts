import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFaultlineImage } from '../src/platform/index.js';
import { readResults, repoRoot, runCli, tempDir } from './cli-helper.js';
import { BASE_IMAGE, docker, dockerReady, dockerResourcesOfRun } from './docker-helper.js';

const ready = await dockerReady();
const dockerFlags = ['--platform', 'docker', '--base-image', BASE_IMAGE, '--toxiproxy-image', 'faultline'];

describe.skipIf(!ready)('faultline run --platform docker', () => {
  beforeAll(async () => {
    // Builds faultline's image once (a no-op when an image of the same files exists), so the
    // runs below measure the mesh, not the build.
    await ensureFaultlineImage(docker, { root: repoRoot, baseImage: BASE_IMAGE, log: () => {} });
  }, 300_000);

  it('passes the default scenario with the same verdicts as the local platform, and removes every container', async () => {
    const out = tempDir();
    const res = await runCli(['run', 'scenarios/default.yaml', ...dockerFlags, '--out', out], {
      timeoutMs: 180_000,
    });
    const results = readResults(out);
    expect(results.run.platform).toBe('docker');
    expect(
      results.verdicts.map((v) => [v.name, v.status]),
      res.stdout,
    ).toEqual(results.verdicts.map((v) => [v.name, 'pass']));
    expect(res.code).toBe(0);
    expect(await dockerResourcesOfRun(results.run.id)).toEqual([]);
  });

  it('kills and restarts a container mid-run', async () => {
    const dir = tempDir({
      'crash.yaml': `
name: docker-crash
mesh: sample
load:
  warmup: 2s
  duration: 10s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 20/s, timeout: 2s }
faults:
  - { name: catalog-crash, type: crash, service: catalog, at: 2s, for: 3s }
checks:
  thresholds:
    "http_req_failed{route:catalog,fault:catalog-crash}": ["rate>0.3"]
`,
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 'crash.yaml'), ...dockerFlags, '--out', out], {
      timeoutMs: 180_000,
    });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const results = readResults(out);
    const [crash] = results.faults;
    expect(crash?.appliedAtMs).not.toBeNull();
    expect(crash?.revertedAtMs).not.toBeNull();
    const catalog = results.observations.filter((o) => o.service === 'catalog');
    expect(catalog.some((o) => !o.up && o.tMs > crash!.appliedAtMs! && o.tMs < crash!.revertedAtMs!)).toBe(
      true,
    );
    expect(catalog.at(-1)?.up).toBe(true);
    expect(await dockerResourcesOfRun(results.run.id)).toEqual([]);
  });

  it('removes everything when a container exits during start-up, and says why (exit 3)', async () => {
    const dir = tempDir({
      'mesh.yaml': `
name: broken
entry: web
services:
  web:
    command: [node, -e, "process.exit(1)"]
    docker: { image: faultline, command: [-e, "console.log('cannot start: no config'); process.exit(1)"], port: 8080 }
`,
      'broken.yaml': `
name: broken-start
mesh: mesh.yaml
load:
  duration: 2s
  routes:
    - { name: home, request: GET /, rate: 1/s }
`,
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 'broken.yaml'), ...dockerFlags, '--out', out], {
      timeoutMs: 120_000,
    });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/service "web" never became ready: its container exited during start-up/);
    expect(res.stderr).toMatch(/cannot start: no config/);
    expect(await dockerResourcesOfRun(runIdOf(out))).toEqual([]);
  });

  it('makes FAULTLINE_DATA_DIR inside the container before the service starts', async () => {
    // The service writes there at once and exits when it cannot, as a real one would.
    const code =
      "require('fs').writeFileSync(process.env.FAULTLINE_DATA_DIR + '/started', '');" +
      "require('http').createServer((q, s) => s.end('ok')).listen(+process.env.PORT, process.env.HOST)";
    const dir = tempDir({
      'mesh.yaml': `
name: data
entry: web
services:
  web:
    command: [node, -e, "process.exit(1)"]
    docker: { image: faultline, command: [-e, "${code}"], port: 8080 }
`,
      'data.yaml': `
name: data-dir
mesh: mesh.yaml
load:
  warmup: 0s
  duration: 1s
  routes:
    - { name: home, request: GET /, rate: 5/s }
`,
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 'data.yaml'), ...dockerFlags, '--out', out], {
      timeoutMs: 120_000,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(await dockerResourcesOfRun(runIdOf(out))).toEqual([]);
  });
});

describe.skipIf(!ready)('faultline cleanup after a docker run was killed with SIGKILL', () => {
  it('removes its containers and network, also a paused one', async () => {
    const dir = tempDir({
      'freeze.yaml': `
name: docker-killed
mesh: sample
load:
  warmup: 1s
  duration: 20s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 10/s, timeout: 2s }
faults:
  - { name: frozen-catalog, type: freeze, service: catalog, at: 1s, for: 15s }
`,
    });
    const home = join(dir, 'home');
    const out = join(dir, 'out');
    const killed = await runCli(['run', join(dir, 'freeze.yaml'), ...dockerFlags, '--out', out], {
      env: { FAULTLINE_HOME: home },
      timeoutMs: 180_000,
      onStderr: (soFar, child) => {
        if (/fault "frozen-catalog" applied/.test(soFar)) child.kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const runId = runIdOf(out);
    expect(await dockerResourcesOfRun(runId)).not.toEqual([]);

    const cleanup = await runCli(['cleanup'], { env: { FAULTLINE_HOME: home }, timeoutMs: 60_000 });
    expect(cleanup.code, cleanup.stdout + cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toMatch(/removed container faultline-[0-9a-f]{8}-catalog/);
    expect(await dockerResourcesOfRun(runId)).toEqual([]);
  });
});

/** The run id, from the first line of the run's ledger. */
function runIdOf(out: string): string {
  return (JSON.parse(readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n')[0]!) as { runId: string })
    .runId;
}
