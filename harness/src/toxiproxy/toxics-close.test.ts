import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startToxiproxyServer, type RunningToxiproxy } from './index.js';
import {
  connect,
  createProxy,
  pingOnce,
  sleep,
  startTestServer,
  waitFor,
  type Recorder,
  type TestServer,
} from './test-support.js';

let tp: RunningToxiproxy;
let echo: TestServer;
let sink: TestServer;
let sinkBytes = 0;
const recs: Recorder[] = [];

beforeAll(async () => {
  tp = await startToxiproxyServer({ port: 0, seed: 3 });
  echo = await startTestServer();
  sink = await startTestServer((s) => s.on('data', (d: Buffer) => (sinkBytes += d.length)));
});
afterEach(async () => {
  for (const r of recs.splice(0)) r.socket.destroy();
  sinkBytes = 0;
  await fetch(tp.url + '/proxies/p', { method: 'DELETE' });
  await waitFor(() => tp.openConnections() === 0);
});
afterAll(async () => {
  await tp.close();
  await echo.close();
  await sink.close();
});

async function client(port: number): Promise<Recorder> {
  const r = await connect(port);
  recs.push(r);
  return r;
}

describe('timeout', () => {
  it('drops data and closes `timeout` ms after the last chunk', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'timeout', attributes: { timeout: 300 } });
    const c = await client(f.port);
    await sleep(150);
    const last = performance.now();
    c.socket.write('lost');
    await c.waitEnd(2000);
    expect(c.bytes()).toBe(0);
    expect(c.ending).toBe('eof');
    expect((c.endedAt ?? 0) - last).toBeGreaterThanOrEqual(280);
    expect((c.endedAt ?? 0) - last).toBeLessThan(500);
  });

  it('with 0 passes no byte and never closes until removed, which closes the connection', async () => {
    const f = await createProxy(tp.url, sink);
    await f.addToxic({ name: 't', type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } });
    const c = await client(f.port);
    c.socket.write('never');
    await sleep(400);
    expect(sinkBytes).toBe(0);
    expect(c.ending).toBeUndefined();
    await f.call('DELETE', '/proxies/p/toxics/t');
    await c.waitEnd(1000);
    expect(c.ending).toBe('eof');
    expect(sinkBytes).toBe(0);
    const fresh = await client(f.port);
    fresh.socket.write('ok');
    await waitFor(() => sinkBytes === 2);
  });
});

describe('reset_peer', () => {
  it('resets (RST) on the first chunk for connections accepted with the toxic', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'reset_peer', attributes: { timeout: 0 } });
    const c = await client(f.port);
    await sleep(100);
    expect(c.ending).toBeUndefined();
    c.socket.write('boom');
    await c.waitEnd();
    expect(c.ending).toBe('ECONNRESET');
    expect(c.bytes()).toBe(0);
  });

  it('waits `timeout` ms, also upstream', async () => {
    const f = await createProxy(tp.url, sink);
    await f.addToxic({ type: 'reset_peer', stream: 'upstream', attributes: { timeout: 300 } });
    const c = await client(f.port);
    const t0 = performance.now();
    c.socket.write('x');
    await c.waitEnd();
    expect(c.ending).toBe('ECONNRESET');
    expect((c.endedAt ?? 0) - t0).toBeGreaterThanOrEqual(299);
    expect((c.endedAt ?? 0) - t0).toBeLessThan(500);
    expect(sinkBytes).toBe(0);
  });

  it('closes with a plain FIN when added to an open connection', async () => {
    const f = await createProxy(tp.url, echo);
    const c = await client(f.port);
    await pingOnce(c);
    await f.addToxic({ type: 'reset_peer', attributes: { timeout: 0 } });
    c.socket.write('x');
    await c.waitEnd();
    expect(c.ending).toBe('eof');
  });
});

describe('limit_data', () => {
  it('forwards exactly `bytes` then closes', async () => {
    const sender = await startTestServer((s) =>
      s.once('data', () => [0, 1, 2].forEach(() => s.write('0123456789'))),
    );
    try {
      const f = await createProxy(tp.url, sender);
      await f.addToxic({ type: 'limit_data', attributes: { bytes: 25 } });
      const c = await client(f.port);
      c.socket.write('go');
      await c.waitEnd();
      expect(c.text()).toBe('0123456789012345678901234');
      expect(c.ending).toBe('eof');
    } finally {
      await sender.close();
    }
  });

  it('with 0 keeps an idle connection and closes on the first chunk with nothing passed', async () => {
    const f = await createProxy(tp.url, sink);
    await f.addToxic({ type: 'limit_data', stream: 'upstream', attributes: { bytes: 0 } });
    const c = await client(f.port);
    await sleep(150);
    expect(c.ending).toBeUndefined();
    c.socket.write('x');
    await c.waitEnd();
    expect(sinkBytes).toBe(0);
  });

  it('keeps its count across updates', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ name: 'l', type: 'limit_data', attributes: { bytes: 8 } });
    const c = await client(f.port);
    await pingOnce(c, 'abcde');
    await f.call('PATCH', '/proxies/p/toxics/l', { attributes: { bytes: 9 } });
    c.socket.write('fghij');
    await c.waitEnd();
    expect(c.text()).toBe('abcdefghi');
  });
});

describe('toxics in both directions and /reset', () => {
  it('reset removes toxics from live connections', async () => {
    const f = await createProxy(tp.url, echo);
    await f.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 2000 } });
    await f.addToxic({ type: 'noop' });
    const c = await client(f.port);
    c.socket.write('q');
    await sleep(100);
    expect(c.bytes()).toBe(0);
    expect((await fetch(tp.url + '/reset', { method: 'POST' })).status).toBe(204);
    await c.waitBytes(1, 1000);
    expect(await pingOnce(c)).toBeLessThan(150);
  });
});
