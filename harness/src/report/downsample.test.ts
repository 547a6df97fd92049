import { describe, expect, it } from 'vitest';
import { mergeHistograms, summarize } from '../results/index.js';
import { MAX_POINTS, bucketSeconds, routeSeries } from './downsample.js';
import { renderHtml } from './html-reporter.js';
import type { ReportModel } from './report-model.js';
import { runResultsFixture } from './run-results-fixture.js';

describe('downsampling', () => {
  it('keeps one point per second while the run fits', () => {
    expect(bucketSeconds(30)).toBe(1);
    expect(bucketSeconds(3000)).toBe(1);
    expect(bucketSeconds(3001)).toBe(2);
    expect(bucketSeconds(7200)).toBe(3);
  });

  it('takes bucket percentiles from the merged histograms and rates per second', () => {
    const results = runResultsFixture();
    const [catalog, checkout] = routeSeries(results, 5);
    expect(catalog?.t).toEqual([0, 5, 10, 15, 20, 25]);
    expect(catalog?.offered).toEqual([100, 100, 100, 100, 100, 100]);
    const seconds = results.seconds.filter((s) => s.route === 'checkout' && s.t >= 10 && s.t < 15);
    const merged = summarize(mergeHistograms(seconds.map((s) => s.histogram)));
    expect(checkout?.p99[2]).toBe(merged.p99);
    expect(checkout?.p50[2]).toBe(merged.p50);
    expect(checkout?.failed[2]).toBe(seconds.reduce((a, s) => a + s.failed, 0) / 5);
  });

  it('keeps degraded answers (fallbacks) as their own per-second series', () => {
    const results = runResultsFixture();
    results.seconds = results.seconds.map((s) =>
      s.route === 'checkout' && s.t >= 10 && s.t < 13 ? { ...s, degraded: 4 } : s,
    );
    const [catalog, checkout] = routeSeries(results, 5);
    expect(catalog?.degraded).toEqual([0, 0, 0, 0, 0, 0]);
    expect(checkout?.degraded).toEqual([0, 0, 2.4, 0, 0, 0]);
  });

  it('gives the error rate of each failure kind as a percent of the requests sent', () => {
    const results = runResultsFixture();
    const second = results.seconds.find((s) => s.route === 'checkout' && s.t === 15);
    if (!second) throw new Error('fixture second missing');
    second.failures = { http4xx: 5, http5xx: 30, timeout: 10, connection: 0 };
    const checkout = routeSeries(results, 1)[1];
    expect(checkout?.errors.http4xx[15]).toBe(10);
    expect(checkout?.errors.http5xx[15]).toBe(60);
    expect(checkout?.errors.timeout[15]).toBe(20);
    expect(checkout?.errors.connection[15]).toBe(0);
    expect(checkout?.errors.http5xx[0]).toBe(0);
    second.sent = 0;
    expect(routeSeries(results, 1)[1]?.errors.timeout[15]).toBeNull();
  });

  it('leaves a gap, not a zero, where nothing completed', () => {
    const results = runResultsFixture();
    const second = results.seconds.find((s) => s.route === 'catalog' && s.t === 3);
    if (!second) throw new Error('fixture second missing');
    second.latency = { count: 0, min: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    expect(routeSeries(results, 1)[0]?.p99[3]).toBeNull();
  });

  it('keeps a two-hour run within the point budget and the report under 3 MB', { timeout: 60_000 }, () => {
    const results = runResultsFixture({ durationS: 7200, observationEveryMs: 1000 });
    const html = renderHtml(results);
    expect(Buffer.byteLength(html)).toBeLessThan(3 * 1024 * 1024);
    const json = /<script type="application\/json" id="faultline-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const model = JSON.parse(json ?? 'null') as ReportModel;
    expect(model.bucketS).toBe(3);
    for (const r of model.routes) {
      for (const series of [
        r.t,
        r.offered,
        r.ok,
        r.failed,
        r.p50,
        r.p95,
        r.p99,
        r.max,
        ...Object.values(r.errors),
      ]) {
        expect(series.length).toBeLessThanOrEqual(MAX_POINTS);
        expect(series.length).toBe(2400);
      }
    }
    expect(model.breakers.length).toBeGreaterThan(0);
    for (const b of model.breakers) expect(b.points.length).toBeLessThanOrEqual(MAX_POINTS);
  });
});
