import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../src/results/index.js';
import { sampleProcess, type ProcSample } from './proc-stats.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** What one `faultline run` did, seen from outside. Times in ms since the process was spawned. */
export interface CliRun {
  wallMs: number;
  exitCode: number | null;
  /** Every output line with the time it arrived. */
  lines: { t: number; text: string }[];
  /** The runner process sampled every `sampleEveryMs`. */
  samples: ProcSample[];
  results: RunResults | null;
}

/**
 * Runs `faultline run` (the built CLI, a process of its own) on a scenario written to a temp
 * folder, timing its output lines and sampling its RSS and CPU time from /proc.
 */
export async function runCli(
  scenarioYaml: string,
  opts: { flags?: string[]; sampleEveryMs?: number; files?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-bench-run-'));
  try {
    for (const [name, text] of Object.entries(opts.files ?? {})) await writeFile(join(dir, name), text);
    await writeFile(join(dir, 'scenario.yaml'), scenarioYaml);
    const out = join(dir, 'out');
    const start = performance.now();
    const child = spawn(
      process.execPath,
      [CLI, 'run', join(dir, 'scenario.yaml'), '--out', out, ...(opts.flags ?? [])],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: CliRun['lines'] = [];
    const collect = (chunk: Buffer): void => {
      const t = performance.now() - start;
      for (const text of chunk.toString().split('\n')) if (text.trim()) lines.push({ t, text });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const samples: ProcSample[] = [];
    const sample = (): void => {
      const s = sampleProcess(child.pid!, performance.now() - start);
      if (s) samples.push(s);
    };
    const sampler = setInterval(sample, opts.sampleEveryMs ?? 500);
    const killer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 300_000);
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const wallMs = performance.now() - start;
    clearInterval(sampler);
    clearTimeout(killer);
    const results = await readFile(join(out, 'results.json'), 'utf8')
      .then((t) => JSON.parse(t) as RunResults)
      .catch(() => null);
    return { wallMs, exitCode, lines, samples, results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** ms at which the first line matching `re` arrived; NaN if none did. */
export function lineAt(run: CliRun, re: RegExp): number {
  return run.lines.find((l) => re.test(l.text))?.t ?? NaN;
}

/** CPU used by the runner between two moments, in percent of one core. */
export function cpuPercent(run: CliRun, fromMs: number, toMs: number): number {
  const a = run.samples.find((s) => s.t >= fromMs);
  const b = [...run.samples].reverse().find((s) => s.t <= toMs);
  if (!a || !b || b.t <= a.t) return NaN;
  return (100 * (b.cpuMs - a.cpuMs)) / (b.t - a.t);
}

/** Highest VmHWM seen. */
export function peakMb(run: CliRun): number {
  // A sample taken while the process exits may lack the fields.
  return Math.max(...run.samples.map((s) => s.hwmMb).filter(Number.isFinite));
}
