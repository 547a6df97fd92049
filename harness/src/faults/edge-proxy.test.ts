import type { Toxic } from 'toxiproxy-node-client';
import { describe, expect, it } from 'vitest';
import { proxyOf, removeToxic } from './edge-proxy.js';
import type { FaultContext } from './fault-type.js';

const toxicFailingWith = (message: string): Toxic<unknown> =>
  ({
    remove: async () => {
      throw new Error(message);
    },
  }) as unknown as Toxic<unknown>;

describe('removeToxic', () => {
  it('treats a toxic that is already gone as removed, so a retried revert can finish', async () => {
    await expect(
      removeToxic(toxicFailingWith('Request failed with status code 404')),
    ).resolves.toBeUndefined();
  });

  it('passes on every other failure', async () => {
    await expect(removeToxic(toxicFailingWith('Request failed with status code 500'))).rejects.toThrow(/500/);
    await expect(removeToxic(toxicFailingWith('fetch failed'))).rejects.toThrow(/fetch failed/);
  });
});

describe('proxyOf', () => {
  const ctxWith = (get: (name: string) => Promise<unknown>, handles?: Map<string, unknown>) =>
    ({
      toxiproxy: { get },
      proxies: new Map([['a->b', 'a_to_b']]),
      ...(handles ? { proxyHandles: handles } : {}),
      mesh: {},
      toxicPrefix: 'p_',
    }) as unknown as FaultContext;

  it('uses the proxy kept from start-up without asking the API', async () => {
    const kept = { name: 'a_to_b' };
    const ctx = ctxWith(() => Promise.reject(new Error('no API call expected')), new Map([['a->b', kept]]));
    expect(await proxyOf('a->b', ctx)).toBe(kept);
  });

  it('otherwise fetches a proxy once and reuses it', async () => {
    const asked: string[] = [];
    const ctx = ctxWith((name) => {
      asked.push(name);
      return Promise.resolve({ name });
    });
    const first = await proxyOf('a->b', ctx);
    expect(await proxyOf('a->b', ctx)).toBe(first);
    expect(asked).toEqual(['a_to_b']);
    await expect(proxyOf('x->y', ctx)).rejects.toThrow(/has no proxy/);
  });
});
