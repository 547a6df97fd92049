import { describe, expect, it } from 'vitest';
import { RequestEncoder } from './request-encoder.js';
import { route } from './test-server.js';

const text = (b: Buffer): string => b.toString('latin1');

describe('RequestEncoder', () => {
  it('encodes a request without variables once, with host, headers and a framed body', () => {
    const e = new RequestEncoder(
      route({ method: 'post', path: '/orders?x=1', headers: { 'x-tag': 'a' }, body: { sku: 'sku-1' } }),
      '/api',
      '127.0.0.1:8080',
      0,
      false,
    );
    const a = e.next();
    expect(e.next()).toBe(a);
    expect(text(a)).toBe(
      'POST /api/orders?x=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nx-tag: a\r\ncontent-type: application/json\r\n' +
        'content-length: 15\r\n\r\n{"sku":"sku-1"}',
    );
  });

  it('encodes each request of a template anew, asks for a close when told, and counts body bytes, not characters', () => {
    const e = new RequestEncoder(
      route({ method: 'PUT', path: '/n/{{seq}}', body: 'é{{seq}}', headers: { Host: 'svc' } }),
      '',
      'h:1',
      0,
      true,
    );
    expect(text(e.next())).toBe(
      'PUT /n/1 HTTP/1.1\r\nconnection: close\r\nHost: svc\r\ncontent-length: 3\r\n\r\n\u00c3\u00a91',
    );
    expect(text(e.next())).toMatch(/^PUT \/n\/2 HTTP\/1\.1\r\n/);
  });

  it('sends content-length 0 for a POST without a body and none for a GET; a route cannot frame its own', () => {
    expect(text(new RequestEncoder(route({ method: 'POST' }), '', 'h', 0, false).next())).toBe(
      'POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 0\r\n\r\n',
    );
    expect(
      text(new RequestEncoder(route({ headers: { 'Content-Length': '9' } }), '', 'h', 0, false).next()),
    ).toBe('GET / HTTP/1.1\r\nhost: h\r\n\r\n');
  });

  it('refuses a path, header name or value that cannot go on the wire, naming the route', () => {
    const make = (over: Parameters<typeof route>[0]) => () =>
      new RequestEncoder(route({ name: 'bad', ...over }), '', 'h', 0, false);
    expect(make({ path: '/a b' })).toThrow(/route "bad".*path/);
    expect(make({ headers: { 'x y': '1' } })).toThrow(/header name/);
    expect(make({ headers: { x: 'a\r\nInjected: 1' } })).toThrow(/header "x"/);
    expect(make({ method: 'GE T' })).toThrow(/method/);
  });
});
