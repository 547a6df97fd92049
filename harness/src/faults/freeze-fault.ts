import type { FreezeFault } from '../scenario/index.js';
import { once, type FaultType } from './fault.js';

/**
 * Freezes the service (SIGSTOP / docker pause): it keeps its sockets open and accepts
 * connections (the kernel does) but answers nothing, as a process stuck in a long GC pause or
 * a deadlock does. Reverting continues it (SIGCONT / unpause); a service that died meanwhile
 * is left as it is.
 */
export const freezeFault: FaultType<FreezeFault> = {
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
