import { describe, expect, it } from 'vitest';
import { InvalidInputError, formatIssue } from '../errors/index.js';
import { parseScenario } from './parse-scenario.js';

const FILE = 's.yaml';

function issuesOf(text: string): string[] {
  try {
    parseScenario(text, FILE);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.issues.map(formatIssue);
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

function scenario(parts: {
  routes?: string;
  faults?: string;
  thresholds?: string;
  duration?: string;
}): string {
  return `name: x
load:
  duration: ${parts.duration ?? '20s'}
  routes:
${parts.routes ?? '    - { name: catalog, request: GET /api/catalog, rate: 10 }'}
faults:
${parts.faults ?? '  []'}
checks:
  thresholds:
${parts.thresholds ?? '    {}'}
`;
}

describe('checks across fields', () => {
  it('rejects a second route or fault with a name already used, at the second one', () => {
    const text = scenario({
      routes: '    - { name: a, request: GET /a, rate: 1 }\n    - { name: a, request: GET /b, rate: 1 }',
      faults: [
        '  - { type: down, edge: a->b, at: 1s, for: 1s }',
        '  - { type: down, edge: a->b, at: 3s, for: 1s }',
      ].join('\n'),
    });
    expect(issuesOf(text)).toEqual([
      `${FILE}:6:15 load.routes[1].name: route name "a" is already used by load.routes[0]; give each route its own name`,
      `${FILE}:9:5 faults[1].name: fault name "down a->b" is already used by faults[0]; give each fault its own name`,
    ]);
  });

  it('rejects a fault that outlasts the load', () => {
    expect(issuesOf(scenario({ faults: '  - { type: down, edge: a->b, at: 15s, for: 10s }' }))).toEqual([
      `${FILE}:7:45 faults[0].for: the fault ends at 25s (at 15s + for 10s), after the load ends at 20s; shorten it or lengthen load.duration`,
    ]);
    expect(() =>
      parseScenario(scenario({ faults: '  - { type: down, edge: a->b, at: 10s, for: 10s }' }), FILE),
    ).not.toThrow();
  });

  it('rejects a body on a GET', () => {
    expect(
      issuesOf(scenario({ routes: '    - { name: a, request: GET /a, rate: 1, body: { q: 1 } }' })),
    ).toEqual([`${FILE}:5:50 load.routes[0].body: a GET request cannot carry a body`]);
  });

  it('rejects threshold tags naming routes and faults that do not exist, at the key', () => {
    const text = scenario({
      faults: '  - { name: slow payments, type: latency, edge: a->b, at: 5s, for: 5s, latency: 1s }',
      thresholds: [
        '    "http_req_duration{route:catalgo}": ["p(99)<150"]',
        '    "http_reqs{fault:slow payment}": ["count>1"]',
        '    "http_reqs{fault:slow payments,route:catalog}": ["count>1"]',
      ].join('\n'),
    });
    expect(issuesOf(text)).toEqual([
      `${FILE}:10:5 checks.thresholds["http_req_duration{route:catalgo}"]: no route named "catalgo"; did you mean "catalog"?; routes are "catalog"`,
      `${FILE}:11:5 checks.thresholds["http_reqs{fault:slow payment}"]: no fault named "slow payment"; did you mean "slow payments"?; faults are "slow payments"`,
    ]);
  });

  it('rejects a phase that never occurs, saying why', () => {
    const none = scenario({ thresholds: '    "http_reqs{phase:fault}": ["count>1"]' });
    expect(issuesOf(none)).toEqual([
      `${FILE}:10:5 checks.thresholds["http_reqs{phase:fault}"]: phase fault never occurs: the scenario has no faults, so every second is baseline`,
    ]);
    const atStart = scenario({
      faults: '  - { type: down, edge: a->b, at: 0s, for: 5s }',
      thresholds:
        '    "http_reqs{phase:baseline}": ["count>1"]\n    "http_reqs{phase:recovery}": ["count>1"]',
    });
    expect(issuesOf(atStart)).toEqual([
      `${FILE}:10:5 checks.thresholds["http_reqs{phase:baseline}"]: phase baseline never occurs: a fault starts in the first second`,
    ]);
    const toTheEnd = scenario({
      faults: '  - { type: down, edge: a->b, at: 5s, for: 15s }',
      thresholds: '    "http_reqs{phase:recovery}": ["count>1"]',
    });
    expect(issuesOf(toTheEnd)[0]).toContain('phase recovery never occurs');
  });
});
