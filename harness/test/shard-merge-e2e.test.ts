import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './cli-helper.js';
import { pathIn, tinyMeshDir, tinyScenario } from './tiny-mesh.js';

interface Gate {
  exitCode: number;
  runs: { scenario: string; folder: string; exitCode: number }[];
}

const readGate = (dir: string): Gate => JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8')) as Gate;

// The script that compares a library's whole and sharded gates decides what a gate decided; the
// test reads it the same way.
const { decisions } = (await import(join(repoRoot, 'harness/scripts/shard-compare.mjs'))) as {
  decisions(dir: string): Record<string, string[]>;
};

describe('sharded gates', () => {
  // Four short scenarios: one fails a check, the others pass.
  const dir = tinyMeshDir({
    'a.yaml': tinyScenario({
      name: 'a',
      extra: 'checks:\n  thresholds:\n    "http_req_failed": ["rate<0.5"]\n',
    }),
    'b.yaml': tinyScenario({
      name: 'b',
      duration: '3s',
      extra: 'checks:\n  thresholds:\n    "http_reqs": ["count>10"]\n',
    }),
    'c.yaml': tinyScenario({
      name: 'c',
      extra: 'checks:\n  thresholds:\n    "http_req_duration": ["p(99)<0.001"]\n',
    }),
    'd.yaml': tinyScenario({
      name: 'd',
      extra: 'checks:\n  thresholds:\n    "http_req_failed": ["rate<0.5"]\n',
    }),
  });
  const scenarios = ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml'];

  it('three shards merged give the unsharded gate: the same checks, verdicts and exit code', async () => {
    const whole = await runCli(['run', ...scenarios, '--out', 'whole'], { cwd: dir, timeoutMs: 120_000 });
    expect(whole.code, whole.stderr).toBe(1);
    const shards = [];
    for (const i of [1, 2, 3]) {
      const res = await runCli(['run', ...scenarios, '--shard', `${i}/3`, '--out', `shard-${i}`], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      expect([0, 1], res.stderr).toContain(res.code);
      expect(res.stderr).toMatch(new RegExp(`shard ${i}/3: \\d of 4 scenarios`));
      shards.push(`shard-${i}`);
    }
    // Every scenario ran in exactly one shard.
    expect(shards.flatMap((s) => readGate(pathIn(dir, s)).runs.map((r) => r.scenario)).sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);

    const merged = await runCli(['merge', ...shards, '--out', 'merged'], { cwd: dir });
    expect(merged.code, merged.stderr).toBe(whole.code);
    expect(merged.stdout).toMatch(/merged 3 shards, 4 runs: exit 1/);
    expect(decisions(pathIn(dir, 'merged'))).toEqual(decisions(pathIn(dir, 'whole')));
    const junit = readFileSync(pathIn(dir, 'merged/junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)?.length).toBe(4);
    expect(readFileSync(pathIn(dir, 'merged/index.html'), 'utf8')).toMatch(/<html/);
    expect(readFileSync(pathIn(dir, 'merged/summary.md'), 'utf8')).toMatch(/c/);

    // A missing shard, a repeated one, and a shard of another set of scenarios are refused.
    const missing = await runCli(['merge', 'shard-1', 'shard-2', '--out', 'm2'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing: 3\/3/);
    const repeated = await runCli(['merge', 'shard-1', 'shard-1', 'shard-2', 'shard-3', '--out', 'm3'], {
      cwd: dir,
    });
    expect(repeated.code).toBe(2);
    expect(repeated.stderr).toMatch(/repeated: 1\/3/);
    const other = await runCli(['run', 'a.yaml', 'b.yaml', '--shard', '1/3', '--out', 'other-1'], {
      cwd: dir,
      timeoutMs: 120_000,
    });
    expect([0, 1]).toContain(other.code);
    const mixed = await runCli(['merge', 'other-1', 'shard-2', 'shard-3', '--out', 'm4'], { cwd: dir });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/different sets of scenarios/);
    expect(mixed.stderr).toMatch(/other-1/);

    // Results of another schema are refused, naming the file.
    const run = readGate(pathIn(dir, 'shard-2')).runs[0]!;
    const file = pathIn(dir, join('shard-2', run.folder, 'results.json'));
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), schemaVersion: 99 }));
    const schema = await runCli(['merge', ...shards, '--out', 'm5'], { cwd: dir });
    expect(schema.code).toBe(2);
    expect(schema.stderr).toMatch(/results\.json: schemaVersion 99 is not supported/);
  });

  it.each(['0/3', '4/3', 'x'])(
    'refuses --shard %s with the expected form, running nothing',
    async (shard) => {
      const res = await runCli(['run', ...scenarios, '--shard', shard, '--out', 'bad'], { cwd: dir });
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/expected i\/n with 1 <= i <= n, e\.g\. 2\/3/);
    },
  );
});
