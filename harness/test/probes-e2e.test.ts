import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesOfRun, readResults, runCli } from './cli-helper.js';
import { tinyMeshDir, tinyScenario } from './tiny-mesh.js';

/** A loopback server answering a breaker state as JSON; the test sets the state. */
let server: Server;
let url = '';
let state = 'closed';
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ breaker: { state } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}/state`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A command fault that makes `marker` during [1s, 2s); the probes look at it and at the server. */
const scenario = (faultExit: number) =>
  tinyScenario({
    duration: '3s',
    extra: `faults:
  - { name: marked, type: command, at: 1s, for: 1s, apply: { run: [touch, marker] }, revert: { run: [rm, -f, marker] }, verify: { run: [test, -e, marker] } }
checks:
  probes:
    - name: marker
      command: { run: [test, -e, marker], timeout: 2s }
      every: 200ms
      expect:
        baseline: { exit: 1 }
        fault: { exit: ${faultExit} }
        recovery: { exit: 1 }
    - name: breaker
      http: { url: "URL" }
      every: 200ms
      expect:
        run: { status: 200, json: { pointer: /breaker/state, equals: closed } }
`,
  });

async function run(text: string) {
  const dir = tinyMeshDir({ 'scenario.yaml': text.replace('URL', url) });
  const out = join(dir, 'out');
  const res = await runCli(['run', join(dir, 'scenario.yaml'), '--out', out], {
    env: { FAULTLINE_HOME: join(dir, 'home') },
  });
  expect(res.stderr).not.toMatch(/unexpected error|internal error/);
  const results = readResults(out);
  expect(processesOfRun(results.run.id)).toEqual([]);
  return { ...res, out, results };
}

describe('checks.probes (end to end, tiny mesh)', () => {
  it('samples a command and an HTTP endpoint through the run and passes when every phase shows what it expects', async () => {
    const { code, results, stdout, stderr, out } = await run(scenario(0));
    expect(code, stdout + stderr).toBe(0);
    const probes = results.verdicts.filter((v) => v.kind === 'probe');
    expect(probes.map((v) => [v.id, v.status])).toEqual([
      ['probe:marker:baseline', 'pass'],
      ['probe:marker:fault', 'pass'],
      ['probe:marker:recovery', 'pass'],
      ['probe:breaker:run', 'pass'],
    ]);
    expect(probes.every((v) => (v.measured ?? 0) >= 2)).toBe(true);
    const marker = results.probes?.find((p) => p.name === 'marker');
    expect(marker?.target).toBe('test -e marker');
    expect(marker?.samples.some((s) => s.exit === 0)).toBe(true);
    expect(marker?.samples.some((s) => s.exit === 1)).toBe(true);
    expect(results.probes?.find((p) => p.name === 'breaker')?.samples[0]?.body).toEqual({
      breaker: { state: 'closed' },
    });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h3>marker: <code>test -e marker</code>');
    expect(html).toContain('<td>200 {&quot;breaker&quot;:{&quot;state&quot;:&quot;closed&quot;}}</td>');
  });

  it('fails (exit 1) when a phase shows something else, with the samples as evidence', async () => {
    state = 'open';
    try {
      const { code, results } = await run(scenario(1));
      expect(code).toBe(1);
      const fault = results.verdicts.find((v) => v.id === 'probe:marker:fault');
      expect(fault?.status).toBe('fail');
      expect(fault?.evidence).toMatch(/^0 of \d+ samples met it; t=1\.\ds: exit 0, not 1/);
      expect(results.verdicts.find((v) => v.id === 'probe:breaker:run')?.evidence).toContain(
        '/breaker/state was "open", not "closed"',
      );
    } finally {
      state = 'closed';
    }
  });
});
