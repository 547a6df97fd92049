import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readResults, repoRoot, runCli, tempDir } from './cli-helper.js';
import { REFERENCE_BEGIN, REFERENCE_END, renderReference } from './schema-reference.js';

const SCHEMA_FILE = join(repoRoot, 'harness/schema/scenario.schema.json');

describe('faultline schema', () => {
  it('prints exactly the published draft-07 schema (regenerate: faultline schema > harness/schema/scenario.schema.json)', async () => {
    const res = await runCli(['schema']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
    const schema = JSON.parse(res.stdout) as { $schema: string; additionalProperties: boolean };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes every fault type and each of its fields, with an example per field, and rejects unknown keys', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
      properties: { faults: { items: { oneOf: FaultSchema[] } } };
    };
    interface FaultSchema {
      description?: string;
      examples?: unknown[];
      additionalProperties: boolean;
      properties: Record<string, { description?: string; examples?: unknown[] }>;
    }
    const variants = schema.properties.faults.items.oneOf;
    expect(variants).toHaveLength(13);
    for (const v of variants) {
      expect(v.additionalProperties).toBe(false);
      expect(v.description).toBeTruthy();
      for (const [key, field] of Object.entries(v.properties)) {
        expect(field.description, `${v.description}: ${key}`).toBeTruthy();
        expect(field.examples?.length, `${v.description}: ${key}`).toBe(1);
      }
    }
  });

  it('is named on the first line of every scenario of the library', () => {
    for (const f of readdirSync(join(repoRoot, 'scenarios')).filter((x) => x.endsWith('.yaml'))) {
      const first = readFileSync(join(repoRoot, 'scenarios', f), 'utf8').split('\n')[0];
      expect(first, f).toBe('# yaml-language-server: $schema=../harness/schema/scenario.schema.json');
    }
  });
});

