import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { RunResults } from '../src/results/index.js';
import { processesOfRun } from '../src/runner/index.js';
import { tempDir } from './temp-dir.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = join(repoRoot, 'dist/harness/src/cli/main.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  onSpawn?: (pid: number) => void;
  /** Called with all stderr so far, each time more arrives. */
  onStderr?: (soFar: string, child: ChildProcess) => void;
}

/** How many times a run the instrument found unmeasurable is tried in all. */
const MEASURE_ATTEMPTS = 3;

/**
 * Runs the built CLI as a user would, with a bounded time. A `run` that ended inconclusive
 * because the instrument found the machine too busy to measure (exit 4 with a failed `instrument`
 * verdict) judged nothing about the system, so it is run again, up to 3 times in all: test files
 * run side by side and may crowd each other for a moment. Its last attempt is returned whatever
 * it says, so a test of the instrument itself still sees its exit 4.
 */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const out = args[0] === 'run' ? args[args.indexOf('--out') + 1] : undefined;
  for (let attempt = 1; ; attempt++) {
    const res = await spawnCli(args, opts);
    if (attempt === MEASURE_ATTEMPTS || out === undefined || !args.includes('--out')) return res;
    const outDir = resolve(opts.cwd ?? repoRoot, out);
    if (res.code !== 4 || !unmeasured(outDir)) return res;
    process.stderr.write(
      `faultline ${args.join(' ')}: the machine was too busy to measure; running it again\n`,
    );
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The run in this folder failed an instrument verdict: the machine, not the system, was judged. */
function unmeasured(outDir: string): boolean {
  const file = join(outDir, 'results.json');
  if (!existsSync(file)) return false;
  return readResults(outDir).verdicts.some((v) => v.kind === 'instrument' && v.status === 'fail');
}

function spawnCli(args: string[], opts: CliOptions): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      opts.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

export { tempDir };

export function readResults(outDir: string): RunResults {
  return JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as RunResults;
}

/** Pids of live processes whose environment carries this run id. */
export { processesOfRun };

/**
 * `faultline run <scenario>` into a fresh folder; asserts that nothing crashed and that no
 * process of the run is left, and returns the exit code, the output and results.json.
 */
export async function runScenario(
  scenario: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<{ code: number | null; out: string; outDir: string; results: RunResults }> {
  const outDir = tempDir();
  const res = await runCli(['run', scenario, '--out', outDir], { env, timeoutMs });
  expect(res.stderr).not.toMatch(/unexpected error|internal error/);
  const results = readResults(outDir);
  expect(processesOfRun(results.run.id)).toEqual([]);
  return { code: res.code, out: res.stdout + res.stderr, outDir, results };
}
