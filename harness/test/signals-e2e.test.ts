import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from './cli-helper.js';
import {
  listeningPorts,
  listeningPortsOf,
  processesLeft,
  runIdOf,
  signalGroup,
  sleep,
  startCli,
  startRun,
  waitFor,
  type StartedRun,
} from './interrupt-helper.js';
import { processesOfRun } from './cli-helper.js';
import { tinyMeshDir, tinyScenario } from './tiny-mesh.js';

/**
 * A back service that, started a second time (to undo a crash fault), takes 8 s to listen: the
 * rollback then lasts that long, leaving a wide window for a second Ctrl-C.
 */
const SLOW_RESTART = `
import http from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';
const again = existsSync('back-started');
writeFileSync('back-started', '');
setTimeout(() => {
  http.createServer((req, res) => res.end('back')).listen(Number(process.env.PORT), process.env.HOST);
}, again ? 8000 : 0);
process.on('SIGTERM', () => process.exit(0));
`;

const SLOW_RESTART_MESH = `
name: tiny
entry: front
services:
  front:
    command: [node, service.mjs]
    upstreams: { back: BACK_URL }
  back:
    command: [node, slow-restart.mjs]
`;

const scenario = tinyScenario({
  duration: '6s',
  extra: `faults:
  - { name: slow-back, type: latency, edge: front->back, at: 0s, for: 5s, latency: 50ms }
`,
});

const crashScenario = tinyScenario({
  duration: '6s',
  extra: `faults:
  - { name: slow-back, type: latency, edge: front->back, at: 0s, for: 5s, latency: 50ms }
  - { name: crash-back, type: crash, service: back, at: 300ms, for: 5s }
`,
});

/** A run of the tiny mesh in a session of its own, caught once its fault is applied. */
async function startCaught(
  files: Record<string, string> = {},
): Promise<{ run: StartedRun; runId: string; ports: number[] }> {
  const dir = tinyMeshDir({ 'scenario.yaml': scenario, ...files });
  const run = startRun(join(dir, 'scenario.yaml'), {
    out: join(dir, 'out'),
    home: join(dir, 'home'),
    cwd: dir,
    session: true,
  });
  await waitFor(run, /fault "slow-back" applied/);
  const runId = runIdOf(run.out)!;
  const ports = listeningPortsOf(processesOfRun(runId));
  // front, back, the Toxiproxy API and the front->back proxy at least
  expect(ports.length, run.stderr()).toBeGreaterThanOrEqual(4);
  return { run, runId, ports };
}

async function expectNothingLeft(runId: string, ports: number[]): Promise<void> {
  expect(await processesLeft(runId)).toEqual([]);
  const listening = listeningPorts();
  expect(ports.filter((p) => listening.has(p))).toEqual([]);
}

describe('Ctrl-C as a terminal sends it', () => {
  it('SIGINT to the run’s whole process group rolls back in order and exits 130', async () => {
    const { run, runId, ports } = await startCaught();
    signalGroup(run, 'SIGINT');
    const { code } = await run.exit;
    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).not.toMatch(/rollback failed/);
    expect(readResults(run.out).outcome).toBe('interrupted');
    await expectNothingLeft(runId, ports);
  });

  it('two SIGINTs a few ms apart count as one: the run rolls back and exits 130', async () => {
    const { run, runId, ports } = await startCaught();
    signalGroup(run, 'SIGINT');
    await sleep(5);
    signalGroup(run, 'SIGINT');
    const { code } = await run.exit;
    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).not.toMatch(/forced exit|rollback failed/);
    expect(readResults(run.out).outcome).toBe('interrupted');
    await expectNothingLeft(runId, ports);
  });

  it('a second Ctrl-C during a slow rollback forces the exit and kills every child first', async () => {
    const { run, runId, ports } = await startCaught({
      'slow-restart.mjs': SLOW_RESTART,
      'mesh.yaml': SLOW_RESTART_MESH,
      'scenario.yaml': crashScenario,
    });
    await waitFor(run, /fault "crash-back" applied/);
    const first = Date.now();
    signalGroup(run, 'SIGINT');
    await waitFor(run, /rolling back/, 10_000);
    const rollbackAt = Date.now();
    // After the one-second window, while the rollback waits for `back` to come back (8 s).
    await sleep(Math.max(first + 1300, rollbackAt + 100) - Date.now());
    expect(Date.now() - rollbackAt, 'the rollback would be over by now').toBeLessThan(7000);
    signalGroup(run, 'SIGINT');
    const { code } = await run.exit;
    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).toMatch(/forced exit/);
    await expectNothingLeft(runId, ports);
  });

  it('faultline calibrate passes a terminal’s Ctrl-C on to its run, which rolls back; it exits 130', async () => {
    const dir = tinyMeshDir({ 'scenario.yaml': scenario });
    const out = join(dir, 'out');
    const run = startCli(['calibrate', join(dir, 'scenario.yaml'), '--runs', '2', '--out', out], {
      out,
      home: join(dir, 'home'),
      cwd: dir,
      session: true,
    });
    // Runs are --quiet: wait for the first one's ledger, then for its services to listen.
    const deadline = Date.now() + 30_000;
    let runId: string | undefined;
    let ports: number[] = [];
    while (Date.now() < deadline && ports.length < 4) {
      runId = runIdOf(join(out, 'healthy-1'));
      if (runId) ports = listeningPortsOf(processesOfRun(runId));
      await sleep(50);
    }
    expect(ports.length, run.stderr()).toBeGreaterThanOrEqual(4);
    signalGroup(run, 'SIGINT');
    const { code } = await run.exit;
    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).toMatch(/healthy 1\/2: exit 130/);
    expect(run.stderr()).not.toMatch(/healthy 2\/2|rollback failed/);
    expect(readResults(join(out, 'healthy-1')).outcome).toBe('interrupted');
    await expectNothingLeft(runId!, ports);
  });
});
