import { fileURLToPath } from 'node:url';
import type { BenchSection } from './bench-table.js';
import { lineAt, runCli, type CliRun } from './cli-run.js';
import { median } from './stats.js';

const ROUNDS = 3;
const FLAGS = ['--base-image', 'faultline-base:node', '--toxiproxy-image', 'faultline'];
/** The compose system may take the docker platform's time for as many containers, plus this. */
const ALLOWANCE_MS = 2000;
const COMPOSE_FILE = fileURLToPath(
  new URL('../../../examples/compose-shop/docker-compose.yml', import.meta.url),
);

const scenario = (mesh: string, request: string): string => `name: startup
mesh: ${mesh}
seed: 1
load:
  warmup: 1s
  duration: 1s
  routes:
    - { name: r, request: ${request}, rate: 5/s }
`;

/** Three services of the sample mesh on the docker platform: as many containers as compose-shop. */
const THREE_SERVICES = `name: three
entry: catalog
services:
${['catalog', 'inventory', 'payments']
  .map(
    (s) =>
      `  ${s}:\n    command: [node, dist/sample-mesh/src/main.js, ${s}]\n    docker: { image: faultline, command: [dist/sample-mesh/src/main.js, ${s}], port: 8080 }`,
  )
  .join('\n')}
`;

/**
 * Compose readiness against the docker platform's, for the same number of containers (three
 * services and a Toxiproxy): from spawning the CLI to its "load:" line, printed once every service
 * is ready. compose-shop readies in depends_on order (cache, then stock, then shop), each by its
 * healthcheck; the docker platform starts its three at once. A first run of each, which may build
 * images, is not counted.
 */
export async function composeBench(log: (line: string) => void): Promise<BenchSection> {
  const compose = () => runCli(scenario(COMPOSE_FILE, 'GET /product/sku-1'), { flags: FLAGS });
  const docker = () =>
    runCli(scenario('mesh.yaml', 'GET /readyz'), {
      flags: ['--platform', 'docker', ...FLAGS],
      files: { 'mesh.yaml': THREE_SERVICES },
    });
  await compose();
  await docker();
  const runs: Record<'compose' | 'docker', CliRun[]> = { compose: [], docker: [] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.compose.push(await compose());
    runs.docker.push(await docker());
    log(
      `compose round ${round + 1}: ${ready(runs.compose.at(-1)!)} / docker ${ready(runs.docker.at(-1)!)} ms to ready`,
    );
  }
  const c = median(runs.compose.map(ready));
  const d = median(runs.docker.map(ready));
  const starting = (r: CliRun): number => lineAt(r, /^\[[\d:]+\] load:/) - lineAt(r, /starting mesh/);
  const goal = d + ALLOWANCE_MS;
  return {
    name: 'compose',
    rows: [
      {
        measure: 'compose-shop ready (3 services + Toxiproxy, CLI spawn → load)',
        goal: `< docker + ${ALLOWANCE_MS / 1000} s`,
        value: `${(c / 1000).toFixed(2)} s`,
        comparison: `docker platform, 3 sample services: ${(d / 1000).toFixed(2)} s`,
        ratio: (c / goal).toFixed(2),
        met: c <= goal,
        note: `services alone ("starting mesh" → load): compose ${(median(runs.compose.map(starting)) / 1000).toFixed(2)} s, docker ${(median(runs.docker.map(starting)) / 1000).toFixed(2)} s; exit codes ${[...runs.compose, ...runs.docker].map((r) => r.exitCode).join(', ')}`,
      },
    ],
  };
}

function ready(r: CliRun): number {
  return Math.round(lineAt(r, /^\[[\d:]+\] load:/));
}
