import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How a fake upstream answers. */
export type FakeBehaviour =
  | { kind: 'ok'; status?: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number; status?: number; body?: unknown }
  | { kind: 'fail'; status: number }
  | { kind: 'hang' }
  /** Hands the request to a real service and returns its answer (or a 503 after it, to lose the ack). */
  | { kind: 'forward'; to: string; loseAck?: boolean };

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A tiny misbehaving upstream for tests: switch its behaviour at any time, read what it saw. */
export interface FakeUpstream {
  url: string;
  behaviour: FakeBehaviour;
  readonly requests: SeenRequest[];
  /** Requests received and not yet answered. */
  readonly inFlight: number;
  /** Closes the server, answering nothing more and destroying every socket. */
  close(): Promise<void>;
}

export async function startFakeUpstream(initial: FakeBehaviour = { kind: 'ok' }): Promise<FakeUpstream> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  const fake = {
    url: '',
    behaviour: initial,
    requests,
    get inFlight() {
      return inFlight;
    },
    close: async () => {},
  };

  const reply = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body ?? {}));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<void> => {
    const b = fake.behaviour;
    switch (b.kind) {
      case 'ok':
        return reply(res, b.status ?? 200, b.body ?? { ok: true }, b.headers);
      case 'fail':
        return reply(res, b.status, { error: 'fake failure' });
      case 'hang':
        return;
      case 'delay': {
        const t = setTimeout(() => {
          timers.delete(t);
          reply(res, b.status ?? 200, b.body ?? { ok: true });
        }, b.ms);
        timers.add(t);
        return;
      }
      case 'forward': {
        const r = await fetch(b.to + req.url, {
          method: req.method,
          headers: { 'content-type': 'application/json' },
          body: body || undefined,
        });
        const text = await r.text();
        if (b.loseAck) return reply(res, 503, { error: 'ack lost' });
        res.writeHead(r.status, { 'content-type': 'application/json' }).end(text);
      }
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      inFlight++;
      res.on('close', () => inFlight--);
      handle(req, res, body).catch(() => reply(res, 500, { error: 'fake upstream broke' }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const t of timers) clearTimeout(t);
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}

/** Polls `predicate` every `everyMs` until it holds; fails after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
