import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './cli-helper.js';
import { tinyMeshDir } from './tiny-mesh.js';

const HEAD = 'name: bad\nmesh: sample\n';
const LOAD =
  'load:\n  duration: 10s\n  routes:\n    - { name: catalog, request: GET /api/catalog, rate: 10/s }\n';
/** A valid scenario's text with `faults` (from line 8) and `checks` appended. */
const withFaults = (faults: string, checks = ''): string => `${HEAD}${LOAD}faults:\n${faults}${checks}`;

/**
 * Malformed scenarios: [name, text, line, col, a fragment of the message]. The position is where
 * the first issue of the file must point: the offending key for unknown keys, the value otherwise.
 */
const CASES: [string, string, number, number, string][] = [
  ['unclosed flow mapping', `${HEAD}load: { duration: 10s\n`, 4, 1, 'invalid YAML'],
  ['tab indentation', `${HEAD}load:\n\tduration: 10s\n`, 4, 1, 'invalid YAML'],
  ['duplicate key', `${HEAD}name: again\n${LOAD}`, 3, 1, 'invalid YAML'],
  ['unterminated string', `${HEAD}description: "open\n${LOAD}`, 8, 1, 'invalid YAML'],
  ['a list at the top', '- name: bad\n', 1, 1, 'expected a scenario mapping'],
  ['missing load', HEAD, 1, 1, 'load: required'],
  ['unknown top-level key', `${HEAD}lod: {}\n${LOAD}`, 3, 1, 'did you mean "load"'],
  ['name with a space', `name: my scenario\n${LOAD}`, 1, 7, 'scenario name'],
  ['seed as text', `${HEAD}seed: abc\n${LOAD}`, 3, 7, 'whole number'],
  ['negative seed', `${HEAD}seed: -4\n${LOAD}`, 3, 7, 'whole number >= 0'],
  [
    'duration without unit',
    `${HEAD}load:\n  duration: 10\n  routes:\n    - { name: c, request: GET /, rate: 1/s }\n`,
    4,
    13,
    'no unit',
  ],
  [
    'duration with a bad unit',
    `${HEAD}load:\n  duration: 10 parsecs\n  routes:\n    - { name: c, request: GET /, rate: 1/s }\n`,
    4,
    13,
    'a duration',
  ],
  [
    'zero duration',
    `${HEAD}load:\n  duration: 0s\n  routes:\n    - { name: c, request: GET /, rate: 1/s }\n`,
    4,
    13,
    'longer than 0',
  ],
  [
    'warm-up as a list',
    `${HEAD}load:\n  warmup: [1s]\n  duration: 5s\n  routes:\n    - { name: c, request: GET /, rate: 1/s }\n`,
    4,
    11,
    'a duration',
  ],
  ['routes empty', `${HEAD}load:\n  duration: 5s\n  routes: []\n`, 5, 11, 'at least one route'],
  ['routes as a mapping', `${HEAD}load:\n  duration: 5s\n  routes: { a: 1 }\n`, 5, 11, 'a list of routes'],
  [
    'lower-case method',
    `${HEAD}load:\n  duration: 5s\n  routes:\n    - { name: c, request: get /, rate: 1/s }\n`,
    6,
    27,
    'upper-case',
  ],
  [
    'request without a path',
    `${HEAD}load:\n  duration: 5s\n  routes:\n    - { name: c, request: GET, rate: 1/s }\n`,
    6,
    27,
    'METHOD /path',
  ],
  [
    'zero rate',
    `${HEAD}load:\n  duration: 5s\n  routes:\n    - { name: c, request: GET /, rate: 0/s }\n`,
    6,
    40,
    'positive rate',
  ],
  [
    'rate per hour',
    `${HEAD}load:\n  duration: 5s\n  routes:\n    - { name: c, request: GET /, rate: 5/h }\n`,
    6,
    40,
    'rate like',
  ],
  [
    'misspelt route key',
    `${HEAD}load:\n  duration: 5s\n  routes:\n    - { name: c, request: GET /, rate: 1/s, timout: 1s }\n`,
    6,
    45,
    'did you mean "timeout"',
  ],
  [
    'body on a GET',
    `${HEAD}load:\n  duration: 5s\n  routes:\n    - { name: c, request: GET /, rate: 1/s, body: { a: 1 } }\n`,
    6,
    51,
    'cannot carry a body',
  ],
  [
    'duplicate route names',
    `${HEAD}load:\n  duration: 5s\n  routes:\n    - { name: c, request: GET /, rate: 1/s }\n    - { name: c, request: GET /x, rate: 1/s }\n`,
    7,
    15,
    'already used',
  ],
  ['faults as a mapping', `${HEAD}${LOAD}faults: { type: latency }\n`, 7, 9, 'a list of faults'],
  [
    'unknown fault type',
    withFaults('  - { type: latncy, edge: orders->payments, at: 1s, for: 2s }\n'),
    8,
    13,
    'did you mean "latency"',
  ],
  [
    'fault without type',
    withFaults('  - { edge: orders->payments, at: 1s, for: 2s }\n'),
    8,
    5,
    'expected one of',
  ],
  [
    'latency without latency',
    withFaults('  - { type: latency, edge: orders->payments, at: 1s, for: 2s }\n'),
    8,
    5,
    'latency: required',
  ],
  [
    'edge without arrow',
    withFaults('  - { type: down, edge: orders-payments, at: 1s, for: 2s }\n'),
    8,
    25,
    'an edge like',
  ],
  [
    'service key on an edge fault',
    withFaults('  - { type: partition, service: orders, at: 1s, for: 2s }\n'),
    8,
    5,
    'edge: required',
  ],
  [
    'bandwidth rate as text',
    withFaults('  - { type: bandwidth, edge: orders->payments, at: 1s, for: 2s, rate: fast }\n'),
    8,
    71,
    'KB/s',
  ],
  [
    'bandwidth rate zero',
    withFaults('  - { type: bandwidth, edge: orders->payments, at: 1s, for: 2s, rate: 0 }\n'),
    8,
    71,
    'at least 1',
  ],
  [
    'slow_close without delay',
    withFaults('  - { type: slow_close, edge: orders->payments, at: 1s, for: 2s }\n'),
    8,
    5,
    'delay: required',
  ],
  [
    'timeout of zero',
    withFaults('  - { type: timeout, edge: orders->payments, at: 1s, for: 2s, timeout: 0ms }\n'),
    8,
    72,
    'longer than 0',
  ],
  [
    'freeze with restart',
    withFaults('  - { type: freeze, service: orders, at: 1s, for: 2s, restart: true }\n'),
    8,
    55,
    'unknown key "restart"',
  ],
  [
    'crash restart as text',
    withFaults('  - { type: crash, service: orders, at: 1s, for: 2s, restart: yes }\n'),
    8,
    63,
    'true or false',
  ],
  [
    'fault for zero seconds',
    withFaults('  - { type: down, edge: orders->payments, at: 1s, for: 0s }\n'),
    8,
    56,
    'longer than 0',
  ],
  [
    'fault ending after the load',
    withFaults('  - { type: down, edge: orders->payments, at: 8s, for: 5s }\n'),
    8,
    56,
    'after the load ends',
  ],
  [
    'duplicate fault names',
    withFaults(
      '  - { name: f, type: down, edge: orders->payments, at: 1s, for: 1s }\n  - { name: f, type: down, edge: orders->payments, at: 3s, for: 1s }\n',
    ),
    9,
    13,
    'already used',
  ],
  [
    'unknown edge',
    withFaults('  - { type: latency, edge: orders->paymnts, at: 1s, for: 2s, latency: 1s }\n'),
    8,
    28,
    'did you mean "orders->payments"',
  ],
  [
    'unknown service',
    withFaults('  - { type: crash, service: ordrs, at: 1s, for: 2s }\n'),
    8,
    29,
    'did you mean "orders"',
  ],
  [
    'threshold on an unknown route',
    withFaults(
      '  - { type: down, edge: orders->payments, at: 1s, for: 2s }\n',
      'checks:\n  thresholds:\n    "http_req_failed{route:catalgo}": ["rate<0.01"]\n',
    ),
    11,
    5,
    'did you mean "catalog"',
  ],
  [
    'threshold with a bad expression',
    `${HEAD}${LOAD}checks:\n  thresholds:\n    "http_req_duration": ["p99<150"]\n`,
    9,
    27,
    'p99',
  ],
  [
    'threshold on a phase that never occurs',
    `${HEAD}${LOAD}checks:\n  thresholds:\n    "http_req_failed{phase:fault}": ["rate<0.01"]\n`,
    9,
    5,
    'never occurs',
  ],
  [
    'threshold list as a string',
    `${HEAD}${LOAD}checks:\n  thresholds:\n    "http_req_failed": "rate<0.01"\n`,
    9,
    24,
    'a list of expressions',
  ],
  ['mesh file missing', `name: bad\nmesh: nowhere.yaml\n${LOAD}`, 1, 1, 'cannot read mesh file'],
  [
    'metric check without a function',
    `${HEAD}${LOAD}checks:\n  metrics:\n    - { expr: 'retries_total / 2', expect: "< 1" }\n`,
    9,
    15,
    'column 1: expected one of increase, last, max, min',
  ],
  [
    'metric check naming an unknown service',
    `${HEAD}${LOAD}checks:\n  metrics:\n    - { expr: 'last(outbox_backlog{service="order"})', expect: "== 0" }\n`,
    9,
    15,
    'did you mean "orders"',
  ],
  [
    'metric check with a bad comparison',
    `${HEAD}${LOAD}checks:\n  metrics:\n    - { expr: 'last(outbox_backlog)', expect: "at most 3" }\n`,
    9,
    47,
    'a comparison like "<= 1.2"',
  ],
];

