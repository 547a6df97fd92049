import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readResults, repoRoot, runCli, tempDir } from './cli-helper.js';

const opossum = pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('opossum')).href;

/**
 * Two services as a Node.js user writes them, with opossum itself: `front` calls `back` through
 * an opossum breaker and serves the breaker's own `toJSON()` on GET /breaker; no /metrics at all.
 * opossum has two states in `state.open` (half-open shows `open: false`), and its reset timer
 * lets a probe through every RESET_MS while the fault lasts.
 */
const SERVICE = `
import http from 'node:http';
import CircuitBreaker from '${opossum}';
const call = async () => {
  const res = await fetch(process.env.BACK_URL + '/x', { signal: AbortSignal.timeout(300) });
  if (!res.ok) throw new Error('back answered ' + res.status);
  return res.text();
};
const breaker = process.env.BACK_URL
  ? new CircuitBreaker(call, { timeout: 400, errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeout: 1000, rollingCountTimeout: 2000 })
  : undefined;
const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz' || req.url === '/readyz') return res.end('ok');
  if (req.url === '/breaker' && breaker) {
    res.setHeader('content-type', 'application/json');
    return res.end(JSON.stringify(breaker.toJSON()));
  }
  if (req.url === '/api' && breaker) {
    try {
      return res.end(await breaker.fire());
    } catch {
      res.statusCode = 503;
      return res.end('unavailable');
    }
  }
  if (req.url === '/x') return res.end('back');
  res.statusCode = 404;
  res.end('not found');
});
server.listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => process.exit(0));
`;

const MESH = `name: opossum-pair
entry: front
services:
  front: { command: [node, service.mjs], upstreams: { back: BACK_URL } }
  back: { command: [node, service.mjs] }
`;

const scenario = (breaker: string): string => `name: opossum-breaker
mesh: mesh.yaml
load:
  warmup: 0s
  duration: 9s
  routes:
    - { name: api, request: GET /api, rate: 20/s, timeout: 1s }
faults:
  - { name: back down, type: down, edge: front->back, at: 1s, for: 4s }
checks:
  breakers:
    - ${breaker}
`;

const JSON_SOURCE = 'json: { path: /breaker, pointer: /state/open, states: { closed: false, open: true } }';

describe('a breaker read from a JSON endpoint, with opossum', () => {
  it('opens during the fault and closes after it, read from opossum toJSON()', async () => {
    const dir = tempDir({
      'service.mjs': SERVICE,
      'mesh.yaml': MESH,
      's.yaml': scenario(
        `{ service: front, upstream: back, opens_within: 2s, closes_within: 3s, reopens: true, ${JSON_SOURCE} }`,
      ),
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', out], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
      timeoutMs: 60_000,
    });
    const results = readResults(out);
    const breakerVerdicts = results.verdicts.filter((v) => v.kind.startsWith('breaker'));
    // A machine too crowded to measure ends the run inconclusive whatever its checks say
    // (instrument verdicts, docs/checks.md); the breaker verdicts are judged all the same.
    const crowded = results.verdicts.some((v) => v.kind === 'instrument' && v.status !== 'pass');
    expect(res.code, res.stdout + res.stderr).toBe(crowded ? 4 : 0);
    expect(breakerVerdicts.map((v) => [v.kind, v.status])).toEqual([
      ['breaker-open', 'pass'],
      ['breaker-close', 'pass'],
    ]);
    // What was read is in the observations: opossum's own `state.open`, both values seen.
    const read = results.observations
      .filter((o) => o.service === 'front')
      .flatMap((o) => Object.keys(o.metrics).filter((k) => k.startsWith('faultline_breaker_json')));
    expect(read).toContain('faultline_breaker_json{path="/breaker",pointer="/state/open",state="true"}');
    expect(read).toContain('faultline_breaker_json{path="/breaker",pointer="/state/open",state="false"}');
  });

  it('is an error naming the read, not a pass, when the pointer finds nothing', async () => {
    const dir = tempDir({
      'service.mjs': SERVICE,
      'mesh.yaml': MESH,
      's.yaml': scenario(
        `{ service: front, upstream: back, opens_within: 2s, closes_within: 3s, json: { path: /breaker, pointer: /state/opened, states: { closed: false, open: true } } }`,
      ),
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', out], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
      timeoutMs: 60_000,
    });
    expect(res.code, res.stdout + res.stderr).toBe(4);
    const open = readResults(out).verdicts.find((v) => v.kind === 'breaker-open');
    expect(open?.status).toBe('error');
    expect(open?.evidence).toContain(
      'no samples of faultline_breaker_json{path="/breaker",pointer="/state/opened"',
    );
  });
});
