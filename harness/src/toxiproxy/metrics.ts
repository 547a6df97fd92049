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
 * The server's own event-loop delay since it started, as a gauge on /metrics, so that a run can
 * tell a proxy too busy to keep its timing from a slow upstream (faultline's instrument checks).
 */
export function watchLoopDelay(): { render(): string; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_PROBE_MS });
  histogram.enable();
  return {
    render() {
      if (histogram.count === 0) return '';
      const beyond = Math.max(0, histogram.percentile(99) / 1e9 - LOOP_PROBE_MS / 1000);
      return (
        "# HELP faultline_event_loop_delay_p99_seconds 99th percentile of the server's event-loop delay since it started, beyond the 10 ms probe interval\n" +
        '# TYPE faultline_event_loop_delay_p99_seconds gauge\n' +
        `faultline_event_loop_delay_p99_seconds ${beyond.toFixed(6)}\n`
      );
    },
    stop: () => histogram.disable(),
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
