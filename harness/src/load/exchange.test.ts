import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { Exchange } from './exchange.js';
import { SecondRecorder } from './second-recorder.js';

function fakeController(): Dispatcher.DispatchController & { aborts: number } {
  const c = {
    aborts: 0,
    aborted: false,
    paused: false,
    reason: null,
    abort(): void {
      c.aborts++;
      c.aborted = true;
    },
    pause(): void {},
    resume(): void {},
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
    const c = fakeController();
    ex.onRequestStart(c);
    ex.timeOut(due + 301);
    ex.onResponseError();
    ex.onResponseEnd();
    expect(c.aborts).toBe(1);
    expect(settled).toBe(1);
    expect(r.pending).toBe(0);
    const s = r.close();
    expect(s.failures.timeout).toBe(1);
    expect(s.failed).toBe(1);
    expect(s.latency.max).toBeCloseTo(301, 0);
  });

  it('aborts a request that timed out while queued as soon as undici would send it', () => {
    const ex = new Exchange({ settled: () => undefined }, 0, 300, null);
    ex.timeOut(300);
    const c = fakeController();
    ex.onRequestStart(c);
    expect(c.aborts).toBe(1);
  });

  it('classifies a completed response by its final status', () => {
    const r = new SecondRecorder('r', 0);
    for (const status of [200, 302, 404, 500]) {
      const ex = new Exchange({ settled: () => undefined }, performance.now(), Infinity, r);
      ex.onRequestStart(fakeController());
      ex.onResponseStart(fakeController(), 100);
      ex.onResponseStart(fakeController(), status);
      ex.onResponseData();
      ex.onResponseEnd();
    }
    const s = r.close();
    expect(s.ok).toBe(2);
    expect(s.failures).toEqual({ http4xx: 1, http5xx: 1, timeout: 0, connection: 0 });
    expect(s.statuses).toEqual({ '200': 1, '302': 1, '404': 1, '500': 1 });
  });
});
