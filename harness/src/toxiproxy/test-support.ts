import net, { type AddressInfo, type Server, type Socket } from 'node:net';

/** A TCP server on 127.0.0.1 for tests; `close()` also destroys every socket it accepted. */
export interface TestServer {
  readonly port: number;
  readonly address: string;
  readonly sockets: Set<Socket>;
  close(): Promise<void>;
}

/** Starts a server; `onSocket` decides what it does (echo by default). */
export async function startTestServer(onSocket: (s: Socket) => void = (s) => s.pipe(s)): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const server: Server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    onSocket(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What a client saw: every chunk with its arrival time, and how the connection ended. */
export interface Recorder {
  readonly socket: Socket;
  readonly chunks: { data: Buffer; at: number }[];
  readonly startedAt: number;
  /** 'eof' for a FIN, the error code (ECONNRESET) for a reset; undefined while open. */
  ending: string | undefined;
  endedAt: number | undefined;
  text(): string;
  bytes(): number;
  /** Resolves once `n` bytes arrived (or the connection ended), within `ms`. */
  waitBytes(n: number, ms?: number): Promise<void>;
  /** Resolves once the connection ended, within `ms`. */
  waitEnd(ms?: number): Promise<void>;
}

/** Connects to 127.0.0.1:port and records everything the client receives. */
export async function connect(port: number): Promise<Recorder> {
  const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: false });
  socket.setNoDelay(true);
  const rec: Recorder = {
    socket,
    chunks: [],
    startedAt: performance.now(),
    ending: undefined,
    endedAt: undefined,
    text: () => Buffer.concat(rec.chunks.map((c) => c.data)).toString(),
    bytes: () => rec.chunks.reduce((n, c) => n + c.data.length, 0),
    waitBytes: (n, ms = 5000) => waitFor(() => rec.bytes() >= n || rec.ending !== undefined, ms),
    waitEnd: (ms = 5000) => waitFor(() => rec.ending !== undefined, ms),
  };
  const finish = (how: string): void => {
    if (rec.ending !== undefined) return;
    rec.ending = how;
    rec.endedAt = performance.now();
  };
  socket.on('data', (data: Buffer) => rec.chunks.push({ data, at: performance.now() }));
  socket.on('end', () => finish('eof'));
  socket.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? 'error'));
  socket.on('close', () => finish('eof'));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return rec;
}

/** Polls `cond` every 5 ms until true; rejects after `ms`. */
export async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** A proxy under test: the server, an upstream, and helpers to reach both. */
export interface ProxyFixture {
  readonly api: string;
  readonly upstream: TestServer;
  readonly port: number;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }>;
  addToxic(toxic: Record<string, unknown>): Promise<void>;
}

/** Creates proxy `p` on 127.0.0.1:0 in front of `upstream`, through the API. */
export async function createProxy(api: string, upstream: TestServer, name = 'p'): Promise<ProxyFixture> {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(api + path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  const created = await call('POST', '/proxies', { name, listen: '127.0.0.1:0', upstream: upstream.address });
  if (created.status !== 201) throw new Error(created.text);
  const port = Number((JSON.parse(created.text) as { listen: string }).listen.split(':')[1]);
  return {
    api,
    upstream,
    port,
    call,
    async addToxic(toxic) {
      const r = await call('POST', `/proxies/${name}/toxics`, toxic);
      if (r.status !== 200) throw new Error(r.text);
    },
  };
}

/** One ping through an echo upstream: ms from write to the reply's first byte. */
export async function pingOnce(rec: Recorder, payload = 'x'): Promise<number> {
  const before = rec.bytes();
  const t0 = performance.now();
  rec.socket.write(payload);
  await rec.waitBytes(before + payload.length);
  const last = rec.chunks.at(-1);
  return (last?.at ?? NaN) - t0;
}
