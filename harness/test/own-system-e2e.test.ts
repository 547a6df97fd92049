import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, runCli, tempDir } from './cli-helper.js';

/**
 * A system as a user brings it, written here rather than taken from the sample mesh: `front`
 * answers GET /api by calling `back`; neither serves /metrics (404), which mesh files allow.
 */
const SERVICE = `
import http from 'node:http';
const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz' || req.url === '/readyz') return res.end('ok');
  if (req.url === '/api' && process.env.BACK_URL) {
    const up = await fetch(process.env.BACK_URL + '/x', { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
    res.statusCode = up?.ok ? 200 : 503;
    return res.end();
  }
  if (req.url === '/x') return res.end('back');
  res.statusCode = 404;
  res.end('not found');
});
server.listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => process.exit(0));
`;

const MESH = `name: no-metrics
entry: front
services:
  front:
    command: [node, service.mjs]
    upstreams: { back: BACK_URL }
  back:
    command: [node, service.mjs]
`;

describe('a system whose services have no /metrics', () => {
  it('charts back up before and after its crash and down only around it', async () => {
    const dir = tempDir({
      'service.mjs': SERVICE,
      'mesh.yaml': MESH,
      's.yaml': `name: crash-back
mesh: mesh.yaml
load:
  warmup: 0s
  duration: 5s
  routes:
    - { name: api, request: GET /api, rate: 10/s, timeout: 1s }
faults:
  - { name: kill-back, type: crash, service: back, at: 1500ms, for: 1s }
checks:
  thresholds:
    "http_req_duration{route:api}": ["p(50)<60000"]
`,
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', out], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
      timeoutMs: 60_000,
    });
    expect(res.code, res.stderr).toBe(0);
    const results = readResults(out);
    const [fault] = results.faults;
    const applied = fault?.appliedAtMs ?? NaN;
    const reverted = fault?.revertedAtMs ?? NaN;
    expect(reverted).toBeGreaterThan(applied);
    const back = results.observations.filter((o) => o.service === 'back');
    // A probe is stamped when it starts; one begun just before the kill may still fail.
    const before = back.filter((o) => o.tMs < applied - 500);
    const after = back.filter((o) => o.tMs > reverted + 500);
    const during = back.filter((o) => o.tMs > applied + 100 && o.tMs < reverted - 100);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(before.every((o) => o.up)).toBe(true);
    expect(after.every((o) => o.up)).toBe(true);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((o) => !o.up)).toBe(true);
    const front = results.observations.filter((o) => o.service === 'front');
    expect(front.length).toBeGreaterThan(5);
    expect(front.every((o) => o.up)).toBe(true);
  });
});

/** A service that records, at start, where it runs and what it was given, in its data folder. */
const RECORDING_SERVICE = `
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
writeFileSync(
  join(process.env.FAULTLINE_DATA_DIR, 'start.json'),
  JSON.stringify({ cwd: process.cwd(), greeting: process.env.GREETING ?? null, mode: process.env.MODE ?? null }),
);
http.createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => process.exit(0));
`;

const SHORT_RUN = `name: short
mesh: mesh.yaml
load:
  warmup: 0s
  duration: 1s
  routes:
    - { name: api, request: GET /api, rate: 5/s, timeout: 1s }
`;

interface StartRecord {
  cwd: string;
  greeting: string | null;
  mode: string | null;
}

/** The start record each service wrote in its FAULTLINE_DATA_DIR during the run in `out`. */
function startRecords(out: string): Record<string, StartRecord> {
  const runId = readResults(out).run.id;
  const read = (service: string): StartRecord =>
    JSON.parse(readFileSync(join(out, 'data', runId, service, 'start.json'), 'utf8')) as StartRecord;
  return { front: read('front'), back: read('back') };
}

describe('what a service of a mesh file is given', () => {
  it('finds its FAULTLINE_DATA_DIR already made when it starts', async () => {
    const dir = tempDir({
      'service.mjs': RECORDING_SERVICE,
      'mesh.yaml': `name: data
entry: front
services:
  front: { command: [node, service.mjs], upstreams: { back: BACK_URL } }
  back: { command: [node, service.mjs] }
`,
      's.yaml': SHORT_RUN,
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', out], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(Object.keys(startRecords(out))).toEqual(['front', 'back']);
  });

  it('runs each command in its own cwd and passes every -e/--env to every service', async () => {
    const dir = tempDir({
      'mesh.yaml': `name: folders
entry: front
services:
  front:
    command: [node, service.mjs]
    cwd: front
    env: { MODE: from-mesh }
    upstreams: { back: BACK_URL }
  back:
    command: [node, service.mjs]
    cwd: ./back
`,
      's.yaml': SHORT_RUN,
    });
    for (const sub of ['front', 'back']) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, 'service.mjs'), RECORDING_SERVICE);
    }
    const out = join(dir, 'out');
    const res = await runCli(
      ['run', join(dir, 's.yaml'), '--out', out, '-e', 'GREETING=hi=there', '--env', 'MODE=from-cli'],
      { env: { FAULTLINE_HOME: join(dir, 'home') } },
    );
    expect(res.code, res.stderr).toBe(0);
    const records = startRecords(out);
    expect(records.front).toEqual({ cwd: join(dir, 'front'), greeting: 'hi=there', mode: 'from-cli' });
    expect(records.back).toEqual({ cwd: join(dir, 'back'), greeting: 'hi=there', mode: 'from-cli' });
  });

  it('refuses a malformed -e with exit 2 before anything starts, and a cwd that is not a folder', async () => {
    const dir = tempDir({
      'service.mjs': RECORDING_SERVICE,
      'mesh.yaml': `name: bad
entry: front
services:
  front: { command: [node, service.mjs], cwd: nowhere }
`,
      's.yaml': SHORT_RUN.replace('GET /api', 'GET /'),
    });
    const malformed = await runCli(['run', join(dir, 's.yaml'), '-e', 'NO_EQUALS_SIGN']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('KEY=VALUE');
    const badCwd = await runCli(['validate', join(dir, 's.yaml')]);
    expect(badCwd.code).toBe(2);
    expect(badCwd.stderr).toMatch(/mesh\.yaml:4:\d+ services\.front\.cwd: no such folder "nowhere"/);
  });
});

// The check reads the kernel's socket tables, which only Linux has; elsewhere there is no warning.
describe.skipIf(process.platform !== 'linux')('a service that listens beyond loopback', () => {
  it('is named in a warning in the run, in results.json and in the report, and the run still passes', async () => {
    const dir = tempDir({
      // Ignores HOST, as a real app on *:port did: no host means every interface.
      'service.mjs': `import http from 'node:http';
http.createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT));
process.on('SIGTERM', () => process.exit(0));
`,
      'mesh.yaml': `name: wide
entry: front
services:
  front: { command: [node, service.mjs] }
`,
      's.yaml': SHORT_RUN.replace('GET /api', 'GET /'),
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', out], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
    });
    expect(res.code, res.stderr).toBe(0);
    const warning = /service "front" listens on \[::\]:\d+ although it was given HOST=127\.0\.0\.1/;
    expect(res.stderr).toMatch(warning);
    expect(res.stdout).toMatch(warning);
    const results = readResults(out);
    expect(results.warnings).toHaveLength(1);
    expect(results.warnings?.[0]).toMatch(warning);
    expect(results.errors).toEqual([]);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(/warning: service &quot;front&quot; listens on \[::\]:\d+/.test(html)).toBe(true);
  });
});
