import { sleep, systemClock, type Clock } from '../clock/index.js';
import { httpAnswer } from './http-answer.js';
import { sampleMisses, type ProbeAnswer, type ProbeExpectation } from './probe-expectation.js';

/** ms between one answer that misses and the next request. */
export const POLL_INTERVAL_MS = 100;

export interface PollHttpOptions {
  url: string;
  expect: ProbeExpectation;
  /** ms from the first request until polling gives up; also bounds each request. */
  timeoutMs: number;
  intervalMs?: number;
  clock?: Clock;
}

/** How polling ended: the last answer, and why it missed the expectation when none met it. */
export type PollHttpResult = { tries: number; ms: number; last: ProbeAnswer } & (
  { met: true } | { met: false; miss: string }
);

/**
 * GETs `url` until an answer meets `expect` or `timeoutMs` has passed, `intervalMs` apart: an
 * effect can take a moment to show (a breaker that opens after a few failures, a health check
 * that notices a failover). At least one request is made.
 */
export async function pollHttp(o: PollHttpOptions): Promise<PollHttpResult> {
  const clock = o.clock ?? systemClock;
  const interval = o.intervalMs ?? POLL_INTERVAL_MS;
  const deadline = clock.now() + o.timeoutMs;
  const readJson = o.expect.json !== undefined;
  const started = clock.now();
  for (let tries = 1; ; tries++) {
    const last = await httpAnswer(o.url, Math.max(1, Math.ceil(deadline - clock.now())), readJson);
    const miss = sampleMisses(o.expect, last);
    const ms = Math.round(clock.now() - started);
    if (miss === undefined) return { met: true, tries, ms, last };
    if (clock.now() + interval >= deadline) return { met: false, miss, tries, ms, last };
    await sleep(clock, interval);
  }
}
