import type { CrashFault } from '../scenario/index.js';
import { once, type FaultType } from './fault.js';

/** Kills the service's process (SIGKILL / docker kill); reverting starts it again. */
export const crashFault: FaultType<CrashFault> = {
  async apply(fault, ctx) {
    const service = ctx.mesh.service(fault.service);
    await service.kill();
    return once(`service "${service.name}" killed`, async () => {
      if (fault.restart && !service.isRunning()) await service.restart();
    });
  },
};