describe('docs/authoring.md', () => {
  it('has the reference generated from the published schema (UPDATE_DOCS=1 rewrites it)', () => {
    const docsFile = join(repoRoot, 'docs/authoring.md');
    const docs = readFileSync(docsFile, 'utf8');
    const start = docs.indexOf(REFERENCE_BEGIN);
    const end = docs.indexOf(REFERENCE_END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const generated = `\n${renderReference(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object)}\n`;
    if (process.env['UPDATE_DOCS'] === '1') {
      writeFileSync(docsFile, docs.slice(0, start + REFERENCE_BEGIN.length) + generated + docs.slice(end));
      return;
    }
    expect(docs.slice(start + REFERENCE_BEGIN.length, end)).toBe(generated);
  });
});

describe('faultline init', () => {
  it('writes a commented starter scenario that validates, and refuses to overwrite it', async () => {
    const dir = tempDir();
    const res = await runCli(['init', 'first-try', '--dir', dir]);
    expect(res.code, res.stderr).toBe(0);
    const file = join(dir, 'first-try.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=.*harness\/schema\/scenario\.schema\.json\n/);
    expect(existsSync(join(dir, text.split('\n')[0]!.split('$schema=')[1]!))).toBe(true);
    expect(text).toContain('name: first-try');
    const valid = await runCli(['validate', file]);
    expect(valid.code, valid.stderr).toBe(0);
    writeFileSync(file, 'mine');
    const again = await runCli(['init', 'first-try', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });
});

describe('faultline plan', () => {
  it('shows services, one proxy per edge, the load, a lane per fault and every check with its phase', async () => {
    const res = await runCli(['plan', 'scenarios/flapping-dependency.yaml']);
    expect(res.code, res.stderr).toBe(0);
    const out = res.stdout;
    expect(out).toContain('proxies (one per edge, 6)');
    expect(out).toMatch(/orders->payments\s+proxy orders_to_payments/);
    expect(out).toMatch(/checkout\s+POST \/api\/orders\s+20 req\/s/);
    // 12 s measured: one column per second; flap 2 runs 5 s–6 s, so column 5
    expect(out).toMatch(/\n {2}flap 2 {2}·····█······ {2}5s–6s down orders->payments/);
    expect(out).toMatch(
      /http_req_duration\{route:checkout,phase:recovery\} p\(95\)<300\s+judged over the recovery phase \(10s–12s\)/,
    );
  });

  it("counts a ramp's requests from its schedule and shows metric checks with their window", async () => {
    const res = await runCli(['plan', 'scenarios/async-no-loss.yaml']);
    expect(res.code, res.stderr).toBe(0);
    // 20 req/s for 11 s, then down to 0 over 1 s: 220 + 10
    expect(res.stdout).toMatch(
      /checkout\s+POST \/api\/orders\s+≤ 20 req\/s\s+timeout 3s\s+≈ 230 requests measured/,
    );
    expect(res.stdout).toContain(
      'metric: events were held back during the partition: max(outbox_backlog{service="orders"}) > 10\n          judged over fault "shipping cut off"',
    );
  });

  it('lists steady state, breaker, recovery and isolation checks readably, and none only when there is none', async () => {
    const dir = tempDir({
      'b.yaml': `name: b
load:
  duration: 12s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 10/s }
    - { name: checkout, request: POST /api/orders, rate: 10/s }
faults:
  - { name: slow payments, type: latency, edge: orders->payments, at: 4s, for: 4s, latency: 1000ms }
slo:
  catalog: ["p(99)<150", "rate<0.01"]
checks:
  breakers:
    - { service: orders, upstream: payments, opens_within: 2s, closes_within: 10s, fail_fast: { route: checkout, p90: 60ms } }
  recovery:
    - { route: checkout, within: 5s, slo: ["p(95)<250"] }
  isolation:
    - { unaffected: [catalog] }
`,
      'none.yaml':
        'name: none\nload:\n  duration: 5s\n  routes: [{ name: a, request: GET /api/catalog, rate: 5/s }]\n',
    });
    const res = await runCli(['plan', join(dir, 'b.yaml')]);
    expect(res.code, res.stderr).toBe(0);
    const checks = res.stdout.slice(res.stdout.indexOf('\nchecks:\n'));
    expect(checks).not.toContain('none');
    expect(checks).not.toMatch(/opensWithinMs|failFast|{"|\[object/);
    expect(checks).toContain(
      '  steady state: route catalog p(99)<150, rate<0.01\n          judged over the baseline phase (0s–4s)',
    );
    expect(checks).toContain(
      '  breaker: orders->payments opens within 2s and closes within 10s of its end; while open, route checkout fails fast (p90 < 60ms)',
    );
    expect(checks).toContain(
      '  recovery: route checkout meets p(95)<250 for 3 s in a row, starting within 5s',
    );
    expect(checks).toContain(
      '  isolation: route catalog keeps its SLO\n          judged over the window of each fault',
    );
    const none = await runCli(['plan', join(dir, 'none.yaml')]);
    expect(none.stdout).toMatch(/\nchecks:\n {2}none\n$/);
  });

  it('exits 2 on an invalid scenario, as validate does', async () => {
    const dir = tempDir({ 'x.yaml': 'name: x\n' });
    expect((await runCli(['plan', join(dir, 'x.yaml')])).code).toBe(2);
  });
});

describe('faultline export k6', () => {
  it('writes a k6 script that type-checks against @types/k6, with the load profile, the faults and the thresholds', async () => {
    const dir = tempDir();
    const file = join(dir, 'default.k6.ts');
    const res = await runCli(['export', 'k6', 'scenarios/default.yaml', '--out', file]);
    expect(res.code, res.stderr).toBe(0);
    const script = readFileSync(file, 'utf8');
    expect(script).toContain("executor: 'constant-arrival-rate'");
    expect(script).toMatch(/"catalog": \{[^}]*rate: 100,[^}]*duration: '18s'/);
    expect(script).toContain('"http_req_duration{route:catalog}": ["p(99)<300"]');
    expect(script).toMatch(/"http_req_duration\{route:checkout,phase:fault\}": \["p\(90\)<\d+"\]/);
    expect(script).toMatch(/"fault_1_slow_payments": \{[^}]*startTime: '6000ms',/);
    expect(k6Diagnostics(file)).toEqual([]);
  });

  it('writes ramping and closed-loop routes as k6 executors that type-check too', async () => {
    const dir = tempDir({
      'ramp.yaml': [
        'name: ramp',
        'load:',
        '  duration: 4s',
        '  routes:',
        '    - { name: up, request: GET /api/catalog, start_rate: 2.5, stages: [{ duration: 2s, target: 40 }] }',
        '    - { name: loop, request: GET /api/catalog, connections: 4 }',
      ].join('\n'),
    });
    const file = join(dir, 'ramp.k6.ts');
    const res = await runCli(['export', 'k6', join(dir, 'ramp.yaml'), '--out', file]);
    expect(res.code, res.stderr).toBe(0);
    const script = readFileSync(file, 'utf8');
    expect(script).toContain("executor: 'ramping-arrival-rate'");
    expect(script).toContain("executor: 'constant-vus'");
    expect(k6Diagnostics(file)).toEqual([]);
  });

  it('writes down, freeze and abort: as k6 code that type-checks too', async () => {
    const dir = tempDir({
      'cut.yaml': [
        'name: cut',
        'load:',
        '  duration: 6s',
        '  routes: [{ name: r, request: GET /api/catalog, rate: 5/s }]',
        'faults:',
        '  - { name: cut, type: down, edge: orders->payments, at: 1s, for: 4s }',
        '  - { name: stop, type: freeze, service: payments, at: 1s, for: 3s }',
        'abort:',
        '  "http_req_failed{route:r}": ["rate<0.5"]',
      ].join('\n'),
    });
    const file = join(dir, 'cut.k6.ts');
    const res = await runCli(['export', 'k6', join(dir, 'cut.yaml'), '--out', file]);
    expect(res.code, res.stderr).toBe(0);
    const script = readFileSync(file, 'utf8');
    expect(script).toContain('"http_req_failed{route:r}": [{"threshold":"rate<0.5","abortOnFail":true}]');
    expect(script).toContain('"disable":true');
    expect(k6Diagnostics(file)).toEqual([]);
  });
});

/** TypeScript's diagnostics for a generated k6 script, checked against @types/k6. */
function k6Diagnostics(file: string): string[] {
  const k6Types = join(repoRoot, 'node_modules/@types/k6');
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    // Checks the script against k6's declarations, not the declarations themselves.
    skipLibCheck: true,
    lib: ['lib.es2020.d.ts'],
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [k6Types],
    paths: { 'k6/*': [`${k6Types}/*`], k6: [k6Types] },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a user-owned system: examples/two-tier', () => {
  it('runs its scenario against its own mesh file with the real CLI and passes', async () => {
    const out = tempDir();
    const started = Date.now();
    const res = await runCli(['run', 'examples/two-tier/db-slow.yaml', '--out', out], { timeoutMs: 30_000 });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const results = readResults(out);
    expect(results.faults.map((f) => [f.type, f.target, f.revertedAtMs !== null])).toEqual([
      ['latency', 'api->db', true],
    ]);
    expect(results.seconds.filter((s) => s.route === 'page').reduce((n, s) => n + s.sent, 0)).toBeGreaterThan(
      80,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('fails the same scenario when web has no fallback', async () => {
    const out = tempDir();
    const res = await runCli(['run', 'examples/two-tier/db-slow.yaml', '--out', out], {
      env: { WEB_FALLBACK: 'off' },
      timeoutMs: 30_000,
    });
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(readResults(out).verdicts.find((v) => v.name.startsWith('http_req_failed'))?.status).toBe('fail');
  });
});
