import type { FaultSpec } from '../scenario/index.js';
import { bandwidthFault } from './bandwidth-fault.js';
import { crashFault } from './crash-fault.js';
import { downFault } from './down-fault.js';
import type { ActiveFault, FaultContext, FaultType } from './fault.js';
import { freezeFault } from './freeze-fault.js';
import { latencyFault } from './latency-fault.js';
import { partitionFault } from './partition-fault.js';
import { resetPeerFault } from './reset-peer-fault.js';
import { slowCloseFault } from './slow-close-fault.js';
import { timeoutFault } from './timeout-fault.js';

type Registry = { [K in FaultSpec['type']]: FaultType<Extract<FaultSpec, { type: K }>> };

/** Every fault type, keyed by the scenario's `type`. */
export const faultTypes: Registry = {
  latency: latencyFault,
  partition: partitionFault,
  down: downFault,
  reset_peer: resetPeerFault,
  bandwidth: bandwidthFault,
  slow_close: slowCloseFault,
  timeout: timeoutFault,
  crash: crashFault,
  freeze: freezeFault,
};

export function applyFault(fault: FaultSpec, ctx: FaultContext): Promise<ActiveFault> {
  const type = faultTypes[fault.type] as FaultType<FaultSpec>;
  return type.apply(fault, ctx);
}

/** What a fault acts on, as written in the scenario: an edge or a service. */
export function faultTarget(fault: FaultSpec): string {
  return 'edge' in fault ? fault.edge : fault.service;
}
