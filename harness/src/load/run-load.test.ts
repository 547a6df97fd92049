import { afterEach, describe, expect, it } from 'vitest';
import type { RouteSecond } from '../results/index.js';
import { runLoad } from './index.js';
import { route, startServer, type TestServer } from './test-server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function okServer(): Promise<{ server: TestServer; received: () => number }> {
  let n = 0;
  const server = await startServer((_req, res) => {
    n++;
    res.end('ok');
  });
  servers.push(server);
  return { server, received: () => n };
}

const sum = (xs: RouteSecond[], f: (s: RouteSecond) => number): number => xs.reduce((a, s) => a + f(s), 0);

describe('runLoad', () => {
  it('sends at the offered rate, one entry per route and second, in order', async () => {
    const { server, received } = await okServer();
    const live: number[] = [];
    const seconds = await runLoad({
      baseUrl: server.url,
      routes: [route({ name: 'a', rate: 200 }), route({ name: 'b', rate: 50, path: '/b' })],
      t0: performance.now() + 50,
      warmupMs: 0,
      durationMs: 3000,
      onSecond: (s) => live.push(...s.map((x) => x.t)),
    });
    expect(seconds.map((s) => `${s.route}${s.t}`)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2']);
    const a = seconds.filter((s) => s.route === 'a');
    expect(sum(a, (s) => s.sent)).toBeGreaterThanOrEqual(598);
    expect(sum(a, (s) => s.sent)).toBeLessThanOrEqual(602);
    for (const s of seconds) {
      expect(s.sent).toBe(s.offered);
      expect(s.ok).toBe(s.sent);
      expect(s.failed).toBe(0);
      expect(s.latency.count).toBe(s.ok);
      expect(s.statuses).toEqual({ '200': s.ok });
    }
    expect(sum(seconds, (s) => s.sent)).toBe(received());
    expect(sum(seconds, (s) => s.sent)).toBeGreaterThanOrEqual(748);
    expect(live).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('sends warm-up requests but does not record them', async () => {
    const { server, received } = await okServer();
    const seconds = await runLoad({
      baseUrl: server.url,
      routes: [route({ rate: 50 })],
      t0: performance.now() + 1000,
      warmupMs: 1000,
      durationMs: 1000,
    });
    expect(seconds).toHaveLength(1);
    expect(seconds[0]?.sent).toBe(50);
    expect(seconds[0]?.ok).toBe(50);
    expect(received()).toBeGreaterThanOrEqual(95);
  });

  it('sends the configured method, path, headers and body', async () => {
    const seen: { method?: string; url?: string; type?: string; tag?: string; body: string }[] = [];
    const server = await startServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const h = req.headers;
        seen.push({
          method: req.method,
          url: req.url,
          type: h['content-type'],
          tag: h['x-tag'] as string,
          body,
        });
        res.end();
      });
    });
    servers.push(server);
    const common = { rate: 5, headers: { 'x-tag': 'faultline' } };
    await runLoad({
      baseUrl: `${server.url}/api/`,
      routes: [
        route({
          ...common,
          name: 'json',
          method: 'post',
          path: '/orders?x=1',
          body: { sku: 'sku-1', qty: 1 },
        }),
        route({
          ...common,
          name: 'text',
          method: 'PUT',
          path: '/t',
          body: 'a=1',
          headers: { 'content-type': 'text/plain' },
        }),
      ],
      t0: performance.now(),
      warmupMs: 0,
      durationMs: 200,
    });
    expect(seen).toContainEqual({
      method: 'POST',
      url: '/api/orders?x=1',
      type: 'application/json',
      tag: 'faultline',
      body: '{"sku":"sku-1","qty":1}',
    });
    expect(seen).toContainEqual({
      method: 'PUT',
      url: '/api/t',
      type: 'text/plain',
      tag: undefined,
      body: 'a=1',
    });
  });

  it('stops promptly when aborted and returns the seconds recorded so far', async () => {
    const { server } = await okServer();
    const ac = new AbortController();
    const t0 = performance.now();
    const timer = setTimeout(() => ac.abort(), 1500);
    const seconds = await runLoad({
      baseUrl: server.url,
      routes: [route({ rate: 50 })],
      t0,
      warmupMs: 0,
      durationMs: 20_000,
      signal: ac.signal,
    });
    clearTimeout(timer);
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(seconds.map((s) => s.t)).toEqual([0, 1]);
    expect(seconds[0]?.ok).toBe(50);
    expect(seconds[1]?.sent).toBeGreaterThan(5);
    expect(seconds[1]?.sent).toBeLessThan(50);
    expect(seconds[1]?.ok).toBe(seconds[1]?.sent);
  });

  it('gives requests in flight a bounded grace when aborted, then cancels them uncounted', async () => {
    const server = await startServer(() => undefined);
    servers.push(server);
    const ac = new AbortController();
    const t0 = performance.now();
    const timer = setTimeout(() => ac.abort(), 500);
    const seconds = await runLoad({
      baseUrl: server.url,
      routes: [route({ rate: 20, timeoutMs: 30_000 })],
      t0,
      warmupMs: 0,
      durationMs: 20_000,
      signal: ac.signal,
      abortGraceMs: 200,
    });
    clearTimeout(timer);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(seconds).toHaveLength(1);
    expect(seconds[0]?.sent).toBeGreaterThan(3);
    expect(seconds[0]?.ok).toBe(0);
    expect(seconds[0]?.failed).toBe(0);
  });

  it('stops everything and rejects when onSecond throws', async () => {
    const { server } = await okServer();
    const t0 = performance.now();
    const run = runLoad({
      baseUrl: server.url,
      routes: [route({ rate: 20 })],
      t0,
      warmupMs: 0,
      durationMs: 20_000,
      onSecond: () => {
        throw new Error('terminal gone');
      },
    });
    await expect(run).rejects.toThrow('terminal gone');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('returns nothing when aborted before it starts, and rejects invalid routes', async () => {
    const seconds = await runLoad({
      baseUrl: 'http://127.0.0.1:9',
      routes: [route()],
      t0: performance.now(),
      warmupMs: 0,
      durationMs: 5000,
      signal: AbortSignal.abort(),
    });
    expect(seconds).toEqual([]);
    const bad = { baseUrl: 'http://127.0.0.1:9', t0: 0, warmupMs: 0, durationMs: 1000 };
    await expect(runLoad({ ...bad, routes: [route({ rate: 0 })] })).rejects.toThrow(/rate/);
    await expect(runLoad({ ...bad, routes: [route({ timeoutMs: -1 })] })).rejects.toThrow(/timeout/);
  });
});
