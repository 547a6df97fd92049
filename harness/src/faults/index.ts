/**
 * Fault types: each in one file that owns its schema, spec, descriptions, expected effect and
 * apply/revert, joined in the typed registry `faultTypes`. The contract is in README.md.
 */
export type {
  ActiveFault,
  Canary,
  CanaryOutcome,
  EdgeFaultBase,
  EffectJudgement,
  FaultAction,
  FaultableService,
  FaultBase,
  FaultContext,
  FaultEffect,
  FaultParams,
  FaultProof,
  FaultType,
  LedgerCommand,
  ServiceFaultBase,
  ToxicPlan,
} from './fault-type.js';
export { PartlyAppliedError } from './fault-type.js';
export { commandEnv, type CommandFault } from './command-fault.js';
export { runStep } from './command-step.js';
export {
  applyFault,
  canaryBoundMs,
  canaryRequest,
  describeFault,
  expectedEffect,
  faultAction,
  FAULT_TYPES,
  faultParams,
  faultRevertCommand,
  faultTimeLimitsMs,
  faultRegistry,
  faultSchema,
  faultTarget,
  faultTypes,
  judgeEffect,
  needsHttpToxics,
  proxyCounter,
  refusesConnections,
  type FaultSpec,
  type FaultTypeFor,
  type FaultTypeName,
  type RecordedFault,
} from './fault-types.js';
