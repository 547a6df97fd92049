import { execFile } from 'node:child_process';
import type { BenchRow, BenchSection } from './bench-table.js';
import { lineAt, runCli, type CliRun } from './cli-run.js';
import { median } from './stats.js';

const WARMUP_MS = 1000;
const DURATION_MS = 2000;
const ROUNDS = 3;
const DOCKER_FLAGS = [
  '--platform',
  'docker',
  '--base-image',
  'faultline-base:node',
  '--toxiproxy-image',
  'faultline',
];
const GOALS = {
  local: { overheadMs: 3000, startupMs: 3000 },
  docker: { overheadMs: 15_000, startupMs: 15_000 },
};

const SCENARIO = `name: overhead
mesh: sample
seed: 1
load:
  warmup: ${WARMUP_MS / 1000}s
  duration: ${DURATION_MS / 1000}s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 20/s }
`;

type Platform = 'local' | 'docker';

interface PlatformRuns {
  runs: Record<Platform, CliRun[]>;
  /** Why docker was not measured, or what an unmeasured first run did. */
  dockerNote: string;
}

let cached: Promise<PlatformRuns> | undefined;

/** The runs both the overhead and the start-up groups read (made once per bench). */
function platformRuns(log: (line: string) => void): Promise<PlatformRuns> {
  return (cached ??= measure(log));
}

async function measure(log: (line: string) => void): Promise<PlatformRuns> {
  const runs: Record<Platform, CliRun[]> = { local: [], docker: [] };
  let dockerNote = '';
  const docker = await dockerAnswers();
  if (!docker) dockerNote = 'no Docker daemon answered `docker info`: not measured';
  else {
    // An image build (the first run after a code change) is not run overhead: run once unmeasured.
    const first = await runCli(SCENARIO, { flags: DOCKER_FLAGS });
    if (first.lines.some((l) => /building image/.test(l.text))) {
      dockerNote = `first run built faultline's image: ${(first.wallMs / 1000).toFixed(1)} s wall, not counted`;
    } else runs.docker.push(first);
  }
  for (let round = 0; round < ROUNDS; round++) {
    runs.local.push(await runCli(SCENARIO));
    log(`overhead local round ${round + 1}: ${(runs.local.at(-1)!.wallMs / 1000).toFixed(2)} s wall`);
    if (docker && runs.docker.length < ROUNDS - 1) {
      runs.docker.push(await runCli(SCENARIO, { flags: DOCKER_FLAGS }));
      log(`overhead docker round ${round + 1}: ${(runs.docker.at(-1)!.wallMs / 1000).toFixed(2)} s wall`);
    }
  }
  return { runs, dockerNote };
}

function dockerAnswers(): Promise<boolean> {
  return new Promise((resolve) => execFile('docker', ['info'], { timeout: 15_000 }, (err) => resolve(!err)));
}

/**
 * Run overhead: wall time of `faultline run` (a 1 s warm-up and 2 s of load on the sample mesh)
 * minus warm-up and duration, on the local platform and on Docker with built images.
 */
export async function overheadBench(log: (line: string) => void): Promise<BenchSection> {
  const { runs, dockerNote } = await platformRuns(log);
  const rows = (['local', 'docker'] as const).map((p): BenchRow => {
    const rs = runs[p];
    const goal = GOALS[p].overheadMs;
    if (rs.length === 0)
      return {
        measure: `run overhead, ${p}`,
        goal: `< ${goal / 1000} s`,
        value: 'not measured',
        met: null,
        note: dockerNote,
      };
    const overhead = median(rs.map((r) => r.wallMs - WARMUP_MS - DURATION_MS));
    const exits = rs.map((r) => r.exitCode).join(', ');
    return {
      measure: `run overhead, ${p} (wall − warm-up − duration)`,
      goal: `< ${goal / 1000} s`,
      value: `${(overhead / 1000).toFixed(2)} s`,
      ratio: (overhead / goal).toFixed(2),
      met: overhead < goal,
      note: `${rs.length} runs: ${rs.map((r) => (r.wallMs / 1000).toFixed(1)).join(' / ')} s wall; exit codes ${exits}${p === 'docker' && dockerNote ? `; ${dockerNote}` : ''}`,
    };
  });
  return { name: 'overhead', rows };
}

/**
 * Mesh start-up: from the runner's "starting mesh" line to its "load:" line, printed once every
 * service answered its readiness probe; and from spawning the CLI to that line.
 */
export async function startupBench(log: (line: string) => void): Promise<BenchSection> {
  const { runs, dockerNote } = await platformRuns(log);
  const rows = (['local', 'docker'] as const).map((p): BenchRow => {
    const rs = runs[p];
    const goal = GOALS[p].startupMs;
    if (rs.length === 0)
      return {
        measure: `sample mesh start-up, ${p}`,
        goal: `< ${goal / 1000} s`,
        value: 'not measured',
        met: null,
        note: dockerNote,
      };
    const ready = rs.map((r) => lineAt(r, /^\[[\d:]+\] load:/) - lineAt(r, /starting mesh/));
    const fromSpawn = rs.map((r) => lineAt(r, /^\[[\d:]+\] load:/));
    const m = median(ready);
    return {
      measure: `sample mesh start-up, ${p} (6 services ready)`,
      goal: `< ${goal / 1000} s`,
      value: `${(m / 1000).toFixed(2)} s`,
      ratio: (m / goal).toFixed(2),
      met: m < goal,
      note: `from "starting mesh" to every service ready; CLI spawn → ready ${(median(fromSpawn) / 1000).toFixed(2)} s (adds Node start-up, validation, stale-run cleanup, proxy server${p === 'docker' ? ', network' : ''})`,
    };
  });
  return { name: 'startup', rows };
}
