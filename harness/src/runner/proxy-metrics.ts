import { metricNames, prometheusSamples } from '../observe/index.js';

const RECEIVED = 'toxiproxy_proxy_received_bytes_total';
/** Proxy-side links that read from callers; the other direction reads the upstream's answers. */
const FROM_CALLERS = 'upstream';
/** Published by faultline's own Toxiproxy-compatible server only. */
const FAULTLINE_SERVER_METRIC = 'faultline_event_loop_delay_p99_seconds';

export interface ProxyBytes {
  /** proxy name → bytes received from its callers since it was created */
  byProxy: Map<string, number>;
  /**
   * The counts include links still open: faultline's own server counts them, Toxiproxy adds a
   * link's bytes only when it closes, so there a pooled connection's traffic may not show yet.
   */
  countsOpenLinks: boolean;
}

/** The proxy server's /metrics (Prometheus text); rejects when it cannot be read within `timeoutMs`. */
export async function proxyMetricsText(toxiproxyHost: string, timeoutMs: number): Promise<string> {
  const res = await fetch(`${toxiproxyHost.replace(/\/+$/, '')}/metrics`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  return res.text();
}

/**
 * Bytes each proxy has received from its callers, by the proxy server's own counters on its
 * /metrics. Rejects when /metrics cannot be read within `timeoutMs`.
 */
export async function proxyBytesFromCallers(toxiproxyHost: string, timeoutMs: number): Promise<ProxyBytes> {
  const text = await proxyMetricsText(toxiproxyHost, timeoutMs);
  const byProxy = new Map<string, number>();
  for (const s of prometheusSamples(text, [RECEIVED])) {
    const proxy = s.labels['proxy'];
    if (s.labels['direction'] === FROM_CALLERS && proxy !== undefined)
      byProxy.set(proxy, (byProxy.get(proxy) ?? 0) + s.value);
  }
  return { byProxy, countsOpenLinks: metricNames(text).includes(FAULTLINE_SERVER_METRIC) };
}
