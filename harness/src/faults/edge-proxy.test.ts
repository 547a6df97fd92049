import type { Toxic } from 'toxiproxy-node-client';
import { describe, expect, it } from 'vitest';
import { removeToxic } from './edge-proxy.js';

const toxicFailingWith = (message: string): Toxic<unknown> =>
  ({
    remove: async () => {
      throw new Error(message);
    },
  }) as unknown as Toxic<unknown>;

describe('removeToxic', () => {
  it('treats a toxic that is already gone as removed, so a retried revert can finish', async () => {
    await expect(removeToxic(toxicFailingWith('Request failed with status code 404'))).resolves.toBeUndefined();
  });

  it('passes on every other failure', async () => {
    await expect(removeToxic(toxicFailingWith('Request failed with status code 500'))).rejects.toThrow(/500/);
    await expect(removeToxic(toxicFailingWith('fetch failed'))).rejects.toThrow(/fetch failed/);
  });
});
