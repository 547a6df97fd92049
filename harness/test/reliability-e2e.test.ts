import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, processesOfRun, readResults, repoRoot, runCli, tempDir } from './cli-helper.js';

/** A run long enough to be caught in any phase: start-up, two overlapping faults (one a freeze), rollback. */
const scenario = `
name: reliability
mesh: sample
load:
  warmup: 1s
  duration: 8s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 30/s, timeout: 1s }
    - { name: checkout, request: POST /api/orders, body: { sku: sku-1, qty: 1 }, rate: 10/s, timeout: 2s }
faults:
  - { name: slow-payments, type: latency, edge: orders->payments, at: 1s, for: 6s, latency: 500ms }
  - { name: frozen-inventory, type: freeze, service: inventory, at: 2s, for: 4s }
checks:
  thresholds:
    "http_req_failed{route:catalog}": ["rate<0.5"]
`;

interface Started {
  child: ChildProcess;
  out: string;
  home: string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startRun(): Started {
  const dir = tempDir({ 'reliability.yaml': scenario });
  const home = join(dir, 'home');
  const out = join(dir, 'out');
  const child = spawn(process.execPath, [cliPath, 'run', join(dir, 'reliability.yaml'), '--out', out], {
    cwd: repoRoot,
    env: { ...process.env, FAULTLINE_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void exit.then(() => clearTimeout(timer));
  return { child, out, home, stderr: () => stderr, exit };
}

/** Resolves once the run's progress output matches `pattern` (bounded by `timeoutMs`). */
async function waitFor(run: Started, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.stderr())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${pattern}; output so far:\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function runIdOf(out: string): string {
  return (JSON.parse(readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n')[0]!) as { runId: string })
    .runId;
}

/** States of the run's processes from /proc: `T` means stopped (frozen). */
function processStates(runId: string): string[] {
  return processesOfRun(runId).map((pid) => {
    try {
      return /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '?';
    } catch {
      return 'gone';
    }
  });
}

describe('interrupting a run', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} mid-fault rolls everything back, reports the run as interrupted and exits ${code}`, async () => {
      const run = startRun();
      await waitFor(run, /fault "frozen-inventory" applied/);
      run.child.kill(signal);
      const { code: exitCode } = await run.exit;
      expect(exitCode, run.stderr()).toBe(code);
      const results = readResults(run.out);
      expect(results.outcome).toBe('interrupted');
      expect(results.faults.every((f) => f.appliedAtMs === null || f.revertedAtMs !== null)).toBe(true);
      expect(existsSync(join(run.out, 'report.html'))).toBe(true);
      expect(readFileSync(join(run.out, 'report.html'), 'utf8')).toMatch(/interrupted/i);
      expect(processesOfRun(results.run.id)).toEqual([]);
      // a clean finish leaves no ledger for cleanup to find
      expect(readdirSync(join(run.home, 'runs'))).toEqual([]);
    });
  }
});

describe('faultline cleanup after the runner was killed with SIGKILL', () => {
  const moments: [string, RegExp][] = [
    ['during start-up', /starting mesh/],
    ['while a service is frozen', /fault "frozen-inventory" applied/],
    ['during rollback', /rolling back/],
  ];
  for (const [when, pattern] of moments) {
    it(`undoes everything left ${when}`, async () => {
      const run = startRun();
      await waitFor(run, pattern);
      // A random extra delay, so the kill lands at a different instant on each run.
      await new Promise((r) => setTimeout(r, Math.random() * 150));
      run.child.kill('SIGKILL');
      await run.exit;
      const runId = runIdOf(run.out);

      const cleanup = await runCli(['cleanup'], { env: { FAULTLINE_HOME: run.home }, timeoutMs: 30_000 });
      expect(cleanup.code, cleanup.stdout + cleanup.stderr).toBe(0);
      // Rollback can finish within the kill's random delay; the run then closed its own ledger,
      // and cleanup rightly finds nothing. Either way, nothing may be left (asserted below).
      const finished = readFileSync(join(run.out, 'ledger.jsonl'), 'utf8').includes('"event":"finished"');
      expect(cleanup.stdout).toContain(
        finished ? 'nothing to clean up' : `cleaned up unfinished run ${runId}`,
      );
      if (when !== 'during rollback') expect(finished).toBe(false);
      // processes may take a moment to be reaped after SIGKILL
      for (let i = 0; i < 50 && processesOfRun(runId).length > 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(processStates(runId)).toEqual([]);
      expect(readdirSync(join(run.home, 'runs'))).toEqual([]);

      const again = await runCli(['cleanup'], { env: { FAULTLINE_HOME: run.home } });
      expect(again.stdout).toContain('nothing to clean up');
    });
  }
});
