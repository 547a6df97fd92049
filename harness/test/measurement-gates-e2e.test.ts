import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, readResults, runCli, tempDir } from './cli-helper.js';

/** front calls back; back answers 503 while FAILING is set. */
const SERVICE = `
import http from 'node:http';
http.createServer(async (req, res) => {
  if (req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics') return res.end('ok');
  if (process.env.BACK_URL) {
    const up = await fetch(process.env.BACK_URL + '/x').catch(() => undefined);
    res.statusCode = up?.ok ? 200 : 503;
    return res.end();
  }
  res.statusCode = process.env.FAILING ? 503 : 200;
  res.end();
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

function system(backEnv: string): string {
  const dir = tempDir({ 'service.mjs': SERVICE });
  writeFileSync(
    join(dir, 'mesh.yaml'),
    `name: m\nentry: front\nservices:\n  front:\n    command: [node, service.mjs]\n    upstreams: { back: BACK_URL }\n  back:\n    command: [node, service.mjs]\n    env: { ${backEnv} }\n`,
  );
  writeFileSync(
    join(dir, 's.yaml'),
    `name: s
mesh: mesh.yaml
load:
  warmup: 0s
  duration: 8s
  routes:
    - { name: api, request: GET /api, rate: 20/s, timeout: 1s }
faults:
  - { name: kill back, type: crash, service: back, at: 3s, for: 1s }
slo:
  api: ["rate<0.05"]
checks:
  thresholds:
    "http_req_failed{route:api,phase:recovery}": ["rate<0.5"]
`,
  );
  return dir;
}

describe('the steady state as a gate before the first fault', () => {
  it('injects no fault into a system that misses its SLO before it, and ends inconclusive at once', async () => {
    const dir = system('FAILING: "1"');
    const started = Date.now();
    const res = await runCli(['run', 's.yaml', '--out', 'out'], { cwd: dir, timeoutMs: 60_000 });
    expect(res.code, res.stderr).toBe(4);
    expect(res.stderr).toMatch(/steady state not met before the first fault .*no fault is injected/);
    const results = readResults(join(dir, 'out'));
    expect(results.faults[0]!.appliedAtMs).toBeNull();
    const steady = results.verdicts.find((v) => v.kind === 'steady-state')!;
    expect(steady.evidence).toMatch(/baseline missed its SLO/);
    expect(steady.measured).toBeGreaterThan(0.5);
    // The run stopped at the first fault's time (3 s), not after its 8 s of load.
    expect(results.seconds.every((s) => s.t < 5)).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('injects the fault into a system that meets its SLO', async () => {
    const dir = system('');
    const res = await runCli(['run', 's.yaml', '--out', 'out'], { cwd: dir, timeoutMs: 60_000 });
    expect([0, 1], res.stderr).toContain(res.code);
    expect(readResults(join(dir, 'out')).faults[0]!.appliedAtMs).not.toBeNull();
  });
});

describe('an instrument that knows when it cannot measure', () => {
  it('turns a run inconclusive when the runner event loop is blocked on purpose', async () => {
    const dir = system('');
    // Blocks faultline's own event loop for 250 ms every 500 ms; the services are left alone.
    writeFileSync(
      join(dir, 'block.mjs'),
      `setInterval(() => { const end = Date.now() + 250; while (Date.now() < end) {} }, 500).unref();\n`,
    );
    const code = await new Promise<number | null>((done) => {
      const child = spawn(
        process.execPath,
        ['--import', './block.mjs', cliPath, 'run', 's.yaml', '--out', 'out'],
        {
          cwd: dir,
          stdio: 'ignore',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    expect(code).toBe(4);
    const results = readResults(join(dir, 'out'));
    const loop = results.verdicts.find((v) => v.id === 'instrument:runner-loop')!;
    expect(loop.status).toBe('fail');
    expect(loop.evidence).toMatch(/the machine was too busy to measure latency within 100 ms/);
    expect(results.instrument?.runnerLoopDelayP99Ms).toBeGreaterThan(100);
    expect(results.outcome).toBe('inconclusive');
  });

  it('records the readings of every run, each judged by an instrument verdict', async () => {
    const dir = system('');
    await runCli(['run', 's.yaml', '--out', 'out'], { cwd: dir, timeoutMs: 60_000 });
    const results = readResults(join(dir, 'out'));
    expect(results.instrument).toMatchObject({
      sendLagP99Ms: expect.any(Number),
      runnerLoopDelayP99Ms: expect.any(Number),
      proxyLoopDelayP99Ms: expect.any(Number),
    });
    expect(results.verdicts.filter((v) => v.kind === 'instrument').map((v) => v.id)).toEqual(
      expect.arrayContaining(['instrument:send-lag', 'instrument:runner-loop', 'instrument:proxy-loop']),
    );
  });
});
