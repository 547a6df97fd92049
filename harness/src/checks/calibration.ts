import type { Verdict } from '../results/index.js';
import { formatValue } from './format-value.js';
import { parseComparison, type Operator } from './threshold-parser.js';

/**
 * How far a time limit must stay from what was measured: at least this factor above the healthy
 * system's worst run and below the broken system's best (mirrored for `>` limits). On a busy
 * machine a latency percentile moves by tens of percent between runs of the same system; a
 * factor of 2 keeps a verdict from flipping on that noise.
 */
export const TIME_MARGIN = 2;

/** Units whose values scale with the machine's speed, so their margin is a factor. */
const TIME_UNITS = new Set(['ms', 's']);

/** One check's measured values over repeated runs: the system as it is, and a broken variant. */
export interface CheckRuns {
  id: string;
  name: string;
  unit: string;
  /** As written in the verdict: `< 250`. */
  limit: string;
  healthy: readonly Verdict[];
  broken: readonly Verdict[];
}

/** What one side (healthy or broken) measured. */
export interface MeasuredRange {
  runs: number;
  passed: number;
  /** null when no run measured a value. */
  min: number | null;
  max: number | null;
}

export interface Calibration {
  id: string;
  name: string;
  unit: string;
  limit: string;
  healthy: MeasuredRange;
  /** Absent when no broken variant was run. */
  broken?: MeasuredRange;
  /** The check fails every broken run and passes every healthy one. */
  catches: boolean;
  /** Why the current limit is a risk; empty when it is not. */
  flags: string[];
  /** A limit with margin (`< 120`), when one exists and the operator allows one. */
  proposed?: string;
  /** Why no limit is proposed. */
  noProposal?: string;
}

/**
 * Verdicts with no limit of the user's to set: the proofs that a fault took effect, and the
 * instrument's judgement of the machine (its limits are the harness's own).
 */
const NOT_LIMITS = new Set(['effect', 'effect-traffic', 'instrument']);

/**
 * Groups the verdicts of repeated runs by check id, in the order checks first appear, leaving out
 * the proofs that a fault took effect.
 */
export function groupRuns(healthy: readonly Verdict[][], broken: readonly Verdict[][]): CheckRuns[] {
  const byId = new Map<string, CheckRuns>();
  const add = (runs: readonly Verdict[][], side: 'healthy' | 'broken'): void => {
    for (const run of runs) {
      for (const v of run) {
        if (NOT_LIMITS.has(v.kind)) continue;
        let entry = byId.get(v.id);
        if (!entry) {
          entry = { id: v.id, name: v.name, unit: v.unit, limit: v.limit, healthy: [], broken: [] };
          byId.set(v.id, entry);
        }
        (entry[side] as Verdict[]).push(v);
      }
    }
  };
  add(healthy, 'healthy');
  add(broken, 'broken');
  return [...byId.values()];
}

/**
 * Judges a check's limit against measured distributions, and proposes one with margin. Pure.
 *
 * A limit is flagged when it lies inside the healthy range or within the margin of it (a false
 * failure waits to happen), and — for a check that fails at least one broken run — when it lies
 * inside the broken range or within the margin of it (the verdict on the broken system is a coin
 * toss). The margin is {@link TIME_MARGIN}× for times; other units only need the limit outside
 * the range. A proposed limit for times is the geometric middle of the two ranges when they are
 * at least TIME_MARGIN² apart, else TIME_MARGIN× the healthy extreme when the broken variant is
 * not told apart by this check; for other units the arithmetic middle, or the current limit.
 */
