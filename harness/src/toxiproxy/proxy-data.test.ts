import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startToxiproxyServer, type RunningToxiproxy } from './index.js';
import {
  connect,
  createProxy,
  pingOnce,
  startTestServer,
  waitFor,
  type Recorder,
  type TestServer,
} from './test-support.js';

let tp: RunningToxiproxy;
let echo: TestServer;
const recs: Recorder[] = [];

beforeAll(async () => {
  tp = await startToxiproxyServer({ port: 0, seed: 7 });
  echo = await startTestServer();
});
afterEach(async () => {
  for (const r of recs.splice(0)) r.socket.destroy();
  await fetch(tp.url + '/reset', { method: 'POST' });
  for (const name of Object.keys(await (await fetch(tp.url + '/proxies')).json())) {
    await fetch(`${tp.url}/proxies/${name}`, { method: 'DELETE' });
  }
  await waitFor(() => tp.openConnections() === 0);
});
afterAll(async () => {
  await tp.close();
  await echo.close();
});

async function client(port: number): Promise<Recorder> {
  const r = await connect(port);
  recs.push(r);
  return r;
}

describe('data path without toxics', () => {
  it('passes bytes both ways unchanged over a kept-open connection', async () => {
    const f = await createProxy(tp.url, echo);
    const c = await client(f.port);
    const payload = Buffer.alloc(300_000, 'ab');
    c.socket.write(payload);
    await c.waitBytes(payload.length);
    expect(Buffer.concat(c.chunks.map((x) => x.data)).equals(payload)).toBe(true);
    expect(await pingOnce(c, 'ping')).toBeLessThan(100);
    expect(c.ending).toBeUndefined();
  });

  it('keeps the bytes that toxics hold intact while later reads arrive, both ways', async () => {
    // Reads land in reused buffers; a chunk a toxic holds must never be overwritten by the next read.
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 20 } });
    await f.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 20 } });
    const c = await client(f.port);
    const payload = Buffer.from(
      Array.from({ length: 40_000 }, (_, i) => `${i % 10}`)
        .join('')
        .repeat(5),
    );
    for (let i = 0; i < payload.length; i += 7_000) c.socket.write(payload.subarray(i, i + 7_000));
    await c.waitBytes(payload.length);
    expect(Buffer.concat(c.chunks.map((x) => x.data)).equals(payload)).toBe(true);
  });

  it('never keeps a half-close: EOF from the client closes both sides', async () => {
    const f = await createProxy(tp.url, echo);
    const c = await client(f.port);
    await pingOnce(c);
    c.socket.end();
    await c.waitEnd();
    expect(c.ending).toBe('eof');
    await waitFor(() => echo.sockets.size === 0 && tp.openConnections() === 0);
  });

  it('closes the client with EOF when the upstream refuses', async () => {
    const closed = await startTestServer();
    await closed.close();
    const f = await createProxy(tp.url, closed);
    const c = await client(f.port);
    await c.waitEnd();
    expect(c.ending).toBe('eof');
    expect(c.bytes()).toBe(0);
  });

  it('tears down the upstream when the client resets mid-stream', async () => {
    const streamer = await startTestServer((s) => {
      const timer = setInterval(() => s.write(Buffer.alloc(16_384)), 1);
      s.on('close', () => clearInterval(timer));
    });
    try {
      const f = await createProxy(tp.url, streamer);
      const c = await client(f.port);
      await c.waitBytes(50_000);
      c.socket.resetAndDestroy();
      await waitFor(() => streamer.sockets.size === 0 && tp.openConnections() === 0);
    } finally {
      await streamer.close();
    }
  });

  it('leaks no connection after many are opened and dropped', async () => {
    const f = await createProxy(tp.url, echo);
    const batch = await Promise.all(Array.from({ length: 60 }, () => connect(f.port)));
    await waitFor(() => tp.openConnections() === 60);
    await Promise.all(batch.map((c, i) => (i % 3 === 0 ? pingOnce(c) : Promise.resolve(0))));
    batch.forEach((c, i) => (i % 2 === 0 ? c.socket.destroy() : c.socket.resetAndDestroy()));
    await waitFor(() => tp.openConnections() === 0 && echo.sockets.size === 0);
  });

  it('survives 5,000 connections opened and dropped, in waves, and leaks none', async () => {
    const f = await createProxy(tp.url, echo);
    // 10 waves of 500: enough to catch a leak per connection, bounded in sockets at any moment.
    for (let wave = 0; wave < 10; wave++) {
      const sockets = await Promise.all(
        Array.from(
          { length: 500 },
          () =>
            new Promise<net.Socket>((resolve, reject) => {
              const s = net.connect(f.port, '127.0.0.1', () => resolve(s));
              s.once('error', reject);
            }),
        ),
      );
      sockets.forEach((s, i) => (i % 2 === 0 ? s.destroy() : s.resetAndDestroy()));
    }
    await waitFor(() => tp.openConnections() === 0 && echo.sockets.size === 0, 15_000);
    // and it still forwards
    const c = await client(f.port);
    expect(await pingOnce(c, 'still here')).toBeLessThan(1000);
  });

  it('counts bytes per direction in /metrics', async () => {
    const f = await createProxy(tp.url, echo);
    const c = await client(f.port);
    await pingOnce(c, 'hello');
    c.socket.destroy();
    await waitFor(() => tp.openConnections() === 0);
    const text = await (await fetch(tp.url + '/metrics')).text();
    const labels = `listener="127.0.0.1:${f.port}",proxy="p",upstream="${echo.address}"`;
    expect(text).toContain(`toxiproxy_proxy_received_bytes_total{direction="upstream",${labels}} 5`);
    expect(text).toContain(`toxiproxy_proxy_sent_bytes_total{direction="downstream",${labels}} 5`);
    expect(text).toContain('# TYPE toxiproxy_proxy_sent_bytes_total counter');
  });
});

