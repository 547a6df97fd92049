import type { RouteInfo } from '../results/index.js';
import type { Executor, RouteSpec } from '../scenario/index.js';
import { DEFAULT_MAX_IN_FLIGHT } from './route-driver.js';
import { scheduleOf } from './schedule.js';

/** The executor a route runs under: as written, or inferred from `stages` / `connections`. */
export function executorOf(spec: RouteSpec): Executor {
  if (spec.executor) return spec.executor;
  if (spec.connections !== undefined) return 'connections';
  if (spec.stages && spec.stages.length > 0) return 'ramping-arrival-rate';
  return 'constant-arrival-rate';
}

/** Whether the route is driven as a closed loop (autocannon connections). */
export function isClosedModel(spec: RouteSpec): boolean {
  return executorOf(spec) === 'connections';
}

/**
 * The route as results.json records it: what was asked for and which model produced its
 * numbers. `maxConnections` is the run-wide default when the route sets none.
 */
export function routeInfo(spec: RouteSpec, defaultMaxConnections = 256): RouteInfo {
  const executor = executorOf(spec);
  const closed = executor === 'connections';
  return {
    name: spec.name,
    method: spec.method,
    path: spec.path,
    rate: closed ? 0 : spec.rate,
    timeoutMs: spec.timeoutMs,
    model: closed ? 'closed' : 'open',
    executor,
    ...(executor === 'ramping-arrival-rate'
      ? { startRate: spec.startRate ?? 0, stages: (spec.stages ?? []).map((s) => ({ ...s })) }
      : {}),
    ...(closed
      ? { connections: spec.connections ?? 0, maxConnections: spec.connections ?? 0 }
      : {
          maxInFlight: spec.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
          maxConnections: spec.maxConnections ?? defaultMaxConnections,
        }),
    newConnectionPerRequest: spec.newConnectionPerRequest === true,
  };
}

/**
 * Requests an open-model route's schedule makes due within the measured `durationMs` (warm-up not
 * counted); undefined for a closed loop, whose count depends on the system's answers.
 */
export function plannedRequests(spec: RouteSpec, durationMs: number): number | undefined {
  if (isClosedModel(spec)) return undefined;
  const schedule = scheduleOf(spec);
  return schedule.firstIndexFrom(durationMs) - schedule.firstIndexFrom(0);
}
