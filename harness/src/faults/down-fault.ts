import type { DownFault } from '../scenario/index.js';
import { proxyOf } from './edge-proxy.js';
import { once, type FaultType } from './fault.js';

/** The edge refuses connections: its proxy is disabled, which also drops open connections. */
export const downFault: FaultType<DownFault> = {
  async apply(fault, ctx) {
    const proxy = await proxyOf(fault.edge, ctx);
    const body = { listen: proxy.listen, upstream: proxy.upstream };
    await proxy.update({ ...body, enabled: false });
    return once(`proxy "${proxy.name}" disabled`, async () => {
      await proxy.update({ ...body, enabled: true });
    });
  },
};
