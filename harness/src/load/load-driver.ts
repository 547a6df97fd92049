import type { LatencyHistogram, RouteSecond } from '../results/index.js';
import type { ExchangeOwner } from './exchange.js';

/** The run as its routes see it. */
export interface RunOwner extends ExchangeOwner {
  /** A connection read at `now` (performance.now()): a chance to send what has come due. */
  poke(now: number): void;
}

/** What a route needs to know about the run it is part of. */
export interface RouteRun {
  /** performance.now() of t = 0. */
  t0: number;
  /** performance.now() of the first warm-up request (not before t0 - warmupMs). */
  start: number;
  durationMs: number;
  /** Whole seconds of measurement: 0 .. seconds - 1. */
  seconds: number;
  /** Connections of a route unless it sets its own. */
  maxConnections: number;
  /** Seeds request templates. */
  seed: number;
  owner: RunOwner;
  sendErrors?: LatencyHistogram;
}

/**
 * One route's load generator as the run's scheduler sees it. The scheduler calls `sendDue` and
 * `expire` on every tick, then `closeReady`, and emits second t once every driver has closed it.
 */
export interface LoadDriver {
  /** performance.now() of the next send this driver wants a tick for; Infinity when none. */
  readonly nextDue: number;
  /** ms between the last send and `nextDue` (the route's current rate as an interval); Infinity when none. */
  readonly gapMs: number;
  /** Closed seconds, in order of t. */
  readonly closed: RouteSecond[];
  /** Whether every second that will be reported is closed. */
  readonly finished: boolean;
  /** Sends what is due by `now`; returns how many requests went out (counted in flight by the run). */
  sendDue(now: number): number;
  /** Times out what is overdue; returns when it next needs a tick (Infinity if never). */
  expire(now: number): number;
  /** Closes, in order, each second that can receive no more requests and has none in flight. */
  closeReady(now: number): void;
  /** Stops sending; seconds after `lastSecond` are not reported. */
  stop(lastSecond: number): void;
  /** Ends every request still in flight without recording it. */
  cancelAll(): void;
  destroy(): Promise<void>;
}
