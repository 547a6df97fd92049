import type { LatencyFault } from '../scenario/index.js';
import { proxyOf, removeToxic } from './edge-proxy.js';
import { once, type FaultType } from './fault.js';

/** Delays responses on an edge (a `latency` toxic on the downstream stream). */
export const latencyFault: FaultType<LatencyFault> = {
  async apply(fault, ctx) {
    const proxy = await proxyOf(fault.edge, ctx);
    const name = `${ctx.toxicPrefix}latency`;
    const toxic = await proxy.addToxic({
      name,
      type: 'latency',
      stream: 'downstream',
      // Drawn per connection: with new connections per request it applies to about this share of requests.
      toxicity: fault.toxicity ?? 1,
      // ms, as Toxiproxy's API
      attributes: { latency: fault.latencyMs, jitter: fault.jitterMs },
    });
    return once(`latency toxic "${name}" on proxy "${proxy.name}"`, () => removeToxic(toxic));
  },
};