describe('enabled', () => {
  it('false closes every connection and refuses new ones; true listens again on the same port', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'latency', attributes: { latency: 1 } });
    const c = await client(f.port);
    await pingOnce(c);
    const off = await f.call('PATCH', '/proxies/p', { enabled: false });
    expect(JSON.parse(off.text)).toMatchObject({ enabled: false, listen: `127.0.0.1:${f.port}` });
    await c.waitEnd();
    expect(c.ending).toBe('eof');
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(f.port, '127.0.0.1');
      s.on('connect', () => (s.destroy(), resolve('connected')));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? ''));
    });
    expect(refused).toBe('ECONNREFUSED');
    expect(JSON.parse((await f.call('GET', '/proxies/p/toxics')).text)).toHaveLength(1);
    await f.call('PATCH', '/proxies/p', { enabled: true });
    const again = await client(f.port);
    expect(await pingOnce(again)).toBeLessThan(200);
  });

  it('changing upstream restarts an enabled proxy and keeps it enabled', async () => {
    const other = await startTestServer((s) => s.end('other\n'));
    try {
      const f = await createProxy(tp.url, echo);
      const c = await client(f.port);
      await pingOnce(c);
      const r = await f.call('PATCH', '/proxies/p', { upstream: other.address });
      expect(JSON.parse(r.text)).toMatchObject({ enabled: true, upstream: other.address });
      await c.waitEnd();
      const c2 = await client(f.port);
      await c2.waitEnd();
      expect(c2.text()).toBe('other\n');
    } finally {
      await other.close();
    }
  });

  it('DELETE stops the proxy and drops its connections', async () => {
    const f = await createProxy(tp.url, echo);
    const c = await client(f.port);
    await pingOnce(c);
    expect((await f.call('DELETE', '/proxies/p')).status).toBe(204);
    await c.waitEnd();
    expect(c.ending).toBe('eof');
  });
});
