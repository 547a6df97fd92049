import {
  mergeHistograms,
  summarize,
  type LatencyHistogram,
  type LatencySummary,
  type RouteInfo,
  type RunResults,
} from '../results/index.js';

/** One route over the whole run; latency percentiles come from merged histograms. */
export interface RouteTotals {
  route: RouteInfo;
  offered: number;
  sent: number;
  ok: number;
  failed: number;
  /** failed / sent, 0 when nothing was sent. */
  errorRate: number;
  latency: LatencySummary;
}

/**
 * Totals per route, in the order the scenario lists the routes. `merged` may hold each route's
 * whole-run histogram already merged (see `routeSeries`); otherwise the seconds' are merged here.
 */
export function routeTotals(
  results: RunResults,
  merged?: ReadonlyMap<string, LatencyHistogram>,
): RouteTotals[] {
  return results.routes.map((route) => {
    const seconds = results.seconds.filter((s) => s.route === route.name);
    const sum = (pick: (s: (typeof seconds)[number]) => number): number =>
      seconds.reduce((acc, s) => acc + pick(s), 0);
    const sent = sum((s) => s.sent);
    const failed = sum((s) => s.failed);
    return {
      route,
      offered: sum((s) => s.offered),
      sent,
      ok: sum((s) => s.ok),
      failed,
      errorRate: sent === 0 ? 0 : failed / sent,
      latency: summarize(merged?.get(route.name) ?? mergeHistograms(seconds.map((s) => s.histogram))),
    };
  });
}
