import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchPageProblems } from './page-problems.js';
import { runResultsFixture } from './run-results-fixture.js';
import { writeReports } from './write-reports.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const XSS_NAME = '<img src=x onerror=alert(1)>';

describe('report.html in a browser', () => {
  it.runIf(!hasChromium)(`needs Chromium at ${CHROMIUM}`, (ctx) => {
    // Skipped where no browser is installed, but CI must have one.
    if (process.env['CI'] !== 'true') ctx.skip(`${CHROMIUM} is not installed; the browser test did not run`);
    throw new Error(`${CHROMIUM} is missing; CI must install Debian's chromium (or set CHROMIUM_PATH)`);
  });

  describe.runIf(hasChromium)('opened from disk', () => {
    let browser: Browser;
    let dir: string;
    let html: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'faultline-report-'));
      const results = runResultsFixture({ name: XSS_NAME, description: 'closes </script> early' });
      // A fault that never took effect and one still in place at the end must not break the lanes.
      results.faults.push(
        {
          name: 'kill inventory',
          type: 'crash',
          target: 'inventory',
          params: {},
          scheduledAtMs: 5000,
          scheduledEndMs: 8000,
          appliedAtMs: null,
          revertedAtMs: null,
          error: 'no such process',
        },
        {
          name: 'partition <b>',
          type: 'partition',
          target: 'gateway->catalog',
          params: { direction: 'both' },
          scheduledAtMs: 25000,
          scheduledEndMs: 40000,
          appliedAtMs: 25003,
          revertedAtMs: null,
        },
      );
      ({ html } = await writeReports(dir, results));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    });

    afterAll(async () => {
      await browser?.close();
      // KEEP_REPORT=1 keeps report.html and its screenshot for a look by eye.
      if (process.env['KEEP_REPORT']) console.info(`report and screenshot kept in ${dir}`);
      else if (dir) await rm(dir, { recursive: true, force: true });
    });

    it(
      'draws every chart without errors and shows the hostile name as text',
      { timeout: 20_000 },
      async () => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const problems = watchPageProblems(page);
        const requests: string[] = [];
        page.on('request', (r) => {
          if (!r.url().startsWith('file:')) requests.push(r.url());
        });

        await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

        const state = await page.evaluate(() => {
          const w = window as unknown as { Chart?: { instances: Record<string, unknown> } };
          const canvases = [...document.querySelectorAll('canvas')];
          const drawn = canvases.filter((c) => {
            const ctx = c.getContext('2d');
            if (!ctx || c.width === 0 || c.height === 0) return false;
            const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
            return false;
          });
          return {
            canvases: canvases.length,
            charts: Object.keys(w.Chart?.instances ?? {}).length,
            drawn: drawn.length,
            lanes: document.querySelectorAll('tr.fault-lane').length,
            timelineLanes: (
              w.Chart as unknown as { getChart(id: string): { data: { labels: unknown[] } } | undefined }
            ).getChart('chart-timeline')?.data.labels.length,
            title: document.querySelector('h1')?.textContent,
            images: document.querySelectorAll('img').length,
            logToggles: [...document.querySelectorAll('.log-toggle')].filter(
              (l) => !(l as HTMLElement).hidden,
            ).length,
            xAxes: Object.values(
              (w.Chart?.instances ?? {}) as Record<
                string,
                { chartArea: { left: number; right: number }; scales: { x: { min: number; max: number } } }
              >,
            ).map((c) => [c.chartArea.left, c.chartArea.right, c.scales.x.min, c.scales.x.max].join(' ')),
          };
        });

        expect(problems).toEqual([]);
        expect(requests).toEqual([]);
        // timeline + 2 routes × (throughput, latency, errors) + breakers + services
        expect(state.canvases).toBe(9);
        expect(state.charts).toBe(state.canvases);
        expect(state.drawn).toBe(state.canvases);
        expect(state.lanes).toBe(3);
        expect(state.timelineLanes).toBe(3);
        expect(state.title).toBe(XSS_NAME);
        expect(state.images).toBe(0);
        expect(state.logToggles).toBe(2);
        // One shared x-axis: every chart spans 0–30 s over the same pixels.
        expect(new Set(state.xAxes).size).toBe(1);
        expect(state.xAxes[0]).toMatch(/ 0 30$/);

        await page.check('input[data-log-for="latency-1"]');
        const yType = await page.evaluate(() => {
          const w = window as unknown as {
            Chart: { getChart(id: string): { options: { scales: { y: { type: string } } } } | undefined };
          };
          return w.Chart.getChart('chart-latency-1')?.options.scales.y.type;
        });
        expect(yType).toBe('logarithmic');
        expect(problems).toEqual([]);

        const screenshot = join(dir, 'report.png');
        await page.screenshot({ path: screenshot, fullPage: true });
        expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
        await page.close();
      },
    );

    it('shows the banner, checks and fault lanes without JavaScript', { timeout: 10_000 }, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(pathToFileURL(html).href);
      expect(await page.locator('h1').textContent()).toBe(XSS_NAME);
      expect(await page.locator('.banner .outcome').textContent()).toContain('FAILED');
      expect(await page.locator('tr.check').count()).toBe(4);
      expect(await page.locator('tr.fault-lane').count()).toBe(3);
      expect(await page.locator('noscript').count()).toBe(1);
      await context.close();
    });
  });
});
