import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pollHttp } from './poll-http.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server on an ephemeral loopback port; resolves with its URL. */
async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
}

/** A breaker that answers closed to the first `closedFor` requests, then open with a 503. */
const breaker = (closedFor: number): RequestListener => {
  let n = 0;
  return (_req, res) => {
    const open = ++n > closedFor;
    res.writeHead(open ? 503 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ breaker: { state: open ? 'open' : 'closed' } }));
  };
};

describe('pollHttp', () => {
  it('asks again until the answer meets the expectation', async () => {
    const url = await serve(breaker(2));
    const r = await pollHttp({ url, expect: { status: 503 }, timeoutMs: 5000, intervalMs: 10 });
    expect(r).toMatchObject({ met: true, tries: 3, last: { status: 503 } });
  });

  it('reads a JSON pointer of the body', async () => {
    const url = await serve(breaker(1));
    const expectation = { json: { pointer: '/breaker/state', equals: 'open' } };
    const r = await pollHttp({ url, expect: expectation, timeoutMs: 5000, intervalMs: 10 });
    expect(r).toMatchObject({
      met: true,
      tries: 2,
      last: { status: 503, body: { breaker: { state: 'open' } } },
    });
  });

  it('gives up at the timeout with the last answer and why it missed', async () => {
    const url = await serve(breaker(Infinity));
    const r = await pollHttp({
      url,
      expect: { status: 200, json: { pointer: '/breaker/state', equals: 'open' } },
      timeoutMs: 400,
      intervalMs: 50,
    });
    expect(r).toMatchObject({
      met: false,
      miss: '/breaker/state was "closed", not "open"',
      last: { status: 200 },
    });
    // Asked again within the window, and no more often than every 50 ms of it.
    expect(r.tries).toBeGreaterThanOrEqual(2);
    expect(r.tries).toBeLessThanOrEqual(8);
  });

  it('reports a refused connection and an answer that never comes', async () => {
    const closed = await serve(breaker(0));
    await new Promise((r) => servers.pop()!.close(r));
    // An interval longer than the timeout: one try.
    expect(
      await pollHttp({ url: closed, expect: { status: 503 }, timeoutMs: 2000, intervalMs: 5000 }),
    ).toMatchObject({
      met: false,
      tries: 1,
      miss: 'ECONNREFUSED',
    });
    const silent = await serve(() => {});
    expect(await pollHttp({ url: silent, expect: { status: 503 }, timeoutMs: 100 })).toMatchObject({
      met: false,
      tries: 1,
      miss: 'no answer in time',
    });
  });
});
