import type { FaultEvent, RouteSecond, Verdict } from '../results/index.js';
import { seconds as fmtS } from './breaker-states.js';
import type { RecoveryCheck } from './check-specs.js';
import { appliedWindow, faultLabel, type AppliedWindow } from './fault-selection.js';
import { describeSloResult, measureSlo, type SloResult } from './slo.js';

/** What recovery checks are judged on. */
export interface RecoveryInput {
  seconds: readonly RouteSecond[];
  faults: readonly FaultEvent[];
}

/** A second judged alone against the SLO: met only if every term passed (no traffic does not meet). */
interface JudgedSecond {
  t: number;
  results: SloResult[];
  met: boolean;
}

/** How many judged seconds after the fault the evidence lists before the recovery streak. */
const EVIDENCE_SECONDS = 8;

/**
 * Judges each recovery check: time-to-recover is from the fault's revert to the start of the
 * first of `consecutive` back-to-back seconds that each meet the SLO on their own (clamped at 0
 * when that second began before the revert); it passes when it is at most `within`. The
 * evidence also gives time-to-detect: from the fault taking effect to the start of the first
 * second that missed the SLO. Pure.
 */
export function evaluateRecovery(input: RecoveryInput, checks: readonly RecoveryCheck[]): Verdict[] {
  return checks.map((check) => {
    const base = {
      id: `recovery:${check.route}${check.fault === undefined ? '' : `:${check.fault}`}`,
      kind: 'recovery' as const,
      name: `route ${check.route} recovers within ${check.withinMs / 1000}s to ${check.slo.map((t) => t.expression.source).join(', ')} for ${check.consecutive} s${check.fault === undefined ? '' : ` (fault "${check.fault}")`}`,
      unit: 'ms',
      limit: `<= ${check.withinMs}`,
    };
    const error = (evidence: string): Verdict => ({ ...base, status: 'error', measured: null, evidence });
    const terms = check.slo;
    const w = windowFor(input.faults, check.fault);
    if (typeof w === 'string') return error(w);
    const judged = input.seconds
      .filter((s) => s.route === check.route)
      .sort((a, b) => a.t - b.t)
      .map((s): JudgedSecond => {
        const results = measureSlo([s], terms);
        return { t: s.t, results, met: results.every((r) => r.pass === true) };
      });
    if (judged.every((j) => j.results.every((r) => r.pass === null))) {
      return error(`route ${check.route} completed no requests, so nothing to judge`);
    }
    return judge(base, check, w, judged);
  });
}

function judge(
  base: Omit<Verdict, 'status' | 'measured' | 'evidence'>,
  check: RecoveryCheck,
  w: AppliedWindow,
  judged: JudgedSecond[],
): Verdict {
  const violated = judged.find(
    (j) => (j.t + 1) * 1000 > w.startMs && j.results.some((r) => r.pass === false),
  );
  const detect = violated
    ? `first second missing the SLO t=${violated.t}, time-to-detect ${Math.max(0, violated.t * 1000 - w.startMs)} ms`
    : 'no second missed the SLO after the fault began';
  const after = judged.filter((j) => (j.t + 1) * 1000 > w.endMs);
  let streakAt: number | undefined;
  for (let i = 0; i + check.consecutive <= after.length && streakAt === undefined; i++) {
    const run = after.slice(i, i + check.consecutive);
    if (run.every((j, k) => j.met && j.t === run[0]!.t + k)) streakAt = i;
  }
  const listed = after.slice(
    0,
    streakAt === undefined ? EVIDENCE_SECONDS : Math.max(streakAt, 0) + check.consecutive,
  );
  const shown = listed
    .slice(-EVIDENCE_SECONDS - check.consecutive)
    .map(describeSecond)
    .join('; ');
  const head = `${faultLabel(w.fault)} from ${fmtS(w.startMs)} to ${fmtS(w.endMs)}; ${detect}`;
  if (streakAt !== undefined) {
    const first = after[streakAt]!;
    const measured = Math.max(0, first.t * 1000 - w.endMs);
    const pass = measured <= check.withinMs;
    // A failure leads with why, the clause a terminal line shows.
    const late = pass ? '' : `recovered only ${measured} ms after the fault ended; `;
    return {
      ...base,
      status: pass ? 'pass' : 'fail',
      measured,
      evidence: `${late}${head}; recovered at t=${first.t} (${check.consecutive} seconds in a row met the SLO): ${shown}`,
    };
  }
  const lastT = judged[judged.length - 1]!.t;
  const recordedAfter = (lastT + 1) * 1000 - w.endMs;
  if (recordedAfter <= 0) {
    // An interrupt (or a deadline) ends the load before the fault is reverted.
    return {
      ...base,
      status: 'error',
      measured: null,
      evidence: `${head}; the run ended at ${fmtS((lastT + 1) * 1000)}, before the fault had ended (it was interrupted or cut short), so recovery cannot be judged`,
    };
  }
  if (recordedAfter < check.withinMs + check.consecutive * 1000) {
    return {
      ...base,
      status: 'error',
      measured: null,
      evidence: `${head}; not recovered when the run ended ${recordedAfter} ms after the fault, too soon to judge ${check.withinMs / 1000} s + ${check.consecutive} s: ${shown || 'no seconds after the fault'}`,
    };
  }
  return {
    ...base,
    status: 'fail',
    measured: null,
    evidence: `never ${check.consecutive} seconds in a row met the SLO after the fault; ${head}; ${shown}`,
  };
}

/** The window of the named fault, or of the fault that ended last; a reason string when there is none. */
function windowFor(faults: readonly FaultEvent[], named: string | undefined): AppliedWindow | string {
  if (named !== undefined) {
    const f = faults.find((x) => x.name === named);
    if (!f) return `the run has no fault named "${named}"`;
    return appliedWindow(f) ?? `${faultLabel(f)} never took effect, so there is nothing to recover from`;
  }
  const windows = faults.map(appliedWindow).filter((w) => w !== undefined);
  if (windows.length === 0) return 'no fault took effect, so there is nothing to recover from';
  return windows.reduce((a, b) => (b.endMs > a.endMs ? b : a));
}

function describeSecond(j: JudgedSecond): string {
  return `t=${j.t} ${j.met ? '✓' : '✗'} ${j.results.map(describeSloResult).join(', ')}`;
}
