import { formatSeriesKey, type Observation } from '../results/index.js';
import { probeHealth } from './health-probe.js';
import { resolvePointer } from './json-pointer.js';
import { metricNames, parsePrometheusText } from './prometheus-text.js';

export interface ObservedService {
  name: string;
  /** Full URL of the service's liveness endpoint (its `health` path): what `up` is taken from. */
  healthUrl: string;
  /** Full URL of the service's Prometheus endpoint; optional for the service to serve. */
  metricsUrl: string;
}

export interface ObserverOptions {
  services: ObservedService[];
  /** performance.now() of t = 0 */
  t0: number;
  /** Metric families to keep, e.g. `circuit_breaker_state`. */
  families: string[];
  /** JSON values to read on each tick (breaker states), recorded among the service's metrics. */
  jsonSources?: JsonSource[];
  intervalMs?: number;
  /** Called with each sample as it is taken, for live output. */
  onObservation?: (o: Observation) => void;
}

/**
 * A value read from a JSON endpoint of a service: the value at `pointer` in the answer to GET
 * `path` is recorded as `name{path=…,pointer=…,state="<value as text>"} 1` (nothing when the
 * answer has no such value, or the value is an object or array).
 */
export interface JsonSource {
  service: string;
  /** The service's base URL. */
  url: string;
  path: string;
  pointer: string;
  name: string;
}

export interface RunningObserver {
  /** Stops sampling and returns every observation, ordered by time. */
  stop(): Promise<Observation[]>;
  /** Every metric name each service exposed so far (sorted), kept for did-you-mean hints. */
  exposedMetrics(): Record<string, string[]>;
}

/** Names kept per service: enough for any real exporter, bounded against one gone wild. */
const MAX_NAMES = 2000;

/**
 * Probes every service's health path and scrapes its metrics, each on its own request, on a fixed
 * interval (twice a second by default). `up` comes from the health probe alone: a service without
 * metrics (404, or nothing listening there) is up as long as its health path answers 2xx within
 * the interval, and its metrics are then simply empty.
 */
export function startObserver(opts: ObserverOptions): RunningObserver {
  const interval = opts.intervalMs ?? 500;
  const observations: Observation[] = [];
  const inFlight = new Set<Promise<void>>();
  const exposed = new Map<string, Set<string>>();
  const sawNames = (service: string, names: readonly string[]): void => {
    let set = exposed.get(service);
    if (!set) exposed.set(service, (set = new Set()));
    for (const n of names) if (set.size < MAX_NAMES) set.add(n);
  };
  const record = (o: Observation): void => {
    observations.push(o);
    opts.onObservation?.(o);
  };

  const scrape = async (s: ObservedService): Promise<void> => {
    const tMs = Math.round(performance.now() - opts.t0);
    const sources = (opts.jsonSources ?? []).filter((j) => j.service === s.name);
    const [up, scraped, ...read] = await Promise.all([
      probeHealth(s.healthUrl, interval),
      scrapeMetrics(s.metricsUrl, interval, opts.families),
      ...sources.map((j) => readJson(j, interval)),
    ]);
    sawNames(s.name, scraped.names);
    record({ tMs, service: s.name, up, metrics: Object.assign(scraped.metrics, ...read) });
  };
  const tick = (): void => {
    for (const s of opts.services) {
      const p = scrape(s).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };
  tick();
  const timer = setInterval(tick, interval);

  return {
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
      return observations.sort((a, b) => a.tMs - b.tMs);
    },
    exposedMetrics() {
      return Object.fromEntries([...exposed].map(([service, names]) => [service, [...names].sort()]));
    },
  };
}

/**
 * The wanted families of one scrape and the names of all it exposed; none when the service has
 * no metrics or does not answer.
 */
async function scrapeMetrics(
  url: string,
  timeoutMs: number,
  families: readonly string[],
): Promise<{ metrics: Record<string, number>; names: string[] }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return res.ok ? { metrics: parsePrometheusText(text, families), names: metricNames(text) } : none();
  } catch {
    return none();
  }
}

/** One JSON source's value as a series; empty when it cannot be read. */
async function readJson(j: JsonSource, timeoutMs: number): Promise<Record<string, number>> {
  try {
    const res = await fetch(j.url + j.path, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return {};
    const value = resolvePointer(await res.json(), j.pointer);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return {};
    return { [formatSeriesKey(j.name, { path: j.path, pointer: j.pointer, state: String(value) })]: 1 };
  } catch {
    return {};
  }
}

function none(): { metrics: Record<string, number>; names: string[] } {
  return { metrics: {}, names: [] };
}
