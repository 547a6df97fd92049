import { describe, expect, it } from 'vitest';
import { InvalidInputError, formatIssue } from '../errors/index.js';
import { parseScenario } from './parse-scenario.js';

const scenario = (routes: string): string => `name: x
load:
  duration: 10s
  routes:
${routes}
`;

function issuesOf(text: string): string[] {
  try {
    parseScenario(text, 'x.yaml');
  } catch (err) {
    if (err instanceof InvalidInputError) return err.issues.map(formatIssue);
    throw err;
  }
  return [];
}

describe('load routes', () => {
  it('reads a ramp, a closed loop, classification and connection options', () => {
    const s = parseScenario(
      scenario(`    - name: ramp
      request: POST /api/orders/{{seq}}
      start_rate: 10
      stages: [{ duration: 2s, target: 200/s }, { duration: 3s, target: 0 }]
      success: [200-299, 404]
      degraded: { header: X-Fallback }
      max_in_flight: 50
      max_connections: 16
      new_connection_per_request: true
      headers: { idempotency-key: "{{uuid}}" }
      body: { sku: "{{pick sku-1,sku-2}}", qty: 1 }
    - { name: stress, request: GET /api/catalog, connections: 32, timeout: 2s, degraded: { json: status, equals: pending-payment } }
    - { name: plain, request: GET /, rate: 5/s }`),
      'x.yaml',
    );
    const [ramp, stress, plain] = s.load.routes;
    expect(ramp).toMatchObject({
      executor: 'ramping-arrival-rate',
      rate: 200,
      startRate: 10,
      stages: [
        { durationMs: 2000, target: 200 },
        { durationMs: 3000, target: 0 },
      ],
      success: [
        [200, 299],
        [404, 404],
      ],
      degraded: { header: 'x-fallback' },
      maxInFlight: 50,
      maxConnections: 16,
      newConnectionPerRequest: true,
    });
    expect(stress).toMatchObject({
      executor: 'connections',
      connections: 32,
      rate: 0,
      timeoutMs: 2000,
      degraded: { json: 'status', equals: 'pending-payment' },
    });
    expect(plain).toEqual({ name: 'plain', method: 'GET', path: '/', headers: {}, rate: 5, timeoutMs: 5000 });
  });

  it('says which fields an executor needs and which it ignores', () => {
    const issues = issuesOf(
      scenario(`    - { name: a, request: GET / }
    - { name: b, request: GET /, executor: ramping-arrival-rate }
    - { name: c, request: GET /, connections: 4, rate: 5/s, timeout: 500ms }
    - { name: d, request: GET /, rate: 5/s, stages: [{ duration: 1s, target: 5 }] }`),
    );
    expect(issues.join('\n')).toMatch(/routes\[0\]\.rate.*required/);
    expect(issues.join('\n')).toMatch(/routes\[1\]\.stages.*required/);
    expect(issues.join('\n')).toMatch(/routes\[2\]\.rate.*does not apply to a closed-loop/);
    expect(issues.join('\n')).toMatch(/routes\[2\]\.timeout.*at least 1s/);
    expect(issues.join('\n')).toMatch(/routes\[3\]\.rate.*does not apply to a ramping/);
  });

  it('rejects bad status ranges and degraded rules', () => {
    const issues = issuesOf(
      scenario(`    - { name: a, request: GET /, rate: 1, success: [299-200], degraded: { cookie: x } }
    - { name: b, request: GET /, rate: 1, success: [600, 2xx] }`),
    ).join('\n');
    expect(issues).toMatch(/routes\[0\]\.success\[0\].*runs backwards/);
    expect(issues).toMatch(/routes\[0\]\.degraded/);
    expect(issues).toMatch(/routes\[1\]\.success\[0\].*got 600/);
    expect(issues).toMatch(/routes\[1\]\.success\[1\].*got "2xx"/);
  });

  it('rejects unknown template variables where they are written', () => {
    const issues = issuesOf(
      scenario(
        `    - { name: a, request: "GET /x/{{id}}", rate: 1, headers: { x-k: "{{uuid 4}}" }, body: { k: ["{{pick}}"] } }`,
      ),
    ).join('\n');
    expect(issues).toMatch(/routes\[0\]\.request.*\{\{id\}\}/);
    expect(issues).toMatch(/routes\[0\]\.headers\["x-k"\].*\{\{uuid 4\}\}/);
    expect(issues).toMatch(/routes\[0\]\.body\.k\[0\].*\{\{pick\}\}/);
  });

  it('refuses text a request line or header could not carry once filled in, literal or picked', () => {
    const issues = issuesOf(
      scenario(
        `    - { name: a, request: "GET /prix/€", rate: 1, headers: { x-k: "{{pick a,€uro}}", x-ok: "é" }, body: { k: "€ {{seq}}" } }`,
      ),
    ).join('\n');
    expect(issues).toMatch(/routes\[0\]\.request: "€" cannot go in a path; percent-encode it/);
    expect(issues).toMatch(/routes\[0\]\.headers\["x-k"\]: "€" cannot go in a header value/);
    expect(issues).not.toMatch(/x-ok|body/);
  });
});
