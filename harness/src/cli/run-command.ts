import { Command, InvalidArgumentError } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { ExitCode, FaultlineError, formatIssue, InvalidInputError } from '../errors/index.js';
import type { Mesh } from '../mesh/index.js';
import type { Platform } from '../platform/index.js';
import { colorWanted, renderJunit, renderTerminalSummary } from '../report/index.js';
import type { RunResults } from '../results/index.js';
import { cleanupStaleRuns, runScenario } from '../runner/index.js';
import type { Scenario } from '../scenario/index.js';
import { printCleanup } from './cleanup-command.js';
import { mostSeriousExitCode } from './exit-ranking.js';
import { errorAnnotations, inGithubActions } from './github-actions.js';
import { GATE_SCHEMA_VERSION, scenarioSetOf, writeGateManifest } from './gate-manifest.js';
import { loadValidScenario } from './load-valid-scenario.js';
import { refuseHttpFaultsWithoutHttpToxics } from './toxiproxy-image-check.js';
import { durationOption } from './duration-option.js';
import { envAssignment, integer } from './options.js';
import {
  DEFAULT_BASE_IMAGE,
  DEFAULT_TOXIPROXY_IMAGE,
  composePlatform,
  IMAGE_FLAG_HELP,
  PLATFORM_NAMES,
  platformFactory,
  type PlatformFlags,
} from './platforms.js';
import { ProgressPrinter } from './progress-printer.js';
import { refuseRemoteTargets } from './remote-targets.js';
import { repeatVerdict, type RepeatVerdict } from './repeat-verdict.js';
import { reportRunFailure } from './run-failure.js';
import { refreshRunIndexes, writeRunOutputs } from './run-outputs.js';
import { scenarioFiles } from './scenario-files.js';
import { parseShard, shardOf, type Shard } from './shard.js';
import { terminalSafe } from './terminal-safe.js';
import { timestamp } from './timestamp.js';
import { onInterrupt } from './signals.js';
import { unfinishedRunResults } from './unfinished-run-results.js';
import { runVerdictJson, type GateVerdictJson, type RunVerdictJson } from './verdict-json.js';

export interface RunFlags extends PlatformFlags {
  out?: string;
  seed?: number;
  quiet?: boolean;
  json?: boolean;
  /** ms; see RunOptions.timeoutMs */
  timeout?: number;
  allowRemote?: boolean;
  /** `-e KEY=VALUE`: extra environment for every service, over the mesh file's `env`. */
  env?: Record<string, string>;
  shard?: Shard;
  repeat: number;
  /** A compose file run as the mesh of every scenario. */
  compose?: string;
  keepVolumes?: boolean;
}

/** Where runs go when `--out` is not given. */
const DEFAULT_REPORTS = 'reports';

export function runCommand(): Command {
  return new Command('run')
    .description('run scenarios as one gate: start the mesh, drive load, inject faults, judge, report')
    .argument('<scenarios...>', 'scenario YAML files, or folders (every *.yaml/*.yml in them, sorted)')
    .option('--platform <name>', `where services run: ${PLATFORM_NAMES.join(', ')}`, 'local')
    .option('--base-image <image>', IMAGE_FLAG_HELP.baseImage, DEFAULT_BASE_IMAGE)
    .option('--toxiproxy-image <image>', IMAGE_FLAG_HELP.toxiproxyImage, DEFAULT_TOXIPROXY_IMAGE)
    .option(
      '--out <dir>',
      'output folder: the run folder of one file, or the parent of one subfolder per scenario (default reports/)',
    )
    .option('--seed <n>', 'seed for every random choice (overrides the scenarios)', integer)
    .option(
      '-e, --env <KEY=VALUE>',
      "environment variable for every service, over the mesh file's env (repeatable, as k6's -e)",
      envAssignment,
    )
    .option('--quiet', 'print only the verdict')
    .option('--json', 'print the verdict summary as JSON on stdout; all other output goes to stderr')
    .option(
      '--timeout <duration>',
      'limit of each run, e.g. 10m; then the load stops, everything is rolled back and the run exits 3 (default: warm-up + duration + 2m)',
      durationOption,
    )
    .option(
      '--allow-remote',
      'allow load and faults to reach hosts other than 127.0.0.1, ::1 and localhost (external platform)',
    )
    .option(
      '--repeat <n>',
      'run each scenario n times: it passes only if every repetition passes, fails only if every one fails, and is otherwise inconclusive (exit 4) as flaky',
      atLeastOne,
      1,
    )
    .option(
      '--shard <i/n>',
      'run only the i-th of n slices of the scenarios, balanced by planned time; join the shards with faultline merge',
      parseShard,
    )
    .option(
      '--compose <file>',
      "run this docker-compose file as every scenario's mesh (instead of its mesh:)",
    )
    .option('--keep-volumes', "keep a compose system's named volumes after the run")
    .action(async (args: string[], flags: RunFlags) => {
      process.exitCode = await run(args, flags);
    });
}

