import type { InstrumentReadings, Verdict } from '../results/index.js';
import { formatValue } from './format-value.js';

/**
 * How much disturbance of the harness a run tolerates before its latencies stop being
 * measurements of the system. Past any of them the run is inconclusive: a busy machine must never
 * turn into a pass or a fail of the system under test. Documented in docs/checks.md.
 */
export const INSTRUMENT_LIMITS = {
  /**
   * ms: the 99th percentile of how late requests left against their schedule. Measured with
   * harness/scripts/instrument-sweep.mjs and the switch matrix (docs/checks.md): 8–33 ms in runs
   * that judged the healthy mesh correctly, up to three busy loops on two cores included; 43–61 ms
   * in runs crowded by compilers and test runners, one of which failed the healthy mesh.
   */
  sendLagP99Ms: 35,
  /** ms: the 99th percentile of event-loop delay (beyond the probe's own interval), of the runner and of the proxy process. */
  loopDelayP99Ms: 100,
  /** The share of CPU time the hypervisor gave to others during the run. */
  stealShare: 0.1,
  /** Processes ready to run per core, on average: past this the system under test is starved. */
  runnablePerCore: 3,
} as const;

/**
 * The `instrument` verdicts: one per reading the run has, failed when it passes its limit. They
 * are preconditions: a failed one makes the run inconclusive (exit 4), whatever the other checks
 * said. A reading the platform could not give (no proxy process of ours, no steal figure) is left
 * out, never failed. Pure.
 */
export function evaluateInstrument(readings: InstrumentReadings | undefined): Verdict[] {
  if (!readings) return [];
  const verdicts: Verdict[] = [];
  const add = (
    key: string,
    name: string,
    measured: number | null | undefined,
    limit: number,
    unit: string,
    why: (value: string) => string,
  ): void => {
    if (measured === null || measured === undefined) return;
    const ok = measured <= limit;
    const [value, bound] = [measured, limit].map((n) =>
      unit === 'ms' ? formatValue(n, 'ms') : unit === 'per core' ? n.toFixed(1) : `${(n * 100).toFixed(1)} %`,
    ) as [string, string];
    verdicts.push({
      id: `instrument:${key}`,
      kind: 'instrument',
      name,
      status: ok ? 'pass' : 'fail',
      measured,
      unit,
      limit: `<= ${limit}`,
      evidence: ok
        ? `${value}, within ${bound}`
        : unit === 'ms'
          ? `the machine was too busy to measure latency within ${bound}: ${why(value)}`
          : `the machine was too busy to measure: ${why(value)} (limit ${bound})`,
    });
  };
  add(
    'send-lag',
    'requests leave on schedule',
    readings.sendLagP99Ms,
    INSTRUMENT_LIMITS.sendLagP99Ms,
    'ms',
    (v) => `requests left up to ${v} late (p99)`,
  );
  add(
    'runner-loop',
    "the runner's event loop keeps up",
    readings.runnerLoopDelayP99Ms,
    INSTRUMENT_LIMITS.loopDelayP99Ms,
    'ms',
    (v) => `the runner's event loop was ${v} late (p99)`,
  );
  add(
    'proxy-loop',
    "the proxy's event loop keeps up",
    readings.proxyLoopDelayP99Ms,
    INSTRUMENT_LIMITS.loopDelayP99Ms,
    'ms',
    (v) => `the proxy's event loop was ${v} late (p99)`,
  );
  add(
    'run-queue',
    'the CPU is not crowded',
    readings.runnablePerCore,
    INSTRUMENT_LIMITS.runnablePerCore,
    'per core',
    (v) =>
      `${v} processes were ready to run per core on average, so the services under test were starved of CPU`,
  );
  add(
    'steal',
    'the CPU is not stolen',
    readings.stealShare,
    INSTRUMENT_LIMITS.stealShare,
    '',
    (v) => `${v} of CPU time was stolen by the hypervisor`,
  );
  return verdicts;
}
