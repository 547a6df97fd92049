import type { OpenRoute } from '../scenario/index.js';
import { ArrivalSchedule } from './arrival-schedule.js';
import { RampingSchedule } from './ramping-schedule.js';

/**
 * When each request of an open-model route is due. Request `i` is due `offsetMs(i)` after t = 0
 * (warm-up requests have negative indices); offsets are computed from the index, never by adding
 * intervals, so rounding cannot drift, and they never decrease with `i`.
 */
export interface Schedule {
  /** ms after t = 0 at which request `i` is due; Infinity if it never is. */
  offsetMs(i: number): number;
  /** The whole second of request `i`; monotonic in `i`, so a closed second never reopens. */
  secondOf(i: number): number;
  /** The first index due at or after `offsetMs` (which may be negative, for warm-up). */
  firstIndexFrom(offsetMs: number): number;
}

/** The schedule of an open-model route: its ramp, or its constant rate. */
export function scheduleOf(spec: OpenRoute): Schedule {
  if (spec.executor === 'ramping-arrival-rate') return new RampingSchedule(spec.startRate, spec.stages);
  return new ArrivalSchedule(spec.rate);
}
