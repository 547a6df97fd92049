import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CommandFault } from './command-fault.js';
import { verifyHttp } from './command-verify.js';
import { applyFault, describeFault, faultParams, faultSchema } from './fault-types.js';
import type { FaultContext } from './fault-type.js';

/** A health endpoint that answers 200 closed until `opened`, then 503 open. */
let server: Server;
let base = '';
let answered = 0;
let opensAfter = Infinity;
beforeAll(async () => {
  server = createServer((req, res) => {
    const open = ++answered > opensAfter;
    res.writeHead(open ? 503 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ state: open ? 'open' : 'closed' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
const opening = (after: number): void => {
  answered = 0;
  opensAfter = after;
};

describe('an HTTP verify', () => {
  it('proves the fault once an answer meets the expectation, asking again until one does', async () => {
    opening(2);
    const proof = await verifyHttp({
      url: `${base}/health`,
      expect: { status: 503, json: { pointer: '/state', equals: 'open' } },
      timeoutMs: 5000,
    });
    expect(proof).toMatchObject({
      status: 'proven',
      by: `GET ${base}/health`,
      expects: 'answers status 503, /state = "open"',
      evidence: expect.stringMatching(
        new RegExp(
          `^verify GET ${base}/health answered status 503, /state = "open" after 3 tries in \\d+ ms$`,
        ),
      ) as string,
    });
  });

  it('disproves it with the last answer seen when none meets the expectation in time', async () => {
    opening(Infinity);
    const proof = await verifyHttp({
      url: `${base}/health`,
      expect: { json: { pointer: '/state', equals: 'open' } },
      timeoutMs: 250,
    });
    expect(proof).toMatchObject({ status: 'disproven', expects: 'answers /state = "open"' });
    expect(proof.evidence).toMatch(
      new RegExp(
        `^verify GET ${base}/health: no answer met /state = "open" in \\d+ ms \\(\\d+ tries\\); the last: /state was "closed", not "open"$`,
      ),
    );
  });

  it('is run by the fault right after apply, and named in its plan line and parameters', async () => {
    opening(0);
    const f = faultSchema.parse(
      parse(
        `{ type: command, name: trip, at: 1s, for: 2s, apply: { run: ["true"] }, revert: { run: ["true"] }, verify: { http: "${base}/health", expect: { status: 503 }, timeout: 1s } }`,
      ),
    ) as CommandFault;
    expect(describeFault(f)).toBe(
      `1s–3s command (apply \`true\`, revert \`true\`, verify GET ${base}/health answers status 503)`,
    );
    expect(faultParams(f)).toEqual({
      apply: 'true',
      revert: 'true',
      verify: `GET ${base}/health answers status 503`,
    });
    const ctx = {
      toxiproxy: { host: 'http://127.0.0.1:8474' },
      proxies: new Map(),
      mesh: {},
      toxicPrefix: 'faultline_0_',
      run: { id: 'run-1', dir: tmpdir() },
    } as unknown as FaultContext;
    const active = await applyFault(f, ctx);
    expect(active.proof).toMatchObject({
      status: 'proven',
      by: `GET ${base}/health`,
      expects: 'answers status 503',
    });
    expect(answered).toBe(1);
    await active.revert();
  });
});
