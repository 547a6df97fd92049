import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mostSeriousExitCode } from '../src/cli/exit-ranking.js';
import { watchPageProblems } from '../src/report/page-problems.js';
import { cliPath, readResults, repoRoot, runCli, tempDir } from './cli-helper.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_FAULT = '<img src=x onerror=alert(2)>';

// Two short scenarios as one gate: the first with a fault and hostile text, the second plain.
const SLOW = `name: report-e2e
description: "${HOSTILE}"
mesh: sample
seed: 7
load:
  warmup: 1s
  duration: 6s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 30/s }
    - { name: checkout, request: POST /api/orders, body: { sku: sku-1, qty: 1 }, rate: 10/s, timeout: 2s }
faults:
  - { name: "${HOSTILE_FAULT}", type: latency, edge: orders->payments, at: 2s, for: 2s, latency: 300ms }
checks:
  thresholds:
    "http_req_failed{route:catalog}": ["rate<0.05"]
    "http_req_duration{route:checkout,phase:fault}": ["p(50)<1"]
`;
const PLAIN = `name: report-e2e-plain
mesh: sample
load:
  warmup: 1s
  duration: 3s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 20/s }
checks:
  thresholds:
    "http_req_failed{route:catalog}": ["rate<0.05"]
`;

/** Gate output kept in the git-ignored reports folder, so a person can look at the screenshots. */
const OUT = join(repoRoot, 'reports', 'test-report-e2e');

interface JunitCase {
  '@_name': string;
  '@_classname': string;
  failure?: unknown;
  skipped?: unknown;
  error?: unknown;
}
interface JunitSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  testcase: JunitCase[];
}

function parseJunit(file: string): { testsuites: { '@_tests': string; testsuite: JunitSuite[] } } {
  const xml = readFileSync(file, 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  }).parse(xml) as ReturnType<typeof parseJunit>;
}

