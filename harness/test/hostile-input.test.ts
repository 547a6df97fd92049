import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults, runCli, tempDir } from './cli-helper.js';
import { tinyMeshDir, tinyScenario } from './tiny-mesh.js';

const HEAD = 'name: hostile\nmesh: sample\n';
const route = (fields: string): string =>
  `load:\n  duration: 5s\n  routes:\n    - { name: c, request: GET /, ${fields} }\n`;
const LOAD = route('rate: 1/s');
const nested = (depth: number): string =>
  `${HEAD}${LOAD}x:\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 1)}k:\n`).join('')}`;
const laughs = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
].join('\n');
const ESC = '\u001b';

/** [name, file text or bytes, line of the first issue, a fragment of its message] */
const CASES: [string, string | Buffer, number, string][] = [
  ['billion laughs', `${HEAD}${LOAD}${laughs}\n`, 1, 'aliases expand too much'],
  [
    'deep flow nesting',
    `${HEAD}${LOAD}x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    7,
    'nest deeper than 32',
  ],
  ['deep block nesting', nested(60), 1, 'nest deeper than 32'],
  ['rate 1e309', `${HEAD}${route('rate: 1e309')}`, 6, 'rate'],
  ['rate of 400 digits', `${HEAD}${route(`rate: ${'9'.repeat(400)}/s`)}`, 6, 'positive rate'],
  [
    'duration of 99999999999999h',
    `${HEAD}load:\n  duration: 99999999999999h\n  routes:\n    - { name: c, request: GET /, rate: 1/s }\n`,
    4,
    'at most 24h',
  ],
  [
    'latency of a year',
    `${HEAD}${LOAD}faults:\n  - { type: latency, edge: orders->payments, at: 1s, for: 1s, latency: 8760h }\n`,
    8,
    'at most 24h',
  ],
  [
    'negative duration',
    `${HEAD}load:\n  duration: -5s\n  routes:\n    - { name: c, request: GET /, rate: 1/s }\n`,
    4,
    'a duration',
  ],
  [
    'zero duration',
    `${HEAD}load:\n  duration: 0s\n  routes:\n    - { name: c, request: GET /, rate: 1/s }\n`,
    4,
    'longer than 0',
  ],
  [
    'negative fault offset',
    `${HEAD}${LOAD}faults:\n  - { type: down, edge: orders->payments, at: -1s, for: 1s }\n`,
    8,
    'a duration',
  ],
  [
    'not UTF-8',
    Buffer.concat([Buffer.from('name: bad'), Buffer.from([0xff, 0xfe, 0x0a])]),
    1,
    'not valid UTF-8',
  ],
  ['UTF-16', Buffer.from([0xff, 0xfe, 0x6e, 0x00]), 1, 'UTF-16'],
  ['two megabytes', `${HEAD}${LOAD}# ${'x'.repeat(2 * 1024 * 1024)}\n`, 1, 'larger than 1 MiB'],
  [
    'HTML in a route name',
    `${HEAD}${route('rate: 1/s, name: "<script>"').replace('name: c, ', '')}`,
    6,
    'route name',
  ],
  [
    'header value with CR LF',
    `${HEAD}${route('rate: 1/s, headers: { X-A: "a\\r\\nX-Injected: 1" }')}`,
    6,
    'control characters',
  ],
  ['ANSI in an unknown key', `${HEAD}${LOAD}"${ESC}[2J${ESC}[31mx\u0007": 1\n`, 7, 'unknown key'],
];

const noStack = /unexpected error|internal error|\n\s+at .+:\d+:\d+\)?\n/;

describe('hostile and broken scenario files', () => {
  it(`validate: each of ${CASES.length} ends in exit 2 with file and line, no stack trace, no control characters`, async () => {
    const dir = tempDir();
    const files = CASES.map(([, text], i) => {
      const file = join(dir, `case-${String(i).padStart(2, '0')}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const res = await runCli(['validate', ...files], { timeoutMs: 30_000 });
    expect(res.code).toBe(2);
    expect(res.stderr).not.toMatch(noStack);
    // eslint-disable-next-line no-control-regex
    expect(res.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    CASES.forEach(([name, , line, fragment], i) => {
      const first = res.stderr.split('\n').find((l) => l.startsWith(`${files[i]}:`));
      expect(first, name).toMatch(new RegExp(`^.+?:${line}:\\d+[ :]`));
      expect(first, name).toContain(fragment);
    });
  });

  it('validate: a directory, /dev/null and /dev/zero are refused with exit 2, each named', async () => {
    // A folder is expanded as `run` does it; one without YAML files is refused.
    const dir = tempDir();
    const empty = await runCli(['validate', dir], { timeoutMs: 20_000 });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(`${dir}: the folder holds no *.yaml`);
    expect(empty.stderr).not.toMatch(noStack);
    for (const [path, fragment] of [
      ['/dev/null', 'expected a scenario mapping'],
      ['/dev/zero', 'larger than 1 MiB'],
    ]) {
      const res = await runCli(['validate', path!], { timeoutMs: 20_000 });
      expect(res.code, path).toBe(2);
      expect(res.stderr, path).toContain(`${path}:1:1`);
      expect(res.stderr, path).toContain(fragment);
      expect(res.stderr, path).not.toMatch(noStack);
    }
  });

  it('run: refuses hostile files, an empty folder and /dev/null with exit 2 before starting anything', async () => {
    const dir = tempDir({ 'bomb.yaml': CASES[0]![1] as string, 'huge.yaml': CASES[5]![1] as string });
    mkdirSync(join(dir, 'empty'));
    const cases: [string[], string][] = [
      [[join(dir, 'bomb.yaml'), join(dir, 'huge.yaml')], 'at most 24h'],
      [[join(dir, 'empty')], 'holds no *.yaml'],
      [['/dev/null'], 'expected a scenario mapping'],
    ];
    for (const [args, fragment] of cases) {
      const res = await runCli(['run', ...args, '--out', join(dir, 'out')], {
        env: { FAULTLINE_HOME: join(dir, 'home') },
      });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toContain(fragment);
      expect(res.stderr).not.toMatch(noStack);
    }
    expect(readFileSync(join(dir, 'bomb.yaml'), 'utf8')).toContain('&a');
  });
});

describe('valid but hostile strings', () => {
  it('are escaped in report.html and stripped of control characters on the terminal', async () => {
    const html = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const ansi = `${ESC}[2J${ESC}[31mred${ESC}[0m\u0007`;
    const dir = tinyMeshDir({
      's.yaml': tinyScenario({
        extra: `description: ${JSON.stringify(`${html} ${ansi}`)}
faults:
  - { name: ${JSON.stringify(`<b>slow</b> ${ansi}`)}, type: latency, edge: front->back, at: 500ms, for: 1s, latency: 10ms }
`,
      }).replace('timeout: 1s }', `timeout: 1s, headers: { X-Html: "${html.replace(/"/g, "'")}" } }`),
    });
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', out], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
      timeoutMs: 40_000,
    });
    expect([0, 1, 4], res.stderr).toContain(res.code);
    // eslint-disable-next-line no-control-regex
    expect(res.stdout + res.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(res.stdout).toContain('<b>slow</b> [2J[31mred[0m');
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).not.toContain('<script>alert(');
    expect(report).not.toContain('<img src=x');
    expect(report).not.toContain('<b>slow</b>');
    // the text survives, as data
    const results = readResults(out);
    expect(results.scenario.description).toBe(`${html} ${ansi}`);
    expect(results.faults[0]?.name).toBe(`<b>slow</b> ${ansi}`);
  });
});
