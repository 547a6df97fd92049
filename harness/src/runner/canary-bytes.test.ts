import { describe, expect, it } from 'vitest';
import { CanaryBytes } from './canary-bytes.js';

const reading = (bytes: number, startedAt: number, endedAt = startedAt + 1) => ({
  bytes,
  startedAt,
  endedAt,
});

describe('CanaryBytes', () => {
  it('takes every canary so far out of a count since the proxy started', () => {
    const c = new CanaryBytes();
    c.written('a_to_b', 97, 10)(12);
    c.written('a_to_b', 97, 20)(21);
    c.written('other', 50, 20)(21);
    // 194 bytes, all the canaries': no load crossed the edge.
    expect(c.loadBetween(['a_to_b'], undefined, reading(194, 30))).toBe(0);
    expect(c.loadBetween(['a_to_b'], undefined, reading(1194, 30))).toBe(1000);
  });

  it('takes a canary still on its way at the first reading out of the window it arrives in', () => {
    const c = new CanaryBytes();
    const done = c.written('a_to_b', 97, 10); // held by a latency toxic
    const from = reading(0, 11);
    const to = reading(97, 50);
    done(40);
    expect(c.loadBetween(['a_to_b'], from, to)).toBe(0);
  });

  it('leaves out canaries answered before the window and those written after it', () => {
    const c = new CanaryBytes();
    c.written('a_to_b', 97, 1)(5);
    c.written('a_to_b', 97, 100);
    expect(c.loadBetween(['a_to_b'], reading(97, 10), reading(597, 50))).toBe(500);
  });
});
