import type { Outcome, RunResults } from '../results/index.js';
import { routeTotals } from './route-totals.js';
import { runTitle } from './format.js';

/** One run as `reports/index.html` lists it: enough to pick the report worth opening. */
export interface RunIndexEntry {
  /** Link to the run's report.html, relative to the index, with `/` separators. */
  href: string;
  scenario: string;
  description: string;
  /** t = 0 of the run, ISO 8601 UTC. */
  startedAt: string;
  durationS: number;
  outcome: Outcome;
  exitCode: number;
  checksPassed: number;
  checksTotal: number;
  routes: { name: string; p99Ms: number; errorRate: number }[];
}

/** The index row of one run; `href` is the folder of its report relative to the index. */
export function runIndexEntry(results: RunResults, folder: string): RunIndexEntry {
  return {
    href: `${folder
      .split(/[\\/]+/)
      .filter(Boolean)
      .map(encodeURIComponent)
      .join('/')}/report.html`,
    scenario: runTitle(results),
    description: results.scenario.description,
    startedAt: results.run.startedAt,
    durationS: results.run.durationMs / 1000,
    outcome: results.outcome,
    exitCode: results.exitCode,
    checksPassed: results.verdicts.filter((v) => v.status === 'pass').length,
    checksTotal: results.verdicts.length,
    routes: routeTotals(results).map((t) => ({
      name: t.route.name,
      p99Ms: t.latency.p99,
      errorRate: t.errorRate,
    })),
  };
}
