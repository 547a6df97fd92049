import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderHtml, renderJunit, renderSummaryMarkdown, writeReports } from './index.js';
import { runResultsFixture } from './run-results-fixture.js';

describe('writeReports', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes report.html, junit.xml and summary.md into a new directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-reports-'));
    const out = join(dir, 'nested', 'run');
    const results = runResultsFixture();
    const paths = await writeReports(out, results);
    expect(paths).toEqual({
      html: join(out, 'report.html'),
      junit: join(out, 'junit.xml'),
      summary: join(out, 'summary.md'),
    });
    expect(await readFile(paths.html, 'utf8')).toBe(renderHtml(results));
    expect(await readFile(paths.junit, 'utf8')).toBe(renderJunit([results]));
    expect(await readFile(paths.summary, 'utf8')).toBe(renderSummaryMarkdown(results));
  });
});
