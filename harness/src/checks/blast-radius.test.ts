import { describe, expect, it } from 'vitest';
import { blastRadius } from './blast-radius.js';
import { fault, second, steady, times } from './timeline.fixture.js';

describe('blastRadius', () => {
  it('gives each route p99 and error rate during each fault against the baseline', () => {
    const seconds = [
      ...steady('catalog', 0, 10, 10, 20),
      ...steady('checkout', 0, 3, 10, 30),
      ...[3, 4, 5].map((t) => second('checkout', t, times(10, 400), { failed: 5 })),
      ...steady('checkout', 6, 10, 10, 30),
    ];
    const m = blastRadius({
      routes: ['catalog', 'checkout'],
      seconds,
      faults: [fault('slow', 3, 6), fault('never', 7, 8, false)],
    });
    expect(m.routes).toEqual(['catalog', 'checkout']);
    expect(m.baseline['checkout']).toMatchObject({ requests: 30, failed: 0, errorRate: 0 });
    expect(m.faults).toHaveLength(1);
    const [catalog, checkout] = m.faults[0]!.cells;
    expect(catalog).toMatchObject({ route: 'catalog', deltaErrorRate: 0 });
    expect(catalog!.deltaP99Ms).toBeCloseTo(0, 1);
    expect(checkout).toMatchObject({
      route: 'checkout',
      during: { requests: 30, failed: 15, errorRate: 0.5 },
      deltaErrorRate: 0.5,
    });
    expect(checkout!.deltaP99Ms).toBeCloseTo(370, 0);
  });

  it('has null deltas without a baseline (a fault from the first second) or without traffic', () => {
    const m = blastRadius({
      routes: ['catalog', 'idle'],
      seconds: steady('catalog', 0, 5, 10, 20),
      faults: [fault('f', 0, 2)],
    });
    expect(m.baseline['catalog']).toEqual({ requests: 0, failed: 0, p99Ms: null, errorRate: null });
    expect(m.faults[0]!.cells.map((c) => [c.deltaP99Ms, c.deltaErrorRate])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});
