import { measureSlo, parseSlo, type ParsedThreshold } from '../checks/index.js';
import type { RouteSecond } from '../results/index.js';

/** route → its parsed SLO terms: the steady state every fault is judged against. */
export type SteadyState = ReadonlyMap<string, readonly ParsedThreshold[]>;

/** Parses route → SLO expressions once (validation has already accepted them). */
export function steadyStateOf(slo: Record<string, readonly string[]>): SteadyState {
  return new Map(Object.entries(slo).map(([route, exprs]) => [route, parseSlo(route, [...exprs])]));
}

/** Whether `route` met its SLO over the seconds taken as one window; false when nothing completed. */
export function meets(seconds: readonly RouteSecond[], terms: readonly ParsedThreshold[]): boolean {
  return measureSlo(seconds, terms).every((r) => r.pass === true);
}

/**
 * The first whole second t >= `fromT` such that the `windowS` seconds t .. t + windowS - 1 have
 * all closed and every route of `routes` meets its steady state over them; null if none yet.
 * `seconds` may hold any routes, in any order. Pure.
 */
export function steadySince(
  seconds: readonly RouteSecond[],
  steady: SteadyState,
  routes: readonly string[],
  fromT: number,
  windowS: number,
): number | null {
  const byRoute = new Map<string, Map<number, RouteSecond>>();
  for (const s of seconds) {
    if (!byRoute.has(s.route)) byRoute.set(s.route, new Map());
    byRoute.get(s.route)!.set(s.t, s);
  }
  const closed = Math.min(...routes.map((r) => Math.max(-1, ...(byRoute.get(r)?.keys() ?? []))));
  for (let t = Math.max(0, fromT); t + windowS - 1 <= closed; t++) {
    const ok = routes.every((route) => {
      const window: RouteSecond[] = [];
      for (let u = t; u < t + windowS; u++) {
        const s = byRoute.get(route)?.get(u);
        if (s) window.push(s);
      }
      return meets(window, steady.get(route) ?? []);
    });
    if (ok) return t;
  }
  return null;
}
