import { describe, expect, it } from 'vitest';
import { formatIssue, InvalidInputError } from '../errors/index.js';
import { parseScenario } from './parse-scenario.js';

const FILE = 'scenarios/x.yaml';
const scenario = (probes: string) => `name: x
load:
  duration: 10s
  routes: [{ name: r, request: GET /, rate: 1/s }]
checks:
  probes:
${probes}`;

function issuesOf(text: string): string[] {
  try {
    parseScenario(text, FILE);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.issues.map(formatIssue);
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('checks.probes', () => {
  it('parses an HTTP and a command probe with their defaults', () => {
    const s = parseScenario(
      scenario(`    - { name: health, http: { url: "http://127.0.0.1:7001/healthz" }, expect: { fault: { status: 503 } } }
    - name: db
      command: { run: [pg_isready] }
      every: 250ms
      expect: { run: { exit: 0 }, fault: { json: { pointer: /state, equals: [1, 2] } } }
`),
      FILE,
    );
    expect(s.checks.probes).toEqual([
      {
        name: 'health',
        http: { url: 'http://127.0.0.1:7001/healthz', timeoutMs: 1000 },
        everyMs: 1000,
        expect: { fault: { status: 503 } },
      },
      {
        name: 'db',
        command: { argv: ['pg_isready'], timeoutMs: 5000 },
        everyMs: 250,
        expect: { run: { exit: 0 }, fault: { json: { pointer: '/state', equals: [1, 2] } } },
      },
    ]);
  });

  it('rejects bad probes at file:line:col, saying what is expected', () => {
    expect(
      issuesOf(
        scenario(`    - { name: a, http: { url: "ftp://x" }, expect: { fault: { status: 700 } } }
    - { name: b, expect: { fault: { exit: 0 } } }
    - { name: c, command: { run: [x] }, expect: { during: { exit: 0 } } }
    - { name: d, command: { run: [x] }, expect: { fault: { json: { pointer: state, equals: 1 } } } }
    - { name: e, command: { run: [x] }, expect: {} }
`),
      ),
    ).toEqual([
      `${FILE}:7:31 checks.probes[0].http.url: expected an http:// or https:// URL, got "ftp://x"`,
      `${FILE}:7:71 checks.probes[0].expect.fault.status: expected an HTTP status from 100 to 599, got 700`,
      `${FILE}:8:7 checks.probes[1]: give either http or command`,
      `${FILE}:9:49 checks.probes[2].expect: expected at least one of run, baseline, fault or recovery`,
      `${FILE}:9:51 checks.probes[2].expect.during: unknown key "during"; expected one of run, baseline, fault, recovery`,
      `${FILE}:10:77 checks.probes[3].expect.fault.json.pointer: expected a JSON pointer like /breaker/state (RFC 6901), got "state"`,
      `${FILE}:11:49 checks.probes[4].expect: expected at least one of run, baseline, fault or recovery`,
    ]);
  });
});
