import { QUICK_BOUND_MS, refusedEffect } from './canary-effects.js';
import { proxyOf } from './edge-proxy.js';
import { edgeFaultBase, edgeFaultMapping } from './fault-schema-parts.js';
import { once, type EdgeFaultBase, type FaultType } from './fault-type.js';

/** The edge refuses connections (the proxy is disabled). */
export interface DownFault extends EdgeFaultBase {
  type: 'down';
}

/** The edge refuses connections: its proxy is disabled, which also drops open connections. */
export const downFault: FaultType<'down', DownFault, Record<string, never>> = {
  type: 'down',
  schema: edgeFaultMapping(
    'down',
    'the edge refuses connections (its proxy is disabled), like a stopped dependency',
    {},
  )
    .transform((f): DownFault => edgeFaultBase('down', f))
    .meta({ description: 'a down fault' }),
  describe: (f) => `down ${f.edge} (refuses connections)`,
  params: () => ({}),
  effect: refusedEffect,
  canaryBoundMs: () => QUICK_BOUND_MS,
  action: () => ({ kind: 'disable-proxy' }),
  async apply(fault, ctx) {
    const proxy = await proxyOf(fault.edge, ctx);
    const body = { listen: proxy.listen, upstream: proxy.upstream };
    await proxy.update({ ...body, enabled: false });
    return once(`proxy "${proxy.name}" disabled`, async () => {
      await proxy.update({ ...body, enabled: true });
    });
  },
};
