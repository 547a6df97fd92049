import { cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Command } from 'commander';
import { ExitCode, FaultlineError } from '../errors/index.js';
import {
  colorWanted,
  renderJunit,
  renderSummaryMarkdown,
  renderTerminalSummary,
  SUMMARY_MAX_BYTES,
  writeRunIndex,
} from '../report/index.js';
import { readResults, type RunResults } from '../results/index.js';
import { mostSeriousExitCode } from './exit-ranking.js';
import { allExploreMaps, mergeExploreFolders } from './merge-explore.js';
import {
  GATE_SCHEMA_VERSION,
  readGateManifest,
  writeGateManifest,
  type GateManifest,
} from './gate-manifest.js';
import { timestamp } from './timestamp.js';

interface MergeFlags {
  out?: string;
}

/**
 * `faultline merge <gate folders...>`: joins the outputs of a gate's shards (each `run --shard i/n
 * --out <folder>`) into one gate: one exit code by the same ranking as a single gate, one run
 * index, one junit.xml, one summary.md, one gate.json. Refuses (exit 2, naming the folders or
 * files) shards of different scenario sets, a missing or repeated shard, and results of a
 * schemaVersion this faultline does not read.
 */
export function mergeCommand(): Command {
  return new Command('merge')
    .description(
      'join the output folders of a gate run in shards (run --shard i/n) into one gate, or of an exploration (explore --shard i/n) into one map',
    )
    .argument('<folders...>', 'output folders of the shards (each holds gate.json, or explore.json)')
    .option('--out <dir>', 'where the merged gate is written (default reports/merged-<UTC timestamp>)')
    .action(async (folders: string[], flags: MergeFlags) => {
      process.exitCode = await merge(folders, flags);
    });
}

interface Gate {
  folder: string;
  manifest: GateManifest;
  results: { run: GateManifest['runs'][number]; results: RunResults }[];
}

async function merge(folders: readonly string[], flags: MergeFlags): Promise<number> {
  if (await allExploreMaps(folders))
    return mergeExploreFolders(
      folders,
      resolve(flags.out ?? join('reports', `merged-explore-${timestamp()}`)),
    );
  const gates = await Promise.all(folders.map(readGate));
  refuseMismatches(gates);
  const out = resolve(flags.out ?? join('reports', `merged-${timestamp()}`));
  await mkdir(out, { recursive: true });

  const runs: GateManifest['runs'] = [];
  const all: RunResults[] = [];
  const used = new Set<string>();
  for (const gate of gates) {
    for (const { run, results } of gate.results) {
      // Each run's folder is copied whole, so the merged gate opens on its own (report.html too).
      let name = basename(run.folder);
      for (let n = 2; used.has(name); n++) name = `${basename(run.folder)}-${n}`;
      used.add(name);
      await cp(join(gate.folder, run.folder), join(out, name), { recursive: true });
      runs.push({ ...run, folder: name });
      all.push(results);
    }
  }
  const notRun = gates.flatMap((g) => g.manifest.notRun);
  // Each shard's exit code already ranks its runs (and the flakiness of its repetitions).
  const exitCode = mostSeriousExitCode(gates.map((g) => g.manifest.exitCode));
  const outcome = gates.find((g) => g.manifest.exitCode === exitCode)?.manifest.outcome ?? 'passed';
  const repeats = gates.flatMap((g) => g.manifest.repeats ?? []);
  await writeFile(join(out, 'junit.xml'), renderJunit(all));
  const share = Math.floor(SUMMARY_MAX_BYTES / Math.max(1, all.length));
  await writeFile(join(out, 'summary.md'), all.map((r) => renderSummaryMarkdown(r, share)).join('\n'));
  await writeGateManifest(out, {
    gateSchemaVersion: GATE_SCHEMA_VERSION,
    scenarioSet: gates[0]!.manifest.scenarioSet,
    outcome,
    exitCode,
    runs,
    notRun,
    ...(repeats.length > 0 ? { repeats } : {}),
  });
  const index = await writeRunIndex(out);

  const color = colorWanted(process.env, process.stdout.isTTY === true);
  for (const r of all) process.stdout.write(`${renderTerminalSummary(r, { color }).split('\n')[0] ?? ''}\n`);
  if (notRun.length > 0) process.stdout.write(`not run (a shard was interrupted): ${notRun.join(', ')}\n`);
  process.stdout.write(
    `merged ${gates.length} shard${gates.length === 1 ? '' : 's'}, ${all.length} runs: exit ${exitCode}\nindex: ${index}\n`,
  );
  return exitCode;
}

async function readGate(folder: string): Promise<Gate> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new FaultlineError(`${folder}: no such folder`, ExitCode.invalidInput);
  let manifest: GateManifest;
  try {
    manifest = await readGateManifest(folder);
  } catch {
    throw new FaultlineError(
      `${folder}: no readable gate.json`,
      ExitCode.invalidInput,
      'give the --out folders of `faultline run --shard i/n` (or of a run of several scenarios)',
    );
  }
  if (manifest.gateSchemaVersion !== GATE_SCHEMA_VERSION) {
    throw new FaultlineError(
      `${join(folder, 'gate.json')}: gateSchemaVersion ${manifest.gateSchemaVersion}, this faultline reads ${GATE_SCHEMA_VERSION}`,
      ExitCode.invalidInput,
    );
  }
  const results = await Promise.all(
    manifest.runs.map(async (run) => {
      const file = join(folder, run.folder, 'results.json');
      try {
        return { run, results: await readResults(file) };
      } catch (err) {
        // readResults names the file when it refuses another schemaVersion.
        const message = (err as Error).message;
        throw new FaultlineError(
          message.startsWith(file) ? message : `${file}: ${message}`,
          ExitCode.invalidInput,
        );
      }
    }),
  );
  return { folder, manifest, results };
}

/** Shards of one gate only: one scenario set, each shard once and none missing. */
function refuseMismatches(gates: readonly Gate[]): void {
  const sets = new Set(gates.map((g) => g.manifest.scenarioSet.id));
  if (sets.size > 1) {
    throw new FaultlineError(
      `these folders ran different sets of scenarios:\n${gates.map((g) => `  ${g.folder}: ${g.manifest.scenarioSet.files.join(', ')} (set ${g.manifest.scenarioSet.id})`).join('\n')}`,
      ExitCode.invalidInput,
      'merge only the shards of one `faultline run --shard i/n` over the same scenario files',
    );
  }
  const counts = new Set(gates.map((g) => g.manifest.shard?.count ?? 1));
  const indexes = gates.map((g) => g.manifest.shard?.index ?? 1);
  const count = [...counts][0]!;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.includes(i));
  const repeated = indexes.filter((i, at) => indexes.indexOf(i) !== at);
  if (counts.size > 1 || missing.length > 0 || repeated.length > 0) {
    const shards = gates.map(
      (g) =>
        `  ${g.folder}: shard ${g.manifest.shard ? `${g.manifest.shard.index}/${g.manifest.shard.count}` : '(none)'}`,
    );
    throw new FaultlineError(
      `the shards do not make one whole gate${missing.length ? ` (missing: ${missing.map((i) => `${i}/${count}`).join(', ')})` : ''}${repeated.length ? ` (repeated: ${repeated.map((i) => `${i}/${count}`).join(', ')})` : ''}:\n${shards.join('\n')}`,
      ExitCode.invalidInput,
      'give each shard i/n of the gate exactly once',
    );
  }
}
