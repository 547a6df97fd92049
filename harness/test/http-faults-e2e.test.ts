import { describe, expect, it } from 'vitest';
import type { FaultEvent, RunResults } from '../src/results/index.js';
import { repoRoot, runCli, runScenario } from './cli-helper.js';
import { pathIn, tinyMeshDir, tinyScenario } from './tiny-mesh.js';

const fault = (results: RunResults, name: string): FaultEvent => results.faults.find((f) => f.name === name)!;
const verdict = (results: RunResults, id: string) => results.verdicts.find((v) => v.id === id);
/** Exit 4 only when the machine was too busy to measure; anything else is a real outcome. */
const tooBusy = (results: RunResults): boolean =>
  results.verdicts.some((v) => v.kind === 'instrument' && v.status !== 'pass');

describe('HTTP faults end to end', () => {
  it('answer, delay and abort the matched requests on the wire, proven by a matching canary and the toxic counters', async () => {
    // front calls back's GET /x for every GET /api; the health checks (GET /healthz) never match.
    const dir = tinyMeshDir({
      'http.yaml': tinyScenario({
        duration: '5s',
        extra: `faults:
  - { name: teapot, type: http_error, edge: front->back, at: 500ms, for: 1s, status: 418, match: { path: /x } }
  - { name: slow x, type: http_delay, edge: front->back, at: 2s, for: 1s, latency: 400ms, match: { method: GET, path: /x } }
  - { name: cut x, type: http_abort, edge: front->back, at: 3500ms, for: 1s, mode: reset, match: { path: "/*" } }
`,
      }),
    });
    const { code, results } = await runScenario(pathIn(dir, 'http.yaml'));
    if (code === 4 && tooBusy(results)) return;
    const notPassed = results.verdicts.filter((v) => v.status !== 'pass');
    expect(code, JSON.stringify(notPassed, null, 1)).toBe(0);
    const teapot = fault(results, 'teapot');
    expect(teapot.params).toMatchObject({ status: 418, match: '/x', rate: 1, first: 0, stream: 'upstream' });
    expect(teapot.effect?.canaryAfter).toMatchObject({ outcome: 'answered', status: 418 });
    expect(teapot.effect?.canaryBefore).toMatchObject({ outcome: 'answered', status: 200 });
    const slow = fault(results, 'slow x');
    expect(slow.effect?.canaryAfter?.ms).toBeGreaterThanOrEqual(370);
    const cut = fault(results, 'cut x');
    for (const [f, action] of [
      [teapot, 'answered'],
      [slow, 'delayed'],
      [cut, 'aborted'],
    ] as const) {
      const c = f.effect?.proxyCounters;
      expect(c, f.name).toMatchObject({ action, canary: 1 });
      // 20 req/s for 1 s, each a GET /x through the edge; the canary is counted apart.
      expect(c!.acted - c!.canary, f.name).toBeGreaterThanOrEqual(10);
      expect(c!.matched, f.name).toBeGreaterThanOrEqual(c!.acted);
      expect(verdict(results, `effect:${f.name}`)?.status, f.name).toBe('pass');
      expect(verdict(results, `effect-traffic:${f.name}`)).toMatchObject({
        status: 'pass',
        unit: 'requests',
      });
    }
    // The load saw it: front answers 503 whenever back's answer was not a 2xx (front reads only
    // the head of back's answer, so an abort after it shows only in the proxy's count).
    const failedIn = (fromS: number, toS: number): number =>
      results.seconds.filter((s) => s.t >= fromS && s.t < toS).reduce((n, s) => n + s.failed, 0);
    expect(failedIn(0, 2)).toBeGreaterThanOrEqual(10);
    expect(failedIn(2, 3)).toBe(0);
  }, 90_000);

  it('refuses bad HTTP faults at their line and column, and on a Toxiproxy image without HTTP toxics before anything starts', async () => {
    const dir = tinyMeshDir({
      'bad.yaml': tinyScenario({
        extra: `faults:
  - { type: http_error, edge: front->back, at: 0s, for: 1s, status: 700, rate: 1.5, match: { verb: GET } }
`,
      }),
      'ok.yaml': tinyScenario({
        extra: `faults:
  - { type: http_delay, edge: front->back, at: 0s, for: 1s, latency: 100ms }
`,
      }),
    });
    const bad = await runCli(['validate', pathIn(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml:9:69 faults[0].status');
    expect(bad.stderr).toContain('bad.yaml:9:80 faults[0].rate');
    expect(bad.stderr).toContain('bad.yaml:9:94 faults[0].match.verb');
    expect(bad.stderr).toMatch(/status: expected an HTTP status from 100 to 599, got 700/);
    expect(bad.stderr).toMatch(/rate: expected a share from 0 to 1, got 1\.5/);
    expect(bad.stderr).toMatch(/unknown key "verb"; expected one of method, path, headers/);

    const docker = await runCli([
      'run',
      pathIn(dir, 'ok.yaml'),
      '--platform',
      'docker',
      '--out',
      pathIn(dir, 'out'),
    ]);
    expect(docker.code).toBe(2);
    expect(docker.stderr).toMatch(/ok\.yaml:9:\d+ faults\[0\]\.type/);
    expect(docker.stderr).toContain(
      'http_delay needs HTTP toxics, which the Toxiproxy image ghcr.io/shopify/toxiproxy:2.12.0 lacks',
    );
    expect(docker.stderr).toContain('--toxiproxy-image faultline');
  }, 60_000);
});

/** The library scenarios on the sample mesh: each passes healthy and fails with its switch off. */
describe.each([
  ['retry-on-503', 'MESH_RETRY_BUDGET'],
  ['fail-first-n', 'MESH_FALLBACK'],
  ['slow-endpoint', 'MESH_TIMEOUT'],
])('scenarios/%s.yaml', (name, sw) => {
  const file = `${repoRoot}/scenarios/${name}.yaml`;
  it(`passes on the healthy mesh and fails with ${sw}=off`, async () => {
    const healthy = await runScenario(file, {}, 90_000);
    if (!(healthy.code === 4 && tooBusy(healthy.results))) expect(healthy.code, healthy.out).toBe(0);
    const broken = await runScenario(file, { [sw]: 'off' }, 90_000);
    if (!(broken.code === 4 && tooBusy(broken.results))) expect(broken.code, broken.out).toBe(1);
    // The fault met the load, by the proxy's own count.
    expect(verdict(healthy.results, `effect-traffic:${healthy.results.faults[0]!.name}`)?.status).toBe(
      'pass',
    );
  }, 200_000);
});
