import type { Observation } from '../results/index.js';
import { parsePrometheusText } from './prometheus-text.js';

export interface ObservedService {
  name: string;
  /** Full URL of the service's Prometheus endpoint. */
  metricsUrl: string;
}

export interface ObserverOptions {
  services: ObservedService[];
  /** performance.now() of t = 0 */
  t0: number;
  /** Metric families to keep, e.g. `circuit_breaker_state`. */
  families: string[];
  intervalMs?: number;
  /** Called with each sample as it is taken, for live output. */
  onObservation?: (o: Observation) => void;
}

export interface RunningObserver {
  /** Stops sampling and returns every observation, ordered by time. */
  stop(): Promise<Observation[]>;
}

/**
 * Scrapes every service's metrics on a fixed interval (twice a second by default). A service that
 * does not answer within the interval is recorded as down for that sample.
 */
export function startObserver(opts: ObserverOptions): RunningObserver {
  const interval = opts.intervalMs ?? 500;
  const observations: Observation[] = [];
  const inFlight = new Set<Promise<void>>();
  const record = (o: Observation): void => {
    observations.push(o);
    opts.onObservation?.(o);
  };

  const scrape = async (s: ObservedService): Promise<void> => {
    const tMs = Math.round(performance.now() - opts.t0);
    try {
      const res = await fetch(s.metricsUrl, { signal: AbortSignal.timeout(interval) });
      const text = await res.text();
      record({ tMs, service: s.name, up: res.ok, metrics: parsePrometheusText(text, opts.families) });
    } catch {
      record({ tMs, service: s.name, up: false, metrics: {} });
    }
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
  };
}
