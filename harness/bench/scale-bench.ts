import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSection } from './bench-table.js';
import { cpuPercent, lineAt, peakMb, runCli, type CliRun } from './cli-run.js';

const WARMUP_S = 1;
const DURATION_S = 6;
const ROUTES = [1, 5, 10, 20];
/** req/s in total, split over the routes, so the curve shows the cost of routes, not of rate. */
const TOTAL_RATE = 400;
const SERVICES = [5, 10, 20, 30];
const SERVICE_RATE = 20;
const SERVICE_SCRIPT = fileURLToPath(new URL('./trivial-service.js', import.meta.url));

/**
 * How the runner's CPU (percent of one core while load runs) and peak RSS grow with the number
 * of routes (1 → 20, same total rate, sample mesh) and with the services of a generated mesh
 * (5 → 30 trivial node:http services in a binary tree, one proxy per edge, one route calling the
 * whole tree). One run per point (6 s of load); the limit is where a goal would break.
 */
export async function scaleBench(log: (line: string) => void): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  const curve: string[] = ['routes  runner CPU   peak RSS   ok/offered'];
  const byRoutes: { n: number; cpu: number; mb: number }[] = [];
  for (const n of ROUTES) {
    const run = await runCli(routesScenario(n));
    byRoutes.push({ n, cpu: cpuOf(run), mb: peakMb(run) });
    curve.push(`${String(n).padStart(6)}  ${pct(run).padStart(8)}  ${mb(run).padStart(8)}   ${okOf(run)}`);
    log(`scale routes ${n}: ${pct(run)}, ${mb(run)}`);
  }
  curve.push('', 'services  runner CPU   peak RSS   start-up   ok/offered');
  const byServices: { n: number; cpu: number; mb: number; startup: number }[] = [];
  for (const n of SERVICES) {
    const run = await runCli(servicesScenario(), {
      files: { 'mesh.yaml': generatedMesh(n) },
      timeoutMs: 120_000,
    });
    const startup = lineAt(run, /^\[[\d:]+\] load:/) - lineAt(run, /starting mesh/);
    byServices.push({ n, cpu: cpuOf(run), mb: peakMb(run), startup });
    curve.push(
      `${String(n).padStart(8)}  ${pct(run).padStart(8)}  ${mb(run).padStart(8)}   ${(startup / 1000).toFixed(2).padStart(6)} s   ${okOf(run)}`,
    );
    log(`scale services ${n}: ${pct(run)}, ${mb(run)}, start-up ${(startup / 1000).toFixed(2)} s`);
  }
  const span = (xs: { n: number; cpu: number; mb: number }[], what: string): BenchRow => {
    const a = xs[0]!;
    const b = xs.at(-1)!;
    return {
      measure: `runner CPU and peak RSS, ${a.n} → ${b.n} ${what}`,
      goal: 'no goal: the curve below',
      value: `${a.cpu.toFixed(0)} → ${b.cpu.toFixed(0)} % CPU, ${a.mb.toFixed(0)} → ${b.mb.toFixed(0)} MB`,
      ratio: `${(b.cpu / a.cpu).toFixed(2)} CPU, ${(b.mb / a.mb).toFixed(2)} RSS`,
      met: null,
    };
  };
  rows.push(
    span(byRoutes, `routes (${TOTAL_RATE} req/s in total)`),
    span(byServices, `services (${SERVICE_RATE} req/s)`),
  );
  const last = byServices.at(-1)!;
  rows.push({
    measure: `start-up of a generated ${last.n}-service mesh, local`,
    goal: '< 3 s (the sample mesh goal)',
    value: `${(last.startup / 1000).toFixed(2)} s`,
    ratio: (last.startup / 3000).toFixed(2),
    met: last.startup < 3000,
    note: byServices.map((s) => `${s.n}: ${(s.startup / 1000).toFixed(2)} s`).join(', '),
  });
  return { name: 'scale', rows, extra: `\`\`\`text\n${curve.join('\n')}\n\`\`\`` };
}

function cpuOf(run: CliRun): number {
  const load = lineAt(run, /^\[[\d:]+\] load:/);
  return cpuPercent(run, load + WARMUP_S * 1000, lineAt(run, /rolling back/));
}
const pct = (run: CliRun): string => `${cpuOf(run).toFixed(0)} %`;
const mb = (run: CliRun): string => `${peakMb(run).toFixed(0)} MB`;
function okOf(run: CliRun): string {
  const s = run.results?.seconds ?? [];
  return `${s.reduce((n, x) => n + x.ok, 0)}/${s.reduce((n, x) => n + x.offered, 0)} (exit ${run.exitCode})`;
}

function routesScenario(n: number): string {
  const routes = Array.from(
    { length: n },
    (_, i) =>
      `    - { name: r${i}, request: GET /api/catalog/sku-${(i % 5) + 1}, rate: ${TOTAL_RATE / n}/s }`,
  );
  return `name: scale-routes\nmesh: sample\nseed: 1\nload:\n  warmup: ${WARMUP_S}s\n  duration: ${DURATION_S}s\n  routes:\n${routes.join('\n')}\n`;
}

function servicesScenario(): string {
  return `name: scale-services\nmesh: mesh.yaml\nseed: 1\nload:\n  warmup: ${WARMUP_S}s\n  duration: ${DURATION_S}s\n  routes:\n    - { name: work, request: GET /work, rate: ${SERVICE_RATE}/s }\n`;
}

/** n trivial services in a binary tree: s<i> calls s<2i+1> and s<2i+2>; s0 is the entry. */
export function generatedMesh(n: number): string {
  const lines = [`name: generated-${n}`, 'entry: s0', 'services:'];
  for (let i = 0; i < n; i++) {
    const ups = [2 * i + 1, 2 * i + 2].filter((j) => j < n);
    const vars = ups.map((j) => `UP_${j}`);
    lines.push(
      `  s${i}:`,
      `    command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SERVICE_SCRIPT)}, s${i}${vars.map((v) => `, ${v}`).join('')}]`,
      '    port: 0',
      '    health: /healthz',
      '    ready: /readyz',
      '    metrics: /metrics',
      `    upstreams: { ${ups.map((j) => `s${j}: UP_${j}`).join(', ')} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}
