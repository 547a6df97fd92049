import { describe, expect, it } from 'vitest';
import { EXPLORE_DEFAULTS, parseScenario } from '../scenario/index.js';
import {
  EXPLORE_SCHEMA_VERSION,
  type ExploreCell,
  type ExploreResults,
  type ExploreRow,
} from './explore-model.js';
import { renderExploreHtml } from './explore-html.js';
import { renderMap } from './render-map.js';
import { replayFileName, replayScenario } from './replay-scenario.js';

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

const results: ExploreResults = {
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

const SCENARIO = `name: shop
mesh: sample
seed: 3
load:
  warmup: 1s
  duration: 10s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 50/s }
    - { name: checkout, request: POST /api/orders, body: { sku: sku-1, qty: 1 }, rate: 20/s, timeout: 3s, degraded: { header: x-fallback } }
slo:
  catalog: ["p(99)<300"]
  checkout: ["p(90)<250", "rate<0.01"]
`;

describe('the resilience map', () => {
  it('prints a compact map with a mark per cell, the left-out cells and the outcome', () => {
    const text = renderMap(results, { color: false });
    expect(text).toContain('latency orders->payments  ✓        ✗');
    expect(text).toContain('down orders->payments     ✓        ◐');
    expect(text).toContain('crash inventory: budget: 60 s would be exceeded');
    expect(text).toContain('explore failed (exit 1), seed 3');
    expect(text).toContain('pairs: 1 tried, 1 skipped\n  skipped a + b: both act on x');
  });

  it('renders coloured cells that open to their numbers, escaping every text', () => {
    const html = renderExploreHtml(results);
    expect(html).toContain('<td class="fail"><details><summary>✗ fail</summary>');
    expect(html).toContain('<td class="degraded">');
    expect(html).toContain('+460.0 ms');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<polyline');
    expect(html).toContain('<li><code>a + b</code>: both act on x</li>');
  });

  it('writes a failing row as a valid scenario with the one fault and the failing route’s SLO over the fault', () => {
    const scenario = parseScenario(SCENARIO, 'shop.yaml');
    const failing = results.rows[0]!;
    expect(replayFileName(failing)).toBe('replay-latency-orders-payments.yaml');
    const text = replayScenario(failing, scenario, results.steadyState, {
      settleMs: 3000,
      holdMs: 6000,
      meshPath: 'sample',
      outDir: '.',
      unaffected: [],
    });
    const replay = parseScenario(text, 'replay.yaml');
    expect(replay.load.durationMs).toBe(12_000);
    expect(replay.load.warmupMs).toBe(4000);
    expect(replay.load.routes.map((r) => r.name)).toEqual(['catalog', 'checkout']);
    expect(replay.load.routes[1]!.degraded).toEqual({ header: 'x-fallback' });
    expect(replay.faults).toEqual([
      expect.objectContaining({
        type: 'latency',
        edge: 'orders->payments',
        atMs: 3000,
        forMs: 6000,
        latencyMs: 1000,
      }),
    ]);
    const thresholds = Object.entries(replay.checks.thresholds).map(([key, e]) => [
      key,
      e.expressions.map((x) => x.source),
    ]);
    expect(thresholds).toEqual([
      ['http_req_duration{route:checkout,phase:fault}', ['p(90)<250']],
      ['http_req_failed{route:checkout,phase:fault}', ['rate<0.01']],
    ]);
  });
});
