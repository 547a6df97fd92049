import { phaseOf, type FaultWindow, type Phase } from '../results/index.js';

/**
 * The phases that at least one whole second of a run of `durationMs` falls in, given the fault
 * windows. A threshold on a phase outside this set can only ever judge an empty selection.
 */
export function phasesCovered(windows: readonly FaultWindow[], durationMs: number): Set<Phase> {
  const covered = new Set<Phase>();
  for (let t = 0; t * 1000 < durationMs; t++) covered.add(phaseOf(t, windows));
  return covered;
}
