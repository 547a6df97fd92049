import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, runCli, tempDir } from './cli-helper.js';

/**
 * A system whose back answers 500 on every second start: the repetitions of a scenario on it
 * alternate between pass and fail, as a flaky system's would.
 */
const SERVICE = `
import http from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
let broken = false;
if (process.env.STARTS) {
  const starts = (existsSync(process.env.STARTS) ? Number(readFileSync(process.env.STARTS, 'utf8')) : 0) + 1;
  writeFileSync(process.env.STARTS, String(starts));
  broken = starts % 2 === 0;
}
http.createServer(async (req, res) => {
  if (req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics') return res.end('ok');
  if (process.env.BACK_URL) {
    const up = await fetch(process.env.BACK_URL + '/x').catch(() => undefined);
    res.statusCode = up?.ok ? 200 : 503;
    return res.end();
  }
  res.statusCode = broken ? 500 : 200;
  res.end();
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

describe('run --repeat', () => {
  it('passes a stable scenario only when every repetition passes, and makes a flaky one inconclusive', async () => {
    const dir = tempDir({ 'service.mjs': SERVICE });
    const mesh = (starts: string): string =>
      `name: m\nentry: front\nservices:\n  front:\n    command: [node, service.mjs]\n    upstreams: { back: BACK_URL }\n  back:\n    command: [node, service.mjs]\n    env: { ${starts} }\n`;
    const scenario = (meshFile: string): string =>
      `name: s\nmesh: ${meshFile}\nload:\n  warmup: 0s\n  duration: 2s\n  routes:\n    - { name: api, request: GET /api, rate: 20/s, timeout: 1s }\nchecks:\n  thresholds:\n    "http_req_failed": ["rate<0.5"]\n`;
    for (const [name, text] of Object.entries({
      'stable-mesh.yaml': mesh(''),
      'flaky-mesh.yaml': mesh(`STARTS: ${join(dir, 'starts')}`),
      'stable.yaml': scenario('stable-mesh.yaml'),
      'flaky.yaml': scenario('flaky-mesh.yaml'),
    })) {
      await import('node:fs').then((fs) => fs.writeFileSync(join(dir, name), text));
    }

    const stable = await runCli(['run', 'stable.yaml', '--repeat', '2', '--out', 'stable'], {
      cwd: dir,
      timeoutMs: 90_000,
    });
    expect(stable.code, stable.stderr).toBe(0);

    const flaky = await runCli(['run', 'flaky.yaml', '--repeat', '3', '--out', 'flaky', '--json'], {
      cwd: dir,
      timeoutMs: 90_000,
    });
    expect(flaky.code, flaky.stderr).toBe(4);
    const verdict = JSON.parse(flaky.stdout) as {
      outcome: string;
      repeats: { file: string; exitCode: number; passed: number; runs: number; flaky?: string }[];
      runs: { exitCode: number; outDir: string }[];
    };
    expect(verdict.outcome).toBe('inconclusive');
    expect(verdict.repeats).toEqual([
      { file: 'flaky.yaml', exitCode: 4, passed: 2, runs: 3, flaky: 'flaky: 2/3 passed' },
    ]);
    expect(verdict.runs.map((r) => r.exitCode)).toEqual([0, 1, 0]);
    // Each repetition has its own results, which say which repetition they are, and its own testsuite.
    const second = readResults(verdict.runs[1]!.outDir);
    expect(second.run.repetition).toEqual({ index: 2, of: 3 });
    expect(second.verdicts.find((v) => v.id.startsWith('threshold:http_req_failed'))?.status).toBe('fail');
    const junit = readFileSync(join(dir, 'flaky', 'junit.xml'), 'utf8');
    expect(junit).toContain('name="s (repetition 1/3)"');
    expect(junit).toContain('name="s (repetition 2/3)"');
    expect(junit).toContain('name="s (repetition 3/3)"');
    const gate = JSON.parse(readFileSync(join(dir, 'flaky', 'gate.json'), 'utf8')) as { exitCode: number };
    expect(gate.exitCode).toBe(4);
  });

  it('refuses --repeat 0', async () => {
    const res = await runCli(['run', 'scenarios/default.yaml', '--repeat', '0']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/at least 1/);
  });
});
