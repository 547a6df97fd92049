import { describe, expect, it } from 'vitest';
import { formatIssue } from '../errors/index.js';
import { parseScenario } from '../scenario/index.js';
import { steadyStateFor } from './check-explore.js';

const HEAD = `name: x
load:
  duration: 10s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 10/s }
    - { name: checkout, request: POST /api/orders, rate: 10/s }
`;

describe('steadyStateFor', () => {
  it('takes the scenario slo and the explore section’s over it, as written', () => {
    const s = parseScenario(
      `${HEAD}slo:\n  catalog: ["p(99)<300"]\n  checkout: ["rate<0.01"]\nexplore:\n  slo: { checkout: ["p(90)<250"] }\n`,
      'x.yaml',
    );
    expect(steadyStateFor(s)).toEqual({
      slo: { catalog: ['p(99)<300'], checkout: ['p(90)<250'] },
      issues: [],
    });
  });

  it('places unknown routes, unaffected routes without an SLO and a missing steady state in the file', () => {
    const s = parseScenario(
      `${HEAD}slo:\n  catalog: ["p(99)<300"]\nexplore:\n  slo: { cart: ["rate<0.01"] }\n  unaffected: [checkout]\n`,
      'x.yaml',
    );
    expect(steadyStateFor(s).issues.map(formatIssue)).toEqual([
      'x.yaml:10:10 explore.slo.cart: no route "cart" in load.routes (routes: catalog, checkout)',
      'x.yaml:11:16 explore.unaffected[0]: route "checkout" has no SLO; give it one in slo: or explore.slo:',
    ]);
    const none = steadyStateFor(parseScenario(HEAD, 'x.yaml'));
    expect(none.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^x\.yaml:1:1: no steady state to judge faults against/),
    ]);
  });
});
