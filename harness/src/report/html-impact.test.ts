import { describe, expect, it } from 'vitest';
import { renderHtml } from './html-reporter.js';
import { runResultsFixture } from './run-results-fixture.js';

const stats = (p99Ms: number | null, errorRate: number | null) => ({
  requests: 100,
  failed: 0,
  p99Ms,
  errorRate,
});

function withBlastRadius() {
  return {
    ...runResultsFixture(),
    blastRadius: {
      routes: ['catalog', 'checkout'],
      baseline: { catalog: stats(30, 0), checkout: stats(50, 0) },
      faults: [
        {
          fault: 'slow <payments>',
          startMs: 10_012,
          endMs: 20_008,
          cells: [
            { route: 'catalog', during: stats(31, 0), deltaP99Ms: 1, deltaErrorRate: 0 },
            { route: 'checkout', during: stats(2094, 0.277), deltaP99Ms: 2044, deltaErrorRate: 0.277 },
          ],
        },
      ],
    },
  };
}

describe('blast radius and recovery in report.html', () => {
  it('renders the faults × routes matrix with deltas, marking the route the fault reached', () => {
    const html = renderHtml(withBlastRadius());
    expect(html).toContain('<section id="impact">');
    expect(html).toContain('<th>slow &lt;payments&gt;<div class="kind">10.01–20.01 s</div></th>');
    expect(html).toMatch(/<td class="num blast-clear">p99 31 ms · 0 %/);
    expect(html).toMatch(
      /<td class="num blast-hit">p99 2094 ms · 27.70 %<div class="delta">Δp99 \+2044 ms · Δerr \+27.70 pt/,
    );
    expect(html.indexOf('id="services"')).toBeLessThan(html.indexOf('id="impact"'));
    expect(html.indexOf('id="impact"')).toBeLessThan(html.indexOf('id="run"'));
  });

  it('lists breaker and recovery verdicts as detection and recovery times', () => {
    const html = renderHtml(runResultsFixture());
    const timings = /<table class="timings">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(timings).toContain('orders-&gt;payments opens within 5s');
    expect(timings).toContain('1.49 s');
    expect(timings).toContain('checkout recovers within 10s');
    expect(timings).not.toContain('http_req_duration');
  });

  it('leaves the section out when the results carry neither', () => {
    const results = runResultsFixture();
    results.verdicts = results.verdicts.filter((v) => v.kind === 'threshold');
    expect(renderHtml(results)).not.toContain('id="impact"');
  });
});
