import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionPool } from './connection-pool.js';
import { Exchange } from './exchange.js';
import type { ConnectionTarget } from './http-connection.js';
import { SecondRecorder } from './second-recorder.js';
import { freePort, startServer, type TestServer } from './test-server.js';

const servers: TestServer[] = [];
const pools: ConnectionPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.destroy()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

function pool(port: number, maxConnections: number, over: Partial<ConnectionTarget> = {}): ConnectionPool {
  const target: ConnectionTarget = {
    host: '127.0.0.1',
    port,
    tls: false,
    reusable: true,
    headRequests: false,
    collectHeaders: false,
    passBody: false,
    ...over,
  };
  const p = new ConnectionPool(target, maxConnections);
  pools.push(p);
  return p;
}

const GET = Buffer.from('GET / HTTP/1.1\r\nhost: x\r\n\r\n');

/** Sends `n` requests due now through `p` and resolves with their second's summary once all ended. */
function sendAll(
  p: ConnectionPool,
  n: number,
  deadlineMs = 5000,
  request = GET,
): Promise<ReturnType<SecondRecorder['close']>> {
  const r = new SecondRecorder('r', 0);
  return new Promise((resolve) => {
    let left = n;
    const owner = { settled: () => --left === 0 && resolve(r.close()) };
    const now = performance.now();
    for (let i = 0; i < n; i++) {
      r.pending++;
      p.dispatch(new Exchange(owner, now, now + deadlineMs, r, undefined, request), now);
    }
  });
}

describe('ConnectionPool', () => {
  it('never opens more than its cap, queues the rest in order, and counts their wait from the due time', async () => {
    const sockets = new Set<unknown>();
    const server = await serve((req, res) => {
      sockets.add(req.socket);
      setTimeout(() => res.end('ok'), 50);
    });
    const s = await sendAll(pool(server.port, 2), 6);
    expect(s.ok).toBe(6);
    expect(sockets.size).toBe(2);
    // Three rounds of 50 ms on two connections: the last requests waited two rounds first.
    expect(s.latency.max).toBeGreaterThanOrEqual(140);
    expect(s.latency.min).toBeGreaterThanOrEqual(45);
  });

  it('reads chunked answers, replaces a connection the server closes, and reuses kept-alive ones', async () => {
    const sockets = new Set<unknown>();
    let n = 0;
    const server = await serve((req, res) => {
      sockets.add(req.socket);
      n++;
      if (n % 2 === 0) res.setHeader('connection', 'close');
      res.write('part one, ');
      setTimeout(() => res.end('part two'), 5);
    });
    const p = pool(server.port, 1);
    const s = await sendAll(p, 6);
    expect(s.ok).toBe(6);
    expect(sockets.size).toBe(3);
  });

  it('sends no request that timed out while it waited, and counts a refused connection as a connection failure', async () => {
    let received = 0;
    const server = await serve(() => received++);
    const p = pool(server.port, 1);
    const r = new SecondRecorder('r', 0);
    const owner = { settled: () => undefined };
    const now = performance.now();
    const first = new Exchange(owner, now, now + 100, r, undefined, GET);
    const queued = new Exchange(owner, now, now + 100, r, undefined, GET);
    p.dispatch(first, now);
    p.dispatch(queued, now);
    await new Promise((resolve) => setTimeout(resolve, 50));
    queued.timeOut(performance.now());
    first.timeOut(performance.now());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toBe(1);
    const refused = await sendAll(pool(await freePort(), 4), 3);
    expect(refused.failures.connection).toBe(3);
    expect(refused.statuses).toEqual({});
  });
});