interface Planned {
  file: string;
  /** Under `--repeat N`: which repetition this run is. */
  repetition?: { index: number; of: number };
  /** Warm-up and load, for balancing shards. */
  plannedMs: number;
  scenario: Scenario;
  mesh: Mesh;
  outDir: string;
}

/**
 * Validates every scenario first (nothing starts unless all are valid), then runs them in turn,
 * writes each run's outputs, and returns the gate's exit code: the most serious of the runs'.
 * An interrupt stops the sequence after the current run has rolled back and reported.
 */
async function run(args: string[], flags: RunFlags): Promise<number> {
  // Listening from the start: a signal during validation or stale-run cleanup ends the gate with
  // 130/143 as well, instead of killing the process outright.
  const interrupt = onInterrupt((line) => process.stderr.write(`${line}\n`));
  try {
    return await runGate(args, flags, interrupt.signal);
  } finally {
    interrupt.dispose();
  }
}

async function runGate(args: string[], flags: RunFlags, signal: AbortSignal): Promise<number> {
  const makePlatform = platformFactory(flags);
  const human = flags.json ? process.stderr : process.stdout;
  const { files, meshFiles, suite: several } = await scenarioFiles(args);
  if (files.length === 0) {
    throw new FaultlineError(
      `${meshFiles.join(', ')}: a mesh file, not a scenario`,
      ExitCode.invalidInput,
      'run the scenarios whose `mesh:` points at it; `faultline validate` checks mesh files',
    );
  }
  const valid = await validateAll(files, flags);
  if (!Array.isArray(valid)) {
    if (flags.json) printJson({ outcome: 'error', exitCode: valid, runs: [], notRun: files });
    return valid;
  }
  // Every shard validates the whole set, so an invalid scenario fails every shard alike.
  const scenarioSet = scenarioSetOf(valid.map((p) => p.scenario));
  const plan = repeated(flags.shard ? shardOf(valid, flags.shard) : valid, flags.repeat);
  const suite = several || flags.shard !== undefined || flags.repeat > 1;
  if (flags.shard && !flags.quiet) {
    process.stderr.write(
      `shard ${flags.shard.index}/${flags.shard.count}: ${plan.length} of ${valid.length} scenarios\n`,
    );
  }
  const root = resolve(flags.out ?? DEFAULT_REPORTS);
  placeRuns(plan, root, suite || flags.out === undefined, suite && flags.out !== undefined);

  const stale = await cleanupStaleRuns();
  if (stale.length > 0 && !flags.quiet) printCleanup(stale, (line) => process.stderr.write(`${line}\n`));
  const done: { results: RunResults; json: RunVerdictJson }[] = [];
  for (const [i, p] of plan.entries()) {
    if (signal.aborted) break;
    if (suite && !flags.quiet) process.stderr.write(`── ${i + 1}/${plan.length} ${p.file}\n`);
    const platform = p.mesh.compose ? composePlatform(flags) : makePlatform();
    const results = await runOne(p, flags, platform, signal);
    if (p.repetition) results.run.repetition = p.repetition;
    const written = await writeRunOutputs(p.outDir, results, plan.length);
    printVerdict(human, results, written.html, flags);
    done.push({ results, json: runVerdictJson(results, p.outDir, written.html) });
  }

  const repeats = repeatVerdicts(
    plan.slice(0, done.length),
    done.map((d) => d.results.exitCode),
  );
  for (const r of repeats)
    if (r.flaky && !flags.quiet) human.write(`${r.file}: ${r.flaky} (exit ${r.exitCode})\n`);
  const codes = flags.repeat > 1 ? repeats.map((r) => r.exitCode) : done.map((d) => d.results.exitCode);
  // Interrupted before some run even started (a run cut short says so in its own results).
  if (done.length < plan.length)
    codes.push(signal.reason === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted);
  const exitCode = mostSeriousExitCode(codes);
  let junit: string | undefined;
  const worst =
    done.find((d) => d.results.exitCode === exitCode)?.results.outcome ??
    (exitCode === ExitCode.inconclusive ? 'inconclusive' : 'passed');
  if (suite) {
    await mkdir(root, { recursive: true });
    junit = join(root, 'junit.xml');
    await writeFile(junit, renderJunit(done.map((d) => d.results)));
    if (!flags.quiet) human.write(`junit: ${junit}\n`);
    await writeGateManifest(root, {
      gateSchemaVersion: GATE_SCHEMA_VERSION,
      scenarioSet,
      ...(flags.shard ? { shard: flags.shard } : {}),
      outcome: worst,
      exitCode,
      runs: done.map((d, i) => ({
        file: plan[i]!.file,
        scenario: d.results.scenario.name,
        folder: relative(root, plan[i]!.outDir),
        exitCode: d.results.exitCode,
      })),
      notRun: plan.slice(done.length).map((p) => p.file),
      ...(flags.repeat > 1 ? { repeats } : {}),
    });
  }
  const indexes = await refreshRunIndexes(
    plan.slice(0, done.length).map((p) => p.outDir),
    suite ? root : undefined,
    resolve(DEFAULT_REPORTS),
  );
  if (!flags.quiet) for (const index of indexes) human.write(`index: ${index}\n`);
  if (flags.json) {
    printJson({
      outcome: worst,
      exitCode,
      runs: done.map((d) => d.json),
      notRun: plan.slice(done.length).map((p) => p.file),
      ...(junit ? { junit } : {}),
      ...(flags.repeat > 1 ? { repeats } : {}),
    });
  }
  return exitCode;
}