export function calibrate(runs: CheckRuns): Calibration {
  const healthy = rangeOf(runs.healthy);
  const broken = runs.broken.length > 0 ? rangeOf(runs.broken) : undefined;
  const catches =
    healthy.passed === healthy.runs && broken !== undefined && broken.runs > 0 && broken.passed === 0;
  const base = { id: runs.id, name: runs.name, unit: runs.unit, limit: runs.limit, healthy, broken, catches };
  const comparison = parseComparison(runs.limit);
  const flags: string[] = [];
  if (healthy.passed < healthy.runs)
    flags.push(`the healthy system failed ${healthy.runs - healthy.passed}/${healthy.runs} runs`);
  const unmeasured = runs.healthy.filter((v) => v.measured === null).length;
  if (unmeasured > 0) flags.push(`not measured in ${unmeasured}/${healthy.runs} healthy runs`);
  if (!comparison || comparison.op === '==' || comparison.op === '!=') {
    return { ...base, flags, noProposal: 'the limit is not an ordering comparison' };
  }
  const below = comparison.op === '<' || comparison.op === '<=';
  const time = TIME_UNITS.has(runs.unit);
  const fmt = (v: number): string => formatValue(v, runs.unit);
  const limit = comparison.limit;
  // "Worst" is the side of a range nearest the failing side of the limit.
  const healthyWorst = below ? healthy.max : healthy.min;
  const brokenBest = broken === undefined ? null : below ? broken.min : broken.max;
  const brokenFailsSome = broken !== undefined && broken.passed < broken.runs;

  if (healthyWorst !== null && !clearOf(limit, healthyWorst, below, time)) {
    flags.push(
      `the limit ${runs.limit} is ${inside(limit, healthyWorst, below) ? 'inside' : 'within the margin of'} the healthy range (${rangeText(healthy, fmt)})`,
    );
  }
  if (brokenFailsSome && brokenBest !== null && !clearOf(brokenBest, limit, below, time)) {
    flags.push(
      `the limit ${runs.limit} is ${inside(brokenBest, limit, below) ? 'inside' : 'within the margin of'} the broken range (${rangeText(broken, fmt)})`,
    );
  }
  // Only a broken variant this check tells apart (it fails at least one run) bounds the proposal.
  const separateFrom = brokenFailsSome ? brokenBest : null;
  return { ...base, flags, ...propose(comparison.op, healthyWorst, separateFrom, limit, time, fmt) };
}

/** True when `worse` is past `better` in the failing direction, by the margin for its unit. */
function clearOf(worse: number, better: number, below: boolean, time: boolean): boolean {
  const [low, high] = below ? [better, worse] : [worse, better];
  return time ? high >= TIME_MARGIN * low && high > low : high > low;
}

function inside(limit: number, value: number, below: boolean): boolean {
  return below ? value >= limit : value <= limit;
}

function propose(
  op: Operator,
  healthyWorst: number | null,
  brokenBest: number | null,
  current: number,
  time: boolean,
  fmt: (v: number) => string,
): Pick<Calibration, 'proposed' | 'noProposal'> {
  if (healthyWorst === null) return { noProposal: 'the healthy system gave no value' };
  const below = op === '<' || op === '<=';
  const separated = brokenBest !== null && (below ? brokenBest > healthyWorst : brokenBest < healthyWorst);
  let value: number;
  if (separated && brokenBest !== null) {
    const ratio = below ? brokenBest / healthyWorst : healthyWorst / brokenBest;
    if (time && !(ratio >= TIME_MARGIN * TIME_MARGIN)) {
      return {
        noProposal: `no limit keeps a ${TIME_MARGIN}× margin on both sides: healthy reaches ${fmt(healthyWorst)}, broken ${fmt(brokenBest)}`,
      };
    }
    value = time ? Math.sqrt(healthyWorst * brokenBest) : (healthyWorst + brokenBest) / 2;
    value = niceBetween(value, healthyWorst, brokenBest, below, time);
  } else if (time) {
    value = niceOutward(below ? healthyWorst * TIME_MARGIN : healthyWorst / TIME_MARGIN, below);
  } else if (below ? healthyWorst < current : healthyWorst > current) {
    value = current;
  } else {
    value = niceOutward(healthyWorst, below);
  }
  return { proposed: `${op} ${value}` };
}

/** `v` rounded to as few significant digits as keep it clear of both ranges. */
function niceBetween(v: number, healthy: number, broken: number, below: boolean, time: boolean): number {
  for (let digits = 1; digits <= 6; digits++) {
    const r = Number(v.toPrecision(digits));
    if (clearOf(r, healthy, below, time) && clearOf(broken, r, below, time)) return r;
  }
  return v;
}

/** `v` rounded away from the healthy range to two significant digits. */
function niceOutward(v: number, below: boolean): number {
  if (v === 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  // toPrecision drops the float noise of the multiplication (0.013000000000000001).
  return Number(((below ? Math.ceil(v / scale) : Math.floor(v / scale)) * scale).toPrecision(12));
}

function rangeOf(verdicts: readonly Verdict[]): MeasuredRange {
  const values = verdicts.flatMap((v) => (v.measured === null ? [] : [v.measured]));
  return {
    runs: verdicts.length,
    passed: verdicts.filter((v) => v.status === 'pass').length,
    min: values.length ? Math.min(...values) : null,
    max: values.length ? Math.max(...values) : null,
  };
}

/** `164–190 ms` */
export function rangeText(r: MeasuredRange | undefined, fmt: (v: number) => string): string {
  if (!r || r.min === null || r.max === null) return 'no value';
  if (r.min === r.max) return fmt(r.min);
  const [low, high] = [fmt(r.min), fmt(r.max)];
  const unit = / \S+$/.exec(high)?.[0];
  return `${unit !== undefined && low.endsWith(unit) ? low.slice(0, -unit.length) : low}–${high}`;
}
