import type { RouteInfo } from '../results/index.js';
import type { ClosedLoopRoute, Executor, OpenRoute, RouteSpec } from '../scenario/index.js';
import { DEFAULT_MAX_IN_FLIGHT } from './route-driver.js';
import { scheduleOf } from './schedule.js';

/** The executor a route runs under; a route without one is a constant arrival rate (see RouteSpec). */
export function executorOf(spec: RouteSpec): Executor {
  return spec.executor ?? 'constant-arrival-rate';
}

/** Whether the route is driven as a closed loop (autocannon connections). */
export function isClosedModel(spec: RouteSpec): spec is ClosedLoopRoute {
  return spec.executor === 'connections';
}

/**
 * The route as results.json records it: what was asked for and which model produced its
 * numbers. `maxConnections` is the run-wide default when the route sets none.
 */
export function routeInfo(spec: RouteSpec, defaultMaxConnections = 256): RouteInfo {
  const common = {
    name: spec.name,
    method: spec.method,
    path: spec.path,
    rate: spec.rate,
    timeoutMs: spec.timeoutMs,
  };
  if (isClosedModel(spec)) {
    return {
      ...common,
      model: 'closed',
      executor: 'connections',
      connections: spec.connections,
      maxConnections: spec.connections,
      newConnectionPerRequest: false,
    };
  }
  return {
    ...common,
    model: 'open',
    executor: executorOf(spec),
    ...(spec.executor === 'ramping-arrival-rate'
      ? { startRate: spec.startRate, stages: spec.stages.map((s) => ({ ...s })) }
      : {}),
    ...openLimits(spec, defaultMaxConnections),
  };
}

function openLimits(spec: OpenRoute, defaultMaxConnections: number) {
  return {
    maxInFlight: spec.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    maxConnections: spec.maxConnections ?? defaultMaxConnections,
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