/** Every file checked before anything starts; prints every issue. Returns the plan or an exit code. */
async function validateAll(files: readonly string[], flags: RunFlags): Promise<Planned[] | number> {
  const plan: Planned[] = [];
  let failed: number | undefined;
  for (const file of files) {
    try {
      const { scenario, mesh } = await loadValidScenario(file, flags.compose);
      for (const w of mesh.compose?.warnings ?? [])
        process.stderr.write(`warning: ${terminalSafe(formatIssue(w))}\n`);
      refuseRemoteTargets(
        mesh,
        flags.platform,
        flags.allowRemote === true,
        scenario.checks.probes ?? [],
        scenario.faults,
      );
      refuseHttpFaultsWithoutHttpToxics(scenario, mesh, flags);
      if (flags.seed !== undefined) scenario.seed = flags.seed;
      if (flags.env) for (const s of mesh.services) s.env = { ...s.env, ...flags.env };
      plan.push({
        file,
        scenario,
        mesh,
        outDir: '',
        plannedMs: scenario.load.warmupMs + scenario.load.durationMs,
      });
    } catch (err) {
      if (!(err instanceof FaultlineError)) throw err;
      failed ??= err.exitCode;
      process.stderr.write(
        `faultline: ${err instanceof InvalidInputError ? 'invalid input\n' : ''}${terminalSafe(err.message)}\n`,
      );
      if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
      if (err instanceof InvalidInputError && inGithubActions()) {
        // Annotations go to stdout, where the runner reads them, unless stdout is for JSON.
        (flags.json ? process.stderr : process.stdout).write(errorAnnotations(err.issues));
      }
    }
  }
  return failed ?? plan;
}

