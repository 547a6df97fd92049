import net from 'node:net';
import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startToxiproxyServer, type RunningToxiproxy } from './index.js';
import { startTestServer, type TestServer } from './test-support.js';

let tp: RunningToxiproxy;
let client: Toxiproxy;
let upstream: TestServer;

beforeAll(async () => {
  tp = await startToxiproxyServer({ port: 0, seed: 1 });
  client = new Toxiproxy(tp.url);
  upstream = await startTestServer();
});
afterAll(async () => {
  await tp.close();
  await upstream.close();
});
beforeEach(async () => {
  for (const p of Object.values(await client.getAll())) await p.remove();
});

async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(tp.url + path, { method, body, headers });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    headers: res.headers,
    text: await res.text(),
  };
}

const proxyBody = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name, listen: '127.0.0.1:0', upstream: upstream.address, ...extra });

describe('version and routing', () => {
  it('GET /version answers exactly as Toxiproxy 2.12', async () => {
    const r = await call('GET', '/version');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json;charset=utf-8');
    expect(r.text).toBe('{"version": "v2.12.0"}\n');
    expect(r.headers.get('x-toxiproxy-request-id')).toMatch(/^[0-9a-f]{20}$/);
    expect(await client.getVersion()).toBe('{"version": "v2.12.0"}\n');
  });

  it('unknown path is 404 text, wrong method is 405 with an empty body', async () => {
    const nf = await call('GET', '/nope');
    expect([nf.status, nf.type, nf.text]).toEqual([404, 'text/plain; charset=utf-8', '404 page not found\n']);
    const na = await call('PUT', '/proxies');
    expect([na.status, na.text]).toEqual([405, '']);
    expect(na.headers.get('x-toxiproxy-request-id')).toBeNull();
  });

  it('blocks browser user agents with 403', async () => {
    const r = await call('GET', '/proxies', undefined, { 'User-Agent': 'Mozilla/5.0' });
    expect([r.status, r.type, r.text]).toEqual([
      403,
      'text/plain; charset=utf-8',
      'User agent not allowed\n',
    ]);
  });
});

