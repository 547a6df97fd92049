import { describe, expect, it } from 'vitest';
import { EXPLORE_DEFAULTS } from '../scenario/index.js';
import { enumerateFaults, faultId, seededOrder } from './enumerate-faults.js';
import { SHOP } from './explore.fixture.js';

describe('enumerateFaults', () => {
  it('tries every edge × 4 network faults and every service × crash and freeze', () => {
    const faults = enumerateFaults(SHOP, EXPLORE_DEFAULTS);
    expect(faults).toHaveLength(6 * 4 + 6 * 2);
    expect(faults.map(faultId).slice(0, 4)).toEqual([
      'latency gateway->catalog',
      'down gateway->catalog',
      'partition gateway->catalog',
      'reset_peer gateway->catalog',
    ]);
    expect(new Set(faults.map(faultId)).size).toBe(faults.length);
    const crash = faults.find((f) => faultId(f) === 'crash payments');
    expect(crash).toMatchObject({ type: 'crash', service: 'payments', restart: true, forMs: 6000 });
    const latency = faults.find((f) => faultId(f) === 'latency orders->payments');
    expect(latency).toMatchObject({ latencyMs: 1000, jitterMs: 0 });
  });

  it('narrows to --only edges and services and to --faults types', () => {
    const faults = enumerateFaults(SHOP, EXPLORE_DEFAULTS, {
      edges: ['orders->payments'],
      services: ['inventory'],
      faults: ['latency', 'down', 'crash'],
    });
    expect(faults.map(faultId)).toEqual([
      'latency orders->payments',
      'down orders->payments',
      'crash inventory',
    ]);
  });

  it('takes the explore section’s fault types and latency', () => {
    const faults = enumerateFaults(
      SHOP,
      { ...EXPLORE_DEFAULTS, faults: ['latency'], latencyMs: 300 },
      {
        edges: ['gateway->catalog'],
        services: [],
        faults: [],
      },
    );
    expect(faults).toEqual([
      expect.objectContaining({ type: 'latency', edge: 'gateway->catalog', latencyMs: 300 }),
    ]);
  });
});

describe('seededOrder', () => {
  it('is a permutation fixed by the seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = seededOrder(items, 7);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(seededOrder(items, 7)).toEqual(a);
    expect(seededOrder(items, 8)).not.toEqual(a);
  });
});
