import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { canary } from './canary.js';

const open: { server: net.Server; sockets: Set<net.Socket> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(stop));
});

function stop({ server, sockets }: { server: net.Server; sockets: Set<net.Socket> }): Promise<unknown> {
  sockets.forEach((s) => s.destroy());
  return new Promise((r) => server.close(r));
}

/** A TCP server on a free loopback port that treats each connection with `onConnection`. */
async function serve(onConnection: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    onConnection(s);
  });
  open.push({ server, sockets });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

describe('canary', () => {
  it('times an answer and reads its status, counting the request it wrote', async () => {
    const port = await serve((s) =>
      s.once('data', () => setTimeout(() => s.end('HTTP/1.1 204 No Content\r\n\r\n'), 50)),
    );
    const r = await canary('127.0.0.1', port, '/healthz', 2000);
    expect(r).toMatchObject({
      outcome: 'answered',
      status: 204,
      boundMs: 2000,
      address: `127.0.0.1:${port}`,
    });
    expect(r.ms).toBeGreaterThanOrEqual(45);
    expect(r.bytesWritten).toBeGreaterThan('GET /healthz HTTP/1.1\r\n'.length);
  });

  it('gives up after its bound when nothing answers (a partition)', async () => {
    const port = await serve(() => undefined);
    const r = await canary('127.0.0.1', port, '/', 150);
    expect(r.outcome).toBe('timeout');
    expect(r.ms).toBeGreaterThanOrEqual(140);
  });

  it('tells a refused connection from one closed without an answer', async () => {
    const closedPort = await serve((s) => s.destroy());
    expect((await canary('127.0.0.1', closedPort, '/', 2000)).outcome).toBe('closed');
    const free = await serve(() => undefined);
    await stop(open.pop()!);
    const refused = await canary('127.0.0.1', free, '/', 2000);
    expect(refused).toMatchObject({ outcome: 'refused', error: 'ECONNREFUSED', bytesWritten: 0 });
  });
});
