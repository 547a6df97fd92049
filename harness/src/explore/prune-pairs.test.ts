import { describe, expect, it } from 'vitest';
import { EXPLORE_DEFAULTS } from '../scenario/index.js';
import type { ExploreRow } from './explore-model.js';
import { enumerateFaults, faultId } from './enumerate-faults.js';
import { SHOP } from './explore.fixture.js';
import { pairId, planPairs, requestPaths } from './prune-pairs.js';

const faults = enumerateFaults(
  SHOP,
  { ...EXPLORE_DEFAULTS, faults: ['latency', 'down', 'crash'] },
  {
    edges: ['gateway->catalog', 'orders->payments', 'orders->inventory'],
    services: ['gateway', 'payments'],
    faults: [],
  },
);
const row = (id: string, status: ExploreRow['status'], blastRadius: string[] = []): ExploreRow =>
  ({ id, status, blastRadius }) as unknown as ExploreRow;

describe('requestPaths', () => {
  it('gives each first hop from the entry the edges and services below it', () => {
    const paths = requestPaths(SHOP).map((p) => [...p].sort());
    expect(paths).toHaveLength(3);
    expect(paths[0]).toEqual(['catalog', 'gateway', 'gateway->catalog']);
    expect(paths[1]).toContain('orders->payments');
    expect(paths[1]).toContain('inventory');
  });
});

describe('planPairs', () => {
  const rows = faults.map((f) =>
    row(faultId(f), faultId(f) === 'down orders->inventory' ? 'fail' : 'degraded', ['checkout']),
  );
  const plan = planPairs(faults, rows, SHOP);
  const skipped = new Map(plan.skipped.map((s) => [s.id, s.reason]));
  const tried = plan.tried.map(([a, b]) => pairId(a, b));

  it('tries pairs on a common request path whose faults alone fail nothing', () => {
    expect(tried).toContain('latency orders->inventory + latency orders->payments');
    expect(tried).toContain('latency gateway->catalog + crash gateway');
    expect(plan.tried.length + plan.skipped.length).toBe((faults.length * (faults.length - 1)) / 2);
  });

  it('skips pairs with a fault that already fails a route alone', () => {
    expect(skipped.get('down orders->inventory + latency orders->payments')).toBe(
      '"down orders->inventory" alone already fails checkout',
    );
    expect(tried.some((t) => t.includes('down orders->inventory'))).toBe(false);
  });

  it('skips pairs on one target and pairs no request can meet', () => {
    expect(skipped.get('latency orders->payments + down orders->payments')).toBe(
      'both act on orders->payments',
    );
    expect(skipped.get('latency gateway->catalog + latency orders->payments')).toBe(
      'gateway->catalog and orders->payments lie on no common request path',
    );
    expect(skipped.get('latency gateway->catalog + crash payments')).toMatch(/no common request path/);
  });

  it('pairs only faults that were judged alone', () => {
    const some = planPairs(faults, rows.slice(0, 2), SHOP);
    expect(some.tried.length + some.skipped.length).toBe(1);
  });
});
