import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startToxiproxyServer, type RunningToxiproxy } from './index.js';
import {
  connect,
  createProxy,
  median,
  pingOnce,
  sleep,
  startTestServer,
  waitFor,
  type Recorder,
  type TestServer,
} from './test-support.js';

// Timing assertions: lower bounds are the behaviour (a delay must not come early); upper bounds
// are generous, for a busy shared 2-core machine.
let tp: RunningToxiproxy;
let echo: TestServer;
const arrivals: { data: Buffer; at: number }[] = [];
let recorderServer: TestServer;
const recs: Recorder[] = [];

beforeAll(async () => {
  tp = await startToxiproxyServer({ port: 0, seed: 11 });
  echo = await startTestServer();
  recorderServer = await startTestServer((s) =>
    s.on('data', (data: Buffer) => arrivals.push({ data, at: performance.now() })),
  );
});
afterEach(async () => {
  for (const r of recs.splice(0)) r.socket.destroy();
  arrivals.length = 0;
  await fetch(tp.url + '/proxies/p', { method: 'DELETE' });
  await waitFor(() => tp.openConnections() === 0);
});
afterAll(async () => {
  await tp.close();
  await echo.close();
  await recorderServer.close();
});

async function client(port: number): Promise<Recorder> {
  const r = await connect(port);
  recs.push(r);
  return r;
}

async function pings(c: Recorder, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await pingOnce(c));
  return out;
}

describe('latency', () => {
  it.each([50, 300])('adds %i ms at the median (downstream)', async (latency) => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'latency', attributes: { latency } });
    const c = await client(f.port);
    const m = median(await pings(c, latency === 50 ? 9 : 3));
    expect(m).toBeGreaterThanOrEqual(latency - 1);
    expect(m).toBeLessThan(latency + 40);
  });

  it('delays from each chunk’s receive time, not cumulatively (upstream)', async () => {
    const f = await createProxy(tp.url, recorderServer);
    await f.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 300 } });
    const c = await client(f.port);
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) {
      sent.push(performance.now());
      c.socket.write(String(i));
      await sleep(50);
    }
    await waitFor(() => arrivals.length >= 5 || arrivals.reduce((n, a) => n + a.data.length, 0) >= 5);
    const text = Buffer.concat(arrivals.map((a) => a.data)).toString();
    expect(text).toBe('01234');
    arrivals.forEach((a, i) => {
      const delay = a.at - (sent[i] ?? 0);
      expect(delay).toBeGreaterThanOrEqual(299);
      expect(delay).toBeLessThan(370);
    });
  });

  it('spreads uniformly within latency ± jitter', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'latency', attributes: { latency: 60, jitter: 40 } });
    const c = await client(f.port);
    const rtts = await pings(c, 12);
    expect(Math.min(...rtts)).toBeGreaterThanOrEqual(19);
    expect(Math.max(...rtts)).toBeLessThan(140);
    expect(Math.max(...rtts) - Math.min(...rtts)).toBeGreaterThan(15);
  });

  it('toxicity 0 never applies, toxicity 1 always does', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ name: 'never', type: 'latency', toxicity: 0, attributes: { latency: 400 } });
    const c0 = await client(f.port);
    expect(median(await pings(c0, 3))).toBeLessThan(150);
    await f.call('PATCH', '/proxies/p/toxics/never', { toxicity: 1 });
    expect(await pingOnce(c0)).toBeGreaterThanOrEqual(399);
  });

  it('reaches live connections when added and updated, and releases held data when removed', async () => {
    const f = await createProxy(tp.url, echo);
    const c = await client(f.port);
    expect(await pingOnce(c)).toBeLessThan(100);
    await f.addToxic({ name: 'l', type: 'latency', attributes: { latency: 150 } });
    expect(await pingOnce(c)).toBeGreaterThanOrEqual(149);
    await f.call('PATCH', '/proxies/p/toxics/l', { attributes: { latency: 300 } });
    expect(await pingOnce(c)).toBeGreaterThanOrEqual(299);
    await f.call('PATCH', '/proxies/p/toxics/l', { attributes: { latency: 3000 } });
    const t0 = performance.now();
    c.socket.write('held');
    const before = c.bytes();
    await sleep(200);
    expect(c.bytes()).toBe(before);
    await f.call('DELETE', '/proxies/p/toxics/l');
    await c.waitBytes(before + 4);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(c.text().endsWith('held')).toBe(true);
  });

  it('adds up in opposite directions on a round trip', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'latency', attributes: { latency: 120 } });
    await f.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 60 } });
    const c = await client(f.port);
    const rtt = await pingOnce(c);
    expect(rtt).toBeGreaterThanOrEqual(179);
    expect(rtt).toBeLessThan(260);
  });
});

