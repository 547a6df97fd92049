import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/index.js';
import { k6Script } from './k6-script.js';

const scenario = parseScenario(
  `name: k6
load:
  warmup: 1s
  duration: 4s
  routes:
    - { name: slow-poll, request: GET /api/x?y=1, rate: 2.5/s, timeout: 2s }
    - { name: post, request: POST /api/orders, body: { sku: a }, headers: { x-team: blue }, rate: 10/s }
    - name: ramp
      request: GET /api/catalog
      start_rate: 0.5
      stages: [{ duration: 2s, target: 20 }, { duration: 2s, target: 0 }]
    - { name: stress, request: GET /api/catalog, connections: 8 }
faults:
  - { name: f, type: down, edge: a->b, at: 1s, for: 1s }
  - { name: slow b, type: latency, edge: a->b, at: 2s, for: 1s, latency: 200ms, toxicity: 0.5 }
  - { name: boom, type: crash, service: b, at: 1.5s, for: 1s }
abort:
  "http_req_failed{route:post,fault:f}": ["rate<0.9"]
  "http_req_failed{route:ramp}": ["rate<0.5"]
checks:
  thresholds:
    "http_reqs{route:post,status:201}": ["rps>5", "count>10"]
    "http_req_failed{route:post,fault:f}": ["rate<0.5"]
    "http_req_duration{phase:recovery}": ["p(95)<300"]
`,
  'k6.yaml',
);

describe('k6Script', () => {
  const script = k6Script(scenario);

  it('keeps fractional rates exact per minute and covers warm-up plus duration', () => {
    expect(script).toMatch(
      /"slow-poll": \{[^}]*exec: "route_slow_poll",\s*rate: 150,\s*timeUnit: '1m',\s*duration: '5s'/,
    );
    expect(script).toContain('`${BASE_URL}/api/x?y=1`');
  });

  it('sends JSON bodies with a content type and the route tag', () => {
    expect(script).toContain(
      `http.request("POST", \`\${BASE_URL}/api/orders\`, "{\\"sku\\":\\"a\\"}", { headers: {"x-team":"blue","Content-Type":"application/json"}, tags: { route: "post" }, timeout: '5000ms' });`,
    );
  });

  it("renames rps to k6's rate, and keeps status, phase and fault tags, which the script sets", () => {
    expect(script).toContain('"http_reqs{route:post,status:201}": ["rate>5","count>10"]');
    expect(script).toContain('"http_req_failed{route:post,fault:f}": ["rate<0.5"');
    // Without a route, only the load counts, not the script's calls to Toxiproxy.
    expect(script).toContain('"http_req_duration{faultline:load,phase:recovery}": ["p(95)<300"]');
    expect(script).toMatch(
      /export function route_post\(\): void \{\n {2}tagTimeline\(\);\n {2}http\.request/,
    );
  });

  it("exports abort: as k6's abortOnFail, beside the thresholds of the same key", () => {
    expect(script).toContain(
      '"http_req_failed{route:post,fault:f}": ["rate<0.5",{"threshold":"rate<0.9","abortOnFail":true}]',
    );
    expect(script).toContain('"http_req_failed{route:ramp}": [{"threshold":"rate<0.5","abortOnFail":true}]');
  });

  it('runs each fault as its own scenario at its time after warm-up, with what its type applies', () => {
    expect(script).toMatch(
      /"fault_2_slow_b": \{\s*executor: 'per-vu-iterations',\s*exec: "fault_2",\s*vus: 1,\s*iterations: 1,\s*startTime: '3000ms',/,
    );
    expect(script).toContain('  runFault(FAULTS[1]!);');
    const faults = script.match(/^const FAULTS: Fault\[\] = \[\n((?: {2}.*\n)*)\];/m)?.[1] ?? '';
    expect(
      faults
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l.trim().replace(/,$/, '')) as unknown),
    ).toEqual([
      { name: 'f', type: 'down', atMs: 1000, forMs: 1000, proxy: 'a_to_b', disable: true, params: {} },
      {
        name: 'slow b',
        type: 'latency',
        atMs: 2000,
        forMs: 1000,
        proxy: 'a_to_b',
        toxics: [
          {
            name: 'faultline_k6_2_latency',
            type: 'latency',
            stream: 'downstream',
            toxicity: 0.5,
            attributes: { latency: 200, jitter: 0 },
          },
        ],
        params: { latencyMs: 200, jitterMs: 0 },
      },
      { name: 'boom', type: 'crash', atMs: 1500, forMs: 1000, service: 'b', params: { restart: true } },
    ]);
    expect(script).toContain('// Crash and freeze faults (boom) act on a process');
  });

  it("hands a command fault to the system's hook, named by its target, like crash and freeze", () => {
    const withCommand = k6Script(
      parseScenario(
        `name: k6c
load: { duration: 4s, routes: [{ name: r, request: GET /, rate: 1/s }] }
faults:
  - { name: flip, type: command, target: a->b, at: 1s, for: 1s, apply: { run: [touch, m] }, revert: { run: [rm, m] } }
`,
        'k6c.yaml',
      ),
    );
    expect(withCommand).toContain(
      '{"name":"flip","type":"command","atMs":1000,"forMs":1000,"service":"a->b","params":{"apply":"touch m","revert":"rm m"}}',
    );
    expect(withCommand).toContain('// Crash, freeze and command faults (flip) act on a process');
  });

  it('ramps as k6 does, the warm-up held at the start rate, and runs a closed loop as constant VUs', () => {
    expect(script).toMatch(
      /"ramp": \{\s*executor: 'ramping-arrival-rate',[^}]*startRate: 30,\s*timeUnit: '1m',\s*stages: \[\s*\{ target: 30, duration: '1000ms' \},\s*\{ target: 1200, duration: '2000ms' \},\s*\{ target: 0, duration: '2000ms' \},/,
    );
    expect(script).toMatch(
      /"stress": \{\s*executor: 'constant-vus',\s*exec: "route_stress",\s*vus: 8,\s*duration: '5s',/,
    );
  });
});
