import { describe, expect, it } from 'vitest';
import { Exchange, type ExchangeCarrier } from './exchange.js';
import { SecondRecorder } from './second-recorder.js';

function fakeCarrier(): ExchangeCarrier & { abandoned: number } {
  const c = {
    abandoned: 0,
    abandon(): void {
      c.abandoned++;
    },
  };
  return c;
}

describe('Exchange', () => {
  it('counts a timeout once, from its due time, and cuts the request off', () => {
    let settled = 0;
    const r = new SecondRecorder('r', 0);
    r.pending = 1;
    const due = performance.now() - 500;
    const ex = new Exchange({ settled: () => settled++ }, due, due + 300, r);
    const c = fakeCarrier();
    ex.carrier = c;
    ex.timeOut(due + 301);
    ex.onError(due + 400);
    ex.onEnd(due + 500);
    ex.cancel();
    expect(c.abandoned).toBe(1);
    expect(settled).toBe(1);
    expect(r.pending).toBe(0);
    const s = r.close();
    expect(s.failures.timeout).toBe(1);
    expect(s.failed).toBe(1);
    expect(s.latency.max).toBeCloseTo(301, 0);
  });

  it('is done once it timed out while queued, so no connection sends it', () => {
    const ex = new Exchange({ settled: () => undefined }, 0, 300, null);
    ex.timeOut(300);
    expect(ex.done).toBe(true);
    expect(ex.carrier).toBeNull();
  });

  it('cancels without recording and lets its connection go', () => {
    let settled = 0;
    const r = new SecondRecorder('r', 0);
    r.pending = 1;
    const ex = new Exchange({ settled: () => settled++ }, 0, 300, r);
    const c = fakeCarrier();
    ex.carrier = c;
    ex.cancel();
    ex.onEnd(10);
    expect([settled, r.pending, c.abandoned]).toEqual([1, 0, 1]);
    expect(r.close().latency.count).toBe(0);
  });

  it('classifies a completed response by its status and a connection failure as such', () => {
    const r = new SecondRecorder('r', 0);
    for (const status of [200, 302, 404, 500]) {
      const ex = new Exchange({ settled: () => undefined }, performance.now(), Infinity, r);
      ex.onHead(status, null);
      ex.onBody(Buffer.from('x'));
      ex.onEnd(performance.now());
    }
    new Exchange({ settled: () => undefined }, performance.now(), Infinity, r).onError(performance.now());
    const s = r.close();
    expect(s.ok).toBe(2);
    expect(s.failures).toEqual({ http4xx: 1, http5xx: 1, timeout: 0, connection: 1 });
    expect(s.statuses).toEqual({ '200': 1, '302': 1, '404': 1, '500': 1 });
  });
});
