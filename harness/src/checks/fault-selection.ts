import type { FaultEvent } from '../results/index.js';

/** A fault's window as it really happened: from taking effect to its revert (or scheduled end if never reverted). */
export interface AppliedWindow {
  fault: FaultEvent;
  startMs: number;
  endMs: number;
}

/** The window of a fault that took effect; undefined if it never did. */
export function appliedWindow(f: FaultEvent): AppliedWindow | undefined {
  if (f.appliedAtMs === null) return undefined;
  return { fault: f, startMs: f.appliedAtMs, endMs: f.revertedAtMs ?? f.scheduledEndMs };
}

/** `fault "slow payments"` */
export function faultLabel(f: FaultEvent): string {
  return `fault "${f.name}"`;
}

/** The faults a check names, or those `byDefault` picks; `missing` when a named one is not in the run. */
export function pickFaults(
  faults: readonly FaultEvent[],
  named: string | undefined,
  byDefault: (f: FaultEvent) => boolean,
): { picked: FaultEvent[]; missing?: string } {
  if (named === undefined) return { picked: faults.filter(byDefault) };
  const f = faults.find((x) => x.name === named);
  return f ? { picked: [f] } : { picked: [], missing: named };
}