/**
 * Gives each run its folder: `--out` itself for one file; otherwise a subfolder per scenario,
 * `<name>` under an explicit `--out` of a gate, `<name>-<UTC timestamp>` under reports/.
 */
function placeRuns(plan: Planned[], root: string, subfolders: boolean, plainNames: boolean): void {
  const stamp = timestamp();
  const used = new Set<string>();
  for (const p of plan) {
    if (!subfolders) {
      p.outDir = root;
      continue;
    }
    const name0 = plainNames ? p.scenario.name : `${p.scenario.name}-${stamp}`;
    const base = p.repetition ? `${name0}-r${p.repetition.index}` : name0;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    p.outDir = join(root, name);
  }
}

async function runOne(
  p: Planned,
  flags: RunFlags,
  platform: Platform,
  signal: AbortSignal,
): Promise<RunResults> {
  const tty = process.stderr.isTTY === true;
  const progress = new ProgressPrinter({
    mode: flags.quiet ? 'quiet' : tty ? 'live' : 'plain',
    color: colorWanted(process.env, tty),
    durationS: p.scenario.load.durationMs / 1000,
    faults: p.scenario.faults,
    breakers: p.scenario.checks.breakers ?? [],
  });
  const startedAt = new Date();
  try {
    await mkdir(p.outDir, { recursive: true });
    return await runScenario({
      scenario: p.scenario,
      mesh: p.mesh,
      platform,
      outDir: p.outDir,
      log: (line) => progress.log(terminalSafe(line)),
      signal,
      timeoutMs: flags.timeout,
      onSecond: progress.onSecond,
      onObservation: progress.onObservation,
    });
  } catch (err) {
    const error = await reportRunFailure(basename(p.file), p.outDir, err, (line) => progress.log(line));
    return unfinishedRunResults(p.scenario, platform.name, startedAt, error);
  } finally {
    progress.done();
  }
}

function printVerdict(
  out: NodeJS.WritableStream & { isTTY?: boolean },
  r: RunResults,
  html: string,
  flags: RunFlags,
): void {
  const color = colorWanted(process.env, out.isTTY === true);
  const summary = renderTerminalSummary(r, { color });
  if (flags.quiet) {
    out.write(`${summary.split('\n')[0] ?? ''}\n`);
    return;
  }
  out.write(`${summary}\nreport: ${html}\n`);
}

function printJson(verdict: GateVerdictJson): void {
  process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
}

/** Each planned scenario `times` times in a row, each run knowing its repetition. */
function repeated(plan: readonly Planned[], times: number): Planned[] {
  if (times <= 1) return [...plan];
  return plan.flatMap((p) =>
    Array.from({ length: times }, (_, i) => ({ ...p, repetition: { index: i + 1, of: times } })),
  );
}

/** Each scenario's verdict over its repetitions, in plan order. */
function repeatVerdicts(
  plan: readonly Planned[],
  exitCodes: readonly number[],
): ({ file: string } & RepeatVerdict)[] {
  const byFile = new Map<string, number[]>();
  plan.forEach((p, i) => byFile.set(p.file, [...(byFile.get(p.file) ?? []), exitCodes[i]!]));
  return [...byFile].map(([file, codes]) => ({ file, ...repeatVerdict(codes) }));
}

function atLeastOne(value: string): number {
  const n = integer(value);
  if (n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}