describe('faultline validate on malformed scenarios', () => {
  it(`exits 2 and points at the exact line and column of each of ${CASES.length} files, without a stack trace`, async () => {
    const files: Record<string, string> = {};
    CASES.forEach(([, text], i) => (files[`case-${String(i).padStart(2, '0')}.yaml`] = text));
    const dir = tempDir(files);
    const paths = Object.keys(files).map((f) => join(dir, f));
    const res = await runCli(['validate', ...paths], { timeoutMs: 30_000 });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).not.toMatch(/unexpected error|internal error|\n\s+at .+:\d+:\d+\)?\n/);
    const firstIssue = new Map<string, string>();
    for (const line of res.stderr.split('\n')) {
      const m = /^(.+?\.yaml):\d+:\d+/.exec(line);
      const file = m?.[1];
      if (file !== undefined && !firstIssue.has(file)) firstIssue.set(file, line);
    }
    CASES.forEach(([name, , line, col, fragment], i) => {
      const file = paths[i] ?? '';
      // A missing mesh file is reported at the mesh file, which the scenario names.
      const issue =
        name === 'mesh file missing'
          ? [...firstIssue].find(([f]) => f.endsWith('nowhere.yaml'))?.[1]
          : firstIssue.get(file);
      expect(issue, name).toBeDefined();
      expect(issue, name).toMatch(new RegExp(`^.+?:${line}:${col}[ :]`));
      expect(issue, name).toContain(fragment);
    });
  });

  it('shows the offending line with a caret under the column, below the parseable first line', async () => {
    const dir = tempDir({
      'typo.yaml': withFaults('  - { type: latncy, edge: orders->payments, at: 1s, for: 2s }\n'),
    });
    const res = await runCli(['validate', join(dir, 'typo.yaml')]);
    expect(res.code).toBe(2);
    const [first, source, caret] = res.stderr.split('\n');
    expect(first).toBe(
      `${join(dir, 'typo.yaml')}:8:13 faults[0].type: unknown fault type "latncy" (did you mean "latency"?); expected one of latency, partition, down, reset_peer, bandwidth, slow_close, timeout, crash, freeze, http_error, http_delay, http_abort, command`,
    );
    expect(source).toBe('    8 |   - { type: latncy, edge: orders->payments, at: 1s, for: 2s }');
    expect(caret).toBe('      |             ^');
  });
});

describe('faultline run on a route its requests could not carry', () => {
  it('exits 2 naming file:line:col before any service starts', async () => {
    const dir = tinyMeshDir(
      {
        's.yaml': `name: s
mesh: mesh.yaml
load:
  warmup: 0s
  duration: 2s
  routes:
    - { name: api, request: GET /api, rate: 5/s, timeout: 1s, headers: { x-k: "{{pick €uro}}" } }
`,
      },
      { backStartsOnce: true },
    );
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', join(dir, 'out')], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
    });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain(
      `${join(dir, 's.yaml')}:7:79 load.routes[0].headers["x-k"]: "€" cannot go in a header value`,
    );
    // back writes this file when it starts
    expect(existsSync(join(dir, 'back-started'))).toBe(false);
  });
});
