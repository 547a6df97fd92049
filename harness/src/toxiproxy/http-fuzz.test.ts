import fc from 'fast-check';
import type { Socket } from 'node:net';
import { Toxiproxy, type Proxy } from 'toxiproxy-node-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseResponses, startHttpServer, type HttpTestServer } from './http-test-support.js';
import { startToxiproxyServer, type RunningToxiproxy } from './index.js';
import { connect, sleep, startTestServer, waitFor, type Recorder, type TestServer } from './test-support.js';

/**
 * The HTTP framing under hostile input, through the real server: requests split at every byte,
 * random pipelines of valid requests, and garbage. The server never crashes, bytes it does not
 * act on pass unchanged, and matched valid requests get the toxic's answer.
 */

let tp: RunningToxiproxy;
let client: Toxiproxy;
let http: HttpTestServer;
/** Records every byte each accepted connection sends it. */
let sink: TestServer;
const received = new Map<Socket, Buffer[]>();
/** On each connection's first byte, writes `spew` back and closes. */
let spewer: TestServer;
let spew = Buffer.alloc(0);
const recs: Recorder[] = [];

beforeAll(async () => {
  tp = await startToxiproxyServer({ port: 0, seed: 11 });
  client = new Toxiproxy(tp.url);
  http = await startHttpServer();
  sink = await startTestServer((s) => {
    received.set(s, []);
    s.on('data', (d: Buffer) => received.get(s)?.push(d));
  });
  spewer = await startTestServer((s) => s.once('data', () => s.end(spew)));
});
afterEach(async () => {
  for (const r of recs.splice(0)) r.socket.destroy();
  for (const p of Object.values(await client.getAll())) await p.remove();
  await waitFor(() => tp.openConnections() === 0);
  received.clear();
});
afterAll(async () => {
  await tp.close();
  await http.close();
  await sink.close();
  await spewer.close();
});

async function proxyTo(upstream: string, toxic: Record<string, unknown>): Promise<number> {
  const proxy: Proxy = await client.createProxy({ name: 'f', listen: '127.0.0.1:0', upstream });
  await proxy.addToxic(toxic as never);
  return Number(proxy.listen.split(':')[1]);
}

async function open(port: number): Promise<Recorder> {
  const r = await connect(port);
  recs.push(r);
  return r;
}

/** Writes `data` cut at `cuts`, letting each piece leave as its own segment. */
async function writeSplit(r: Recorder, data: Buffer, cuts: number[]): Promise<void> {
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(data.length)) {
    if (cut <= from) continue;
    r.socket.write(data.subarray(from, cut));
    from = cut;
    await sleep(1);
  }
}

const text = (r: Recorder): string => Buffer.concat(r.chunks.map((c) => c.data)).toString('latin1');

const failToxic = {
  type: 'http_error',
  stream: 'upstream',
  attributes: { status: 503, body: 'no', match: { path: '/fail' } },
};

interface Req {
  method: 'GET' | 'POST';
  path: string;
  body: string;
  chunked: number[] | undefined;
}

function wire(r: Req): string {
  const head = `${r.method} ${r.path} HTTP/1.1\r\nHost: f\r\n`;
  if (r.method === 'GET') return head + '\r\n';
  if (!r.chunked) return `${head}Content-Length: ${r.body.length}\r\n\r\n${r.body}`;
  const parts: string[] = [];
  let from = 0;
  for (const cut of [...r.chunked, r.body.length]) {
    // An empty chunk would be the last-chunk: only non-empty pieces of the body.
    if (cut <= from || cut > r.body.length) continue;
    const p = r.body.slice(from, cut);
    parts.push(`${p.length.toString(16)};ext=1\r\n${p}\r\n`);
    from = cut;
  }
  return `${head}Transfer-Encoding: chunked\r\n\r\n${parts.join('')}0\r\nX-Trailer: t\r\n\r\n`;
}

/** What the test server answers, or the toxic's 503 for /fail. */
function expected(r: Req): string {
  if (r.path.startsWith('/fail')) return '503 no';
  const echo = `${r.method} ${r.path} ${r.body}`.trimEnd();
  return r.path.includes('/chunked') ? `200 ${echo}|end` : `200 ${echo}`;
}

