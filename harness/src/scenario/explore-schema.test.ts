import { describe, expect, it } from 'vitest';
import { InvalidInputError, formatIssue } from '../errors/index.js';
import { EXPLORE_DEFAULTS } from './explore-schema.js';
import { parseScenario } from './parse-scenario.js';

const FILE = 'scenarios/x.yaml';
const HEAD = `name: x
load:
  duration: 10s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 10/s }
slo:
  catalog: ["p(99)<300"]
`;

function issuesOf(text: string): string[] {
  try {
    parseScenario(text, FILE);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.issues.map(formatIssue);
    throw e;
  }
  return [];
}

describe('the explore section', () => {
  it('is optional, and parses durations, fault types and the steady state', () => {
    expect(parseScenario(HEAD, FILE).explore).toBeUndefined();
    const s = parseScenario(
      `${HEAD}explore:
  faults: [latency, http_error, crash]
  latency: 300ms
  http_status: 500
  hold: 4s
  settle: 2s
  recovery_limit: 30s
  reset_after: 100ms
  slo: { catalog: ["p(99)<150"] }
  unaffected: [catalog]
`,
      FILE,
    );
    const { slo, ...rest } = s.explore!;
    expect(Object.entries(slo).map(([r, terms]) => [r, terms.map((t) => t.expression.source)])).toEqual([
      ['catalog', ['p(99)<150']],
    ]);
    expect(rest).toEqual({
      faults: ['latency', 'http_error', 'crash'],
      latencyMs: 300,
      httpStatus: 500,
      holdMs: 4000,
      settleMs: 2000,
      recoveryLimitMs: 30_000,
      resetAfterMs: 100,
      unaffected: ['catalog'],
    });
    expect(parseScenario(`${HEAD}explore: {}\n`, FILE).explore).toEqual(EXPLORE_DEFAULTS);
  });

  it('names file:line:col of each bad field', () => {
    expect(
      issuesOf(`${HEAD}explore:
  faults: [latency, bandwidth]
  hold: 4
  http_status: 600
  slo: { catalog: ["p99<150"] }
  holds: 3s
`),
    ).toEqual([
      expect.stringMatching(
        /^scenarios\/x\.yaml:9:21 explore\.faults\[1\]: .*one of latency, down, partition, reset_peer, http_error, crash, freeze/,
      ),
      expect.stringMatching(
        /^scenarios\/x\.yaml:10:9 explore\.hold: .*bare number has no unit; write 4ms or 4s/,
      ),
      expect.stringMatching(
        /^scenarios\/x\.yaml:11:16 explore\.http_status: .*an HTTP status from 100 to 599/,
      ),
      expect.stringMatching(/^scenarios\/x\.yaml:12:20 explore\.slo\.catalog\[0\]: /),
      expect.stringMatching(/^scenarios\/x\.yaml:13:3 explore\.holds: .*did you mean "hold"/),
    ]);
  });
});
