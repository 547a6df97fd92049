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
  - { type: http_error, edge: a->b, at: 2s, for: 1s, status: 503, first: 3, match: { path: /charges } }
checks:
  thresholds:
    "http_reqs{route:post,status:201}": ["rps>5", "count>10"]
    "http_req_failed{route:post,fault:f}": ["rate<0.5"]
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

  it("renames rps to k6's rate, keeps status tags, and drops fault tags with a comment", () => {
    expect(script).toContain('"http_reqs{route:post,status:201}": ["rate>5","count>10"]');
    expect(script).not.toContain('"http_req_failed{route:post,fault:f}"');
    expect(script).toContain('//     http_req_failed{route:post,fault:f}: rate<0.5');
  });

  it('lists the faults it leaves out, and says which need an HTTP toxic', () => {
    expect(script).toContain('// - the faults (2): k6 only drives load');
    expect(script).toContain('//     1s–2s down a->b (refuses connections)\n');
    expect(script).toContain(
      "//     2s–3s http_error a->b answers 503 on /charges, first 3 (an HTTP toxic: only faultline's server has it, `faultline toxiproxy`)\n",
    );
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
