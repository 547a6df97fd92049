import {
  faultWindows,
  type FaultEvent,
  type Phase,
  type ProbeSample,
  type ProbeSeries,
  type Verdict,
} from '../results/index.js';
import { describeExpectation, sampleMisses } from '../probes/index.js';
import type { ProbeCheck } from './probe-checks.js';

/** What probe checks are judged on: the faults (for the phases) and each probe's samples. */
export interface ProbeInput {
  faults: readonly FaultEvent[];
  probes?: readonly ProbeSeries[];
}

/** ms around a fault's apply and revert in which samples are judged by no phase. */
export const CHANGE_MARGIN_MS = 250;
/** Samples listed in a verdict's evidence at most. */
const EVIDENCE_SAMPLES = 3;

/**
 * One `probe` verdict per probe and phase it has an expectation for: `pass` when every sample
 * taken in that phase shows what is expected, `fail` when one does not (the evidence names the
 * first few), `error` when no sample fell in the phase. A sample's phase is that of the moment it
 * started: `fault` within any fault's window, `baseline` before the first, `recovery` after; one
 * that overlaps a fault being applied or reverted belongs to no phase (only to `run`).
 * Pure.
 */
export function evaluateProbes(run: ProbeInput, checks: readonly ProbeCheck[]): Verdict[] {
  const windows = faultWindows(run.faults);
  // While a fault is being applied or reverted the system is between phases: from the scheduled
  // moment to the recorded one (and a margin), samples count for neither phase.
  const changes = run.faults.flatMap((f) =>
    f.appliedAtMs === null
      ? []
      : [
          [f.scheduledAtMs, f.appliedAtMs],
          [f.scheduledEndMs, f.revertedAtMs ?? f.scheduledEndMs],
        ].map(
          ([a, b]) => [Math.min(a!, b!) - CHANGE_MARGIN_MS, Math.max(a!, b!) + CHANGE_MARGIN_MS] as const,
        ),
  );
  const changing = (s: ProbeSample): boolean => changes.some(([a, b]) => s.tMs < b && s.tMs + s.ms > a);
  const phaseAt = (tMs: number): Phase => {
    if (windows.some((w) => tMs >= w.startMs && tMs < w.endMs)) return 'fault';
    return windows.length === 0 || tMs < Math.min(...windows.map((w) => w.startMs)) ? 'baseline' : 'recovery';
  };
  return checks.flatMap((check) => {
    const samples = run.probes?.find((p) => p.name === check.name)?.samples ?? [];
    return Object.entries(check.expect).map(([phase, expectation]): Verdict => {
      const head = {
        id: `probe:${check.name}:${phase}`,
        kind: 'probe' as const,
        name: `probe ${check.name} during ${phase}`,
        unit: 'samples',
        limit: `every sample: ${describeExpectation(expectation)}`,
        ...(phase === 'run' ? {} : { phase: phase as Phase }),
      };
      const inPhase = samples.filter((s) => phase === 'run' || (!changing(s) && phaseAt(s.tMs) === phase));
      if (inPhase.length === 0)
        return { ...head, status: 'error', measured: null, evidence: `no sample was taken during ${phase}` };
      const missed = inPhase.flatMap((s) => {
        const why = sampleMisses(expectation, s);
        return why === undefined ? [] : [`t=${(s.tMs / 1000).toFixed(1)}s: ${why}`];
      });
      const met = inPhase.length - missed.length;
      const counted = `${met} of ${inPhase.length} samples met it`;
      return missed.length === 0
        ? { ...head, status: 'pass', measured: met, evidence: counted }
        : {
            ...head,
            status: 'fail',
            measured: met,
            evidence: `${counted}; ${missed.slice(0, EVIDENCE_SAMPLES).join('; ')}${missed.length > EVIDENCE_SAMPLES ? '; …' : ''}`,
          };
    });
  });
}
