import * as z from 'zod';
import { doc, expected } from '../schema/index.js';
import { QUICK_BOUND_MS, refusedEffect } from './canary-effects.js';
import { serviceFaultBase, serviceFaultMapping } from './fault-schema-parts.js';
import { once, type FaultType, type ServiceFaultBase } from './fault-type.js';

/** SIGKILL the service at `at`; start it again after `for` unless `restart` is false. */
export interface CrashFault extends ServiceFaultBase {
  type: 'crash';
  restart: boolean;
}

/** Kills the service's process (SIGKILL / docker kill); reverting starts it again. */
export const crashFault: FaultType<'crash', CrashFault, { restart: boolean }> = {
  type: 'crash',
  schema: serviceFaultMapping(
    'crash',
    'the service is killed (SIGKILL) and, unless restart is false, started again after `for`',
    {
      restart: doc(
        z.boolean({ error: expected('true or false') }),
        'start the service again when the fault ends',
        true,
      ).default(true),
    },
  )
    .transform((f): CrashFault => ({ ...serviceFaultBase('crash', f), restart: f.restart }))
    .meta({ description: 'a crash fault' }),
  describe: (f) => `crash ${f.service} (SIGKILL${f.restart ? ', restart at the end' : ', no restart'})`,
  params: (f) => ({ restart: f.restart }),
  effect: refusedEffect,
  canaryBoundMs: () => QUICK_BOUND_MS,
  action: () => ({ kind: 'service' }),
  async apply(fault, ctx) {
    const service = ctx.mesh.service(fault.service);
    await service.kill();
    return once(`service "${service.name}" killed`, async () => {
      if (fault.restart && !service.isRunning()) await service.restart();
    });
  },
};
