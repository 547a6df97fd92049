export type { ActiveFault, FaultContext, FaultType } from './fault.js';
export { applyFault, faultTarget, faultTypes } from './fault-types.js';
