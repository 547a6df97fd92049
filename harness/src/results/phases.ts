import type { FaultEvent } from './model.js';

/** Phases derived from the fault timeline. */
export type Phase = 'baseline' | 'fault' | 'recovery';
export const PHASES: readonly Phase[] = ['baseline', 'fault', 'recovery'];

/** A fault's active window in ms since t = 0, from its actual (or else scheduled) times. */
export interface FaultWindow {
  name: string;
  startMs: number;
  endMs: number;
}

export function faultWindows(faults: readonly FaultEvent[]): FaultWindow[] {
  return faults
    .filter((f) => f.appliedAtMs !== null)
    .map((f) => ({
      name: f.name,
      startMs: f.appliedAtMs ?? f.scheduledAtMs,
      endMs: f.revertedAtMs ?? f.scheduledEndMs,
    }));
}

/** Whether the second [t, t + 1) overlaps the window. */
export function secondOverlaps(t: number, w: FaultWindow): boolean {
  return t * 1000 < w.endMs && (t + 1) * 1000 > w.startMs;
}

/**
 * The phase of second t: `fault` when it overlaps any fault window, `baseline` before the first
 * fault began, `recovery` after. With no faults every second is baseline.
 */
export function phaseOf(t: number, windows: readonly FaultWindow[]): Phase {
  if (windows.some((w) => secondOverlaps(t, w))) return 'fault';
  const firstStart = Math.min(...windows.map((w) => w.startMs));
  return windows.length === 0 || (t + 1) * 1000 <= firstStart ? 'baseline' : 'recovery';
}