const reqArb: fc.Arbitrary<Req> = fc
  .record({
    method: fc.constantFrom('GET' as const, 'POST' as const),
    path: fc.constantFrom('/a', '/fail', '/fail/x?q=1', '/chunked', '/b?fail'),
    body: fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x')),
    chunked: fc.option(fc.array(fc.nat(40), { maxLength: 4 }), { nil: undefined }),
  })
  .map((r) => (r.method === 'GET' ? { ...r, body: '', chunked: undefined } : r));

async function responses(port: number, reqs: Req[], cuts: number[]): Promise<string[]> {
  const r = await open(port);
  await writeSplit(r, Buffer.from(reqs.map(wire).join(''), 'latin1'), cuts);
  await waitFor(() => parseResponses(text(r)).length >= reqs.length || r.ending !== undefined, 3000);
  r.socket.destroy();
  return parseResponses(text(r)).map((p) => `${p.status} ${p.body}`);
}

describe('HTTP framing under hostile input', () => {
  it('gives the same answers with the requests split at every byte boundary', async () => {
    const port = await proxyTo(http.address, failToxic);
    const reqs: Req[] = [
      { method: 'GET', path: '/a', body: '', chunked: undefined },
      { method: 'POST', path: '/fail', body: 'abcdef', chunked: [2] },
      { method: 'POST', path: '/chunked', body: 'xyz', chunked: [1] },
      { method: 'POST', path: '/fail', body: 'cl', chunked: undefined },
      { method: 'GET', path: '/b', body: '', chunked: undefined },
    ];
    const want = reqs.map(expected);
    const length = reqs.map(wire).join('').length;
    const cuts = Array.from({ length: length - 1 }, (_, i) => i + 1);
    // Ten connections at a time, each with its own cut.
    for (let i = 0; i < cuts.length; i += 10) {
      const batch = cuts.slice(i, i + 10);
      const got = await Promise.all(batch.map((cut) => responses(port, reqs, [cut])));
      for (const g of got) expect(g).toEqual(want);
    }
  });

  it('answers random pipelines of valid requests, cut anywhere, in request order', async () => {
    const port = await proxyTo(http.address, failToxic);
    await fc.assert(
      fc.asyncProperty(
        fc.array(reqArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(600), { maxLength: 5 }),
        async (reqs, cuts) => {
          expect(await responses(port, reqs, cuts)).toEqual(reqs.map(expected));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('passes garbage, and every byte after it, unchanged to the server', async () => {
    const port = await proxyTo(sink.address, failToxic);
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b)),
      reqArb.map((r) => Buffer.from(wire(r), 'latin1')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 6 }),
        fc.array(fc.nat(400), { maxLength: 4 }),
        async (pieces, cuts) => {
          // Unmatched requests, then garbage: everything must arrive exactly as sent.
          const input = Buffer.concat([
            Buffer.from(wire({ method: 'GET', path: '/a', body: '', chunked: undefined })),
            Buffer.from([0x00, 0x40]),
            ...pieces,
          ]);
          const r = await open(port);
          await writeSplit(r, input, cuts);
          r.socket.end();
          await waitFor(() => received.size > 0 && [...received.keys()].every((s) => s.destroyed), 3000);
          const got = Buffer.concat([...received.values()].flat());
          received.clear();
          expect(got.equals(input)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('passes random response bytes unchanged to the client and stays up', async () => {
    const port = await proxyTo(spewer.address, {
      type: 'http_abort',
      attributes: { match: { headers: { 'x-never': true } } },
    });
    const response = fc.constantFrom(
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
      'HTTP/1.1 204 No Content\r\n\r\n',
      'HTTP/1.1 100 Continue\r\n\r\n',
    );
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b)),
      response.map((s) => Buffer.from(s)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 6 }), async (pieces) => {
        spew = Buffer.concat(pieces);
        const r = await open(port);
        r.socket.write('GET / HTTP/1.1\r\nHost: f\r\n\r\n');
        await r.waitEnd(3000);
        expect(Buffer.concat(r.chunks.map((c) => c.data)).equals(spew)).toBe(true);
      }),
      { numRuns: 40 },
    );
    expect((await fetch(tp.url + '/version')).status).toBe(200);
  });
});
