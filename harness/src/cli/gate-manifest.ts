import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Outcome } from '../results/index.js';
import type { Shard } from './shard.js';
import type { RepeatVerdict } from './repeat-verdict.js';

/** Written into the folder of every gate of several runs, and read by `faultline merge`. */
export const GATE_FILE = 'gate.json';
export const GATE_SCHEMA_VERSION = 1;

/** What a gate ran, so that the shards of one gate can be joined and those of two never are. */
export interface GateManifest {
  gateSchemaVersion: number;
  /** The whole set the gate (or its shards) was drawn from: the files and a hash of their texts. */
  scenarioSet: { id: string; files: string[] };
  shard?: Shard;
  outcome: Outcome;
  exitCode: number;
  /** Each run's folder is relative to the gate's folder. */
  runs: { file: string; scenario: string; folder: string; exitCode: number }[];
  /** Scenario files of this gate (or shard) not run because it was interrupted. */
  notRun: string[];
  /** Under `run --repeat N`: each scenario's verdict over its repetitions. */
  repeats?: ({ file: string } & RepeatVerdict)[];
}

/** The id of a set of scenarios: the same files with the same texts give the same id. */
export function scenarioSetOf(
  scenarios: readonly { file: string; source: string }[],
): GateManifest['scenarioSet'] {
  const files = scenarios.map((s) => s.file).sort();
  const lines = [...scenarios]
    .map((s) => `${s.file}\0${createHash('sha256').update(s.source).digest('hex')}`)
    .sort();
  return { id: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16), files };
}

export async function writeGateManifest(dir: string, manifest: GateManifest): Promise<void> {
  await writeFile(join(dir, GATE_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function readGateManifest(dir: string): Promise<GateManifest> {
  return JSON.parse(await readFile(join(dir, GATE_FILE), 'utf8')) as GateManifest;
}
