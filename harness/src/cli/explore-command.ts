import { Command, InvalidArgumentError } from 'commander';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ExitCode, FaultlineError, InvalidInputError } from '../errors/index.js';
import { needsHttpToxics } from '../faults/index.js';
import {
  enumerateFaults,
  faultId,
  OTHER_SHARD,
  renderExploreHtml,
  renderMap,
  replayFileName,
  replayScenario,
  runExploration,
  steadyStateFor,
  type ExploreResults,
  type ExploreScope,
  type LeftOut,
} from '../explore/index.js';
import { edgeName, edgesOf, meshFileFor, type Mesh } from '../mesh/index.js';
import { colorWanted } from '../report/index.js';
import { cleanupStaleRuns } from '../runner/index.js';
import {
  didYouMean,
  EXPLORE_DEFAULTS,
  EXPLORE_FAULT_TYPES,
  type ExploreFaultType,
  type FaultSpec,
  type Scenario,
} from '../scenario/index.js';
import { printCleanup } from './cleanup-command.js';
import { durationOption } from './duration-option.js';
import { ExploreProgress } from './explore-progress.js';
import { loadValidScenario } from './load-valid-scenario.js';
import { integer } from './options.js';
import {
  DEFAULT_BASE_IMAGE,
  DEFAULT_TOXIPROXY_IMAGE,
  IMAGE_FLAG_HELP,
  PLATFORM_NAMES,
  platformFactory,
  type PlatformFlags,
} from './platforms.js';
import { refuseRemoteTargets } from './remote-targets.js';
import { parseShard, shardOf, type Shard } from './shard.js';
import { onInterrupt } from './signals.js';
import { terminalSafe } from './terminal-safe.js';
import { httpToxicsMissing } from './toxiproxy-image-check.js';
import { timestamp } from './timestamp.js';

interface ExploreFlags extends PlatformFlags {
  out?: string;
  seed?: number;
  only: string[];
  faults?: ExploreFaultType[];
  budget?: number;
  quiet?: boolean;
  allowRemote?: boolean;
  shard?: Shard;
  depth: number;
  dryRun?: boolean;
}

export function exploreCommand(): Command {
  return new Command('explore')
    .description(
      'break every dependency of the system one at a time (each edge and service), judge each fault against the steady state, and map the result',
    )
    .argument(
      '<scenario>',
      'a scenario file: its mesh, load, slo: and optional explore: section (docs/explore.md)',
    )
    .option('--platform <name>', `where services run: ${PLATFORM_NAMES.join(', ')}`, 'local')
    .option('--base-image <image>', IMAGE_FLAG_HELP.baseImage, DEFAULT_BASE_IMAGE)
    .option('--toxiproxy-image <image>', IMAGE_FLAG_HELP.toxiproxyImage, DEFAULT_TOXIPROXY_IMAGE)
    .option('--out <dir>', 'output folder (default reports/explore-<scenario>-<UTC timestamp>)')
    .option('--seed <n>', 'seed of the order in which faults are tried (default the scenario seed)', integer)
    .option(
      '--only <target>',
      'explore only this edge or service, e.g. edge=orders->payments or service=inventory (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option(
      '--faults <types>',
      `only these fault types, comma-separated: ${EXPLORE_FAULT_TYPES.join(', ')}`,
      faultTypes,
    )
    .option(
      '--budget <duration>',
      'stop starting faults once this would be exceeded, e.g. 10m; lists the cells left out',
      durationOption,
    )
    .option(
      '--depth <n>',
      ' 1: single faults; 2: then pairs of them, pruned as Filibuster does',
      depthOption,
      1,
    )
    .option('--shard <i/n>', 'explore only the i-th of n slices of the faults', parseShard)
    .option(
      '--dry-run',
      'list the faults that would be tried and those left out (shard, platform), without starting anything',
    )
    .option('--quiet', 'print only the outcome line')
    .option(
      '--allow-remote',
      'allow load and faults to reach hosts other than this machine (external platform)',
    )
    .action(async (file: string, flags: ExploreFlags) => {
      process.exitCode = await explore(file, flags);
    });
}