describe('proxies', () => {
  it('creates (201), lists, shows, updates and deletes (204) a proxy', async () => {
    const created = await call('POST', '/proxies', proxyBody('db'));
    expect(created.status).toBe(201);
    expect(created.type).toBe('application/json');
    const body = JSON.parse(created.text);
    expect(Object.keys(body)).toEqual(['name', 'listen', 'upstream', 'enabled', 'toxics']);
    expect(body).toMatchObject({ name: 'db', upstream: upstream.address, enabled: true, toxics: [] });
    expect(body.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(body.listen).not.toBe('127.0.0.1:0');

    await client.createProxy({ name: 'api', listen: 'localhost:0', upstream: upstream.address });
    const all = await call('GET', '/proxies');
    expect(Object.keys(JSON.parse(all.text))).toEqual(['api', 'db']);
    expect(JSON.parse(all.text).api.listen).toMatch(/^127\.0\.0\.1:\d+$/);

    const shown = await client.get('db');
    expect(shown.listen).toBe(body.listen);

    const patched = await call('PATCH', '/proxies/db', JSON.stringify({ enabled: false, name: 'ignored' }));
    expect(patched.status).toBe(200);
    expect(JSON.parse(patched.text)).toMatchObject({ name: 'db', enabled: false, listen: body.listen });
    const viaClient = await shown.update({ enabled: true, listen: body.listen, upstream: upstream.address });
    expect(viaClient.enabled).toBe(true);

    const del = await call('DELETE', '/proxies/db');
    expect([del.status, del.text]).toEqual([204, '']);
    expect((await call('GET', '/proxies/db')).status).toBe(404);
  });

  it('keeps listen verbatim for a proxy created disabled', async () => {
    const r = await call('POST', '/proxies', proxyBody('off', { enabled: false, listen: '127.0.0.1:0' }));
    expect(JSON.parse(r.text)).toMatchObject({ listen: '127.0.0.1:0', enabled: false });
  });

  it('answers create errors with Toxiproxy messages, as text/plain', async () => {
    const cases: [string, number, string][] = [
      ['{bad', 400, "bad request body: invalid character 'b' looking for beginning of object key string"],
      ['', 400, 'bad request body: EOF'],
      [
        '{"name":1}',
        400,
        'bad request body: json: cannot unmarshal number into Go struct field Proxy.name of type string',
      ],
      ['{"upstream":"x:1"}', 400, 'missing required field: name'],
      ['{"name":"a"}', 400, 'missing required field: upstream'],
      ['[1]', 400, 'bad request body: json: cannot unmarshal array into Go value of type toxiproxy.Proxy'],
    ];
    for (const [body, status, error] of cases) {
      const r = await call('POST', '/proxies', body);
      expect(r.status).toBe(status);
      expect(r.type).toBe('text/plain; charset=utf-8');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.text).toBe(JSON.stringify({ error, status }) + '\n');
    }
    await call('POST', '/proxies', proxyBody('dup'));
    const dup = await call('POST', '/proxies', proxyBody('dup'));
    expect(dup.text).toBe('{"error":"proxy already exists","status":409}\n');
  });

  it('reports listen failures as 500 with Go wording', async () => {
    const taken = await call(
      'POST',
      '/proxies',
      JSON.stringify({ name: 'x', listen: upstream.address, upstream: upstream.address }),
    );
    expect(taken.status).toBe(500);
    expect(JSON.parse(taken.text).error).toBe(`listen tcp ${upstream.address}: bind: address already in use`);
    await call('POST', '/proxies', proxyBody('p'));
    const bad = await call('PATCH', '/proxies/p', JSON.stringify({ listen: 'nonsense' }));
    expect(bad.text).toBe('{"error":"address nonsense: missing port in address","status":500}\n');
  });

  it('checks the proxy before the body on every proxy route', async () => {
    for (const [method, path] of [
      ['GET', '/proxies/none'],
      ['PATCH', '/proxies/none'],
      ['POST', '/proxies/none'],
      ['DELETE', '/proxies/none'],
      ['GET', '/proxies/none/toxics'],
      ['POST', '/proxies/none/toxics'],
      ['GET', '/proxies/none/toxics/t'],
      ['PATCH', '/proxies/none/toxics/t'],
      ['DELETE', '/proxies/none/toxics/t'],
    ] as const) {
      const r = await call(method, path, method === 'GET' || method === 'DELETE' ? undefined : '{bad');
      expect([path, r.status, r.text]).toEqual([path, 404, '{"error":"proxy not found","status":404}\n']);
    }
  });

  it('answers malformed JSON with 400 on every endpoint that reads a body', async () => {
    await call('POST', '/proxies', proxyBody('m'));
    await call('POST', '/proxies/m/toxics', JSON.stringify({ name: 't', type: 'latency' }));
    for (const [method, path] of [
      ['POST', '/proxies'],
      ['POST', '/populate'],
      ['PATCH', '/proxies/m'],
      ['POST', '/proxies/m'],
      ['POST', '/proxies/m/toxics'],
      ['PATCH', '/proxies/m/toxics/t'],
      ['POST', '/proxies/m/toxics/t'],
    ] as const) {
      const r = await call(method, path, '{"a":}');
      expect([path, r.status]).toEqual([path, 400]);
      expect(JSON.parse(r.text).error).toBe(
        "bad request body: invalid character '}' looking for beginning of value",
      );
    }
  });
});

