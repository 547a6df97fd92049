import fc from 'fast-check';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startToxiproxyServer, type RunningToxiproxy } from './toxiproxy-server.js';

/** Every status Toxiproxy's API answers with. */
const STATUSES = new Set([200, 201, 204, 400, 404, 405, 409, 500]);

let server: RunningToxiproxy;
let port: number;

beforeAll(async () => {
  server = await startToxiproxyServer({ port: 0, seed: 1 });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.close();
});

function send(
  method: string,
  path: string,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent: false, timeout: 5000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 5 s`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const names = fc.constantFrom('a', 'b', 'c', '', 'x y', '%2F', '<b>');
// Only loopback (or unusable) addresses: the fuzz must never listen beyond this machine nor resolve names.
const listen = fc.constantFrom(
  '127.0.0.1:0',
  'localhost:0',
  '',
  '127.0.0.1',
  '127.0.0.1:99999',
  ':::',
  '127.0.0.1:-1',
);
const upstream = fc.constantFrom('127.0.0.1:1', '127.0.0.1:9', '', 'nowhere');
const toxic = fc.record(
  {
    name: names,
    type: fc.constantFrom(
      'latency',
      'bandwidth',
      'slow_close',
      'timeout',
      'reset_peer',
      'slicer',
      'limit_data',
      'nope',
      '',
    ),
    stream: fc.constantFrom('upstream', 'downstream', 'sideways'),
    toxicity: fc.oneof(fc.double(), fc.constant(1), fc.string()),
    attributes: fc.dictionary(
      fc.constantFrom('latency', 'jitter', 'rate', 'delay', 'timeout', 'bytes', 'zzz'),
      fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
    ),
  },
  { requiredKeys: [] },
);
const proxy = fc.record(
  { name: names, listen, upstream, enabled: fc.oneof(fc.boolean(), fc.string()) },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constant(undefined),
  proxy.map((p) => JSON.stringify(p)),
  toxic.map((t) => JSON.stringify(t)),
  fc.array(proxy, { maxLength: 3 }).map((ps) => JSON.stringify(ps)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 50 }),
);
const path = fc.oneof(
  fc.constantFrom(
    '/proxies',
    '/populate',
    '/reset',
    '/version',
    '/metrics',
    '/',
    '/proxies/',
    '/proxies/%ZZ',
    '/proxies/../version',
    '//proxies',
  ),
  fc
    .tuple(names, fc.constantFrom('', '/toxics', '/toxics/a', '/toxics/b', '/toxics/%00'))
    .map(([n, rest]) => `/proxies/${encodeURIComponent(n)}${rest}`),
);
const method = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD');

describe('the embedded Toxiproxy API under random requests', () => {
  it('answers each with one of its statuses, never crashes, and keeps GET /proxies consistent', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, body, async (m, p, b) => {
        const res = await send(m, p, b);
        expect(STATUSES, `${m} ${p} ${b ?? ''} → ${res.status} ${res.text}`).toContain(res.status);
        const list = await send('GET', '/proxies', undefined);
        expect(list.status).toBe(200);
        const proxies = JSON.parse(list.text) as Record<
          string,
          { name: string; listen: string; toxics: unknown[] }
        >;
        for (const [name, p] of Object.entries(proxies)) {
          expect(p.name).toBe(name);
          expect(Array.isArray(p.toxics)).toBe(true);
          expect(p.listen).toMatch(/^127\.0\.0\.1:\d+$/);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
    // still serving, and reset leaves every proxy in place without toxics
    expect((await send('POST', '/reset', undefined)).status).toBe(204);
    const after = JSON.parse((await send('GET', '/proxies', undefined)).text) as Record<
      string,
      { toxics: unknown[] }
    >;
    for (const p of Object.values(after)) expect(p.toxics).toEqual([]);
  });
});
