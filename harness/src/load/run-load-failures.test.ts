import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeHistograms, summarize, type RouteSecond } from '../results/index.js';
import { runLoad } from './index.js';
import { freePort, route, startServer, type TestServer } from './test-server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = await startServer(handler);
  servers.push(s);
  return s.url;
}

async function drive(baseUrl: string, timeoutMs = 2000): Promise<RouteSecond> {
  const seconds = await runLoad({
    baseUrl,
    routes: [route({ rate: 20, timeoutMs })],
    t0: performance.now(),
    warmupMs: 0,
    durationMs: 500,
  });
  expect(seconds).toHaveLength(1);
  const s = seconds[0] as RouteSecond;
  expect(s.sent).toBe(10);
  expect(s.ok + s.failed).toBe(s.sent);
  expect(s.latency.count).toBe(s.sent);
  return s;
}

describe('runLoad failure classes', () => {
  it('counts 5xx and 4xx answers by kind and status', async () => {
    const s5 = await drive(await serve((_q, res) => res.writeHead(503).end('busy')));
    expect(s5.failures).toEqual({ http4xx: 0, http5xx: 10, timeout: 0, connection: 0 });
    expect(s5.statuses).toEqual({ '503': 10 });
    const s4 = await drive(await serve((_q, res) => res.writeHead(404).end()));
    expect(s4.failures.http4xx).toBe(10);
    expect(s4.statuses).toEqual({ '404': 10 });
  });

  it('counts redirects as answered, not failed', async () => {
    const s = await drive(await serve((_q, res) => res.writeHead(302, { location: '/x' }).end()));
    expect(s.ok).toBe(10);
    expect(s.statuses).toEqual({ '302': 10 });
  });

  it('counts destroyed sockets and refused connections as connection failures', async () => {
    const reset = await drive(await serve((req) => req.socket.destroy()));
    expect(reset.failures).toEqual({ http4xx: 0, http5xx: 0, timeout: 0, connection: 10 });
    expect(reset.statuses).toEqual({});
    const refused = await drive(`http://127.0.0.1:${await freePort()}`);
    expect(refused.failures.connection).toBe(10);
  });

  it('times a hanging request out at its deadline and counts the wait as its latency', async () => {
    const started = performance.now();
    const s = await drive(await serve(() => undefined), 300);
    expect(s.failures).toEqual({ http4xx: 0, http5xx: 0, timeout: 10, connection: 0 });
    expect(s.latency.min).toBeGreaterThanOrEqual(300);
    expect(s.latency.max).toBeLessThan(1000);
    // 500 ms of sending plus one timeout; generous for a busy machine.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('records the answer when a slow response arrives before the deadline', async () => {
    const url = await serve((_q, res) => setTimeout(() => res.end('late'), 150));
    const s = await drive(url, 2000);
    expect(s.ok).toBe(10);
    expect(s.latency.min).toBeGreaterThanOrEqual(150);
  });
});

describe('runLoad coordinated omission', () => {
  /**
   * The server holds every request due between 1.0 s and 2.0 s (known from its `{{seq}}`, so a
   * busy machine delivering a request late cannot move it) until 2.0 s and answers all others
   * at once. Measured from the intended send times, a quarter of the requests waited up to
   * a whole second, so p99 over the run is near 1 s, while the server itself is idle otherwise.
   */
  for (const maxConnections of [256, 4]) {
    it(`measures a 1 s stall from intended send times (${maxConnections} connections)`, async () => {
      const t0 = performance.now() + 100;
      const held: ServerResponse[] = [];
      let released = false;
      // A timer may fire a fraction of a millisecond early; after it, nothing more is held.
      const release = setTimeout(
        () => {
          released = true;
          held.splice(0).forEach((r) => r.end('ok'));
        },
        t0 + 2000 - performance.now(),
      );
      const url = await serve((req, res) => {
        const dueMs = (Number(new URL(req.url ?? '', 'http://x').searchParams.get('n')) - 1) * 10;
        if (dueMs >= 1000 && dueMs < 2000 && !released) held.push(res);
        else res.end('ok');
      });
      const seconds = await runLoad({
        baseUrl: url,
        routes: [route({ rate: 100, path: '/?n={{seq}}' })],
        t0,
        warmupMs: 0,
        durationMs: 3000,
        maxConnections,
      });
      clearTimeout(release);
      expect(seconds.map((s) => s.ok)).toEqual([100, 100, 100]);
      const all = summarize(mergeHistograms(seconds.map((s) => s.histogram)));
      expect(all.count).toBe(300);
      expect(all.p99).toBeGreaterThan(700);
      expect(all.max).toBeGreaterThan(900);
      expect(all.p50).toBeLessThan(300);
      expect(seconds[0]?.latency.p99).toBeLessThan(300);
      expect(seconds[1]?.latency.p50).toBeGreaterThan(300);
    });
  }
});
