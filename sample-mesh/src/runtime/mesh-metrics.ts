import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// seconds; dense around the 100–150 ms limits the flagship scenario checks
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10];

/** Values of `circuit_breaker_state`. */
export const BreakerGauge = { closed: 0, open: 1, halfOpen: 2 } as const;

/**
 * Every metric a sample-mesh service exposes on `/metrics`, in its own registry so that several
 * services can live in one process (as they do in tests).
 */
export class MeshMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_server_requests_total',
    help: 'Requests served, by route pattern and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Time from request arrival to response finish, by route pattern.',
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly upstreamRequests = new Counter({
    name: 'upstream_requests_total',
    help: 'Calls to an upstream, one per attempt; outcome: success, server_error, timeout, network_error, cancelled, short_circuited, bulkhead_rejected.',
    labelNames: ['upstream', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly upstreamCalls = new Counter({
    name: 'upstream_calls_total',
    help: 'Calls to an upstream, one per call however many attempts it took (attempts are upstream_requests_total).',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: 'upstream_request_duration_seconds',
    help: 'Duration of each attempt that reached the network.',
    labelNames: ['upstream'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly breakerState = new Gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit breaker per upstream: 0 closed, 1 open, 2 half-open.',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });
  readonly retries = new Counter({
    name: 'retries_total',
    help: 'Retries performed (attempts after the first).',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });
  readonly retryBudgetExhausted = new Counter({
    name: 'retry_budget_exhausted_total',
    help: 'Retries not performed because the retry budget was spent.',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });
  readonly bulkheadRejections = new Counter({
    name: 'bulkhead_rejections_total',
    help: 'Calls refused because the upstream bulkhead (or the gateway admission limit, upstream="gateway") was full.',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });
  readonly eventsPlaced = new Counter({
    name: 'order_placed_events_total',
    help: 'OrderPlaced events created, one per accepted order (delivered through the outbox, or inline with MESH_OUTBOX=off).',
    registers: [this.registry],
  });
  readonly eventsSeen = new Gauge({
    name: 'shipping_events_seen',
    help: 'Distinct OrderPlaced events shipping has recorded; kept across restarts when FAULTLINE_DATA_DIR is set.',
    registers: [this.registry],
  });
  readonly outboxBacklog = new Gauge({
    name: 'outbox_backlog',
    help: 'Events recorded in the outbox and not yet acknowledged by their consumer.',
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Current value of a counter or gauge series; for tests and diagnostics. */
  async value(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = this.registry.getSingleMetric(name);
    if (!metric) return 0;
    const data = await metric.get();
    return data.values
      .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
      .filter((v) => !('metricName' in v) || v.metricName === name)
      .reduce((sum, v) => sum + v.value, 0);
  }
}
