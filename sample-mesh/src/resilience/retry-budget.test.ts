import { describe, expect, it } from 'vitest';
import { createRetryBudget } from './retry-budget.js';

describe('retry budget', () => {
  it('allows retries up to the ratio of calls in the window', () => {
    const budget = createRetryBudget({ ratio: 0.2, windowMs: 10_000, now: () => 0 });
    for (let i = 0; i < 10; i++) budget.recordCall();
    expect(budget.tryAcquireRetry()).toBe(true);
    expect(budget.tryAcquireRetry()).toBe(true);
    expect(budget.tryAcquireRetry()).toBe(false);
  });

  it('allows no retry before any call', () => {
    const budget = createRetryBudget({ ratio: 0.2, windowMs: 10_000, now: () => 0 });
    expect(budget.tryAcquireRetry()).toBe(false);
  });

  it('forgets calls and retries that slid out of the window', () => {
    let t = 0;
    const budget = createRetryBudget({ ratio: 0.5, windowMs: 1000, now: () => t });
    for (let i = 0; i < 4; i++) budget.recordCall();
    expect(budget.tryAcquireRetry()).toBe(true);
    expect(budget.tryAcquireRetry()).toBe(true);
    expect(budget.tryAcquireRetry()).toBe(false);
    t = 1500;
    expect(budget.tryAcquireRetry()).toBe(false);
    budget.recordCall();
    budget.recordCall();
    expect(budget.tryAcquireRetry()).toBe(true);
    expect(budget.tryAcquireRetry()).toBe(false);
  });

  it('keeps the total attempts at most 1 + ratio per call under constant failure', () => {
    const budget = createRetryBudget({ ratio: 0.2, windowMs: 10_000, now: () => 0 });
    let attempts = 0;
    for (let call = 0; call < 500; call++) {
      budget.recordCall();
      attempts++;
      for (let retry = 0; retry < 2 && budget.tryAcquireRetry(); retry++) attempts++;
    }
    expect(attempts / 500).toBeLessThanOrEqual(1.2);
    expect(attempts / 500).toBeGreaterThan(1.15);
  });
});
