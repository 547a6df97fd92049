import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { prometheusSamples } from '../observe/index.js';
import type { InstrumentReadings, LatencyHistogram } from '../results/index.js';
import { proxyMetricsText } from './proxy-metrics.js';

/** ms between the loop-delay probe's wake-ups; what it measures is the delay beyond this. */
const PROBE_INTERVAL_MS = 10;
/** ms to read the proxy server's /metrics. */
const METRICS_TIMEOUT_MS = 2000;
/** ms between samples of the load average and the run queue. */
const LOAD_SAMPLE_MS = 250;

/**
 * Watches the harness's own measurement quality during a run: the runner's event-loop delay, the
 * machine's load and the CPU time stolen by a hypervisor. `stop()` adds how late the load's
 * requests left (its send-lag histogram) and the proxy process's loop delay, and returns the
 * readings the `instrument` verdicts judge.
 */
export class InstrumentMonitor {
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: PROBE_INTERVAL_MS });
  private readonly stealAtStart = cpuTimes();
  private peakLoad = loadavg()[0] ?? 0;
  private readonly runnable: number[] = [];
  private readonly sampler: NodeJS.Timeout;

  constructor() {
    this.loop.enable();
    this.sampler = setInterval(() => {
      this.peakLoad = Math.max(this.peakLoad, loadavg()[0] ?? 0);
      const running = runnableNow();
      if (running !== undefined) this.runnable.push(running);
    }, LOAD_SAMPLE_MS).unref();
  }

  /** Ends the watch, returning the readings. */
  stop(extra: { sendLag?: LatencyHistogram; proxyLoopDelayP99Ms: number | null }): InstrumentReadings {
    this.dispose();
    const end = cpuTimes();
    const start = this.stealAtStart;
    const total = end && start ? end.total - start.total : 0;
    return {
      // µs in the histogram
      sendLagP99Ms:
        extra.sendLag && extra.sendLag.totalCount > 0 ? extra.sendLag.getValueAtPercentile(99) / 1000 : null,
      runnerLoopDelayP99Ms: this.loop.count > 0 ? loopDelayBeyondProbe(this.loop.percentile(99)) : null,
      proxyLoopDelayP99Ms: extra.proxyLoopDelayP99Ms,
      loadPerCore: round(Math.max(this.peakLoad, loadavg()[0] ?? 0) / availableParallelism()),
      runnablePerCore:
        this.runnable.length > 0
          ? round(this.runnable.reduce((a, b) => a + b, 0) / this.runnable.length / availableParallelism())
          : null,
      stealShare: end && start && total > 0 ? round((end.steal - start.steal) / total) : null,
    };
  }

  /** Ends the watch without readings (a run cut short); safe to call twice. */
  dispose(): void {
    this.loop.disable();
    clearInterval(this.sampler);
  }
}

/**
 * The proxy process's loop delay from the gauge faultline's own Toxiproxy-compatible server
 * publishes on /metrics; null for a server that does not (Shopify's) or does not answer.
 */
export async function proxyLoopDelayP99Ms(toxiproxyUrl: string): Promise<number | null> {
  try {
    const m = /^faultline_event_loop_delay_p99_seconds (\S+)$/m.exec(
      await proxyMetricsText(toxiproxyUrl, METRICS_TIMEOUT_MS),
    );
    return m ? round(Number(m[1]) * 1000) : null;
  } catch {
    return null;
  }
}

/** Cumulative counts of the proxy's loop-delay histogram: `le` in s (Infinity for +Inf) → count. */
export type LoopDelayBuckets = ReadonlyMap<number, number>;

/**
 * The loop-delay histogram faultline's own Toxiproxy-compatible server publishes on /metrics
 * (cumulative since it started), so that a window's p99 is the difference of two reads; null
 * for a server that does not publish it (Shopify's) or does not answer.
 */
export async function proxyLoopDelayBuckets(toxiproxyUrl: string): Promise<LoopDelayBuckets | null> {
  try {
    const samples = prometheusSamples(await proxyMetricsText(toxiproxyUrl, METRICS_TIMEOUT_MS), [
      'faultline_event_loop_delay_seconds_bucket',
    ]);
    if (samples.length === 0) return null;
    return new Map(
      samples.map((s) => [s.labels['le'] === '+Inf' ? Infinity : Number(s.labels['le']), s.value]),
    );
  } catch {
    return null;
  }
}

/**
 * ms: the p99 of the loop delays between two reads of the buckets, as the upper bound of the
 * bucket that holds it (the largest finite bound when it lies beyond them all); null without a
 * wake-up in between. The buckets include the instrument's 100 ms limit, so the bound is past
 * the limit exactly when the p99 is. Pure.
 */
export function loopDelayP99Between(start: LoopDelayBuckets, end: LoopDelayBuckets): number | null {
  const bounds = [...end.keys()].sort((a, b) => a - b);
  const delta = (le: number): number => (end.get(le) ?? 0) - (start.get(le) ?? 0);
  const total = delta(Infinity);
  if (total <= 0) return null;
  const finite = bounds.filter(Number.isFinite);
  const bound = finite.find((le) => delta(le) >= 0.99 * total) ?? finite.at(-1) ?? null;
  return bound === null ? null : round(bound * 1000);
}

/** ms of a loop-delay percentile (ns) beyond the probe's own interval. */
export function loopDelayBeyondProbe(ns: number): number {
  return round(Math.max(0, ns / 1e6 - PROBE_INTERVAL_MS));
}

/**
 * Processes ready to run at this instant, other than the one asking (Linux `procs_running`):
 * unlike the load average, which trails by a minute, it shows the CPU starvation of this moment.
 */
function runnableNow(): number | undefined {
  try {
    const m = /^procs_running (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return m ? Math.max(0, Number(m[1]) - 1) : undefined;
  } catch {
    return undefined;
  }
}

/** The machine's CPU time and its stolen part, in clock ticks (Linux); undefined elsewhere. */
function cpuTimes(): { total: number; steal: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return undefined;
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7]! };
  } catch {
    return undefined;
  }
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
