import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { TrafficLabels, TrafficSink } from './proxy.js';

interface Totals {
  labels: TrafficLabels;
  received: number;
  sent: number;
}

const key = (l: TrafficLabels): string => JSON.stringify([l.direction, l.listener, l.proxy, l.upstream]);

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(l: TrafficLabels): string {
  return `direction="${l.direction}",listener="${escapeLabel(l.listener)}",proxy="${escapeLabel(l.proxy)}",upstream="${escapeLabel(l.upstream)}"`;
}

/**
 * Toxiproxy's proxy metrics: bytes received from and sent to each link's endpoints, per
 * direction, listener, proxy and upstream. Toxiproxy adds a link's bytes when the link ends;
 * here open links count too, so a scrape during a run sees live traffic.
 */
export class TrafficMetrics implements TrafficSink {
  private readonly closed = new Map<string, Totals>();

  add(labels: TrafficLabels, received: number, sent: number): void {
    const t = this.entry(this.closed, labels);
    t.received += received;
    t.sent += sent;
  }

  /** Prometheus text exposition, counters sorted by labels. */
  render(live: Iterable<{ labels: TrafficLabels; received: number; sent: number }>): string {
    const all = new Map<string, Totals>();
    for (const t of this.closed.values()) {
      const e = this.entry(all, t.labels);
      e.received += t.received;
      e.sent += t.sent;
    }
    for (const t of live) {
      const e = this.entry(all, t.labels);
      e.received += t.received;
      e.sent += t.sent;
    }
    const rows = [...all.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, t]) => t);
    const lines: string[] = [];
    const counter = (name: string, help: string, pick: (t: Totals) => number): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const t of rows) lines.push(`${name}{${labelText(t.labels)}} ${pick(t)}`);
    };
    counter(
      'toxiproxy_proxy_received_bytes_total',
      'The total bytes received on a given proxy link',
      (t) => t.received,
    );
    counter('toxiproxy_proxy_sent_bytes_total', 'The total bytes sent on a given proxy link', (t) => t.sent);
    return lines.join('\n') + '\n';
  }

  private entry(map: Map<string, Totals>, labels: TrafficLabels): Totals {
    const k = key(labels);
    let t = map.get(k);
    if (!t) map.set(k, (t = { labels, received: 0, sent: 0 }));
    return t;
  }
}

/** ms between the loop-delay probe's wake-ups; the gauge is the delay beyond this. */
const LOOP_PROBE_MS = 10;

/**
 * s: upper bounds of the loop-delay histogram's buckets. 0.1 is the instrument's limit
 * (`INSTRUMENT_LIMITS.loopDelayP99Ms`), so a window's p99 is told above or below it exactly.
 */
export const LOOP_DELAY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

/**
 * The server's own event-loop delay, on /metrics, so that a run can tell a proxy too busy to
 * keep its timing from a slow upstream (faultline's instrument checks): the p99 since it started
 * as a gauge, and every wake-up's delay in a cumulative histogram, whose difference between two
 * reads gives the p99 of that window (an exploration judges each fault's window so).
 */
export function watchLoopDelay(): { render(): string; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_PROBE_MS });
  histogram.enable();
  const counts = new Array<number>(LOOP_DELAY_BUCKETS_S.length + 1).fill(0);
  let sum = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    const beyond = Math.max(0, (now - last - LOOP_PROBE_MS) / 1000);
    last = now;
    sum += beyond;
    const i = LOOP_DELAY_BUCKETS_S.findIndex((b) => beyond <= b);
    counts[i < 0 ? LOOP_DELAY_BUCKETS_S.length : i]!++;
  }, LOOP_PROBE_MS).unref();
  return {
    render() {
      if (histogram.count === 0) return '';
      const beyond = Math.max(0, histogram.percentile(99) / 1e9 - LOOP_PROBE_MS / 1000);
      let cumulative = 0;
      const buckets = [...LOOP_DELAY_BUCKETS_S, '+Inf'].map((le, i) => {
        cumulative += counts[i]!;
        return `faultline_event_loop_delay_seconds_bucket{le="${le}"} ${cumulative}\n`;
      });
      return (
        "# HELP faultline_event_loop_delay_p99_seconds 99th percentile of the server's event-loop delay since it started, beyond the 10 ms probe interval\n" +
        '# TYPE faultline_event_loop_delay_p99_seconds gauge\n' +
        `faultline_event_loop_delay_p99_seconds ${beyond.toFixed(6)}\n` +
        "# HELP faultline_event_loop_delay_seconds The server's event-loop delay at each 10 ms wake-up, beyond the interval\n" +
        '# TYPE faultline_event_loop_delay_seconds histogram\n' +
        buckets.join('') +
        `faultline_event_loop_delay_seconds_sum ${sum.toFixed(6)}\n` +
        `faultline_event_loop_delay_seconds_count ${cumulative}\n`
      );
    },
    stop: () => {
      histogram.disable();
      clearInterval(probe);
    },
  };
}

/** One HTTP toxic's counters, for `/metrics`. */
export interface HttpToxicCounts {
  proxy: string;
  toxic: string;
  type: string;
  matched: number;
  /** What the toxic did to a selected request: `answered`, `delayed` or `aborted`. */
  action: string;
  acted: number;
}

/**
 * The HTTP toxics' counters in Prometheus text (not in Toxiproxy): requests each toxic matched,
 * and those it acted on, labelled by proxy, toxic, type (and action).
 */
export function renderHttpToxicCounts(counts: readonly HttpToxicCounts[]): string {
  if (counts.length === 0) return '';
  const labels = (c: HttpToxicCounts): string =>
    `proxy="${escapeLabel(c.proxy)}",toxic="${escapeLabel(c.toxic)}",type="${c.type}"`;
  return (
    [
      '# HELP faultline_http_toxic_matched_total Requests an HTTP toxic matched',
      '# TYPE faultline_http_toxic_matched_total counter',
      ...counts.map((c) => `faultline_http_toxic_matched_total{${labels(c)}} ${c.matched}`),
      '# HELP faultline_http_toxic_acted_total Matched requests an HTTP toxic acted on',
      '# TYPE faultline_http_toxic_acted_total counter',
      ...counts.map((c) => `faultline_http_toxic_acted_total{${labels(c)},action="${c.action}"} ${c.acted}`),
    ].join('\n') + '\n'
  );
}
