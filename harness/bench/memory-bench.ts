import type { BenchRow, BenchSection } from './bench-table.js';
import { lineAt, peakMb, runCli } from './cli-run.js';
import { percentile } from './stats.js';

const WARMUP_S = 2;
/**
 * 90 s keeps `npm run bench` within its 10 minutes; FAULTLINE_BENCH_MEMORY_SECONDS=600 measures
 * the whole 10-minute run instead (a multiple of 10).
 */
const DURATION_S = Number(process.env['FAULTLINE_BENCH_MEMORY_SECONDS'] ?? 90);
const RATE_PER_ROUTE = 500;
const MAX_PEAK_MB = 150;
/** Peak RSS may rise by this share between the first third of the load and its end and still count as flat. */
const MAX_PEAK_GROWTH = 0.05;
const FAULT_EVERY_S = 10;
/** Often enough to catch the short peak of writing the reports just before the runner exits. */
const SAMPLE_EVERY_MS = 250;
/** The RSS curve in the output shows one sample per this many ms. */
const CURVE_EVERY_MS = 2000;
/** The run length the growth is extrapolated to (the 10-minute run). */
const EXTRAPOLATE_TO_MIN = 10;

const SCENARIO = `name: memory
mesh: sample
seed: 1
load:
  warmup: ${WARMUP_S}s
  duration: ${DURATION_S}s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: ${RATE_PER_ROUTE}/s }
    - { name: product, request: GET /api/catalog/sku-1, rate: ${RATE_PER_ROUTE}/s }
faults:
${Array.from({ length: DURATION_S / FAULT_EVERY_S - 1 }, (_, i) => `  - { name: blip ${i}, type: latency, edge: gateway->catalog, at: ${5 + i * FAULT_EVERY_S}s, for: 1s, latency: 20ms }`).join('\n')}
`;

/**
 * The runner's memory over a long run: `faultline run` on the sample mesh at 1,000 req/s in total
 * (two routes of 500 req/s) for 90 s (see DURATION_S), with a short latency fault every 10 s, RSS and VmHWM of the
 * runner process sampled every 250 ms (so the peak of writing the reports is seen too). RSS
 * saw-tooths with V8's heap (it grows until a major GC hands memory back), so growth is judged on
 * the peak: VmHWM after the first third of the load against VmHWM at its end, and that growth,
 * continued at the same rate, gives the peak of a 10-minute run. The RSS slope over the last two
 * thirds is shown as well; it swings with where the saw-tooth happens to stand, so it is not
 * extrapolated.
 */
export async function memoryBench(log: (line: string) => void): Promise<BenchSection> {
  const run = await runCli(SCENARIO, {
    sampleEveryMs: SAMPLE_EVERY_MS,
    timeoutMs: (DURATION_S + 120) * 1000,
  });
  if (run.results === null || run.results.seconds.length === 0) {
    const tail = run.lines
      .slice(-5)
      .map((l) => l.text)
      .join(' / ');
    throw new Error(`the run could not be carried out (exit code ${run.exitCode}): ${tail}`);
  }
  const loadAt = lineAt(run, /^\[[\d:]+\] load:/);
  const endAt = lineAt(run, /rolling back/);
  const during = run.samples.filter((s) => s.t >= loadAt && s.t <= endAt);
  const tail = during.filter((s) => s.t >= loadAt + ((endAt - loadAt) * 1) / 3);
  const slope = slopeMbPerMin(tail.map((s) => [s.t, s.rssMb]));
  const peak = peakMb(run);
  const lastRss = during.at(-1)?.rssMb ?? NaN;
  const hwmAt = (fraction: number): number =>
    (fraction >= 1 ? during.at(-1) : during.find((x) => x.t >= loadAt + (endAt - loadAt) * fraction))
      ?.hwmMb ?? NaN;
  const at = (fraction: number): string => hwmAt(fraction).toFixed(0);
  const peakGrowth = (during.at(-1)?.hwmMb ?? NaN) / hwmAt(1 / 3) - 1;
  const seconds = run.results?.seconds ?? [];
  const ok = seconds.reduce((n, s) => n + s.ok, 0);
  const offered = seconds.reduce((n, s) => n + s.offered, 0);
  log(`memory: peak ${peak.toFixed(1)} MB, slope ${slope.toFixed(2)} MB/min`);
  // The peak's growth from the first third to the end of the load, continued to a 10-minute load.
  const growthMinutes = ((endAt - loadAt) * (2 / 3)) / 60_000;
  const hwmEnd = during.at(-1)?.hwmMb ?? NaN;
  const extrapolated =
    hwmEnd + ((hwmEnd - hwmAt(1 / 3)) / growthMinutes) * (EXTRAPOLATE_TO_MIN - (endAt - loadAt) / 60_000);
  const gaps = (run.results?.faults ?? []).map((f) => (f.appliedAtMs ?? Infinity) - f.scheduledAtMs);
  const rows: BenchRow[] = [
    {
      measure: `runner peak RSS, ${DURATION_S} s at ${fmtRate()} on two routes`,
      goal: `< ${MAX_PEAK_MB} MB`,
      value: `${peak.toFixed(1)} MB`,
      ratio: (peak / MAX_PEAK_MB).toFixed(2),
      met: peak < MAX_PEAK_MB,
      note: `VmHWM at 1/3, 2/3, end of the load: ${at(1 / 3)} / ${at(2 / 3)} / ${at(1)} MB, after writing the reports ${peak.toFixed(0)} MB; ${ok} ok of ${offered} offered; exit code ${run.exitCode}`,
    },
    {
      measure: 'runner peak RSS growth, first third of the load → end',
      goal: `flat (< ${MAX_PEAK_GROWTH * 100} %)`,
      value: `${(peakGrowth * 100).toFixed(1)} %`,
      ratio: `${at(1 / 3)} → ${at(1)} MB`,
      met: peakGrowth < MAX_PEAK_GROWTH,
      note: `peak RSS of a ${EXTRAPOLATE_TO_MIN}-minute run, this growth continued: ${extrapolated.toFixed(0)} MB; RSS slope over the last two thirds ${slope.toFixed(1)} MB/min (saw-tooth of the heap); RSS at the end of the load ${lastRss.toFixed(1)} MB`,
    },
    {
      measure: `real run: appliedAtMs − scheduledAtMs (${gaps.length} latency faults)`,
      goal: 'p99 < 20 ms',
      value: `p99 ${percentile(gaps, 99).toFixed(0)} ms`,
      met: percentile(gaps, 99) < 20,
      note: `median ${percentile(gaps, 50).toFixed(0)} ms; the "before" canary probe runs beside the apply, never before it`,
    },
  ];
  const shown = during.filter(
    (s, i) => i === 0 || Math.floor(s.t / CURVE_EVERY_MS) > Math.floor(during[i - 1]!.t / CURVE_EVERY_MS),
  );
  const curve = shown.map(
    (s) =>
      `${((s.t - loadAt) / 1000).toFixed(0).padStart(4)} s  RSS ${s.rssMb.toFixed(1).padStart(6)} MB  peak ${s.hwmMb.toFixed(1).padStart(6)} MB`,
  );
  return {
    name: 'memory',
    rows,
    extra: `Runner RSS over the run (t from the start of warm-up):\n\n\`\`\`text\n${curve.join('\n')}\n\`\`\``,
  };
}

function fmtRate(): string {
  return `${(2 * RATE_PER_ROUTE).toLocaleString('en-US')} req/s`;
}

/** Least-squares slope of [ms, MB] points, in MB per minute. */
function slopeMbPerMin(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return (num / den) * 60_000;
}
