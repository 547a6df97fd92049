import * as z from 'zod';
import { didYouMean, expected, formatDuration } from '../schema/index.js';
import { bandwidthFault } from './bandwidth-fault.js';
import { commandFault } from './command-fault.js';
import { crashFault } from './crash-fault.js';
import { downFault } from './down-fault.js';
import type {
  ActiveFault,
  Canary,
  EffectJudgement,
  FaultAction,
  FaultBase,
  FaultContext,
  FaultParams,
  FaultType,
  LedgerCommand,
} from './fault-type.js';
import { freezeFault } from './freeze-fault.js';
import { httpAbortFault } from './http-abort-fault.js';
import { httpDelayFault } from './http-delay-fault.js';
import { httpErrorFault } from './http-error-fault.js';
import { latencyFault } from './latency-fault.js';
import { partitionFault } from './partition-fault.js';
import { resetPeerFault } from './reset-peer-fault.js';
import { slowCloseFault } from './slow-close-fault.js';
import { timeoutFault } from './timeout-fault.js';

/** Any fault type whose YAML `type` is `T`: what a registry entry under key `T` must be. */
export type FaultTypeFor<T extends string> = FaultType<T, FaultBase & { type: T }, FaultParams>;

/**
 * A registry of fault types: each entry complete (every part of `FaultType`) and filed under its
 * own `type`, or the compiler refuses it.
 */
export function faultRegistry<R extends { [K in keyof R]: FaultTypeFor<K & string> }>(types: R): R {
  return types;
}

/** Every fault type, keyed by the scenario's `type`, in the order the docs list them. */
export const faultTypes = faultRegistry({
  latency: latencyFault,
  partition: partitionFault,
  down: downFault,
  reset_peer: resetPeerFault,
  bandwidth: bandwidthFault,
  slow_close: slowCloseFault,
  timeout: timeoutFault,
  crash: crashFault,
  freeze: freezeFault,
  http_error: httpErrorFault,
  http_delay: httpDelayFault,
  http_abort: httpAbortFault,
  command: commandFault,
});

type Registry = typeof faultTypes;
/** A fault's YAML `type`. */
export type FaultTypeName = keyof Registry;
/** One fault of the scenario, parsed: the spec of one of the registered types. */
export type FaultSpec = { [T in FaultTypeName]: z.output<Registry[T]['schema']> }[FaultTypeName];

export const FAULT_TYPES = Object.keys(faultTypes) as readonly FaultTypeName[];

/** The entry of a fault's own type, seen through the shape every entry has. */
function typeOf(fault: FaultSpec): FaultType<string, FaultSpec, FaultParams> {
  return faultTypes[fault.type];
}

/** One entry of `faults:`, discriminated by `type`. */
export const faultSchema = z
  .discriminatedUnion(
    'type',
    // Object.values keeps the registry's order; the registry is never empty.
    Object.values(faultTypes).map((t) => t.schema) as [
      Registry[FaultTypeName]['schema'],
      ...Registry[FaultTypeName]['schema'][],
    ],
    {
      error: (iss) => {
        const t: unknown = (iss.input as { type?: unknown } | undefined)?.type;
        if (typeof iss.input !== 'object' || iss.input === null) return expected('a fault mapping')(iss);
        if (t === undefined) return `required; expected one of ${FAULT_TYPES.join(', ')}`;
        const guess = typeof t === 'string' ? didYouMean(t, FAULT_TYPES) : undefined;
        return `unknown fault type ${JSON.stringify(t)}${guess ? ` (did you mean "${guess}"?)` : ''}; expected one of ${FAULT_TYPES.join(', ')}`;
      },
    },
  )
  .meta({ description: 'a fault on the timeline: what breaks, where, when and for how long' });

export function applyFault(fault: FaultSpec, ctx: FaultContext): Promise<ActiveFault> {
  return typeOf(fault).apply(fault, ctx);
}

/** The command that undoes the fault, for the ledger; only faults run by commands have one. */
export function faultRevertCommand(fault: FaultSpec, ctx: FaultContext): LedgerCommand | undefined {
  return typeOf(fault).revertCommand?.(fault, ctx);
}

/** ms one apply and one revert of the fault may take, when its type needs more than the runner's defaults. */
export function faultTimeLimitsMs(fault: FaultSpec): { applyMs: number; revertMs: number } | undefined {
  return typeOf(fault).timeLimitsMs?.(fault);
}

/** What a fault acts on, as written in the scenario: an edge, a service, or '' (a command fault without a target). */
export function faultTarget(fault: FaultSpec): string {
  return ('edge' in fault ? fault.edge : undefined) ?? ('service' in fault ? fault.service : undefined) ?? '';
}

/** The fault's line in `faultline plan` and the fault chart: its window, then what it does. */
export function describeFault(fault: FaultSpec): string {
  const span = `${formatDuration(fault.atMs)}–${formatDuration(fault.atMs + fault.forMs)}`;
  return `${span} ${typeOf(fault).describe(fault)}`;
}

/** What results.json keeps of the fault's parameters. */
export function faultParams(fault: FaultSpec): FaultParams {
  return typeOf(fault).params(fault);
}

/** ms the canary right after applying the fault waits for an answer. */
export function canaryBoundMs(fault: FaultSpec): number {
  return typeOf(fault).canaryBoundMs(fault);
}

/**
 * The canary request that meets the fault (an HTTP fault's match), sent to the edge's proxy at
 * `address`; `{ why }` when none can; undefined for faults whose canary is the health `GET`.
 */
export function canaryRequest(
  fault: FaultSpec,
  address: string,
): { request: string } | { why: string } | undefined {
  return typeOf(fault).canaryRequest?.(fault, address);
}

/** The fault needs the HTTP toxics only faultline's own Toxiproxy-compatible server has. */
export function needsHttpToxics(fault: FaultSpec): boolean {
  return typeOf(fault).effect.proxyCounter !== undefined;
}

/** The HTTP toxic counter that counts what a recorded fault did, if it is an HTTP fault. */
export function proxyCounter(f: RecordedFault): 'answered' | 'delayed' | 'aborted' | undefined {
  return faultTypes[f.type].effect.proxyCounter;
}

/** What applying the fault changes: toxics, the edge's proxy disabled, or the service. */
export function faultAction(fault: FaultSpec): FaultAction {
  return typeOf(fault).action(fault);
}

/** A recorded fault as the effect check reads it (results.json's `FaultEvent`). */
export interface RecordedFault {
  type: FaultTypeName;
  params: FaultParams;
}

/** The effect a recorded fault must show, with its parameters as recorded. */
export function expectedEffect(f: RecordedFault): string {
  return faultTypes[f.type].effect.expected(f.params as never);
}

/** Judges the canary after a recorded fault against the one before it, which answered. */
export function judgeEffect(f: RecordedFault, before: Canary, after: Canary): EffectJudgement {
  return faultTypes[f.type].effect.judge(before, after, f.params as never);
}

/** The fault refuses connections, so no byte crosses while it lasts (see `FaultEffect`). */
export function refusesConnections(f: RecordedFault): boolean {
  return faultTypes[f.type].effect.refusesConnections;
}
