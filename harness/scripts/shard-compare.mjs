// Runs a scenario library once whole and once split into shards that are then merged, and says
// whether the merged gate equals the whole one: the same scenarios, the same checks with the same
// statuses, the same exit code. Each verdict's status is compared except the instrument's, which
// judge the machine at that moment, not the scenario. Expensive (the library runs twice): run it
// by hand, never in CI.
//
//   npm run build && node harness/scripts/shard-compare.mjs [--shards 3] [--out DIR] [scenarios/]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const CLI = resolve('dist/harness/src/cli/main.js');

function faultline(args) {
  const started = Date.now();
  const res = spawnSync(process.execPath, [CLI, ...args, ...(args[0] === 'run' ? ['--quiet'] : [])], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`faultline ${args.join(' ')}: exit ${res.status} in ${seconds} s`);
  if (res.status !== 0 && res.status !== 1) console.log(res.stderr.trim());
  return res.status;
}

/** scenario → its verdicts as `id status` (the instrument's as `id`), sorted. */
export function decisions(dir) {
  const gate = JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8'));
  return Object.fromEntries(
    gate.runs
      .map((r) => {
        const results = JSON.parse(readFileSync(join(dir, r.folder, 'results.json'), 'utf8'));
        const verdicts = results.verdicts
          .map((v) => (v.kind === 'instrument' ? v.id : `${v.id} ${v.status}`))
          .sort();
        return [r.scenario, verdicts];
      })
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** Lines naming every difference between two gates' decisions; empty when they agree. */
export function differences(whole, merged) {
  const lines = [];
  for (const s of new Set([...Object.keys(whole), ...Object.keys(merged)])) {
    if (!(s in merged)) lines.push(`${s}: not in the merged gate`);
    else if (!(s in whole)) lines.push(`${s}: only in the merged gate`);
    else {
      const [w, m] = [new Set(whole[s]), new Set(merged[s])];
      for (const v of w) if (!m.has(v)) lines.push(`${s}: whole has "${v}", merged does not`);
      for (const v of m) if (!w.has(v)) lines.push(`${s}: merged has "${v}", whole does not`);
    }
  }
  return lines;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { shards: { type: 'string', default: '3' }, out: { type: 'string' } },
  });
  const library = positionals[0] ?? 'scenarios/';
  const n = Number(values.shards);
  const out = values.out ?? mkdtempSync(join(tmpdir(), 'shard-compare-'));
  const wholeExit = faultline(['run', library, '--out', join(out, 'whole')]);
  const shards = [];
  for (let i = 1; i <= n; i++) {
    faultline(['run', library, '--shard', `${i}/${n}`, '--out', join(out, `shard-${i}`)]);
    shards.push(join(out, `shard-${i}`));
  }
  const mergedExit = faultline(['merge', ...shards, '--out', join(out, 'merged')]);
  const whole = decisions(join(out, 'whole'));
  const merged = decisions(join(out, 'merged'));
  const diff = differences(whole, merged);
  const checks = Object.values(whole).reduce((sum, v) => sum + v.length, 0);
  console.log(
    `${Object.keys(whole).length} scenarios, ${checks} checks; exit ${wholeExit} whole, ${mergedExit} merged from ${n} shards`,
  );
  console.log(diff.length === 0 ? 'the merged gate equals the whole one' : diff.join('\n'));
  console.log(`outputs in ${out}`);
  process.exitCode = diff.length === 0 && wholeExit === mergedExit ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
