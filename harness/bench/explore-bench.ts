/**
 * `explore` group: an exploration of the sample mesh against the same cells run as separate
 * `faultline run`s, in cells per minute. By default a slice of the map (every fault on
 * orders->payments and on the payments service: 7 cells) keeps the group near 4 minutes;
 * FAULTLINE_BENCH_EXPLORE_FULL=1 explores the whole map (42 faults, of which 37 are tried; about
 * 18 minutes with the separate runs).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellScenario, enumerateFaults, faultId, type ExploreResults } from '../src/explore/index.js';
import { loadMesh, sampleMeshFile } from '../src/mesh/index.js';
import { EXPLORE_DEFAULTS, parseScenario } from '../src/scenario/index.js';
import type { BenchSection } from './bench-table.js';
import { runCli } from './cli-run.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/explore/checkout.yaml', import.meta.url));
/** The goal: a full single-fault map within 12 minutes, at most 15 s per cell, settle included. */
const GOAL_S_PER_CELL = 15;

export async function exploreBench(log: (line: string) => void): Promise<BenchSection> {
  const full = process.env['FAULTLINE_BENCH_EXPLORE_FULL'] === '1';
  const only = full ? [] : ['--only', 'edge=orders->payments', '--only', 'service=payments'];
  const source = await readFile(EXAMPLE, 'utf8');
  const scenario = parseScenario(source, EXAMPLE);
  const settings = scenario.explore ?? EXPLORE_DEFAULTS;
  const mesh = await loadMesh(sampleMeshFile());
  const faults = enumerateFaults(
    mesh,
    settings,
    full ? undefined : { edges: ['orders->payments'], services: ['payments'], faults: [] },
  );

  log(`explore: ${faults.length} cells in one exploration`);
  const dir = await mkdtemp(join(tmpdir(), 'faultline-bench-explore-'));
  let exploreMs: number;
  let map: ExploreResults | undefined;
  try {
    await writeFile(join(dir, 'checkout.yaml'), source);
    const start = performance.now();
    await new Promise<void>((resolve) => {
      const child = spawn(
        process.execPath,
        [CLI, 'explore', join(dir, 'checkout.yaml'), '--out', join(dir, 'out'), ...only],
        {
          stdio: 'ignore',
        },
      );
      child.on('exit', () => resolve());
    });
    exploreMs = performance.now() - start;
    map = JSON.parse(await readFile(join(dir, 'out', 'explore.json'), 'utf8')) as ExploreResults;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Faults the exploration leaves out (an edge no request crosses) are not tried there, so
  // neither here: both sides time the same faults.
  const judged = new Set(map?.rows.map((r) => r.id));
  const tried = faults.filter((f) => judged.has(faultId(f)));
  log(`explore: the same ${tried.length} cells as separate runs`);
  let runsMs = 0;
  for (const f of tried) {
    const yaml = cellScenario(
      [f],
      scenario,
      {},
      {
        settleMs: settings.settleMs,
        holdMs: settings.holdMs,
        meshPath: 'sample',
        outDir: '.',
        name: `cell-${faultId(f).replace(/[^A-Za-z0-9._-]+/g, '-')}`,
        description: faultId(f),
      },
    );
    const run = await runCli(yaml, { sampleEveryMs: 5000 });
    runsMs += run.wallMs;
  }
  const cells = tried.length;
  const perMin = (ms: number): number => cells / (ms / 60_000);
  const sPerCell = exploreMs / 1000 / cells;
  return {
    name: 'explore',
    rows: [
      {
        measure: `faultline explore, ${cells} cells of the sample mesh (${full ? 'the whole map' : 'orders->payments and payments'})`,
        goal: `≤ ${GOAL_S_PER_CELL} s per cell`,
        value: `${perMin(exploreMs).toFixed(1)} cells/min (${sPerCell.toFixed(1)} s per cell, ${(exploreMs / 1000).toFixed(0)} s in all)`,
        comparison: `${perMin(runsMs).toFixed(1)} cells/min as ${cells} separate runs (${(runsMs / 1000).toFixed(0)} s)`,
        ratio: (runsMs / exploreMs).toFixed(2),
        met: sPerCell <= GOAL_S_PER_CELL,
        note: `hold ${settings.holdMs / 1000} s, settle ${settings.settleMs / 1000} s; map: ${map?.outcome ?? 'none'}, ${map?.restarts ?? 0} restarts, ${faults.length - cells} of ${faults.length} faults left out`,
      },
    ],
  };
}
