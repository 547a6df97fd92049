import { describe, expect, it } from 'vitest';
import { COALESCE_MS, InterruptLatch } from './signals.js';

describe('InterruptLatch', () => {
  it('aborts on the first signal and counts signals within a second of it as the same one', () => {
    const latch = new InterruptLatch();
    expect(latch.receive(5000)).toBe('abort');
    expect(latch.receive(5003)).toBe('same');
    expect(latch.receive(5000 + COALESCE_MS - 1)).toBe('same');
  });

  it('forces the exit on a signal after the window', () => {
    const latch = new InterruptLatch();
    latch.receive(5000);
    latch.receive(5002);
    expect(latch.receive(5000 + COALESCE_MS)).toBe('force');
    expect(latch.receive(9000)).toBe('force');
  });

  it('measures the window from the first signal, so a stream of signals cannot postpone a forced exit', () => {
    const latch = new InterruptLatch(1000);
    expect(latch.receive(0)).toBe('abort');
    expect(latch.receive(600)).toBe('same');
    expect(latch.receive(1200)).toBe('force');
  });
});
