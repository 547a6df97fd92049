import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouteSecond } from '../results/index.js';
import { runLoad } from './index.js';
import { route, startServer, type TestServer } from './test-server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = await startServer(handler);
  servers.push(s);
  return s.url;
}

const sum = (xs: RouteSecond[], f: (s: RouteSecond) => number): number => xs.reduce((a, s) => a + f(s), 0);

describe('runLoad ramping arrival rate', () => {
  it('follows a ramp from 10 to 200 req/s and down to 50 within 2 % per stage, as the server sees it', async () => {
    const t0 = performance.now() + 100;
    const arrivals: number[] = [];
    const url = await serve((_q, res) => {
      arrivals.push(performance.now() - t0);
      res.end('ok');
    });
    const stages = [
      { durationMs: 2000, target: 200 },
      { durationMs: 1000, target: 200 },
      { durationMs: 2000, target: 50 },
    ];
    const seconds = await runLoad({
      baseUrl: url,
      routes: [route({ executor: 'ramping-arrival-rate', rate: 200, startRate: 10, stages })],
      t0,
      warmupMs: 0,
      durationMs: 5000,
    });
    const expected = [210, 200, 250];
    const windows = [
      [0, 2000],
      [2000, 3000],
      [3000, 5000],
    ] as const;
    windows.forEach(([from, to], k) => {
      const want = expected[k] ?? 0;
      const sent = sum(
        seconds.filter((s) => s.t * 1000 >= from && s.t * 1000 < to),
        (s) => s.sent,
      );
      expect(Math.abs(sent - want)).toBeLessThanOrEqual(1);
      const seen = arrivals.filter((a) => a >= from && a < to).length;
      expect(
        Math.abs(seen - want) / want,
        `stage ${k}: server saw ${seen}, expected ${want}`,
      ).toBeLessThanOrEqual(0.02);
    });
    for (const s of seconds) expect(s.sent).toBe(s.offered);
    expect(sum(seconds, (s) => s.dropped ?? 0)).toBe(0);
  });
});

describe('runLoad in-flight cap', () => {
  it('counts requests it could not send while a stalled server holds the cap, and sends none of them', async () => {
    const t0 = performance.now() + 50;
    const held: ServerResponse[] = [];
    let received = 0;
    let releasing = false;
    const url = await serve((_q, res) => {
      received++;
      const at = performance.now() - t0;
      if (!releasing && at >= 300 && at < 1300) held.push(res);
      else res.end('ok');
    });
    const release = setTimeout(() => {
      releasing = true;
      held.splice(0).forEach((r) => r.end('late'));
    }, 1350);
    const seconds = await runLoad({
      baseUrl: url,
      routes: [route({ rate: 50, maxInFlight: 5 })],
      t0,
      warmupMs: 0,
      durationMs: 2000,
    });
    clearTimeout(release);
    const dropped = sum(seconds, (s) => s.dropped ?? 0);
    const sent = sum(seconds, (s) => s.sent);
    // ~1 s held at 50 req/s with 5 allowed in flight: about 45 dropped.
    expect(dropped).toBeGreaterThan(30);
    expect(dropped).toBeLessThan(55);
    expect(sum(seconds, (s) => s.offered)).toBe(100);
    expect(sent + dropped).toBe(100);
    expect(received).toBe(sent);
    expect(sum(seconds, (s) => s.ok)).toBe(sent);
    expect(sum(seconds, (s) => s.latency.count)).toBe(sent);
  });
});

describe('runLoad classification', () => {
  it('counts degraded successes by header or JSON field, apart from failures, as the server marked them', async () => {
    let n = 0;
    const marked = { header: 0, json: 0 };
    const url = await serve((req, res) => {
      n++;
      const fallback = n % 3 === 0;
      if (req.url === '/h') {
        if (fallback) marked.header++;
        if (n % 7 === 0) return void res.writeHead(503).end();
        if (fallback) res.setHeader('x-fallback', 'payments');
        return void res.writeHead(fallback ? 202 : 201).end('{}');
      }
      if (fallback) marked.json++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ order: { status: fallback ? 'pending-payment' : 'paid' } }));
    });
    const seconds = await runLoad({
      baseUrl: url,
      routes: [
        route({ name: 'h', path: '/h', rate: 60, degraded: { header: 'x-fallback' } }),
        route({
          name: 'j',
          path: '/j',
          rate: 60,
          degraded: { json: 'order.status', equals: 'pending-payment' },
        }),
      ],
      t0: performance.now(),
      warmupMs: 0,
      durationMs: 1000,
    });
    const [h, j] = seconds;
    expect(j?.degraded).toBe(marked.json);
    expect(j?.degraded).toBeGreaterThan(10);
    expect(j?.ok).toBe(60);
    // A 503 is a failure even when it is also the third request: never degraded.
    expect(h?.degraded).toBe(h?.statuses['202'] ?? 0);
    expect(h?.degraded).toBeGreaterThan(5);
    expect(h?.degraded).toBeLessThanOrEqual(marked.header);
    expect(h?.failed).toBe(h?.statuses['503']);
  });

  it('counts the statuses a route lists as success, and others as failures', async () => {
    const url = await serve((req, res) => res.writeHead(Number(req.url?.slice(1))).end());
    const run = (status: number): Promise<RouteSecond[]> =>
      runLoad({
        baseUrl: url,
        routes: [
          route({
            path: `/${status}`,
            rate: 20,
            success: [
              [200, 200],
              [202, 202],
              [404, 404],
            ],
          }),
        ],
        t0: performance.now(),
        warmupMs: 0,
        durationMs: 250,
      });
    const [notFound] = await run(404);
    const [created] = await run(201);
    expect(notFound).toMatchObject({ ok: 5, failed: 0 });
    expect(created).toMatchObject({ ok: 0, failed: 5 });
    expect(created?.failures.http4xx).toBe(5);
  });
});

