import {
  faultWindows,
  phaseOf,
  secondOverlaps,
  type FaultEvent,
  type FaultWindow,
  type RouteSecond,
} from '../results/index.js';
import type { ThresholdTags } from './threshold-parser.js';

/** The recorded seconds a threshold's tags select. */
export interface Selection {
  seconds: RouteSecond[];
  /** Distinct whole seconds among `seconds`: the time base of `rps`. */
  span: number;
  /** What was selected, for evidence: `route catalog, phase fault` or `all routes`. */
  scope: string;
  /** Why nothing was selected, when the reason is more than "no traffic". */
  emptyReason?: string;
}

/**
 * Selects seconds by `route`, by `phase` (derived from the faults' actual windows with
 * {@link phaseOf}) and by `fault` (seconds overlapping that fault's window). `status` does not
 * select seconds: it narrows the counting within them.
 */
export function selectSeconds(
  input: { seconds: readonly RouteSecond[]; faults: readonly FaultEvent[] },
  tags: ThresholdTags,
): Selection {
  const windows = faultWindows(input.faults);
  const scope = describeScope(tags);
  let fault: FaultWindow | undefined;
  if (tags.fault !== undefined) {
    fault = windows.find((w) => w.name === tags.fault);
    if (!fault) {
      const known = input.faults.some((f) => f.name === tags.fault);
      const emptyReason = known
        ? `fault "${tags.fault}" never took effect`
        : `the run has no fault named "${tags.fault}"`;
      return { seconds: [], span: 0, scope, emptyReason };
    }
  }
  const seconds = input.seconds.filter(
    (s) =>
      (tags.route === undefined || s.route === tags.route) &&
      (tags.phase === undefined || phaseOf(s.t, windows) === tags.phase) &&
      (fault === undefined || secondOverlaps(s.t, fault)),
  );
  const span = new Set(seconds.map((s) => s.t)).size;
  if (seconds.length > 0) return { seconds, span, scope };
  return { seconds, span, scope, emptyReason: whyEmpty(input.seconds, tags, windows) };
}

function whyEmpty(all: readonly RouteSecond[], tags: ThresholdTags, windows: FaultWindow[]): string {
  if (tags.route !== undefined && !all.some((s) => s.route === tags.route)) {
    return `the run recorded no seconds for route "${tags.route}"`;
  }
  if (all.length === 0) return 'the run recorded no seconds';
  if (tags.phase === 'baseline' && windows.some((w) => w.startMs < 1000))
    return 'a fault was active from the first second';
  if (tags.phase === 'fault' && windows.length === 0) return 'no fault took effect';
  if (tags.phase === 'recovery') return 'no second after the first fault was free of faults';
  return 'no recorded second matches the tags';
}

function describeScope(tags: ThresholdTags): string {
  const parts = [tags.route === undefined ? 'all routes' : `route ${tags.route}`];
  if (tags.phase !== undefined) parts.push(`phase ${tags.phase}`);
  if (tags.fault !== undefined) parts.push(`fault "${tags.fault}"`);
  if (tags.status !== undefined) parts.push(`status ${tags.status}`);
  return parts.join(', ');
}
