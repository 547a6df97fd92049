import { envNumber, type Env } from '../runtime/settings.js';

/** How one caller protects itself from one upstream. Times in ms. */
export interface UpstreamSettings {
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt (only for idempotent calls). */
  retries: number;
  /** Exponential backoff with full jitter: attempt n waits random [0, min(max, base·2^(n-1))). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Consecutive failed attempts that open the breaker. */
  breakerFailures: number;
  /** How long the breaker stays open before letting one probe through. */
  halfOpenAfterMs: number;
  /** Concurrent calls allowed; more are queued up to `bulkheadQueue`, then refused. */
  bulkheadLimit: number;
  bulkheadQueue: number;
}

const BASE: UpstreamSettings = {
  timeoutMs: 1000,
  retries: 0,
  retryBaseMs: 25,
  retryMaxMs: 200,
  breakerFailures: 5,
  halfOpenAfterMs: 3000,
  bulkheadLimit: 64,
  bulkheadQueue: 0,
};

/**
 * Defaults per `caller->upstream` edge, chosen so the flagship scenario holds on a 2-core machine
 * (see README). The gateway's timeout to orders (2500) exceeds orders' worst retry chain
 * (inventory 3×250 + payments 3×150 + backoff ≈ 1.4 s).
 */
const DEFAULTS: Record<string, Partial<UpstreamSettings>> = {
  // Bulkheads: shares of the gateway's 200 in-flight slots (GATEWAY_MAX_INFLIGHT).
  'gateway->catalog': { timeoutMs: 1000, bulkheadLimit: 128 },
  'gateway->orders': { timeoutMs: 2500, bulkheadLimit: 64 },
  'gateway->shipping': { timeoutMs: 1000, bulkheadLimit: 32 },
  'orders->inventory': { timeoutMs: 250, retries: 2 },
  // A short timeout and 3 failures keep the number of slow checkouts at the start of a payments
  // fault under 5 % of a 20 req/s checkout load.
  'orders->payments': { timeoutMs: 150, retries: 2, breakerFailures: 3 },
  // The outbox loop retries on its own schedule.
  'orders->shipping': { timeoutMs: 500, retries: 0 },
};

/** Settings for `caller`'s calls to `upstream`: edge defaults, overridden by `<UPSTREAM>_*` variables. */
export function readUpstreamSettings(env: Env, caller: string, upstream: string): UpstreamSettings {
  const d = { ...BASE, ...DEFAULTS[`${caller}->${upstream}`] };
  const p = upstream.toUpperCase().replace(/-/g, '_');
  return {
    timeoutMs: envNumber(env, `${p}_TIMEOUT_MS`, d.timeoutMs, { min: 1 }),
    retries: envNumber(env, `${p}_RETRIES`, d.retries, { max: 10 }),
    retryBaseMs: envNumber(env, `${p}_RETRY_BASE_MS`, d.retryBaseMs, { min: 1 }),
    retryMaxMs: envNumber(env, `${p}_RETRY_MAX_MS`, d.retryMaxMs, { min: 1 }),
    breakerFailures: envNumber(env, `${p}_BREAKER_FAILURES`, d.breakerFailures, { min: 1 }),
    halfOpenAfterMs: envNumber(env, `${p}_BREAKER_HALF_OPEN_MS`, d.halfOpenAfterMs, { min: 1 }),
    bulkheadLimit: envNumber(env, `${p}_BULKHEAD_LIMIT`, d.bulkheadLimit, { min: 1 }),
    bulkheadQueue: envNumber(env, `${p}_BULKHEAD_QUEUE`, d.bulkheadQueue),
  };
}

/** Settings of the retry budget shared by every upstream of a service (each upstream has its own budget). */
export interface RetryBudgetSettings {
  ratio: number;
  windowMs: number;
}

export function readRetryBudgetSettings(env: Env): RetryBudgetSettings {
  return {
    // 15 % over 2 s: budget saved up before a failure begins is at most 2 s worth, so over any
    // failure of several seconds a dependency sees at most ~1.2 attempts per call.
    ratio: envNumber(env, 'RETRY_BUDGET_RATIO', 0.15, { max: 10 }),
    windowMs: envNumber(env, 'RETRY_BUDGET_WINDOW_MS', 2000, { min: 100 }),
  };
}
