import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, processesOfRun, readResults, repoRoot, runCli } from './cli-helper.js';
import { tinyMeshDir, tinyScenario } from './tiny-mesh.js';

/** A command fault as YAML flow: `sh -c` scripts, run in the scenario's folder. */
const commandFault = (f: {
  name: string;
  apply: string;
  revert: string;
  verify?: string;
  target?: string;
  at?: string;
  for?: string;
}): string =>
  `  - name: ${f.name}
    type: command
    at: ${f.at ?? '500ms'}
    for: ${f.for ?? '1s'}
${f.target ? `    target: ${f.target}\n` : ''}    apply: { run: [sh, -c, ${JSON.stringify(f.apply)}], timeout: 5s }
    revert: { run: [sh, -c, ${JSON.stringify(f.revert)}], timeout: 5s }
${f.verify ? `    verify: { run: [sh, -c, ${JSON.stringify(f.verify)}] }\n` : ''}`;

async function run(dir: string, home: string) {
  const out = join(dir, 'out');
  const res = await runCli(['run', join(dir, 'scenario.yaml'), '--out', out], {
    env: { FAULTLINE_HOME: home },
    timeoutMs: 60_000,
  });
  expect(res.stderr).not.toMatch(/unexpected error|internal error/);
  const results = readResults(out);
  expect(processesOfRun(results.run.id)).toEqual([]);
  return { ...res, out, results };
}

