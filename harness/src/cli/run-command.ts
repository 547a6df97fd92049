import { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { LocalPlatform, type Platform } from '../platform/index.js';
import { renderTerminalSummary, writeReports } from '../report/index.js';
import { writeResults } from '../results/index.js';
import { cleanupStaleRuns, runScenario } from '../runner/index.js';
import { printCleanup } from './cleanup-command.js';
import { loadValidScenario } from './load-valid-scenario.js';
import { ProgressPrinter } from './progress-printer.js';
import { integer } from './options.js';
import { onInterrupt } from './signals.js';

export interface RunFlags {
  platform: string;
  out?: string;
  seed?: number;
  quiet?: boolean;
}

const platforms: Record<string, () => Platform> = {
  local: () => new LocalPlatform(),
};

export function runCommand(): Command {
  return new Command('run')
    .description('run a scenario: start the mesh, drive load, inject faults, judge, report')
    .argument('<scenario>', 'scenario YAML file')
    .option('--platform <name>', `where services run: ${Object.keys(platforms).join(', ')}`, 'local')
    .option('--out <dir>', 'output folder (default reports/<name>-<UTC timestamp>)')
    .option('--seed <n>', 'seed for every random choice (overrides the scenario)', integer)
    .option('--quiet', 'print only the verdict')
    .action(async (file: string, flags: RunFlags) => {
      process.exitCode = await run(file, flags);
    });
}

/** Validates, runs, writes every output, and returns the gate's exit code. */
async function run(file: string, flags: RunFlags): Promise<number> {
  const makePlatform = platforms[flags.platform];
  if (!makePlatform) {
    throw new FaultlineError(
      `unknown platform "${flags.platform}"`,
      ExitCode.invalidInput,
      `use one of: ${Object.keys(platforms).join(', ')}`,
    );
  }
  const { scenario, mesh } = await loadValidScenario(file);
  if (flags.seed !== undefined) scenario.seed = flags.seed;
  const outDir = resolve(flags.out ?? join('reports', `${scenario.name}-${timestamp()}`));
  await mkdir(outDir, { recursive: true });

  const progress = new ProgressPrinter(flags.quiet ?? false);
  const stale = await cleanupStaleRuns();
  if (stale.length > 0) printCleanup(stale, progress.log);
  const interrupt = onInterrupt(progress.log);
  try {
    const results = await runScenario({
      scenario,
      mesh,
      platform: makePlatform(),
      outDir,
      log: progress.log,
      signal: interrupt.signal,
      onSecond: progress.onSecond,
    });
    await writeResults(join(outDir, 'results.json'), results);
    await writeReports(outDir, results);
    const color = process.stdout.isTTY && !process.env.NO_COLOR;
    process.stdout.write(renderTerminalSummary(results, { color }) + '\n');
    process.stdout.write(`report: ${join(outDir, 'report.html')}\n`);
    return results.exitCode;
  } finally {
    interrupt.dispose();
  }
}

/** UTC, sortable and safe in a folder name: 20261126T102345Z */
function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
}
