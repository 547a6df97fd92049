/** Limits retries to a share of recent calls, so a failing dependency causes no retry storm. */
export interface RetryBudget {
  /** Counts one logical call (its first attempt). */
  recordCall(): void;
  /** Takes one retry from the budget; false when the budget is spent. */
  tryAcquireRetry(): boolean;
}

export interface RetryBudgetOptions {
  /** Retries allowed per call over the window, e.g. 0.2 for 20 %. */
  ratio: number;
  windowMs: number;
  now?: () => number;
}

// The window is kept as per-interval buckets so old calls fall out without storing every timestamp.
const BUCKETS = 10;

/**
 * Sliding-window retry budget in the manner of Finagle's and gRPC's: over the last `windowMs`,
 * retries may be at most `ratio` × calls.
 */
export function createRetryBudget(opts: RetryBudgetOptions): RetryBudget {
  const now = opts.now ?? Date.now;
  const bucketMs = Math.max(1, opts.windowMs / BUCKETS);
  const calls = new Array<number>(BUCKETS).fill(0);
  const retries = new Array<number>(BUCKETS).fill(0);
  let current = Math.floor(now() / bucketMs);

  const advance = (): number => {
    const bucket = Math.floor(now() / bucketMs);
    for (let b = current + 1; b <= bucket && b - current <= BUCKETS; b++) {
      calls[b % BUCKETS] = 0;
      retries[b % BUCKETS] = 0;
    }
    current = Math.max(current, bucket);
    return current % BUCKETS;
  };
  const sum = (a: number[]): number => a.reduce((s, x) => s + x, 0);

  return {
    recordCall() {
      const i = advance();
      calls[i] = (calls[i] ?? 0) + 1;
    },
    tryAcquireRetry() {
      const i = advance();
      if (sum(retries) + 1 > opts.ratio * sum(calls)) return false;
      retries[i] = (retries[i] ?? 0) + 1;
      return true;
    },
  };
}

/** A budget that never says no (`MESH_RETRY_BUDGET=off`). */
export const unlimitedRetryBudget: RetryBudget = { recordCall: () => {}, tryAcquireRetry: () => true };
