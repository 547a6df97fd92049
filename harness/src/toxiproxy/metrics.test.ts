import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { watchLoopDelay } from './metrics.js';

/** The cumulative count of one bucket in the rendered text. */
function bucket(text: string, le: string): number {
  const m = new RegExp(
    `^faultline_event_loop_delay_seconds_bucket\\{le="${le.replace('+', '\\+')}"\\} (\\d+)$`,
    'm',
  ).exec(text);
  return Number(m?.[1] ?? 0);
}

describe('watchLoopDelay', () => {
  it('publishes every wake-up in a cumulative histogram, a blocked loop past the 100 ms bucket', async () => {
    const watch = watchLoopDelay();
    try {
      await delay(50);
      const before = watch.render();
      const end = performance.now() + 150;
      while (performance.now() < end) {
        // the event loop is blocked on purpose
      }
      await delay(30);
      const after = watch.render();
      expect(after).toMatch(/^faultline_event_loop_delay_p99_seconds \d/m);
      expect(bucket(after, '+Inf')).toBe(Number(/_count (\d+)$/m.exec(after)?.[1]));
      // The one wake-up after the block was late by more than 100 ms.
      expect(bucket(after, '+Inf') - bucket(after, '0.1')).toBeGreaterThan(
        bucket(before, '+Inf') - bucket(before, '0.1'),
      );
      expect(bucket(after, '0.25')).toBeLessThanOrEqual(bucket(after, '+Inf'));
    } finally {
      watch.stop();
    }
  });
});