function depthOption(value: string): number {
  if (value !== '1' && value !== '2') throw new InvalidArgumentError('expected 1 or 2');
  return Number(value);
}

function faultTypes(value: string): ExploreFaultType[] {
  const types = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of types) {
    if (!(EXPLORE_FAULT_TYPES as readonly string[]).includes(t))
      throw new InvalidArgumentError(`unknown fault type "${t}"; use ${EXPLORE_FAULT_TYPES.join(', ')}`);
  }
  return types as ExploreFaultType[];
}

/** `--only edge=a->b` / `--only service=s`, checked against the mesh. */
function scopeOf(flags: ExploreFlags, mesh: Mesh): ExploreScope {
  const scope: ExploreScope = { edges: [], services: [], faults: flags.faults ?? [] };
  const edges = edgesOf(mesh).map(edgeName);
  const services = mesh.services.map((s) => s.name);
  for (const only of flags.only) {
    const m = /^(edge|service)=(.+)$/.exec(only.trim());
    if (!m) throw badFlag(`--only ${only}: expected edge=<caller->upstream> or service=<name>`);
    const [, kind, name] = m as unknown as [string, 'edge' | 'service', string];
    const known = kind === 'edge' ? edges : services;
    if (!known.includes(name)) {
      const near = didYouMean(name, known);
      throw badFlag(
        `--only ${only}: mesh "${mesh.name}" has no ${kind} "${name}"${near ? `; did you mean "${near}"?` : ''} (${kind}s: ${known.join(', ')})`,
      );
    }
    (kind === 'edge' ? scope.edges : scope.services).push(name);
  }
  return scope;
}

function badFlag(message: string): FaultlineError {
  return new FaultlineError(message, ExitCode.invalidInput);
}

/**
 * Validates the scenario and the flags (nothing starts otherwise), explores, writes explore.json,
 * explore.html and a replay scenario per failing fault, prints the map; returns the exit code.
 */
