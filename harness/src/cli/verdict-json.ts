import type { Outcome, RunResults, Verdict } from '../results/index.js';
import { runIndexEntry } from '../report/index.js';
import type { RepeatVerdict } from './repeat-verdict.js';

/** One run in `faultline run --json`. */
export interface RunVerdictJson {
  scenario: string;
  file: string;
  outcome: Outcome;
  exitCode: number;
  outDir: string;
  report: string;
  checks: { passed: number; failed: number; notEvaluated: number; total: number };
  verdicts: Pick<Verdict, 'id' | 'kind' | 'name' | 'status' | 'measured' | 'unit' | 'limit' | 'phase'>[];
  /** Per route over the whole run: p99 in ms from the merged histograms, error rate as a fraction. */
  routes: { name: string; p99Ms: number; errorRate: number }[];
  errors: string[];
}

/** What `faultline run --json` prints on stdout: the gate's verdict, then each run's. */
export interface GateVerdictJson {
  outcome: Outcome;
  exitCode: number;
  runs: RunVerdictJson[];
  /** Scenario files not run because the gate was interrupted. */
  notRun: string[];
  /** The combined junit.xml of a gate of several runs. */
  junit?: string;
  /** Under `run --repeat N`: each scenario's verdict over its repetitions. */
  repeats?: ({ file: string } & RepeatVerdict)[];
}

export function runVerdictJson(results: RunResults, outDir: string, report: string): RunVerdictJson {
  const count = (s: Verdict['status']): number => results.verdicts.filter((v) => v.status === s).length;
  return {
    scenario: results.scenario.name,
    file: results.scenario.file,
    outcome: results.outcome,
    exitCode: results.exitCode,
    outDir,
    report,
    checks: {
      passed: count('pass'),
      failed: count('fail'),
      notEvaluated: count('error'),
      total: results.verdicts.length,
    },
    verdicts: results.verdicts.map(({ id, kind, name, status, measured, unit, limit, phase }) => ({
      id,
      kind,
      name,
      status,
      measured,
      unit,
      limit,
      ...(phase === undefined ? {} : { phase }),
    })),
    routes: runIndexEntry(results, '.').routes,
    errors: results.errors,
  };
}