describe('bandwidth', () => {
  it('limits 100 KB to ~1 s at 100 KB/s', async () => {
    const size = 100_000;
    const sender = await startTestServer((s) => s.once('data', () => s.write(Buffer.alloc(size, 1))));
    try {
      const f = await createProxy(tp.url, sender);
      await f.addToxic({ type: 'bandwidth', attributes: { rate: 100 } });
      const c = await client(f.port);
      const t0 = performance.now();
      c.socket.write('go');
      await c.waitBytes(size, 3000);
      const elapsed = (c.chunks.at(-1)?.at ?? 0) - t0;
      expect(c.bytes()).toBe(size);
      expect(elapsed).toBeGreaterThan(850);
      expect(elapsed).toBeLessThan(1150);
    } finally {
      await sender.close();
    }
  });

  it('rate 0 stalls the link until the toxic is removed', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ name: 'b', type: 'bandwidth', attributes: { rate: 0 } });
    const c = await client(f.port);
    c.socket.write('stuck');
    await sleep(250);
    expect(c.bytes()).toBe(0);
    await f.call('DELETE', '/proxies/p/toxics/b');
    await c.waitBytes(5);
    expect(c.text()).toBe('stuck');
  });
});

describe('slicer', () => {
  it('cuts a chunk into small pieces with a delay between them (both directions)', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'slicer', attributes: { average_size: 10, size_variation: 0, delay: 15_000 } });
    const c = await client(f.port);
    const t0 = performance.now();
    c.socket.write(Buffer.alloc(100, 'z'));
    await c.waitBytes(100, 3000);
    expect(c.text()).toBe('z'.repeat(100));
    expect(c.chunks.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...c.chunks.map((x) => x.data.length))).toBeLessThanOrEqual(14);
    // 16 pieces, 15 ms after each.
    expect((c.chunks.at(-1)?.at ?? 0) - t0).toBeGreaterThan(200);

    const g = await createProxy(tp.url, recorderServer, 'up');
    await g.addToxic({
      type: 'slicer',
      stream: 'upstream',
      attributes: { average_size: 10, size_variation: 0, delay: 15_000 },
    });
    const u = await client(g.port);
    u.socket.write(Buffer.alloc(100, 'y'));
    await waitFor(() => arrivals.reduce((n, a) => n + a.data.length, 0) >= 100, 3000);
    expect(arrivals.length).toBeGreaterThanOrEqual(8);
    await fetch(tp.url + '/proxies/up', { method: 'DELETE' });
  });
});

describe('slow_close', () => {
  it('delays the close by `delay` ms while data passes at once', async () => {
    const closer = await startTestServer((s) => s.once('data', () => s.end('bye')));
    try {
      const f = await createProxy(tp.url, closer);
      await f.addToxic({ type: 'slow_close', attributes: { delay: 400 } });
      const c = await client(f.port);
      const t0 = performance.now();
      c.socket.write('x');
      await c.waitBytes(3);
      expect((c.chunks[0]?.at ?? 0) - t0).toBeLessThan(150);
      await c.waitEnd();
      expect((c.endedAt ?? 0) - t0).toBeGreaterThanOrEqual(399);
      expect((c.endedAt ?? 0) - t0).toBeLessThan(600);
    } finally {
      await closer.close();
    }
  });

  it('lets a waiting close through when removed', async () => {
    const closer = await startTestServer((s) => s.once('data', () => s.end('bye')));
    try {
      const f = await createProxy(tp.url, closer);
      await f.addToxic({ name: 's', type: 'slow_close', attributes: { delay: 5000 } });
      const c = await client(f.port);
      c.socket.write('x');
      await c.waitBytes(3);
      await sleep(100);
      expect(c.ending).toBeUndefined();
      const t0 = performance.now();
      await f.call('DELETE', '/proxies/p/toxics/s');
      await c.waitEnd(1000);
      expect(performance.now() - t0).toBeLessThan(500);
    } finally {
      await closer.close();
    }
  });
});
