import { describe, expect, it } from 'vitest';
import { SUMMARY_MAX_BYTES, renderSummaryMarkdown } from './markdown-reporter.js';
import { runResultsFixture } from './run-results-fixture.js';

describe('renderSummaryMarkdown', () => {
  it('matches the recorded summary of the fixture run', async () => {
    await expect(renderSummaryMarkdown(runResultsFixture())).toMatchFileSnapshot('__snapshots__/summary.md');
  });

  it('keeps pipes and HTML from the scenario inside their cells as text', () => {
    const results = runResultsFixture({ name: 'a|b <img src=x onerror=alert(1)>' });
    const f = results.faults[0];
    if (f) f.target = 'orders|payments <b>';
    const md = renderSummaryMarkdown(results);
    expect(md).toContain('a\\|b &lt;img src=x onerror=alert(1)&gt;');
    expect(md).not.toContain('<img');
    const faultRow = md.split('\n').find((l) => l.startsWith('| slow payments'));
    expect(faultRow).toBe(
      '| slow payments | latency | orders\\|payments &lt;b&gt; | latency=2000, jitter=100 | 10.00 s – 20.00 s | 10.01 s – 20.01 s |',
    );
  });

  it('reports per-route totals with percentiles of the merged histograms, not averages', () => {
    const results = runResultsFixture();
    const md = renderSummaryMarkdown(results);
    const checkout = md.split('\n').find((l) => l.startsWith('| checkout'));
    expect(checkout).toBe(
      '| checkout | POST /api/orders | 1498 | 27.70 % | 39.84 ms | 2060.3 ms | 2094.1 ms | 2101.2 ms |',
    );
    const perSecond = results.seconds.filter((s) => s.route === 'checkout').map((s) => s.latency.p99);
    const averaged = perSecond.reduce((a, b) => a + b, 0) / perSecond.length;
    expect(averaged).toBeLessThan(1000);
  });

  it('stays under 1 MiB however many checks there are', () => {
    const results = runResultsFixture();
    const [template] = results.verdicts;
    if (!template) throw new Error('fixture has verdicts');
    results.verdicts = Array.from({ length: 20_000 }, (_, i) => ({
      ...template,
      id: `v${i}`,
      evidence: 'x'.repeat(2000),
    }));
    const md = renderSummaryMarkdown(results);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(md).toMatch(/… and \d+ more in report\.html/);
    expect(md).toContain('### Routes');
  });
});