describe('runLoad connections', () => {
  it('opens a new connection for every request when asked, and reuses a few otherwise', async () => {
    const sockets = new Set<unknown>();
    let requests = 0;
    const url = await serve((req, res) => {
      requests++;
      sockets.add(req.socket);
      res.end('ok');
    });
    const drive = (newConnectionPerRequest: boolean): Promise<RouteSecond[]> =>
      runLoad({
        baseUrl: url,
        routes: [route({ rate: 40, newConnectionPerRequest, maxConnections: 8 })],
        t0: performance.now(),
        warmupMs: 0,
        durationMs: 1000,
      });
    const [fresh] = await drive(true);
    expect(fresh?.ok).toBe(40);
    expect(sockets.size).toBe(requests);
    sockets.clear();
    requests = 0;
    const [reused] = await drive(false);
    expect(reused?.ok).toBe(40);
    expect(sockets.size).toBeLessThanOrEqual(8);
    expect(reused?.connections).toBeGreaterThanOrEqual(1);
    expect(reused?.connections).toBeLessThanOrEqual(8);
  });
});

describe('runLoad closed model (autocannon)', () => {
  it('records every answer into the same per-second histograms, matching what the server saw', async () => {
    const t0 = performance.now() + 300;
    const seen: { at: number; status: number; degraded: boolean }[] = [];
    let n = 0;
    const url = await serve((_q, res) => {
      n++;
      const status = n % 4 === 0 ? 503 : 200;
      const degraded = status === 200 && n % 5 === 0;
      seen.push({ at: performance.now() - t0, status, degraded });
      if (degraded) res.setHeader('x-fallback', 'cache');
      setTimeout(() => res.writeHead(status).end('ok'), 5);
    });
    const seconds = await runLoad({
      baseUrl: url,
      routes: [
        route({
          name: 'c',
          executor: 'connections',
          connections: 4,
          rate: 0,
          timeoutMs: 2000,
          degraded: { header: 'x-fallback' },
        }),
      ],
      t0,
      warmupMs: 300,
      durationMs: 2000,
    });
    expect(seconds.map((s) => s.t)).toEqual([0, 1]);
    const measured = seen.filter((s) => s.at >= 0 && s.at < 2000);
    const answered = sum(seconds, (s) => s.ok + s.failed);
    // Each of the 4 connections may have one request on either side of t = 0 and of the end.
    expect(measured.length).toBeGreaterThan(100);
    expect(Math.abs(answered - measured.length)).toBeLessThanOrEqual(8);
    const statuses = (code: number): number => measured.filter((s) => s.status === code).length;
    expect(Math.abs(sum(seconds, (s) => s.statuses['200'] ?? 0) - statuses(200))).toBeLessThanOrEqual(8);
    expect(Math.abs(sum(seconds, (s) => s.statuses['503'] ?? 0) - statuses(503))).toBeLessThanOrEqual(8);
    expect(sum(seconds, (s) => s.failures.http5xx)).toBe(sum(seconds, (s) => s.statuses['503'] ?? 0));
    expect(
      Math.abs(sum(seconds, (s) => s.degraded ?? 0) - measured.filter((s) => s.degraded).length),
    ).toBeLessThanOrEqual(8);
    for (const s of seconds) {
      expect(s.latency.count).toBe(s.ok + s.failed);
      expect(s.latency.min).toBeGreaterThanOrEqual(4);
      expect(s.connections).toBe(4);
    }
    expect(sum(seconds, (s) => s.sent)).toBe(answered);
  });

  it('counts requests to a hanging server as timeouts, each from its send', async () => {
    const url = await serve(() => undefined);
    const [hung] = await runLoad({
      baseUrl: url,
      routes: [route({ executor: 'connections', connections: 2, rate: 0, timeoutMs: 1000 })],
      t0: performance.now(),
      warmupMs: 0,
      durationMs: 1000,
    });
    expect(hung?.failures.timeout).toBe(2);
    expect(hung?.latency.min).toBeGreaterThanOrEqual(999);
  });

  it('rejects a closed-model route without connections or with a sub-second timeout', async () => {
    const bad = { baseUrl: 'http://127.0.0.1:9', t0: 0, warmupMs: 0, durationMs: 1000 };
    await expect(runLoad({ ...bad, routes: [route({ executor: 'connections', rate: 0 })] })).rejects.toThrow(
      /connections/,
    );
    await expect(
      runLoad({
        ...bad,
        routes: [route({ executor: 'connections', connections: 2, rate: 0, timeoutMs: 500 })],
      }),
    ).rejects.toThrow(/at least 1s/);
  });
});
