import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, runCli } from './cli-helper.js';

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: Step[] }>;
}

describe('examples/ci/sharded-gate.yml', () => {
  const workflow = parse(readFileSync(join(repoRoot, 'examples/ci/sharded-gate.yml'), 'utf8')) as Workflow;
  const shardJob = workflow.jobs.shard!;
  const shards = shardJob.strategy!.matrix.shard;
  const runLine = shardJob.steps.find((s) => s.run?.includes('faultline run'))!.run!;
  const mergeLine = workflow.jobs.gate!.steps.find((s) => s.run?.includes('faultline merge'))!.run!;

  it('runs every shard i/n of one n, and merges exactly those n outputs after all of them', () => {
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    expect(runLine).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    expect(workflow.jobs.gate!.needs).toBe('shard');
    const upload = shardJob.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    const download = workflow.jobs.gate!.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    const folders = shards.map(
      (i) => `${download.with!.path}/${upload.with!.name!.replace('${{ matrix.shard }}', String(i))}`,
    );
    expect(mergeLine.split(/\s+/).filter((w) => w.startsWith(`${download.with!.path}/`))).toEqual(folders);
  });

  it('uses only options the CLI has', async () => {
    const runHelp = await runCli(['run', '--help']);
    const mergeHelp = await runCli(['merge', '--help']);
    for (const option of runLine.match(/--[a-z-]+/g) ?? []) expect(runHelp.stdout).toContain(option);
    for (const option of mergeLine.match(/--[a-z-]+/g) ?? []) expect(mergeHelp.stdout).toContain(option);
  });
});
