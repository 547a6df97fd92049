import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { calibrate, groupRuns, type Calibration } from '../checks/index.js';
import { startedChildren } from '../children/index.js';
import { ExitCode, FaultlineError } from '../errors/index.js';
import type { RunResults } from '../results/index.js';
import { calibrationTable } from './calibration-table.js';
import { integer } from './options.js';
import { timestamp } from './timestamp.js';
import { loadValidScenario } from './load-valid-scenario.js';
import { withProposedLimits } from './proposed-limits.js';

interface CalibrateFlags {
  runs: number;
  broken?: Record<string, string>;
  platform: string;
  out?: string;
  write?: string;
}

/**
 * `faultline calibrate <scenario>`: runs the scenario N times on the system as it is and N times
 * on a broken variant, and says for every check what each measured, whether its limit separates
 * the two with margin, and which limit would. Exit 0 when no limit is flagged, 1 when one is.
 */
export function calibrateCommand(): Command {
  return new Command('calibrate')
    .description(
      'run a scenario several times on the system as it is and on a broken variant, and propose limits that separate them with margin',
    )
    .argument('<scenario>', 'scenario YAML file')
    .option('--runs <n>', 'runs of each variant', positive, 3)
    .option(
      '--broken <KEY=VALUE>',
      'environment of the broken variant, passed to the services (repeatable), e.g. MESH_BREAKER=off',
      brokenEnv,
    )
    .option('--platform <name>', 'where services run (as for run)', 'local')
    .option('--out <dir>', 'where the runs are kept (default reports/<name>-calibrate-<UTC timestamp>)')
    .option('--write <file>', 'write a copy of the scenario with the proposed limits of the flagged checks')
    .action(async (file: string, flags: CalibrateFlags) => {
      process.exitCode = await runCalibration(file, flags);
    });
}

async function runCalibration(file: string, flags: CalibrateFlags): Promise<number> {
  const { scenario } = await loadValidScenario(file);
  const outDir = resolve(flags.out ?? join('reports', `${scenario.name}-calibrate-${timestamp()}`));
  const brokenEnvironment = flags.broken ?? {};
  const brokenWanted = Object.keys(brokenEnvironment).length > 0;
  const interrupted = { signal: undefined as NodeJS.Signals | undefined };
  const current: { run?: number } = {};
  // The run in progress has a process group of its own (a terminal's Ctrl-C does not reach it):
  // each signal is passed on, so it rolls back, or forces its exit on a later Ctrl-C, as `run` does.
  const onSignal = (sig: NodeJS.Signals): void => {
    interrupted.signal ??= sig;
    if (current.run !== undefined) signalGroup(current.run, sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const healthy: RunResults[] = [];
    const broken: RunResults[] = [];
    const variants: [string, Record<string, string>, RunResults[]][] = [['healthy', {}, healthy]];
    if (brokenWanted) variants.push(['broken', brokenEnvironment, broken]);
    for (const [label, env, into] of variants) {
      for (let i = 1; i <= flags.runs; i++) {
        // A run in progress got the signal passed on (see onSignal) and rolled back.
        if (interrupted.signal)
          return interrupted.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
        const runDir = join(outDir, `${label}-${i}`);
        const started = Date.now();
        const { code, results } = await runOnce(file, runDir, env, flags.platform, (pid) => {
          current.run = pid;
        });
        current.run = undefined;
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stderr.write(`${label} ${i}/${flags.runs}: exit ${code} (${seconds} s) ${runDir}\n`);
        if (results === undefined || results.verdicts.length === 0) {
          if (interrupted.signal) continue;
          throw new FaultlineError(
            `the ${label} run ${i} produced no verdicts (exit ${code}); see ${runDir}`,
            ExitCode.runFailed,
          );
        }
        into.push(results);
      }
    }
    if (interrupted.signal)
      return interrupted.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
    const calibrations = groupRuns(
      healthy.map((r) => r.verdicts),
      broken.map((r) => r.verdicts),
    ).map(calibrate);
    process.stdout.write(`${calibrationTable(calibrations, { broken: brokenWanted })}\n`);
    if (flags.write) await writeProposals(file, flags.write, calibrations);
    return calibrations.some((c) => c.flags.length > 0) ? ExitCode.checkFailed : ExitCode.passed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** One `faultline run` of the scenario as a user would start it; its results.json when written. */
async function runOnce(
  file: string,
  outDir: string,
  env: Record<string, string>,
  platform: string,
  onStart: (pid: number) => void,
): Promise<{ code: number | null; results?: RunResults }> {
  const cli = process.argv[1]!;
  const args = [cli, 'run', file, '--out', outDir, '--quiet', '--platform', platform];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    const forget = child.pid === undefined ? () => false : startedChildren.add(child.pid);
    if (child.pid !== undefined) onStart(child.pid);
    child.on('error', fail);
    child.on('close', (code) => {
      forget();
      done(code);
    });
  });
  try {
    return { code, results: JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')) as RunResults };
  } catch {
    return { code };
  }
}

async function writeProposals(source: string, target: string, calibrations: Calibration[]): Promise<void> {
  const { text, changed, skipped } = withProposedLimits(await readFile(source, 'utf8'), calibrations);
  await writeFile(target, text);
  process.stdout.write(
    `wrote ${target}: ${changed.length} limit${changed.length === 1 ? '' : 's'} changed` +
      (skipped.length ? `; change by hand: ${skipped.join(', ')}` : '') +
      '\n',
  );
}

function positive(value: string): number {
  const n = integer(value);
  if (n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function brokenEnv(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected KEY=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // the run has just ended
  }
}
