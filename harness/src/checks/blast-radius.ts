import {
  faultWindows,
  mergeHistograms,
  phaseOf,
  secondOverlaps,
  type BlastRadius,
  type FaultEvent,
  type RouteSecond,
  type WindowStats,
} from '../results/index.js';
import { appliedWindow } from './fault-selection.js';

/** A route's completed requests, failures and p99 over some seconds (merged histograms). */
export function windowStats(seconds: readonly RouteSecond[]): WindowStats {
  const requests = seconds.reduce((n, s) => n + s.ok + s.failed, 0);
  const failed = seconds.reduce((n, s) => n + s.failed, 0);
  const h = mergeHistograms(seconds.map((s) => s.histogram));
  // Histograms hold µs.
  const p99Ms = h.totalCount > 0 ? Math.round(h.getValueAtPercentile(99)) / 1000 : null;
  return { requests, failed, p99Ms, errorRate: requests > 0 ? failed / requests : null };
}

/**
 * The blast-radius matrix of a run: for every fault that took effect and every route, the
 * route's p99 and error rate over the seconds overlapping the fault's window, against the
 * route's baseline (the seconds before the first fault). Pure; computed for every run.
 */
export function blastRadius(input: {
  routes: readonly string[];
  seconds: readonly RouteSecond[];
  faults: readonly FaultEvent[];
}): BlastRadius {
  const windows = faultWindows(input.faults);
  const of = (route: string): RouteSecond[] => input.seconds.filter((s) => s.route === route);
  const baseline = Object.fromEntries(
    input.routes.map((r) => [r, windowStats(of(r).filter((s) => phaseOf(s.t, windows) === 'baseline'))]),
  );
  const delta = (a: number | null, b: number | null): number | null =>
    a === null || b === null ? null : a - b;
  const faults = input.faults.flatMap((f) => {
    const w = appliedWindow(f);
    if (!w) return [];
    const window = { name: f.name, startMs: w.startMs, endMs: w.endMs };
    return [
      {
        fault: f.name,
        startMs: w.startMs,
        endMs: w.endMs,
        cells: input.routes.map((route) => {
          const during = windowStats(of(route).filter((s) => secondOverlaps(s.t, window)));
          const base = baseline[route]!;
          return {
            route,
            during,
            deltaP99Ms: round(delta(during.p99Ms, base.p99Ms), 1000),
            deltaErrorRate: round(delta(during.errorRate, base.errorRate), 1e6),
          };
        }),
      },
    ];
  });
  return { routes: [...input.routes], baseline, faults };
}

/** Rounds away float noise of a difference (to the µs for ms, to 1e-6 for rates). */
function round(v: number | null, per: number): number | null {
  return v === null ? null : Math.round(v * per) / per;
}
