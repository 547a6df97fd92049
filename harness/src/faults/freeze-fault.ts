import { heldEffect, QUICK_BOUND_MS } from './canary-effects.js';
import { serviceFaultBase, serviceFaultMapping } from './fault-schema-parts.js';
import { once, type FaultType, type ServiceFaultBase } from './fault-type.js';

/** SIGSTOP the service at `at` (docker: pause) and continue it after `for`: it hangs but keeps its sockets. */
export interface FreezeFault extends ServiceFaultBase {
  type: 'freeze';
}

/**
 * Freezes the service (SIGSTOP / docker pause): it keeps its sockets open and accepts
 * connections (the kernel does) but answers nothing, as a process stuck in a long GC pause or
 * a deadlock does. Reverting continues it (SIGCONT / unpause); a service that died meanwhile
 * is left as it is.
 */
export const freezeFault: FaultType<'freeze', FreezeFault, Record<string, never>> = {
  type: 'freeze',
  schema: serviceFaultMapping(
    'freeze',
    'the service is frozen (SIGSTOP) and continued after `for`: it keeps its sockets but answers nothing',
    {},
  )
    .transform((f): FreezeFault => serviceFaultBase('freeze', f))
    .meta({ description: 'a freeze fault' }),
  describe: (f) => `freeze ${f.service} (SIGSTOP, SIGCONT at the end)`,
  params: () => ({}),
  effect: heldEffect,
  canaryBoundMs: () => QUICK_BOUND_MS,
  action: () => ({ kind: 'service' }),
  async apply(fault, ctx) {
    const service = ctx.mesh.service(fault.service);
    if (!service.isRunning())
      throw new Error(`service "${service.name}" is not running, so it cannot be frozen`);
    await service.freeze();
    return once(`service "${service.name}" frozen`, async () => {
      if (service.isRunning()) await service.thaw();
    });
  },
};
