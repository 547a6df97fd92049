import {
  encodeHistogram,
  newHistogram,
  summarize,
  type FaultEvent,
  type RouteSecond,
} from '../results/index.js';

/** One route-second with a real histogram of the given latencies (ms); `failed` of them failed. */
export function second(
  route: string,
  t: number,
  latenciesMs: readonly number[],
  opts: { failed?: number; statuses?: Record<string, number> } = {},
): RouteSecond {
  const h = newHistogram();
  for (const ms of latenciesMs) h.recordValue(Math.round(ms * 1000));
  const failed = opts.failed ?? 0;
  const n = latenciesMs.length;
  return {
    route,
    t,
    offered: n,
    sent: n,
    ok: n - failed,
    failed,
    failures: { http4xx: 0, http5xx: failed, timeout: 0, connection: 0 },
    statuses: opts.statuses ?? (n - failed > 0 ? { '200': n - failed } : {}),
    latency: summarize(h),
    histogram: encodeHistogram(h),
  };
}

/** `count` latencies of `ms` each. */
export function times(count: number, ms: number): number[] {
  return Array.from({ length: count }, () => ms);
}

/** Seconds `from`..`to - 1` of a route, each with `perSecond` requests of `ms`. */
export function steady(
  route: string,
  from: number,
  to: number,
  perSecond: number,
  ms: number,
): RouteSecond[] {
  return Array.from({ length: to - from }, (_, i) => second(route, from + i, times(perSecond, ms)));
}

/** A fault that took effect exactly as scheduled, from `startS` to `endS` seconds. */
export function fault(name: string, startS: number, endS: number, applied = true): FaultEvent {
  return {
    name,
    type: 'latency',
    target: 'orders->payments',
    params: {},
    scheduledAtMs: startS * 1000,
    scheduledEndMs: endS * 1000,
    appliedAtMs: applied ? startS * 1000 : null,
    revertedAtMs: applied ? endS * 1000 : null,
  };
}
