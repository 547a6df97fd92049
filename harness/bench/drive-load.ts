import { runLoad } from '../src/load/index.js';
import { newHistogram } from '../src/results/index.js';

/** What one constant-rate runLoad run against a server did. Times in ms. */
export interface DriveResult {
  offered: number;
  ok: number;
  failed: number;
  dropped: number;
  /** ok responses per measured second. */
  achieved: number;
  sendP50: number;
  sendP99: number;
  sendMax: number;
  latencyP99: number;
}

/**
 * Runs faultline's load engine (`runLoad`, in this process, recording its per-second HDR
 * histograms as in a run) at `rate` req/s on one route for `durationMs` after `warmupMs`, with
 * its `sendErrors` histogram (actual send time minus due time).
 */
export async function driveLoad(
  baseUrl: string,
  rate: number,
  durationMs: number,
  opts: { warmupMs?: number; maxConnections?: number; maxInFlight?: number } = {},
): Promise<DriveResult> {
  const sendErrors = newHistogram();
  const warmupMs = opts.warmupMs ?? 500;
  const seconds = await runLoad({
    baseUrl,
    routes: [
      {
        name: 'bench',
        method: 'GET',
        path: '/',
        headers: {},
        rate,
        timeoutMs: 2000,
        maxConnections: opts.maxConnections,
        maxInFlight: opts.maxInFlight,
      },
    ],
    t0: performance.now() + warmupMs,
    warmupMs,
    durationMs,
    sendErrors,
  });
  const sum = (k: 'offered' | 'ok' | 'failed' | 'dropped'): number =>
    seconds.reduce((n, s) => n + (s[k] ?? 0), 0);
  // sendErrors holds the measured requests only: the warm-up absorbs first connections and JIT.
  return {
    offered: sum('offered'),
    ok: sum('ok'),
    failed: sum('failed'),
    dropped: sum('dropped'),
    achieved: sum('ok') / (durationMs / 1000),
    sendP50: sendErrors.getValueAtPercentile(50) / 1000,
    sendP99: sendErrors.getValueAtPercentile(99) / 1000,
    sendMax: sendErrors.maxValue / 1000,
    latencyP99: Math.max(...seconds.map((s) => s.latency.p99)),
  };
}
