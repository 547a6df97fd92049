import { describe, expect, it } from 'vitest';
import { formatIssue, InvalidInputError } from '../errors/index.js';
import { parseScenario } from './parse-scenario.js';

const FILE = 'scenarios/x.yaml';
const scenario = (verify: string) => `name: x
load:
  duration: 10s
  routes: [{ name: r, request: GET /, rate: 1/s }]
faults:
  - type: command
    at: 1s
    for: 2s
    apply: { run: [touch, m] }
    revert: { run: [rm, -f, m] }
    verify: ${verify}
`;

/** The issues of a scenario that must be rejected with exit 2, as the CLI prints them. */
function issuesOf(verify: string): string[] {
  try {
    parseScenario(scenario(verify), FILE);
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    expect(e.exitCode).toBe(2);
    return e.issues.map(formatIssue);
  }
  throw new Error('expected the scenario to be rejected');
}

describe("a command fault's verify", () => {
  it('takes an HTTP GET with an expectation, 5 s by default, and a command as before', () => {
    const faults = (verify: string) => parseScenario(scenario(verify), FILE).faults;
    expect(faults('{ http: "http://127.0.0.1:8080/health", expect: { status: 503 } }')[0]).toMatchObject({
      verify: { url: 'http://127.0.0.1:8080/health', expect: { status: 503 }, timeoutMs: 5000 },
    });
    expect(
      faults(
        '{ http: "http://localhost/b", expect: { json: { pointer: /state, equals: open } }, timeout: 2s }',
      )[0],
    ).toMatchObject({
      verify: {
        url: 'http://localhost/b',
        expect: { json: { pointer: '/state', equals: 'open' } },
        timeoutMs: 2000,
      },
    });
    expect(faults('{ run: [test, -e, m] }')[0]).toMatchObject({
      verify: { argv: ['test', '-e', 'm'], timeoutMs: 30_000 },
    });
  });

  it('rejects neither or both of run and http, and an http verify without an expectation, at line:col', () => {
    expect(issuesOf('{ timeout: 2s }')).toEqual([
      `${FILE}:11:13 faults[0].verify: give either run (a command) or http (a URL to GET)`,
    ]);
    expect(issuesOf('{ run: [x], http: "http://127.0.0.1/", expect: { status: 503 } }')).toEqual([
      `${FILE}:11:13 faults[0].verify: give either run (a command) or http (a URL to GET)`,
    ]);
    expect(issuesOf('{ http: "http://127.0.0.1/" }')).toEqual([
      `${FILE}:11:13 faults[0].verify: an http verify needs expect: expected status or json, like { status: 503 }`,
    ]);
    expect(issuesOf('{ run: [x], expect: { status: 503 } }')).toEqual([
      `${FILE}:11:33 faults[0].verify.expect: expect is for an http verify; a command proves the effect by exiting 0`,
    ]);
    expect(issuesOf('{ http: "http://127.0.0.1/", expect: {} }')).toEqual([
      `${FILE}:11:50 faults[0].verify.expect: expected status or json, like { status: 503 }, got {}`,
    ]);
  });

  it('rejects a bad URL, a bad expectation and an exit code to expect, saying what is expected', () => {
    expect(issuesOf('{ http: "ftp://x", expect: { status: 503 } }')).toEqual([
      `${FILE}:11:21 faults[0].verify.http: expected an http:// or https:// URL, got "ftp://x"`,
    ]);
    expect(issuesOf('{ http: "http://127.0.0.1/", expect: { status: 700 } }')).toEqual([
      `${FILE}:11:60 faults[0].verify.expect.status: expected an HTTP status from 100 to 599, got 700`,
    ]);
    expect(
      issuesOf('{ http: "http://127.0.0.1/", expect: { json: { pointer: state, equals: 1 } } }'),
    ).toEqual([
      `${FILE}:11:69 faults[0].verify.expect.json.pointer: expected a JSON pointer like /breaker/state (RFC 6901), got "state"`,
    ]);
    expect(issuesOf('{ http: "http://127.0.0.1/", expect: { exit: 0 } }')).toEqual([
      `${FILE}:11:52 faults[0].verify.expect.exit: unknown key "exit"; expected one of status, json`,
    ]);
    expect(issuesOf('{ http: "http://127.0.0.1/", expect: { status: 503 }, timeout: 0s }')).toEqual([
      `${FILE}:11:76 faults[0].verify.timeout: expected a duration like 30s, from 1ms to 24h, got "0s"`,
    ]);
  });
});
