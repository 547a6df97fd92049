import { cpus, platform as osPlatform, release } from 'node:os';
import { routeInfo } from '../load/index.js';
import { SCHEMA_VERSION, type RunResults } from '../results/index.js';
import type { Scenario } from '../scenario/index.js';
import { FAULTLINE_VERSION } from './version.js';

/** What every results.json starts with, whether the run finished or not: the run, the scenario, its routes. */
export function resultsHeader(
  scenario: Scenario,
  run: { id: string; platform: string; startedAt: string; durationMs: number },
): Pick<RunResults, 'schemaVersion' | 'run' | 'scenario' | 'routes'> {
  return {
    schemaVersion: SCHEMA_VERSION,
    run: {
      ...run,
      endedAt: new Date().toISOString(),
      warmupMs: scenario.load.warmupMs,
      faultlineVersion: FAULTLINE_VERSION,
      node: process.version,
      os: `${osPlatform()} ${release()}`,
      cpus: cpus().length,
    },
    scenario: {
      name: scenario.name,
      description: scenario.description,
      file: scenario.file,
      source: scenario.source,
      seed: scenario.seed,
    },
    routes: scenario.load.routes.map((r) => routeInfo(r)),
  };
}