describe('command faults (end to end, tiny mesh)', () => {
  it('refuses a command fault with a shell string or an unknown target at its line:col (exit 2)', async () => {
    const faults = `faults:
  - { type: command, at: 1s, for: 1s, target: front->nowhere, apply: { run: "touch m" }, revert: { run: [rm, m] } }
`;
    const dir = tinyMeshDir({ 'scenario.yaml': tinyScenario({ extra: faults }) });
    const bad = await runCli(['validate', join(dir, 'scenario.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'scenario.yaml:9:77 faults[0].apply.run: expected a command as a list of strings, like [sh, -c, "tc qdisc add …"], got "touch m"',
    );
    const fixed = faults.replace('"touch m"', '[touch, m]');
    const dir2 = tinyMeshDir({ 'scenario.yaml': tinyScenario({ extra: fixed }) });
    const unknown = await runCli(['validate', join(dir2, 'scenario.yaml')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/scenario\.yaml:9:\d+ faults\[0\]\.target: unknown edge "front->nowhere"/);
  });

  it('runs apply, verify and revert with the run named in their environment; verify proves the effect, no verify is unproven', async () => {
    const faults = `faults:
${commandFault({
  name: 'marked',
  target: 'front->back',
  apply:
    'echo "$FAULTLINE_RUN_ID $FAULTLINE_FAULT $FAULTLINE_TARGET $FAULTLINE_PROXY $FAULTLINE_PHASE" > env.txt; touch marker',
  verify: 'test -e marker',
  revert: 'rm -f marker; echo reverted >> env.txt',
})}${commandFault({ name: 'unchecked', apply: 'touch other', revert: 'rm -f other' })}`;
    const dir = tinyMeshDir({ 'scenario.yaml': tinyScenario({ duration: '3s', extra: faults }) });
    const { code, out, results, stdout, stderr } = await run(dir, join(dir, 'home'));
    // unproven is not a failed precondition: the run passes, and says what was not proven
    expect(code, stdout + stderr).toBe(0);
    const [env, reverted] = readFileSync(join(dir, 'env.txt'), 'utf8').trim().split('\n');
    expect(env).toBe(`${results.run.id} marked front->back ${env!.split(' ')[3]} apply`);
    expect(env!.split(' ')[3]).toMatch(/\S/); // the edge's proxy name
    expect(reverted).toBe('reverted');
    expect(existsSync(join(dir, 'marker'))).toBe(false);
    expect(existsSync(join(dir, 'other'))).toBe(false);

    const effect = results.verdicts.find((v) => v.id === 'effect:marked');
    expect(effect).toMatchObject({ status: 'pass', limit: '`sh -c "test -e marker"` exits 0' });
    expect(results.verdicts.find((v) => v.id === 'effect-traffic:marked')?.status).toBe('pass');
    // nothing proves the second fault: no verdict passes for it, and results say it is unproven
    expect(results.verdicts.filter((v) => v.id.endsWith(':unchecked'))).toEqual([]);
    const unchecked = results.faults.find((f) => f.name === 'unchecked');
    expect(unchecked?.effect?.proof?.status).toBe('unproven');
    expect(results.warnings).toContainEqual(expect.stringMatching(/^fault "unchecked" is unproven/));
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(
      'fault &quot;unchecked&quot; is unproven',
    );

    // the revert was in the ledger before the apply ran
    const ledger = readFileSync(join(out, 'ledger.jsonl'), 'utf8');
    expect(ledger).toContain('"revertCommand":{"argv":["sh","-c","rm -f marker; echo reverted >> env.txt"]');
  });

  it('a verify that fails makes the run inconclusive (exit 4): the fault did not take effect', async () => {
    const faults = `faults:
${commandFault({ name: 'nothing', apply: 'true', verify: 'test -e never', revert: 'true' })}`;
    const dir = tinyMeshDir({ 'scenario.yaml': tinyScenario({ extra: faults }) });
    const { code, results } = await run(dir, join(dir, 'home'));
    expect(code).toBe(4);
    expect(results.verdicts.find((v) => v.id === 'effect:nothing')).toMatchObject({
      status: 'error',
      evidence: expect.stringContaining('`sh -c "test -e never"` exited 1') as string,
    });
  });

  it('an HTTP verify proves the effect once the endpoint answers as expected, and disproves it (exit 4) with the last answer when it never does', async () => {
    // A health endpoint of the test's own that turns open while the fault's marker file exists.
    let dir = '';
    const server = createServer((_req, res) => {
      const open = existsSync(join(dir, 'marker'));
      res.writeHead(open ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ state: open ? 'open' : 'closed' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    const httpFault = (name: string, apply: string) => `faults:
  - name: ${name}
    type: command
    at: 500ms
    for: 1s
    apply: { run: [sh, -c, ${JSON.stringify(apply)}] }
    revert: { run: [rm, -f, marker] }
    verify: { http: "${url}", expect: { status: 503, json: { pointer: /state, equals: open } }, timeout: 1s }
`;
    const limit = `GET ${url} answers status 503, /state = "open"`;
    try {
      dir = tinyMeshDir({ 'scenario.yaml': tinyScenario({ extra: httpFault('tripped', 'touch marker') }) });
      const proven = await run(dir, join(dir, 'home'));
      expect(proven.code, proven.stdout + proven.stderr).toBe(0);
      expect(proven.results.faults.find((f) => f.name === 'tripped')?.effect?.proof).toMatchObject({
        status: 'proven',
        by: `GET ${url}`,
        expects: 'answers status 503, /state = "open"',
      });
      expect(proven.results.verdicts.find((v) => v.id === 'effect:tripped')).toMatchObject({
        status: 'pass',
        limit,
        evidence: expect.stringMatching(
          /answered status 503, \/state = "open" after 1 try in \d+ ms$/,
        ) as string,
      });
      expect(existsSync(join(dir, 'marker'))).toBe(false);

      dir = tinyMeshDir({ 'scenario.yaml': tinyScenario({ extra: httpFault('idle', 'true') }) });
      const disproven = await run(dir, join(dir, 'home'));
      expect(disproven.code, disproven.stdout + disproven.stderr).toBe(4);
      expect(disproven.results.faults.find((f) => f.name === 'idle')?.effect?.proof?.status).toBe(
        'disproven',
      );
      expect(disproven.results.verdicts.find((v) => v.id === 'effect:idle')).toMatchObject({
        status: 'error',
        limit,
        evidence: expect.stringMatching(
          /^the fault did not take effect: verify GET \S+: no answer met status 503, \/state = "open" in \d+ ms \(\d+ tries\); the last: status 200, not 503$/,
        ) as string,
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('an apply that fails is rolled back with its revert, and the run exits 3 naming the command and its output', async () => {
    const faults = `faults:
${commandFault({ name: 'broken', apply: 'touch half-done; echo no such table >&2; exit 7', revert: 'rm -f half-done' })}`;
    const dir = tinyMeshDir({ 'scenario.yaml': tinyScenario({ extra: faults }) });
    const { code, results } = await run(dir, join(dir, 'home'));
    expect(code).toBe(3);
    expect(results.errors).toContainEqual(
      'fault "broken": apply `sh -c "touch half-done; echo no such table >&2; exit 7"` exited 7; last output: no such table; rolled back with its revert',
    );
    expect(existsSync(join(dir, 'half-done'))).toBe(false);
  });

  it('a revert that fails ends the run with exit 5, naming what may be left', async () => {
    const faults = `faults:
${commandFault({ name: 'sticky', apply: 'touch stuck', revert: 'echo permission denied; exit 1' })}`;
    const dir = tinyMeshDir({ 'scenario.yaml': tinyScenario({ extra: faults }) });
    const { code, results } = await run(dir, join(dir, 'home'));
    expect(code).toBe(5);
    expect(results.errors.join('\n')).toContain(
      'revert `sh -c "echo permission denied; exit 1"` exited 1; last output: permission denied; what `sh -c "touch stuck"` did may still be in place',
    );
  });

  it('after a SIGKILL of the run mid-fault, `faultline cleanup` runs the revert', async () => {
    const faults = `faults:
${commandFault({ name: 'held', apply: 'touch marker', revert: 'rm -f marker', at: '0s', for: '30s' })}`;
    const dir = tinyMeshDir({ 'scenario.yaml': tinyScenario({ duration: '40s', extra: faults }) });
    const home = join(dir, 'home');
    const child = spawn(
      process.execPath,
      [cliPath, 'run', join(dir, 'scenario.yaml'), '--out', join(dir, 'out')],
      {
        cwd: repoRoot,
        env: { ...process.env, FAULTLINE_HOME: home, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/fault "held" applied/.test(stderr)) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    clearTimeout(killer);
    expect(stderr).toMatch(/fault "held" applied/);
    expect(existsSync(join(dir, 'marker'))).toBe(true);

    const cleanup = await runCli(['cleanup'], { env: { FAULTLINE_HOME: home }, timeoutMs: 30_000 });
    expect(cleanup.code, cleanup.stdout + cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toContain('ran the revert of fault "held" (`sh -c "rm -f marker"`)');
    expect(existsSync(join(dir, 'marker'))).toBe(false);
    const again = await runCli(['cleanup'], { env: { FAULTLINE_HOME: home } });
    expect(again.stdout).toContain('nothing to clean up');
  });
});
