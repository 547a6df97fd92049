import {
  encodeHistogram,
  newHistogram,
  summarize,
  type FailureKind,
  type LatencyHistogram,
  type RouteSecond,
} from '../results/index.js';

/** How one request ended. */
export type Outcome = 'ok' | FailureKind;

let empty: { summary: RouteSecond['latency']; encoded: string } | undefined;

function emptyLatency(): { summary: RouteSecond['latency']; encoded: string } {
  const h = newHistogram();
  return (empty ??= { summary: summarize(h), encoded: encodeHistogram(h) });
}

/**
 * Counts and latencies of one route during one whole second (by intended send time). Its
 * histogram lives only until the second closes; `close()` encodes it and lets it go.
 */
export class SecondRecorder {
  offered = 0;
  sent = 0;
  /** Due but not sent: the route's in-flight cap was reached. */
  dropped = 0;
  /** Peak connections of the route open while this second's requests were sent. */
  connections = 0;
  /** Requests sent in this second that have not ended yet. */
  pending = 0;
  private ok = 0;
  private degraded = 0;
  private readonly failures: Record<FailureKind, number> = {
    http4xx: 0,
    http5xx: 0,
    timeout: 0,
    connection: 0,
  };
  private readonly statuses: Record<string, number> = {};
  private histogram: LatencyHistogram | null = null;

  constructor(
    readonly route: string,
    readonly t: number,
  ) {}

  /** `status` is 0 when no complete response arrived; `degraded` counts only with outcome ok. */
  record(outcome: Outcome, latencyMs: number, status: number, degraded = false): void {
    if (outcome === 'ok') {
      this.ok++;
      if (degraded) this.degraded++;
    } else this.failures[outcome]++;
    if (status > 0) this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    this.histogram ??= newHistogram();
    // µs, at least 1: the histogram's lowest discernible value.
    this.histogram.recordValue(Math.max(1, Math.round(latencyMs * 1000)));
  }

  close(): RouteSecond {
    const h = this.histogram;
    this.histogram = null;
    const f = this.failures;
    return {
      route: this.route,
      t: this.t,
      offered: this.offered,
      sent: this.sent,
      ok: this.ok,
      failed: f.http4xx + f.http5xx + f.timeout + f.connection,
      failures: { ...f },
      statuses: { ...this.statuses },
      latency: h ? summarize(h) : { ...emptyLatency().summary },
      histogram: h ? encodeHistogram(h) : emptyLatency().encoded,
      dropped: this.dropped,
      degraded: this.degraded,
      ...(this.connections > 0 ? { connections: this.connections } : {}),
    };
  }
}
