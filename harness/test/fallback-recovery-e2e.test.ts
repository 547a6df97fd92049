import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, runCli, tempDir } from './cli-helper.js';

/**
 * A system written here, not the sample mesh: `front` answers GET /api from `back`; it checks
 * back every 100 ms, and after a failed check it answers from its cache (200 with `x-fallback:
 * cache`) for HOLD_MS, as a breaker with a reset timeout does. So fallbacks go on for about
 * three seconds after the fault has ended, every one of them fast and ok.
 */
const SERVICE = `
import http from 'node:http';
const HOLD_MS = 3000;
let holdUntil = 0;
if (process.env.BACK_URL) {
  setInterval(() => {
    fetch(process.env.BACK_URL + '/x', { signal: AbortSignal.timeout(300) })
      .then((r) => { if (!r.ok) throw new Error(String(r.status)); })
      .catch(() => { holdUntil = Date.now() + HOLD_MS; });
  }, 100).unref();
}
const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz' || req.url === '/readyz') return res.end('ok');
  if (req.url === '/api' && process.env.BACK_URL) {
    if (Date.now() >= holdUntil) {
      const up = await fetch(process.env.BACK_URL + '/x', { signal: AbortSignal.timeout(300) }).catch(() => undefined);
      if (up?.ok) return res.end(await up.text());
      holdUntil = Date.now() + HOLD_MS;
    }
    res.setHeader('x-fallback', 'cache');
    return res.end('cached');
  }
  if (req.url === '/x') return res.end('fresh');
  res.statusCode = 404;
  res.end('not found');
});
server.listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => process.exit(0));
`;

const MESH = `name: cached-front
entry: front
services:
  front: { command: [node, service.mjs], upstreams: { back: BACK_URL } }
  back: { command: [node, service.mjs] }
`;

const route = (name: string): string =>
  `    - { name: ${name}, request: GET /api, rate: 10/s, timeout: 1s, degraded: { header: x-fallback } }\n`;

describe('recovery bounded on fallback answers', () => {
  it('recovers only once full answers are back, not when fast fallbacks are', async () => {
    const dir = tempDir({
      'service.mjs': SERVICE,
      'mesh.yaml': MESH,
      's.yaml': `name: fallback-recovery
mesh: mesh.yaml
load:
  warmup: 0s
  duration: 10s
  routes:
${route('plain')}${route('bounded')}${route('eventually')}faults:
  - { name: back down, type: down, edge: front->back, at: 1s, for: 2s }
checks:
  recovery:
    - { route: plain, within: 1s, slo: ["p(95)<500", "rate<0.01"], consecutive: 2 }
    - { route: bounded, within: 1s, slo: ["p(95)<500", "rate<0.01", "degraded<0.01"], consecutive: 2 }
    - { route: eventually, within: 6s, slo: ["p(95)<500", "rate<0.01", "degraded<0.01"], consecutive: 2 }
`,
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', out], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
      timeoutMs: 60_000,
    });
    const results = readResults(out);
    const verdict = (id: string) => results.verdicts.find((v) => v.id === id);
    // A machine too crowded to measure ends the run inconclusive whatever its checks say
    // (instrument verdicts, docs/checks.md); the recovery verdicts are judged all the same.
    const crowded = results.verdicts.some((v) => v.kind === 'instrument' && v.status !== 'pass');
    expect(res.code, res.stdout + res.stderr).toBe(crowded ? 4 : 1);
    // Every answer succeeded quickly, so without the bound the route "recovers" at once...
    expect(verdict('recovery:plain')).toMatchObject({ status: 'pass', measured: 0 });
    // ...while the fallbacks went on for about HOLD_MS after the fault.
    const degradedAfter = results.seconds
      .filter((s) => s.route === 'bounded' && s.t >= 3 && s.t < 5)
      .reduce((n, s) => n + (s.degraded ?? 0), 0);
    expect(degradedAfter).toBeGreaterThan(10);
    expect(verdict('recovery:bounded')?.status).toBe('fail');
    expect(verdict('recovery:bounded')?.evidence).toMatch(/degraded 1\b/);
    const eventually = verdict('recovery:eventually');
    expect(eventually?.status).toBe('pass');
    expect(eventually?.measured).toBeGreaterThanOrEqual(2000);
    const full = results.seconds.filter((s) => s.route === 'eventually' && s.t >= 9);
    expect(full.every((s) => (s.degraded ?? 0) === 0 && s.ok > 0)).toBe(true);
  });
});
