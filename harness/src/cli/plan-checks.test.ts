import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/index.js';
import { checksText } from './plan-checks.js';

describe('checksText', () => {
  it('lists each probe with what it samples, how often, and what each phase expects', () => {
    const scenario = parseScenario(
      `name: x
load: { duration: 10s, routes: [{ name: r, request: GET /, rate: 1/s }] }
checks:
  probes:
    - { name: db, command: { run: [pg_isready, -q] }, every: 500ms, expect: { baseline: { exit: 0 }, fault: { exit: 2 } } }
`,
      'x.yaml',
    );
    expect(checksText(scenario)).toEqual([
      '  probe: db `pg_isready -q` every 500ms',
      '          baseline: every sample exit 0',
      '          fault: every sample exit 2',
    ]);
  });
});
