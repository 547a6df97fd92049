/**
 * `npm run bench [group]`: runs the benchmark groups (all when no group is named) and rewrites
 * their generated blocks in docs/benchmarks.md, leaving the prose around them as written.
 * Benchmarks, not tests: they report medians and ratios measured side by side in one run.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { renderSection, rewriteBlocks, type BenchRow, type BenchSection } from './bench-table.js';
import { composeBench } from './compose-bench.js';
import { exploreBench } from './explore-bench.js';
import { faultTimingBench } from './fault-timing-bench.js';
import { httpToxicBench } from './http-toxic-bench.js';
import { wrkInstalled } from './http-tools.js';
import { loadBench } from './load-bench.js';
import { memoryBench } from './memory-bench.js';
import { overheadBench, startupBench } from './platform-bench.js';
import { proxyBench } from './proxy-bench.js';
import { benchReport } from './report-bench.js';
import { scaleBench } from './scale-bench.js';
import { scheduleBench } from './schedule-bench.js';
import { toxicAccuracyBench } from './toxic-accuracy-bench.js';

type Log = (line: string) => void;

/** Each group, in the order `npm run bench` runs them; a group may produce several sections. */
const GROUPS: Record<string, (log: Log) => Promise<BenchSection[]>> = {
  proxy: async (log) => [await proxyBench(log), await toxicAccuracyBench(log)],
  http: async (log) => [await httpToxicBench(log)],
  load: async (log) => [await loadBench(log)],
  schedule: async (log) => [await scheduleBench(log)],
  faults: async (log) => [await faultTimingBench(log)],
  overhead: async (log) => [await overheadBench(log)],
  startup: async (log) => [await startupBench(log)],
  compose: async (log) => [await composeBench(log)],
  memory: async (log) => [await memoryBench(log)],
  scale: async (log) => [await scaleBench(log)],
  report: async () => [await reportSection()],
  explore: async (log) => [await exploreBench(log)],
};

const DOC = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));

async function reportSection(): Promise<BenchSection> {
  const r = await benchReport();
  const rows: BenchRow[] = [
    {
      measure: `report.html of a ${r.durationS / 3600}-hour run: size`,
      goal: '< 3 MB',
      value: `${(r.bytes / 1e6).toFixed(2)} MB`,
      ratio: (r.bytes / 3e6).toFixed(2),
      met: r.bytes < 3e6,
    },
    {
      measure: 'render time (results → HTML)',
      goal: 'no goal',
      value: `${r.renderMs} ms`,
      met: null,
      note: `median of ${r.renders} renders`,
    },
    {
      measure: 'Chromium load until every chart is drawn',
      goal: '< 3 s',
      value: r.loadMs === null ? 'no Chromium' : `${r.loadMs} ms`,
      ratio: r.loadMs === null ? undefined : (r.loadMs / 3000).toFixed(2),
      met: r.loadMs === null ? null : r.loadMs < 3000,
      note: `${r.charts} charts, headless`,
    },
  ];
  return { name: 'report', rows };
}

/** Date, machine and how busy it was when a measurement started. */
function machine(started: Date, load: number[]): string {
  const cpu = cpus();
  return [
    `Measured ${started.toISOString().replace(/\.\d+Z$/, 'Z')} on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'},`,
    `Node ${process.version}, load average at start ${load.map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min);`,
    `wrk ${wrkInstalled() ? 'installed' : 'not installed'}.`,
  ].join(' ');
}

async function main(): Promise<void> {
  const wanted = process.argv[2];
  if (wanted !== undefined && !(wanted in GROUPS)) {
    process.stderr.write(`unknown benchmark group "${wanted}"; groups: ${Object.keys(GROUPS).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const started = new Date();
  const load = loadavg();
  const log: Log = (line) =>
    process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const t0 = performance.now();
  const blocks = new Map<string, string>();
  const names = wanted ? [wanted] : Object.keys(GROUPS);
  for (const name of names) {
    log(`── ${name}`);
    const groupStart = performance.now();
    try {
      const stamp = `_${machine(new Date(), loadavg())}_\n\n`;
      for (const section of await GROUPS[name]!(log)) {
        blocks.set(section.name, stamp + renderSection(section));
        process.stdout.write(`\n## ${section.name}\n\n${renderSection(section)}\n`);
      }
    } catch (err) {
      // One broken group must not cost the others' numbers.
      log(`${name} failed: ${(err as Error).stack ?? String(err)}`);
      blocks.set(name, `Group failed in the run of ${new Date().toISOString()}: ${(err as Error).message}`);
      process.exitCode = 1;
    }
    log(`${name} took ${((performance.now() - groupStart) / 1000).toFixed(0)} s`);
  }
  if (!wanted)
    blocks.set(
      'run',
      `${machine(started, load)} Whole bench: ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
    );
  const doc = existsSync(DOC) ? await readFile(DOC, 'utf8') : '# Benchmarks\n';
  await writeFile(DOC, rewriteBlocks(doc, blocks));
  log(`wrote ${DOC}`);
}

await main();