describe('faultline run as a gate, its reports, report and serve (end to end)', () => {
  let gate: Awaited<ReturnType<typeof runCli>>;
  const slowRun = join(OUT, 'report-e2e');
  const plainRun = join(OUT, 'report-e2e-plain');

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    const suite = tempDir({ 'a-slow.yaml': SLOW, 'b-plain.yaml': PLAIN, 'notes.txt': 'not a scenario' });
    gate = await runCli(['run', suite, '--out', OUT, '--json'], { timeoutMs: 90_000 });
  }, 100_000);

  it('runs every scenario of the folder in order and prints only JSON on stdout', () => {
    expect(gate.stderr).not.toMatch(/unexpected error|internal error/);
    // the fault-phase p50 < 1 ms check fails on purpose; the gate's exit code is the worst run's
    const runs = [readResults(slowRun), readResults(plainRun)];
    expect(runs[0]?.verdicts.find((v) => v.name.includes('phase:fault'))?.status).toBe('fail');
    // 1, or 4 when another check of the run could not be evaluated; the plain run's check passes
    expect([1, 4]).toContain(runs[0]?.exitCode);
    expect(runs[1]?.verdicts.find((v) => v.kind === 'threshold')?.status).toBe('pass');
    expect(gate.code, gate.stderr).toBe(mostSeriousExitCode(runs.map((r) => r.exitCode)));
    const json = JSON.parse(gate.stdout) as {
      exitCode: number;
      outcome: string;
      runs: { scenario: string; exitCode: number; checks: { total: number }; routes: { name: string }[] }[];
      junit: string;
    };
    expect(json.exitCode).toBe(gate.code);
    expect(json.outcome).toBe(runs.find((r) => r.exitCode === gate.code)?.outcome);
    expect(json.runs.map((r) => [r.scenario, r.exitCode, r.checks.total])).toEqual(
      runs.map((r) => [r.scenario.name, r.exitCode, r.verdicts.length]),
    );
    expect(json.runs[0]?.routes.map((r) => r.name)).toEqual(['catalog', 'checkout']);
    expect(json.junit).toBe(join(OUT, 'junit.xml'));
    expect(gate.stderr).toContain(`${runs[0]?.outcome.toUpperCase()} report-e2e`);
    for (const dir of [slowRun, plainRun]) {
      for (const f of ['results.json', 'report.html', 'junit.xml', 'summary.md'])
        expect(existsSync(join(dir, f)), `${dir}/${f}`).toBe(true);
    }
  });

  it('writes one combined junit.xml with a testsuite per scenario and a testcase per check', () => {
    const doc = parseJunit(join(OUT, 'junit.xml'));
    const suites = doc.testsuites.testsuite;
    const runs = [readResults(slowRun), readResults(plainRun)];
    expect(suites.map((s) => [s['@_name'], s['@_tests'], s['@_failures']])).toEqual(
      runs.map((r) => [
        r.scenario.name,
        String(r.verdicts.length),
        String(r.verdicts.filter((v) => v.status === 'fail').length),
      ]),
    );
    expect(doc.testsuites['@_tests']).toBe(String(runs[0]!.verdicts.length + runs[1]!.verdicts.length));
    const thresholds = (suites[0]?.testcase ?? []).filter((c) => c['@_classname'] === 'threshold');
    expect(thresholds.map((c) => c['@_name'])).toEqual(
      runs[0]!.verdicts.filter((v) => v.kind === 'threshold').map((v) => v.name),
    );
    expect(thresholds).toHaveLength(2);
    expect(thresholds[0]?.failure).toBeUndefined();
    expect(thresholds[1]?.failure).toBeDefined();
    // every check not evaluated is skipped, never passed
    const cases = suites[0]?.testcase ?? [];
    const notEvaluated = runs[0]!.verdicts.filter((v) => v.status === 'error').map((v) => v.name);
    expect(cases.filter((c) => c.skipped !== undefined).map((c) => c['@_name'])).toEqual(notEvaluated);
    // each run's own junit.xml holds just its suite
    expect(parseJunit(join(plainRun, 'junit.xml')).testsuites.testsuite.map((s) => s['@_name'])).toEqual([
      'report-e2e-plain',
    ]);
  });

  it('rebuilds every output from results.json alone, byte for byte', async () => {
    const again = join(OUT, 'rebuilt');
    const res = await runCli(['report', join(slowRun, 'results.json'), '--out', again], {
      timeoutMs: 30_000,
    });
    expect(res.code, res.stderr).toBe(0);
    for (const f of ['report.html', 'junit.xml', 'summary.md'])
      expect(readFileSync(join(again, f), 'utf8'), f).toBe(readFileSync(join(slowRun, f), 'utf8'));
    rmSync(again, { recursive: true, force: true });
  });

  it('refuses an invalid folder before running anything, with GitHub annotations', async () => {
    const dir = tempDir({ 'a.yaml': PLAIN, 'b.yaml': PLAIN.replace('rate: 20/s', 'rate: fast') });
    const out = join(dir, 'out');
    const res = await runCli(['run', dir, '--out', out], {
      env: { GITHUB_ACTIONS: 'true' },
      timeoutMs: 30_000,
    });
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(/^::error file=[^,]*b\.yaml,line=\d+,col=\d+,title=invalid scenario::/m);
    expect(existsSync(out)).toBe(false);
  });

  it.runIf(!hasChromium)(`needs Chromium at ${CHROMIUM}`, (ctx) => {
    if (process.env['CI'] !== 'true')
      ctx.skip(`${CHROMIUM} is not installed; the browser checks did not run`);
    throw new Error(`${CHROMIUM} is missing; CI must install Debian's chromium (or set CHROMIUM_PATH)`);
  });

  describe.runIf(hasChromium)('in Chromium', () => {
    let browser: Browser;
    let server: ChildProcess | undefined;

    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    });

    afterAll(async () => {
      await browser?.close();
      if (server && server.exitCode === null) server.kill('SIGKILL');
    });

    it(
      'draws the real report: every chart, the fault lane, hostile text as text',
      { timeout: 30_000 },
      async () => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const problems = watchPageProblems(page);
        await page.goto(pathToFileURL(join(slowRun, 'report.html')).href, { waitUntil: 'load' });
        const state = await page.evaluate(() => {
          const canvases = [...document.querySelectorAll('canvas')];
          const drawn = canvases.filter((c) => {
            const ctx = c.getContext('2d');
            if (!ctx || c.width === 0 || c.height === 0) return false;
            const px = ctx.getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
            return false;
          });
          const w = window as unknown as {
            Chart: { getChart(id: string): { data: { labels: string[][] } } | undefined };
          };
          return {
            canvases: canvases.map((c) => c.id),
            drawn: drawn.length,
            lanes: [...document.querySelectorAll('tr.fault-lane td:first-child')].map((td) => td.textContent),
            timelineLabels: w.Chart.getChart('chart-timeline')?.data.labels.length,
            description: document.querySelector('.banner .description')?.textContent,
            images: document.querySelectorAll('img').length,
          };
        });
        expect(problems).toEqual([]);
        // timeline + 2 routes × (throughput, latency, errors) at least; breakers and services when observed
        expect(state.canvases).toEqual(
          expect.arrayContaining(['chart-timeline', 'chart-errors-1', 'chart-latency-1']),
        );
        expect(state.canvases.length).toBeGreaterThanOrEqual(7);
        expect(state.drawn).toBe(state.canvases.length);
        expect(state.lanes).toEqual([HOSTILE_FAULT]);
        expect(state.timelineLabels).toBe(1);
        expect(state.description).toBe(HOSTILE);
        expect(state.images).toBe(0);
        await page.screenshot({ path: join(slowRun, 'screenshot-report.png'), fullPage: true });
        await page.close();
        expect(readResults(slowRun).faults[0]?.name).toBe(HOSTILE_FAULT);
      },
    );

    it('serves the index on 127.0.0.1 and links every run to its report', { timeout: 30_000 }, async () => {
      server = spawn(process.execPath, [cliPath, 'serve', '--port', '0', OUT], {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const url = await firstUrl(server, 10_000);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
      const problems = watchPageProblems(page);
      await page.goto(url, { waitUntil: 'load' });
      const rows = await page.locator('tr.run').count();
      const links = await page.locator('tr.run a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(rows).toBe(2);
      expect(links.sort()).toEqual(['report-e2e-plain/report.html', 'report-e2e/report.html']);
      expect(
        await page.locator('tr.run', { has: page.locator('a[href="report-e2e/report.html"]') }).textContent(),
      ).toContain(HOSTILE);
      await page.screenshot({ path: join(OUT, 'screenshot-index.png'), fullPage: true });
      await page.locator('a[href="report-e2e/report.html"]').click();
      await page.waitForLoadState('load');
      expect(await page.locator('h1').textContent()).toBe('report-e2e');
      expect(problems).toEqual([]);
      await page.close();
      const exit = new Promise<number | null>((ok) => server?.once('exit', (code) => ok(code)));
      server.kill('SIGTERM');
      expect(await exit).toBe(0);
    });
  });
});

function firstUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`serve printed no URL within ${timeoutMs} ms: ${out}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /https?:\/\/\S+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[0]);
      }
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
  });
}
