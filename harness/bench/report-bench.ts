import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderHtml } from '../src/report/index.js';
import { runResultsFixture } from '../src/report/run-results-fixture.js';

/** What one measurement of the long-run report found. */
export interface ReportBenchResult {
  /** Measured seconds of the synthetic run. */
  durationS: number;
  /** ms to render report.html from the results (median of `renders`). */
  renderMs: number;
  renders: number;
  /** Size of report.html in bytes (the budget is 3 MB). */
  bytes: number;
  /** ms from navigation to every chart drawn, in headless Chromium; null without a browser. */
  loadMs: number | null;
  charts: number;
}

export interface ReportBenchOptions {
  durationS?: number;
  renders?: number;
  chromiumPath?: string;
}

/**
 * Renders the report of a synthetic two-hour run (two routes, breaker states every second) and
 * opens it in Chromium, timing both. The budgets it serves: under 3 MB, and in the browser in
 * under 3 s. Returns the numbers and leaves the verdict to the caller.
 */
export async function benchReport(opts: ReportBenchOptions = {}): Promise<ReportBenchResult> {
  const durationS = opts.durationS ?? 7200;
  const renders = opts.renders ?? 3;
  const results = runResultsFixture({ durationS, observationEveryMs: 1000 });
  const times: number[] = [];
  let html = '';
  for (let i = 0; i < renders; i++) {
    const start = performance.now();
    html = renderHtml(results);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const renderMs = Math.round(times[Math.floor(times.length / 2)] ?? 0);
  const bytes = Buffer.byteLength(html);
  const chromiumPath = opts.chromiumPath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) return { durationS, renderMs, renders, bytes, loadMs: null, charts: 0 };

  const dir = await mkdtemp(join(tmpdir(), 'faultline-report-bench-'));
  const file = join(dir, 'report.html');
  await writeFile(file, html);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const start = performance.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 60_000 });
    // The page's script draws synchronously after load; this waits until every canvas has a chart.
    const charts = await page.evaluate(() => {
      const w = window as unknown as { Chart?: { instances: Record<string, unknown> } };
      return Object.keys(w.Chart?.instances ?? {}).length;
    });
    const loadMs = Math.round(performance.now() - start);
    return { durationS, renderMs, renders, bytes, loadMs, charts };
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchReport(), null, 2)}\n`);
}
