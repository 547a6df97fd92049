import { describe, expect, it } from 'vitest';
import { decodeHistogram } from '../results/index.js';
import { SecondRecorder } from './second-recorder.js';

describe('SecondRecorder', () => {
  it('counts outcomes and statuses and summarizes latencies in ms from µs histograms', () => {
    const r = new SecondRecorder('catalog', 3);
    r.offered = r.sent = 4;
    r.record('ok', 10, 200);
    r.record('ok', 20, 204);
    r.record('http5xx', 30, 503);
    r.record('timeout', 1000, 0);
    const s = r.close();
    expect(s).toMatchObject({ route: 'catalog', t: 3, offered: 4, sent: 4, ok: 2, failed: 2 });
    expect(s.failures).toEqual({ http4xx: 0, http5xx: 1, timeout: 1, connection: 0 });
    expect(s.statuses).toEqual({ '200': 1, '204': 1, '503': 1 });
    expect(s.latency.count).toBe(4);
    expect(s.latency.min).toBeCloseTo(10, 1);
    expect(s.latency.max).toBeCloseTo(1000, 0);
    const h = decodeHistogram(s.histogram);
    expect(h.totalCount).toBe(4);
    expect(h.maxValue).toBeGreaterThan(999_000);
  });

  it('closes an empty second with zeros and a decodable empty histogram', () => {
    const s = new SecondRecorder('r', 0).close();
    expect(s.latency).toEqual({ count: 0, min: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    expect(decodeHistogram(s.histogram).totalCount).toBe(0);
  });
});
