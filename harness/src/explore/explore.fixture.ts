import {
  encodeHistogram,
  newHistogram,
  summarize,
  type FaultEvent,
  type RouteSecond,
} from '../results/index.js';
import type { Mesh } from '../mesh/index.js';
import { EXPLORE_DEFAULTS } from '../scenario/index.js';
import {
  EXPLORE_SCHEMA_VERSION,
  type ExploreCell,
  type ExploreResults,
  type ExploreRow,
} from './explore-model.js';

/** One route-second of `n` requests of `ms` each, `failed` of them failed, `degraded` of the ok ones fallbacks. */
export function second(
  route: string,
  t: number,
  n: number,
  ms: number,
  opts: { failed?: number; degraded?: number } = {},
): RouteSecond {
  const h = newHistogram();
  for (let i = 0; i < n; i++) h.recordValue(Math.round(ms * 1000));
  const failed = opts.failed ?? 0;
  return {
    route,
    t,
    offered: n,
    sent: n,
    ok: n - failed,
    failed,
    failures: { http4xx: 0, http5xx: failed, timeout: 0, connection: 0 },
    statuses: { '200': n - failed },
    latency: summarize(h),
    histogram: encodeHistogram(h),
    ...(opts.degraded ? { degraded: opts.degraded } : {}),
  };
}

/** Seconds from..to-1 of a route with `n` requests of `ms` each. */
export function seconds(
  route: string,
  from: number,
  to: number,
  n: number,
  ms: number,
  opts: { failed?: number; degraded?: number } = {},
): RouteSecond[] {
  return Array.from({ length: to - from }, (_, i) => second(route, from + i, n, ms, opts));
}

/** A latency fault on orders->payments from `startMs` to `endMs` whose effect was confirmed by the probe. */
export function confirmedLatency(startMs: number, endMs: number): FaultEvent {
  return {
    name: 'latency orders->payments',
    type: 'latency',
    target: 'orders->payments',
    params: { latencyMs: 1000, jitterMs: 0 },
    scheduledAtMs: startMs,
    scheduledEndMs: endMs,
    appliedAtMs: startMs,
    revertedAtMs: endMs,
    effect: {
      canaryBefore: { outcome: 'answered', ms: 5, boundMs: 500, status: 200, address: '127.0.0.1:1' },
      canaryAfter: { outcome: 'answered', ms: 1006, boundMs: 2500, status: 200, address: '127.0.0.1:1' },
      traffic: { proxies: ['orders_to_payments'], bytesBefore: 1000, bytesDuring: 500 },
    },
  };
}

/** The sample mesh's shape: gateway → catalog, orders, shipping; orders → inventory, payments, shipping. */
export const SHOP: Mesh = {
  name: 'shop',
  dir: '.',
  entry: 'gateway',
  services: [
    svc('gateway', { catalog: 'CATALOG_URL', orders: 'ORDERS_URL', shipping: 'SHIPPING_URL' }),
    svc('catalog'),
    svc('orders', { inventory: 'INVENTORY_URL', payments: 'PAYMENTS_URL', shipping: 'SHIPPING_URL' }),
    svc('inventory'),
    svc('payments'),
    svc('shipping'),
  ],
};

function svc(name: string, upstreams: Record<string, string> = {}): Mesh['services'][number] {
  return {
    name,
    command: ['node', 'x'],
    port: 0,
    health: '/healthz',
    ready: '/readyz',
    metrics: '/metrics',
    env: {},
    upstreams,
  };
}

const cell = (route: string, status: ExploreCell['status']): ExploreCell => ({
  route,
  status,
  during: { requests: 100, failed: 0, p99Ms: 480, errorRate: 0, degraded: 0 },
  addedP99Ms: 460,
  addedErrorRate: 0,
  recoveryMs: 500,
  evidence: `${status}: p(90) 480 ms <script>`,
  series: [
    { t: -1, p99Ms: 20, errorRate: 0 },
    { t: 0, p99Ms: 480, errorRate: 0 },
    { t: 1, p99Ms: 20, errorRate: 0 },
  ],
});

const row = (id: string, statuses: ExploreCell['status'][]): ExploreRow => ({
  id,
  fault: {
    type: 'latency',
    name: id,
    edge: 'orders->payments',
    latencyMs: 1000,
    jitterMs: 0,
    atMs: 0,
    forMs: 6000,
  },
  status: statuses.includes('fail') ? 'fail' : statuses[0]!,
  appliedAtMs: 5000,
  revertedAtMs: 11_000,
  effect: { confirmed: true, evidence: ['took effect'] },
  recoveryMs: 500,
  restarted: false,
  blastRadius: ['checkout'],
  cells: [cell('catalog', statuses[0]!), cell('checkout', statuses[1]!)],
});

/** A map of two faults × two routes (one failing), one cell left out, a skipped pair. */
export function sampleMap(): ExploreResults {
  return {
    schemaVersion: EXPLORE_SCHEMA_VERSION,
    kind: 'explore',
    id: 'x',
    scenario: { name: 'shop', file: 'shop.yaml', seed: 3 },
    mesh: 'sample',
    platform: 'local',
    startedAt: '',
    endedAt: '',
    seed: 3,
    settings: EXPLORE_DEFAULTS,
    steadyState: { catalog: ['p(99)<300'], checkout: ['p(90)<250', 'rate<0.01'] },
    routes: ['catalog', 'checkout'],
    faults: ['latency orders->payments', 'down orders->payments', 'crash inventory'],
    baseline: {},
    rows: [
      row('latency orders->payments', ['pass', 'fail']),
      row('down orders->payments', ['pass', 'degraded']),
    ],
    leftOut: [{ id: 'crash inventory', reason: 'budget: 60 s would be exceeded' }],
    depth: 2,
    pairs: { tried: 1, skipped: [{ id: 'a + b', reason: 'both act on x' }] },
    restarts: 0,
    outcome: 'failed',
    exitCode: 1,
    errors: [],
  };
}
