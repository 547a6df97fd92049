import { describe, expect, it } from 'vitest';
import { canaryRequest, needsHttpToxics } from '../faults/index.js';
import { EXPLORE_DEFAULTS } from '../scenario/index.js';
import { enumerateFaults, faultId, seededOrder } from './enumerate-faults.js';
import { SHOP } from './explore.fixture.js';

describe('enumerateFaults', () => {
  it('tries every edge × 4 network faults and an HTTP 503, and every service × crash and freeze', () => {
    const faults = enumerateFaults(SHOP, EXPLORE_DEFAULTS);
    expect(faults).toHaveLength(6 * 5 + 6 * 2);
    expect(faults.map(faultId).slice(0, 5)).toEqual([
      'latency gateway->catalog',
      'down gateway->catalog',
      'partition gateway->catalog',
      'reset_peer gateway->catalog',
      'http_error gateway->catalog',
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

describe('the http_error cell', () => {
  it('answers every request of the edge with the section’s status, so one canary confirms it', () => {
    const [fault] = enumerateFaults(
      SHOP,
      { ...EXPLORE_DEFAULTS, httpStatus: 500 },
      { edges: ['orders->inventory'], services: [], faults: ['http_error'] },
    );
    expect(fault).toEqual({
      type: 'http_error',
      name: 'http_error orders->inventory',
      edge: 'orders->inventory',
      status: 500,
      body: '',
      headers: {},
      match: { headers: {} },
      rate: 1,
      first: 0,
      stream: 'upstream',
      atMs: 0,
      forMs: 6000,
    });
    expect(needsHttpToxics(fault!)).toBe(true);
    expect(canaryRequest(fault!, '127.0.0.1:1')).toEqual({
      request: expect.stringMatching(/^GET \/ HTTP\/1\.1\r\n/),
    });
    expect(
      enumerateFaults(SHOP, EXPLORE_DEFAULTS, { edges: [], services: ['payments'], faults: ['http_error'] }),
    ).toEqual([]);
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