describe('toxics API', () => {
  beforeEach(async () => {
    await call('POST', '/proxies', proxyBody('t'));
  });

  it('creates with defaults (200), echoes the stream as sent, lists upstream first', async () => {
    const r = await call(
      'POST',
      '/proxies/t/toxics',
      JSON.stringify({ type: 'latency', attributes: { latency: 10 } }),
    );
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json');
    expect(r.text).toBe(
      '{"attributes":{"latency":10,"jitter":0},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}',
    );
    const up = await call(
      'POST',
      '/proxies/t/toxics',
      JSON.stringify({ type: 'timeout', stream: 'UPSTREAM', toxicity: 7 }),
    );
    expect(JSON.parse(up.text)).toEqual({
      attributes: { timeout: 0 },
      name: 'timeout_UPSTREAM',
      type: 'timeout',
      stream: 'UPSTREAM',
      toxicity: 7,
    });
    const list = await call('GET', '/proxies/t/toxics');
    expect(JSON.parse(list.text).map((t: { name: string }) => t.name)).toEqual([
      'timeout_UPSTREAM',
      'latency_downstream',
    ]);
    const proxy = await call('GET', '/proxies/t');
    expect(JSON.parse(proxy.text).toxics).toHaveLength(2);
  });

  it('accepts every registered type with integer attributes through the npm client', async () => {
    const proxy = await client.get('t');
    const attrs: Record<string, Record<string, number>> = {
      latency: { latency: 1, jitter: 2 },
      bandwidth: { rate: 3 },
      slow_close: { delay: 4 },
      timeout: { timeout: 5 },
      reset_peer: { timeout: 6 },
      slicer: { average_size: 7, size_variation: 1, delay: 8 },
      limit_data: { bytes: 9 },
    };
    for (const [type, attributes] of Object.entries(attrs)) {
      const toxic = await proxy.addToxic({
        name: type,
        type: type as 'latency',
        stream: 'upstream',
        toxicity: 1,
        attributes,
      });
      expect(toxic.attributes).toEqual(attributes);
      expect((await proxy.getToxic(type)).type).toBe(type);
    }
    const noop = await call('POST', '/proxies/t/toxics', JSON.stringify({ type: 'noop' }));
    expect(JSON.parse(noop.text).attributes).toEqual({});
  });

  it('answers toxic errors in Toxiproxy order with its messages', async () => {
    const post = (b: unknown) => call('POST', '/proxies/t/toxics', JSON.stringify(b));
    const cases: [unknown, number, string][] = [
      [
        { type: 'latency', stream: 'sideways' },
        400,
        'stream was invalid, can be either upstream or downstream',
      ],
      [{ type: 'latency', stream: '' }, 400, 'stream was invalid, can be either upstream or downstream'],
      [{ type: 'down' }, 400, 'invalid toxic type'],
      [{}, 400, 'invalid toxic type'],
      [
        { type: 'latency', attributes: { latency: '100' } },
        400,
        'bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64',
      ],
      [
        { type: 'latency', attributes: { latency: 100.5 } },
        400,
        'bad request body: json: cannot unmarshal number 100.5 into Go struct field LatencyToxic.attributes.latency of type int64',
      ],
      [
        { type: 'bandwidth', attributes: { rate: -1 } },
        400,
        'bad request body: bandwidth rate must not be negative, got -1',
      ],
      [
        { type: 'slicer', attributes: { average_size: 0 } },
        400,
        'bad request body: slicer average_size must be at least 1, got 0',
      ],
    ];
    for (const [body, status, error] of cases) {
      const r = await post(body);
      expect([status, JSON.parse(r.text).error]).toEqual([r.status, error]);
    }
    expect(JSON.parse((await post({ type: 'down' })).text).valid_types).toContain('latency');
    await post({ type: 'latency' });
    const dup = await post({ name: 'latency_downstream', type: 'timeout', stream: 'upstream' });
    expect([dup.status, dup.text]).toEqual([409, '{"error":"toxic already exists","status":409}\n']);
    const ignored = await post({ name: 'extra', type: 'latency', attributes: { nope: 1 } });
    expect(ignored.status).toBe(200);
    const nullStream = await post({ type: 'slow_close', stream: null, toxicity: null });
    expect(JSON.parse(nullStream.text)).toMatchObject({
      name: 'slow_close_downstream',
      stream: 'downstream',
      toxicity: 1,
    });
  });

  it('updates partially (attributes and toxicity only) and deletes (204)', async () => {
    await call(
      'POST',
      '/proxies/t/toxics',
      JSON.stringify({ name: 'l', type: 'latency', attributes: { latency: 100, jitter: 5 } }),
    );
    const r = await call(
      'PATCH',
      '/proxies/t/toxics/l',
      JSON.stringify({
        attributes: { jitter: 7 },
        toxicity: 0.5,
        type: 'timeout',
        stream: 'upstream',
        name: 'x',
      }),
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({
      attributes: { latency: 100, jitter: 7 },
      name: 'l',
      type: 'latency',
      stream: 'downstream',
      toxicity: 0.5,
    });
    const viaClient = await (
      await (await client.get('t')).getToxic('l')
    ).update({
      name: 'l',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 3, jitter: 0 },
    });
    expect(viaClient.attributes).toEqual({ latency: 3, jitter: 0 });
    expect((await call('GET', '/proxies/t/toxics/nope')).text).toBe(
      '{"error":"toxic not found","status":404}\n',
    );
    expect((await call('PATCH', '/proxies/t/toxics/nope', '{}')).status).toBe(404);
    expect((await call('DELETE', '/proxies/t/toxics/l')).status).toBe(204);
    expect((await call('DELETE', '/proxies/t/toxics/l')).status).toBe(404);
    expect(JSON.parse((await call('GET', '/proxies/t/toxics')).text)).toEqual([]);
  });
});

