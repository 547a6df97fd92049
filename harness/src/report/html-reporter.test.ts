import { describe, expect, it } from 'vitest';
import { renderHtml } from './html-reporter.js';
import type { ReportModel } from './report-model.js';
import { runResultsFixture } from './run-results-fixture.js';

const XSS_NAME = '<img src=x onerror=alert(1)>';
const XSS_DESCRIPTION = 'ends the tag early </script><script>alert(2)</script> & more';

function embeddedModel(html: string): ReportModel {
  const m = /<script type="application\/json" id="faultline-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m?.[1]) throw new Error('no embedded data');
  return JSON.parse(m[1]) as ReportModel;
}

/** The page without the inlined libraries, whose licence banners carry the projects' URLs. */
function ownMarkup(html: string): string {
  return html.replace(/<script data-library="[^"]*">[\s\S]*?<\/script>/g, '');
}

describe('renderHtml', () => {
  const html = renderHtml(runResultsFixture({ name: XSS_NAME, description: XSS_DESCRIPTION }));

  it('shows a hostile scenario name and description as text', () => {
    expect(html).not.toContain(XSS_NAME);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain(
      'ends the tag early &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; more',
    );
  });

  it('keeps the embedded JSON inside its script tag', () => {
    const json =
      /<script type="application\/json" id="faultline-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(json).not.toContain('<');
    const model = embeddedModel(html);
    expect(model.faults.map((f) => f.name)).toEqual(['slow payments']);
  });

  it('references nothing outside the file', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*\shref=/i);
    expect(ownMarkup(html)).not.toMatch(/https?:\/\//);
    expect(html).not.toContain('sourceMappingURL');
  });

  it('inlines Chart.js and the annotation plugin with their licence banners, once each', () => {
    expect(html.match(/<script data-library="chart.js">/g)).toHaveLength(1);
    expect(html.match(/<script data-library="chartjs-plugin-annotation">/g)).toHaveLength(1);
    expect(html).toMatch(/\* Chart\.js v4[\s\S]*Released under the MIT License/);
    expect(html).toMatch(/\* chartjs-plugin-annotation v3[\s\S]*Released under the MIT License/);
  });

  it('lays the page out in order: banner, checks, faults, routes, breakers, run', () => {
    const order = [
      'class="banner outcome-failed"',
      'id="checks"',
      'id="faults"',
      'id="route-0"',
      'id="route-1"',
      'id="services"',
      'id="run"',
    ].map((marker) => html.indexOf(marker));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('renders the checks table without scripts, one row per verdict with its icon', () => {
    const rows = [
      ...html.matchAll(/<tr class="check status-(\w+)"[^>]*>\s*<td class="icon"[^>]*>(.)<\/td>/g),
    ].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['pass', '✓'],
      ['fail', '✗'],
      ['pass', '✓'],
      ['error', '!'],
    ]);
    expect(html).toContain('2093.1 ms');
    expect(html).toContain('n/a');
  });

  it('lists each fault lane with its target, parameters and actual window', () => {
    expect(html.match(/<tr class="fault-lane"/g)).toHaveLength(1);
    expect(html).toContain('orders-&gt;payments');
    expect(html).toContain('latency=2000, jitter=100');
    expect(html).toContain('10.01 s – 20.01 s');
    const model = embeddedModel(html);
    expect(model.faults[0]?.actual).toEqual([10.012, 20.008]);
  });

  it('embeds per-route series and breaker states for the charts', () => {
    const model = embeddedModel(html);
    expect(model.spanS).toBe(30);
    expect(model.routes.map((r) => [r.name, r.t.length])).toEqual([
      ['catalog', 30],
      ['checkout', 30],
    ]);
    const payments = model.breakers.find((b) => b.service === 'orders' && b.upstream === 'payments');
    expect(payments?.points.map((p) => p[1])).toEqual([0, 1, 2, 0, 0]);
    expect(model.services.find((s) => s.service === 'inventory')?.down).toEqual([[24, 25.5]]);
  });

  it('contains the scenario source as written and the run details', () => {
    expect(html).toContain('edge: orders-&gt;payments, latency: 2000ms');
    expect(html).toContain('<th>Seed</th><td>42</td>');
    expect(html).toContain('v20.20.2');
  });

  it('is a pure function of the results', () => {
    const results = runResultsFixture();
    expect(renderHtml(results)).toBe(renderHtml(structuredClone(results)));
  });
});

describe('renderHtml edge cases', () => {
  it.each(['passed', 'failed', 'inconclusive', 'error', 'interrupted'] as const)(
    'shows the %s outcome in the banner',
    (outcome) => {
      const html = renderHtml({ ...runResultsFixture(), outcome });
      expect(html).toContain(`<header class="banner outcome-${outcome}">`);
      expect(html).toContain(`<p class="outcome">${outcome.toUpperCase()} `);
    },
  );

  it('renders a run that recorded nothing, with no canvas to draw', () => {
    const empty = {
      ...runResultsFixture(),
      routes: [],
      seconds: [],
      faults: [],
      observations: [],
      verdicts: [],
      errors: ['mesh never became ready'],
    };
    const html = renderHtml({ ...empty, outcome: 'error', exitCode: 3 });
    expect(html).not.toContain('<canvas');
    expect(html).toContain('No checks were evaluated.');
    expect(html).toContain('No faults were scheduled.');
    expect(html).toContain('<li>mesh never became ready</li>');
  });
});

describe('renderHtml labels', () => {
  it('escapes a route name once in chart labels', () => {
    const results = runResultsFixture();
    const route = results.routes[0];
    if (route) route.name = 'a&b';
    for (const s of results.seconds) if (s.route === 'catalog') s.route = 'a&b';
    const html = renderHtml(results);
    expect(html).toContain('aria-label="Latency percentiles of route a&amp;b"');
  });
});