async function explore(file: string, flags: ExploreFlags): Promise<number> {
  await refuseMeshFile(file);
  const { scenario, mesh } = await loadValidScenario(file);
  refuseRemoteTargets(mesh, flags.platform, flags.allowRemote === true);
  const settings = scenario.explore ?? EXPLORE_DEFAULTS;
  const steady = steadyStateFor(scenario);
  if (steady.issues.length > 0) throw new InvalidInputError(steady.issues);
  const scope = scopeOf(flags, mesh);
  const all = enumerateFaults(mesh, settings, scope);
  if (all.length === 0) throw badFlag('nothing to explore: --only and --faults leave no fault');
  let faults = all;
  const leftOut: LeftOut[] = [];
  if (flags.shard) {
    const mine = new Set(
      shardOf(
        all.map((f) => ({ file: faultId(f), plannedMs: settings.holdMs, f })),
        flags.shard,
      ).map((x) => x.f),
    );
    faults = all.filter((f) => mine.has(f));
    for (const f of all)
      if (!mine.has(f))
        leftOut.push({
          id: faultId(f),
          reason: `${OTHER_SHARD} than ${flags.shard.index}/${flags.shard.count}`,
        });
  }
  // Without HTTP toxics (Shopify's Toxiproxy image) HTTP faults cannot be applied: left out
  // and listed with the reason, as the budget's cells are, rather than refused as a run does.
  const missing = httpToxicsMissing(mesh, flags);
  if (missing !== undefined) {
    for (const f of faults.filter(needsHttpToxics))
      leftOut.push({ id: faultId(f), reason: `${f.type} ${missing}` });
    faults = faults.filter((f) => !needsHttpToxics(f));
  }
  if (flags.dryRun) {
    process.stdout.write(dryRun(faults, leftOut, Object.keys(steady.slo), mesh, flags));
    return ExitCode.passed;
  }
  const makePlatform = platformFactory(flags);
  const outDir = resolve(flags.out ?? join('reports', `explore-${scenario.name}-${timestamp()}`));
  await mkdir(outDir, { recursive: true });
  const stale = await cleanupStaleRuns();
  if (stale.length > 0 && !flags.quiet) printCleanup(stale, (line) => process.stderr.write(`${line}\n`));

  const progress = new ExploreProgress({
    mode: flags.quiet ? 'quiet' : process.stderr.isTTY ? 'live' : 'plain',
  });
  const interrupt = onInterrupt((line) => progress.log(line));
  let results: ExploreResults;
  try {
    progress.log(
      `exploring ${faults.length} faults on mesh "${mesh.name}" against ${Object.keys(steady.slo).join(', ')}; output ${outDir}`,
    );
    results = await runExploration({
      scenario,
      mesh,
      platform: makePlatform(),
      outDir,
      settings,
      steadyState: steady.slo,
      faults,
      leftOut,
      allFaults: all.map(faultId),
      seed: flags.seed ?? scenario.seed,
      budgetMs: flags.budget,
      depth: flags.depth === 2 ? 2 : 1,
      signal: interrupt.signal,
      log: (line) => progress.log(terminalSafe(line)),
      onProgress: (p) => progress.onProgress(p),
      ...(flags.shard ? { shard: flags.shard } : {}),
    });
  } finally {
    progress.done();
    interrupt.dispose();
  }
  await writeReplays(results, scenario, outDir, settings.settleMs, settings.holdMs, file);
  await writeFile(join(outDir, 'explore.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(outDir, 'explore.html'), renderExploreHtml(results));
  const color = colorWanted(process.env, process.stdout.isTTY === true);
  const map = renderMap(results, { color });
  if (flags.quiet) process.stdout.write(`${map.split('\n').pop()!}\n`);
  else process.stdout.write(`${map}\nmap: ${join(outDir, 'explore.html')}\n`);
  return results.exitCode;
}

/** `--dry-run`: the faults in the map's order, the cells they make, and what is left out. */
function dryRun(
  faults: readonly FaultSpec[],
  leftOut: readonly LeftOut[],
  routes: readonly string[],
  mesh: Mesh,
  flags: ExploreFlags,
): string {
  const lines = [
    `${faults.length} faults × ${routes.length} routes (${routes.join(', ')}) = ${faults.length * routes.length} cells on mesh "${mesh.name}", platform ${flags.platform}${flags.depth === 2 ? '; then pairs, pruned by the single faults’ results' : ''}:`,
    ...faults.map((f) => `  ${faultId(f)}`),
  ];
  if (leftOut.length > 0) {
    lines.push(`left out (${leftOut.length}):`);
    for (const l of leftOut) lines.push(`  ${l.id}: ${l.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A mesh file alone says what to break but not what "healthy" means: without load and a steady
 * state there is nothing to judge, so it is refused with what to write instead.
 */
async function refuseMeshFile(file: string): Promise<void> {
  let doc: unknown;
  try {
    doc = parse(await readFile(file, 'utf8'));
  } catch {
    return; // loadValidScenario reports it
  }
  if (doc && typeof doc === 'object' && 'services' in doc && !('load' in doc)) {
    throw new FaultlineError(
      `${file} is a mesh file: explore needs load to drive and a steady state to judge against`,
      ExitCode.invalidInput,
      `write a scenario with mesh: ${basename(file)}, load.routes and slo: (see examples/explore/checkout.yaml and docs/explore.md), and explore it`,
    );
  }
}

/** One replay scenario per failing fault, beside explore.json; the row records its file. */
async function writeReplays(
  results: ExploreResults,
  scenario: Scenario,
  outDir: string,
  settleMs: number,
  holdMs: number,
  file: string,
): Promise<void> {
  for (const row of results.rows.filter((r) => r.status === 'fail')) {
    const name = replayFileName(row);
    const text = replayScenario(row, scenario, results.steadyState, {
      settleMs,
      holdMs,
      meshPath: meshFileFor(scenario.mesh, file),
      outDir,
      unaffected: results.settings.unaffected,
    });
    await writeFile(join(outDir, name), text);
    row.replay = name;
  }
}
