import type { Toxiproxy } from 'toxiproxy-node-client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { FaultableService, FaultContext } from './fault-type.js';
import {
  applyFault,
  faultAction,
  FAULT_TYPES,
  faultSchema,
  faultTypes,
  type FaultSpec,
} from './fault-types.js';

interface ToxicCall {
  name: string;
  type: string;
  stream: string;
  toxicity?: number;
  attributes: unknown;
}

/** A Toxiproxy client stand-in that records toxics; `failOn` makes adding that toxic fail. */
function fakeToxiproxy(failOn?: string) {
  const live = new Map<string, ToxicCall>();
  const proxy = {
    name: 'orders_to_payments',
    addToxic(body: ToxicCall) {
      if (body.name === failOn) return Promise.reject(new Error('toxic refused'));
      live.set(body.name, body);
      return Promise.resolve({ remove: () => Promise.resolve(void live.delete(body.name)) });
    },
  };
  const client = {
    get: (name: string) =>
      name === proxy.name ? Promise.resolve(proxy) : Promise.reject(new Error('no proxy')),
  };
  return { live, client: client as unknown as Toxiproxy };
}

function fakeService() {
  const calls: string[] = [];
  let running = true;
  const service = {
    name: 'payments',
    isRunning: () => running,
    freeze: () => Promise.resolve(void calls.push('freeze')),
    thaw: () => Promise.resolve(void calls.push('thaw')),
  } as unknown as FaultableService;
  const mesh: FaultContext['mesh'] = { service: () => service };
  return { calls, mesh, die: () => (running = false) };
}

function faultOf(yamlFlow: string): FaultSpec {
  return faultSchema.parse(parse(yamlFlow));
}

function ctxWith(toxiproxy: Toxiproxy, mesh = fakeService().mesh): FaultContext {
  return {
    toxiproxy,
    mesh,
    proxies: new Map([['orders->payments', 'orders_to_payments']]),
    toxicPrefix: 'faultline_3_',
  };
}

const EDGE = 'edge: orders->payments, at: 1s, for: 2s';

describe('edge faults add exactly their toxics and remove exactly those', () => {
  const cases: [string, ToxicCall[]][] = [
    [
      `{ type: latency, ${EDGE}, latency: 250ms, jitter: 20ms, toxicity: 0.5 }`,
      [
        {
          name: 'faultline_3_latency',
          type: 'latency',
          stream: 'downstream',
          toxicity: 0.5,
          attributes: { latency: 250, jitter: 20 },
        },
      ],
    ],
    [
      `{ type: reset_peer, ${EDGE} }`,
      [
        {
          name: 'faultline_3_reset_peer',
          type: 'reset_peer',
          stream: 'upstream',
          attributes: { timeout: 0 },
        },
      ],
    ],
    [
      `{ type: reset_peer, ${EDGE}, timeout: 1.5s }`,
      [
        {
          name: 'faultline_3_reset_peer',
          type: 'reset_peer',
          stream: 'upstream',
          attributes: { timeout: 1500 },
        },
      ],
    ],
    [
      `{ type: bandwidth, ${EDGE}, rate: 10 }`,
      [{ name: 'faultline_3_bandwidth', type: 'bandwidth', stream: 'downstream', attributes: { rate: 10 } }],
    ],
    [
      `{ type: slow_close, ${EDGE}, delay: 2s }`,
      [
        {
          name: 'faultline_3_slow_close',
          type: 'slow_close',
          stream: 'downstream',
          attributes: { delay: 2000 },
        },
      ],
    ],
    [
      `{ type: timeout, ${EDGE}, timeout: 300ms }`,
      [
        {
          name: 'faultline_3_timeout_upstream',
          type: 'timeout',
          stream: 'upstream',
          attributes: { timeout: 300 },
        },
        {
          name: 'faultline_3_timeout_downstream',
          type: 'timeout',
          stream: 'downstream',
          attributes: { timeout: 300 },
        },
      ],
    ],
    [
      `{ type: partition, ${EDGE} }`,
      [
        {
          name: 'faultline_3_partition_upstream',
          type: 'timeout',
          stream: 'upstream',
          attributes: { timeout: 0 },
        },
        {
          name: 'faultline_3_partition_downstream',
          type: 'timeout',
          stream: 'downstream',
          attributes: { timeout: 0 },
        },
      ],
    ],
  ];
  it.each(cases)('%s', async (flow, expected) => {
    const { live, client } = fakeToxiproxy();
    const fault = faultOf(flow);
    const active = await applyFault(fault, ctxWith(client));
    const withToxicity = expected.map((t) => ({ toxicity: 1, ...t }));
    expect(
      [...live.values()].map(({ name, type, stream, toxicity, attributes }) => ({
        name,
        type,
        stream,
        toxicity,
        attributes,
      })),
    ).toEqual(withToxicity);
    // The k6 export builds its Toxiproxy calls from the action: it must say what apply added.
    const action = faultAction(fault);
    expect(action.kind).toBe('toxics');
    if (action.kind === 'toxics')
      expect(
        action.toxics.map((t) => ({
          name: `faultline_3_${t.suffix}`,
          type: t.type,
          stream: t.stream,
          toxicity: t.toxicity ?? 1,
          attributes: t.attributes,
        })),
      ).toEqual(withToxicity);
    expect(active.description).toContain('orders_to_payments');
    await active.revert();
    await active.revert();
    expect(live.size).toBe(0);
  });

  it('leaves nothing behind when the second toxic of a fault cannot be added', async () => {
    const { live, client } = fakeToxiproxy('faultline_3_timeout_downstream');
    await expect(
      applyFault(faultOf(`{ type: timeout, ${EDGE}, timeout: 300ms }`), ctxWith(client)),
    ).rejects.toThrow('toxic refused');
    expect(live.size).toBe(0);
  });
});

describe('freeze', () => {
  it('stops the service and continues it once, however often it is reverted', async () => {
    const svc = fakeService();
    const active = await applyFault(
      faultOf('{ type: freeze, service: payments, at: 1s, for: 2s }'),
      ctxWith(fakeToxiproxy().client, svc.mesh),
    );
    expect(svc.calls).toEqual(['freeze']);
    await Promise.all([active.revert(), active.revert()]);
    expect(svc.calls).toEqual(['freeze', 'thaw']);
  });

  it('does not continue a service that died while frozen, and refuses to freeze one that is not running', async () => {
    const svc = fakeService();
    const fault = faultOf('{ type: freeze, service: payments, at: 1s, for: 2s }');
    const active = await applyFault(fault, ctxWith(fakeToxiproxy().client, svc.mesh));
    svc.die();
    await active.revert();
    expect(svc.calls).toEqual(['freeze']);
    await expect(applyFault(fault, ctxWith(fakeToxiproxy().client, svc.mesh))).rejects.toThrow(/not running/);
  });
});

it('has a fault type for every type the schema accepts', () => {
  expect(Object.keys(faultTypes).sort()).toEqual([...FAULT_TYPES].sort());
  expect(FAULT_TYPES).toHaveLength(13);
});
