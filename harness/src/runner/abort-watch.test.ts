import { describe, expect, it } from 'vitest';
import { parseThresholdMap } from '../checks/index.js';
import { encodeHistogram, newHistogram, summarize, type RouteSecond } from '../results/index.js';
import { AbortWatch } from './abort-watch.js';

function second(t: number, failed: number): RouteSecond {
  const h = newHistogram();
  for (let i = 0; i < 10; i++) h.recordValue(5000);
  return {
    route: 'checkout',
    t,
    offered: 10,
    sent: 10,
    ok: 10 - failed,
    failed,
    failures: { http4xx: 0, http5xx: failed, timeout: 0, connection: 0 },
    statuses: { '200': 10 - failed },
    latency: summarize(h),
    histogram: encodeHistogram(h),
  };
}

describe('AbortWatch', () => {
  it('aborts its signal at the first second an abort threshold fails, and says so in a verdict', () => {
    const lines: string[] = [];
    const abort = parseThresholdMap({ 'http_req_failed{route:checkout}': ['rate<0.3'] });
    const watch = new AbortWatch(abort, undefined, (l) => lines.push(l));
    watch.onSecond([second(0, 0)], []);
    watch.onSecond([second(1, 5)], []);
    expect(watch.signal.aborted).toBe(false);
    watch.onSecond([second(2, 10)], []);
    expect(watch.signal.aborted).toBe(true);
    expect(lines.join('\n')).toContain('t=2s');
    expect(watch.verdicts([second(0, 0), second(1, 5), second(2, 10)])).toMatchObject([
      { kind: 'abort', status: 'fail', measured: 2 },
    ]);
  });

  it('follows the caller signal, and gives no verdict without abort thresholds', () => {
    const outer = new AbortController();
    const watch = new AbortWatch({}, outer.signal, () => undefined);
    watch.onSecond([second(0, 10)], []);
    expect(watch.signal.aborted).toBe(false);
    outer.abort('SIGINT');
    expect(watch.signal.aborted).toBe(true);
    expect(watch.verdicts([])).toEqual([]);
  });
});
