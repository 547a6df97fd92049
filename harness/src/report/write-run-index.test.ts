import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeResults } from '../results/index.js';
import { hasRunIndex, renderRunIndex, runIndexEntry, writeRunIndex } from './index.js';
import { runResultsFixture } from './run-results-fixture.js';

describe('runIndexEntry and renderRunIndex', () => {
  it('lists verdict, checks passed and p99 and error rate per route, linking to the report', () => {
    const entry = runIndexEntry(runResultsFixture(), 'ci/payments latency');
    expect(entry).toMatchObject({
      href: 'ci/payments%20latency/report.html',
      scenario: 'payments-latency',
      outcome: 'failed',
      checksPassed: 2,
      checksTotal: 4,
    });
    expect(entry.routes.map((r) => r.name)).toEqual(['catalog', 'checkout']);
    const html = renderRunIndex([entry]);
    expect(html).toContain('<a href="ci/payments%20latency/report.html">payments-latency</a>');
    expect(html).toContain('2 / 4 passed');
    expect(html).toContain('checkout: 2094.1 ms · 27.70 %');
  });

  it('shows hostile text as text and puts the newest run first', () => {
    const old = runIndexEntry(runResultsFixture({ description: '<img src=x onerror=alert(1)>' }), 'a');
    const recent = { ...runIndexEntry(runResultsFixture(), 'b'), startedAt: '2027-01-01T00:00:00.000Z' };
    const html = renderRunIndex([old, recent]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html.indexOf('href="b/report.html"')).toBeLessThan(html.indexOf('href="a/report.html"'));
  });
});

describe('writeRunIndex', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds runs one and two levels down, skips unreadable ones, and marks the page as its own', async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-index-'));
    await mkdir(join(dir, 'one'), { recursive: true });
    await mkdir(join(dir, 'gate', 'two'), { recursive: true });
    await mkdir(join(dir, 'broken'), { recursive: true });
    await writeResults(join(dir, 'one', 'results.json'), runResultsFixture({ name: 'first' }));
    await writeResults(join(dir, 'gate', 'two', 'results.json'), runResultsFixture({ name: 'second' }));
    await writeFile(join(dir, 'broken', 'results.json'), '{"schemaVersion": 1');
    expect(await hasRunIndex(dir)).toBe(false);
    const path = await writeRunIndex(dir);
    const html = await readFile(path, 'utf8');
    expect([...html.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]).sort()).toEqual([
      'gate/two/report.html',
      'one/report.html',
    ]);
    expect(await hasRunIndex(dir)).toBe(true);
  });
});