describe('populate and reset', () => {
  it('creates with 201, keeps an identical proxy untouched, names the bad item', async () => {
    const items = [
      { name: 'a', listen: '127.0.0.1:0', upstream: upstream.address },
      { name: 'b', listen: '127.0.0.1:0', upstream: upstream.address, enabled: false },
    ];
    const created = await client.populate(items);
    expect(Object.keys(created)).toEqual(['a', 'b']);
    expect(created.b?.enabled).toBe(false);
    await call('POST', '/proxies/a/toxics', JSON.stringify({ type: 'latency' }));
    const again = await call(
      'POST',
      '/populate',
      JSON.stringify([{ name: 'a', listen: created.a?.listen, upstream: upstream.address, enabled: false }]),
    );
    expect(again.status).toBe(201);
    expect(JSON.parse(again.text).proxies[0]).toMatchObject({
      name: 'a',
      enabled: true,
      toxics: [{ name: 'latency_downstream' }],
    });

    const bad = await call(
      'POST',
      '/populate',
      JSON.stringify([{ name: 'c', upstream: 'x:1' }, { upstream: 'x:1' }]),
    );
    expect([bad.status, bad.type, bad.text]).toEqual([
      400,
      'application/json',
      '{"error":"missing required field: name at proxy 2","status":400,"proxies":null}',
    ]);
    expect((await call('GET', '/proxies/c')).status).toBe(404);

    const obj = await call('POST', '/populate', '{}');
    expect(obj.status).toBe(400);
    expect(JSON.parse(obj.text).error).toMatch(
      /^bad request body: json: cannot unmarshal object into Go value of type \[\]struct/,
    );
    const empty = await call('POST', '/populate', '[]');
    expect([empty.status, empty.text]).toEqual([201, '{"proxies":null}']);
  });

  it('reports a port in use as 500 with the proxies created so far', async () => {
    const r = await call(
      'POST',
      '/populate',
      JSON.stringify([
        { name: 'ok', listen: '127.0.0.1:0', upstream: upstream.address },
        { name: 'taken', listen: upstream.address, upstream: upstream.address },
      ]),
    );
    expect(r.status).toBe(500);
    const body = JSON.parse(r.text);
    expect(body.error).toContain('address already in use');
    expect(body.proxies.map((p: { name: string }) => p.name)).toEqual(['ok']);
  });

  it('POST /reset re-enables every proxy and removes every toxic (204)', async () => {
    await call('POST', '/proxies', proxyBody('r1', { enabled: false }));
    await call('POST', '/proxies', proxyBody('r2'));
    await call('POST', '/proxies/r2/toxics', JSON.stringify({ type: 'latency' }));
    await client.reset();
    const all = JSON.parse((await call('GET', '/proxies')).text);
    expect(all.r1).toMatchObject({ enabled: true, toxics: [] });
    expect(all.r1.listen).not.toBe('127.0.0.1:0');
    expect(all.r2).toMatchObject({ enabled: true, toxics: [] });
  });

  it('POST /reset answers 500 when a proxy cannot listen again', async () => {
    const created = JSON.parse((await call('POST', '/proxies', proxyBody('busy'))).text);
    await call('PATCH', '/proxies/busy', JSON.stringify({ enabled: false }));
    const port = Number(created.listen.split(':')[1]);
    const blocker = await new Promise<import('node:net').Server>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
    try {
      const r = await call('POST', '/reset');
      expect(r.status).toBe(500);
      expect(JSON.parse(r.text).error).toBe(`listen tcp 127.0.0.1:${port}: bind: address already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
