import { describe, expect, it } from 'vitest';
import { InvalidInputError, formatIssue } from '../errors/index.js';
import { parseScenario } from './parse-scenario.js';

const FILE = 'scenarios/x.yaml';

const VALID = `name: payments-latency
description: Payments slows.
seed: 42
load:
  duration: 20s
  routes:
    - { name: catalog,  request: GET /api/catalog, rate: 100/s }
    - { name: checkout, request: POST /api/orders, body: { sku: sku-1, qty: 1 }, rate: 6000/m, timeout: 3s, headers: { x-a: b, x-n: 1 } }
faults:
  - { name: slow payments, type: latency, edge: orders->payments, at: 5s, for: 8s, latency: 1000ms, jitter: 50ms }
  - { type: partition, edge: orders->inventory, at: 5s, for: 3s }
  - { type: down, edge: gateway->catalog, at: 5s, for: 3s }
  - { type: crash, service: payments, at: 5s, for: 3s, restart: false }
checks:
  thresholds:
    "http_req_duration{route:catalog}": ["p(99)<150"]
    "http_req_failed{route:checkout,phase:fault}": ["rate<0.01"]
    "http_reqs{fault:slow payments}": ["rps>=90"]
`;

/** The formatted issues a source is rejected with. */
function issuesOf(text: string): string[] {
  try {
    parseScenario(text, FILE);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.issues.map(formatIssue);
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

const MINIMAL = `name: x
load:
  duration: 20s
  routes: [{ name: a, request: GET /, rate: 1 }]
`;

describe('parseScenario accepts', () => {
  it('the full format, with durations in ms, rates in req/s and defaults filled', () => {
    const s = parseScenario(VALID, FILE);
    expect(s).toMatchObject({
      name: 'payments-latency',
      mesh: 'sample',
      seed: 42,
      file: FILE,
      source: VALID,
    });
    expect(s.load).toEqual({
      warmupMs: 2000,
      durationMs: 20_000,
      routes: [
        { name: 'catalog', method: 'GET', path: '/api/catalog', headers: {}, rate: 100, timeoutMs: 5000 },
        {
          name: 'checkout',
          method: 'POST',
          path: '/api/orders',
          headers: { 'x-a': 'b', 'x-n': '1' },
          body: { sku: 'sku-1', qty: 1 },
          rate: 100,
          timeoutMs: 3000,
        },
      ],
    });
    expect(s.faults).toEqual([
      {
        type: 'latency',
        name: 'slow payments',
        atMs: 5000,
        forMs: 8000,
        edge: 'orders->payments',
        latencyMs: 1000,
        jitterMs: 50,
      },
      {
        type: 'partition',
        name: 'partition orders->inventory',
        atMs: 5000,
        forMs: 3000,
        edge: 'orders->inventory',
      },
      { type: 'down', name: 'down gateway->catalog', atMs: 5000, forMs: 3000, edge: 'gateway->catalog' },
      { type: 'crash', name: 'crash payments', atMs: 5000, forMs: 3000, service: 'payments', restart: false },
    ]);
    expect(Object.keys(s.checks.thresholds)).toHaveLength(3);
  });

  it('a minimal scenario, with every default', () => {
    const s = parseScenario(MINIMAL, FILE);
    expect(s).toMatchObject({
      description: '',
      mesh: 'sample',
      seed: 1,
      faults: [],
      checks: { thresholds: {} },
    });
    expect(s.load.warmupMs).toBe(2000);
    expect(
      parseScenario(MINIMAL + 'faults:\n  - { type: crash, service: p, at: 0s, for: 1s }\n', FILE).faults[0],
    ).toMatchObject({
      restart: true,
    });
  });

  it('a UTF-8 byte-order mark and comments', () => {
    expect(parseScenario('\uFEFF# comment\n' + MINIMAL, FILE).name).toBe('x');
  });
});

describe('parseScenario rejects, listing every issue at its node', () => {
  it('wrong values at the value and unknown keys at the key, with suggestions', () => {
    const text = `name: payments latency
seed: -1
lod: 1
load:
  duration: 20
  warmup: soon
  routes:
    - { name: catalog, request: get /api/catalog, rate: 100/x, timout: 3s }
faults:
  - { name: slow, type: latncy, edge: orders->payments, at: 5s, for: 8s }
  - { type: latency, edge: orders-payments, at: 5s, for: 0s }
  - { type: crash, service: payments, at: 5s, for: 3s, restart: yes }
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:1:7 name: expected a scenario name of letters, digits, ".", "_" or "-", got "payments latency"`,
      `${FILE}:2:7 seed: expected a whole number >= 0, got -1`,
      `${FILE}:3:1 lod: unknown key "lod"; did you mean "load"?`,
      `${FILE}:5:13 load.duration: expected a duration like 20s, got 20 (a bare number has no unit; write 20ms or 20s)`,
      `${FILE}:6:11 load.warmup: expected a duration like 2s, got "soon"`,
      `${FILE}:8:33 load.routes[0].request: expected METHOD /path with an upper-case HTTP method, e.g. GET /api/catalog, got "get /api/catalog" (the method must be upper-case)`,
      `${FILE}:8:57 load.routes[0].rate: expected a positive rate like 100/s, 6000/m or a number per second, got "100/x"`,
      `${FILE}:8:64 load.routes[0].timout: unknown key "timout"; did you mean "timeout"?`,
      `${FILE}:10:25 faults[0].type: unknown fault type "latncy" (did you mean "latency"?); expected one of latency, partition, down, reset_peer, bandwidth, slow_close, timeout, crash, freeze, http_error, http_delay, http_abort, command`,
      `${FILE}:11:5 faults[1].latency: required; expected a duration like 250ms`,
      `${FILE}:11:28 faults[1].edge: expected an edge like orders->payments, got "orders-payments"`,
      `${FILE}:11:58 faults[1].for: must be longer than 0, got "0s"`,
      `${FILE}:12:65 faults[2].restart: expected true or false, got "yes"`,
    ]);
  });

  it('missing required keys at the mapping they are missing from', () => {
    expect(issuesOf('description: hi\nload:\n  routes: []\n')).toEqual([
      `${FILE}:1:1 name: required; expected a scenario name of letters, digits, ".", "_" or "-"`,
      `${FILE}:3:3 load.duration: required; expected a duration like 20s`,
      `${FILE}:3:11 load.routes: expected at least one route`,
    ]);
  });

  it('routes with values of the wrong kind, and keys from elsewhere in the format', () => {
    const text = `name: x
load:
  duration: 1s
  routes:
    - { name: a, request: GET /, rate: 0, timeout: 0s, headers: { "bad name": 1, ok: [1] } }
    - { name: b, request: GET /, rate: "0/s" }
    - { name: c, request: GET /, rate: true }
    - 5
faults: {}
checks: { breaker: [] }
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:5:40 load.routes[0].rate: expected a positive rate, got 0`,
      `${FILE}:5:52 load.routes[0].timeout: must be longer than 0, got "0s"`,
      `${FILE}:5:67 load.routes[0].headers["bad name"]: not an HTTP header name: letters, digits and !#$%&'*+.^_\`|~- only`,
      `${FILE}:5:86 load.routes[0].headers.ok: expected a header value, got a list`,
      `${FILE}:6:40 load.routes[1].rate: expected a positive rate like 100/s, 6000/m or a number per second, got "0/s"`,
      `${FILE}:7:40 load.routes[2].rate: expected a rate like 100/s, 6000/m or a number per second, got true`,
      `${FILE}:8:7 load.routes[3]: expected a route like { name: catalog, request: GET /api/catalog, rate: 100/s }, got 5`,
      `${FILE}:9:9 faults: expected a list of faults, got a mapping`,
      `${FILE}:10:11 checks.breaker: unknown key "breaker"; did you mean "breakers"?`,
    ]);
  });

  it('faults without a known type, with keys of another type, or with names a tag cannot hold', () => {
    const text = `${MINIMAL}faults:
  - 5
  - { at: 1s }
  - { type: 7 }
  - { type: crash, service: a, at: 1s, for: 1s, edge: a->b }
  - { name: "a,b", type: down, edge: a->b, at: 0s, for: 1s }
checks:
  thresholds: ["p(99)<1"]
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:6:5 faults[0]: expected a fault mapping, got 5`,
      `${FILE}:7:5 faults[1].type: required; expected one of latency, partition, down, reset_peer, bandwidth, slow_close, timeout, crash, freeze, http_error, http_delay, http_abort, command`,
      `${FILE}:8:13 faults[2].type: unknown fault type 7; expected one of latency, partition, down, reset_peer, bandwidth, slow_close, timeout, crash, freeze, http_error, http_delay, http_abort, command`,
      `${FILE}:9:49 faults[3].edge: unknown key "edge"; expected one of type, name, at, for, service, restart`,
      `${FILE}:10:13 faults[4].name: expected a fault name without ",", "{" or "}", got "a,b"`,
      `${FILE}:12:15 checks.thresholds: expected a mapping of metric keys to lists of expressions, got a list`,
    ]);
  });

  it('a document that is not a mapping', () => {
    expect(issuesOf('')[0]).toContain(`${FILE}:1:1: expected a scenario mapping`);
    expect(issuesOf('- a\n- b\n')[0]).toBe(
      `${FILE}:1:1: expected a scenario mapping with name, load and optionally faults and checks, got a list`,
    );
  });

  it('a threshold key and expressions that do not parse, at the key and at each expression', () => {
    const text = `${MINIMAL}checks:
  thresholds:
    "http_req_duraton{route:a}": ["p(99)<150"]
    "http_req_failed": ["p(99)<0.01", "rate<"]
    http_reqs: "count>1"
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:7:5 checks.thresholds["http_req_duraton{route:a}"]: unknown metric "http_req_duraton"; expected one of http_req_duration, http_req_failed, http_req_degraded, http_reqs`,
      `${FILE}:8:25 checks.thresholds.http_req_failed[0]: "p(99)<0.01": http_req_failed is a rate of failed requests among completed ones: expected rate, got p(99)`,
      `${FILE}:8:39 checks.thresholds.http_req_failed[1]: "rate<": expected a number after "<"`,
      `${FILE}:9:16 checks.thresholds.http_reqs: expected a list of expressions like ["p(99)<150"], got "count>1"`,
    ]);
  });

  it('YAML syntax errors at their position', () => {
    expect(issuesOf('name: x\nname: y\n')).toEqual([`${FILE}:2:1: invalid YAML: Map keys must be unique`]);
    expect(issuesOf('name: x\nload:\n\tduration: 1s\n')[0]).toMatch(
      /^scenarios\/x\.yaml:3:1: invalid YAML: Tabs are not allowed/,
    );
    expect(issuesOf('name: [x\n')[0]).toMatch(/^scenarios\/x\.yaml:\d+:\d+: invalid YAML: /);
    expect(issuesOf('name: x\n---\nname: y\n')[0]).toContain(
      'invalid YAML: Source contains multiple documents',
    );
    expect(issuesOf(MINIMAL + 'description: !secret x\n')).toEqual([
      `${FILE}:5:14: invalid YAML: Unresolved tag: !secret`,
    ]);
  });
});

describe('parseScenario resists hostile input', () => {
  it('refuses an alias bomb', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
`;
    expect(issuesOf(bomb)).toEqual([
      `${FILE}:1:1: aliases expand too much (over 100): Excessive alias count indicates a resource exhaustion attack`,
    ]);
  });

  it('refuses a file over 1 MiB and nesting deeper than 32', () => {
    expect(issuesOf(`name: x\ndescription: "${'a'.repeat(1024 * 1024)}"\n`)).toEqual([
      `${FILE}:1:1: the file is larger than 1 MiB; a scenario is a few lines`,
    ]);
    expect(issuesOf(`x: ${'['.repeat(40)}${']'.repeat(40)}\n`)).toEqual([
      `${FILE}:1:1: mappings and lists nest deeper than 32 levels`,
    ]);
  });
});
