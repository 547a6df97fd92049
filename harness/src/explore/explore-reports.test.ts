import { describe, expect, it } from 'vitest';
import { EXPLORE_DEFAULTS, parseScenario } from '../scenario/index.js';
import { sampleMap, SHOP } from './explore.fixture.js';
import { renderExploreHtml } from './explore-html.js';
import { renderMap } from './render-map.js';
import { replayFileName, replayScenario } from './replay-scenario.js';
import { enumerateFaults, faultId } from './enumerate-faults.js';
import { judgeInstrument } from './row-instrument.js';
import type { ExploreRow } from './explore-model.js';

const results = sampleMap();

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

/** The replay scenario of a failing row of the shop, parsed as `faultline run` would read it. */
function replayOf(failing: ExploreRow) {
  const scenario = parseScenario(SCENARIO, 'shop.yaml');
  const text = replayScenario(failing, scenario, results.steadyState, {
    settleMs: 3000,
    holdMs: 6000,
    meshPath: 'sample',
    outDir: '.',
    unaffected: [],
  });
  return parseScenario(text, 'replay.yaml');
}

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
    const failing = results.rows[0]!;
    expect(replayFileName(failing)).toBe('replay-latency-orders-payments.yaml');
    const replay = replayOf(failing);
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

  it('writes a failing http_error row as a scenario whose fault answers every request with the status', () => {
    const [fault] = enumerateFaults(SHOP, EXPLORE_DEFAULTS, {
      edges: ['orders->inventory'],
      services: [],
      faults: ['http_error'],
    });
    const failing = { ...results.rows[0]!, id: faultId(fault!), fault: fault! };
    expect(replayFileName(failing)).toBe('replay-http_error-orders-inventory.yaml');
    const replay = replayOf(failing);
    // The replayed fault is the explored one, field for field, at the end of the settle window.
    expect(replay.faults).toEqual([{ ...fault, atMs: 3000, forMs: 6000 }]);
  });

  it('shows the instrument readings of a row, and says when the machine was too busy to measure', () => {
    const busy = sampleMap();
    const readings = {
      sendLagP99Ms: 80,
      runnerLoopDelayP99Ms: 4,
      proxyLoopDelayP99Ms: null,
      loadPerCore: 1,
      runnablePerCore: 0.5,
      stealShare: 0,
    };
    busy.rows[0]!.instrument = judgeInstrument(readings);
    const text = renderMap(busy, { color: false });
    expect(text).toMatch(
      /latency orders->payments .*too busy to measure: send lag p99 80 ms · runner loop p99 4 ms · proxy loop p99 n\/a · run queue 0\.5\/core · steal 0\.0 %/,
    );
    expect(text).toContain('1 fault judged inconclusive: the machine was too busy to measure');
    const html = renderExploreHtml(busy);
    expect(html).toContain('measurement quality: send lag p99 80 ms');
    expect(html).toContain(
      'the machine was too busy to measure latency within 35 ms: requests left up to 80 ms late (p99)',
    );
  });
});
