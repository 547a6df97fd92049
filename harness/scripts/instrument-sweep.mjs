// Measures where the instrument's limits belong: runs a scenario on the healthy sample mesh while
// 0, 1, 2, … busy loops crowd the machine's cores, several times each, and prints every run's
// instrument readings beside the checks it failed. A healthy run that fails a check while every
// instrument verdict passed is a false failure: the limits must turn such runs inconclusive, yet
// pass the runs that still measure the system. Expensive (a run per line): run it by hand on an
// otherwise quiet machine, never in CI.
//
//   npm run build && node harness/scripts/instrument-sweep.mjs [--scenario scenarios/default.yaml]
//       [--loops 0,1,2,3,4] [--runs 3]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { noisyNeighbour, RUN_LIMIT_MS } from './switch-matrix.mjs';

const fixed = (n, digits) => (n === null || n === undefined ? 'n/a' : n.toFixed(digits));

function main() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'scenarios/default.yaml' },
      loops: { type: 'string', default: '0,1,2,3,4' },
      runs: { type: 'string', default: '3' },
    },
  });
  const out = mkdtempSync(join(tmpdir(), 'instrument-sweep-'));
  console.log(
    'loops  exit  send-lag  run-queue  failed checks (instrument verdicts that failed in brackets)',
  );
  for (const loops of values.loops.split(',').map(Number)) {
    for (let i = 0; i < Number(values.runs); i++) {
      const dir = join(out, `${loops}-${i}`);
      const neighbours = Array.from({ length: loops }, noisyNeighbour);
      let res;
      try {
        res = spawnSync(
          process.execPath,
          ['dist/harness/src/cli/main.js', 'run', values.scenario, '--out', dir, '--quiet'],
          {
            encoding: 'utf8',
            env: { ...process.env, NO_COLOR: '1' },
            timeout: RUN_LIMIT_MS,
          },
        );
      } finally {
        for (const n of neighbours) n.kill('SIGKILL');
      }
      const file = join(dir, 'results.json');
      if (!existsSync(file)) {
        console.log(`${loops}  exit ${res.status}: no results`);
        continue;
      }
      const r = JSON.parse(readFileSync(file, 'utf8'));
      const i_ = r.instrument ?? {};
      const failed = r.verdicts.filter((v) => v.status === 'fail');
      const system = failed.filter((v) => v.kind !== 'instrument').map((v) => `${v.id} = ${v.measured}`);
      const instrument = failed
        .filter((v) => v.kind === 'instrument')
        .map((v) => v.id.replace('instrument:', ''));
      console.log(
        [
          String(loops).padStart(5),
          String(res.status).padStart(5),
          `${fixed(i_.sendLagP99Ms, 1)} ms`.padStart(9),
          fixed(i_.runnablePerCore, 2).padStart(10),
          ` ${system.join(', ')}${instrument.length ? ` [${instrument.join(', ')}]` : ''}`,
        ].join(' '),
      );
    }
  }
  rmSync(out, { recursive: true, force: true });
}

main();
